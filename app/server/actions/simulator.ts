"use server";

import { defineAction } from "@/app/server/action-client";
import {
  callerDefaultsSchema,
  explainRequestSchema,
  explainSimulatedRequest,
  searchCallers,
  searchCallersSchema,
  simulateBatch,
  simulateBatchSchema,
  simulatorCallerDefaults,
  whatCanCallerDo,
  whatCanSchema,
} from "@/lib/simulation/simulate-batch";

export const simulateBatchAction = defineAction({
  name: "simulateBatch",
  permission: "simulate",
  input: simulateBatchSchema,
  handler: (input, { db }) => simulateBatch(db, input, new Date()),
});

export const explainSimulationAction = defineAction({
  name: "explainSimulatedRequest",
  permission: "simulate",
  input: explainRequestSchema,
  handler: (input, { db }) => explainSimulatedRequest(db, input, new Date()),
});

export const simulatorCallerDefaultsAction = defineAction({
  name: "simulatorCallerDefaults",
  permission: "simulate",
  input: callerDefaultsSchema,
  handler: (input, { db }) => simulatorCallerDefaults(db, input, new Date()),
});

export const searchCallersAction = defineAction({
  name: "searchSimulatorCallers",
  permission: "simulate",
  input: searchCallersSchema,
  handler: (input, { db }) => searchCallers(db, input),
});

export const whatCanAction = defineAction({
  name: "whatCanCallerDo",
  permission: "simulate",
  input: whatCanSchema,
  handler: (input, { db }) => whatCanCallerDo(db, input, new Date()),
});
