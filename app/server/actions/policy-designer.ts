"use server";

import { z } from "zod";
import { defineAction } from "@/app/server/action-client";
import { accountIdSchema } from "@/lib/iam/names";
import { createPolicy, createPolicySchema, deletePolicy } from "@/lib/iam/managed-policies";
import { makeDefaultPolicyVersion, removePolicyVersion, savePolicyVersion } from "@/lib/iam/role-designer";

const policyRef = z.object({ accountId: accountIdSchema, policyArn: z.string().min(1), expectedRevision: z.string().min(1) });
const versionIdSchema = z.string().regex(/^v\d+$/, "A version id looks like v1, v2, …");

export const createPolicyAction = defineAction({
  name: "createPolicy",
  permission: "edit",
  input: createPolicySchema,
  handler: async (input, { db, actor }) => ({ arn: (await createPolicy(db, input, actor)).arn }),
});

export const createPolicyVersionAction = defineAction({
  name: "createPolicyVersion",
  permission: "edit",
  input: policyRef.extend({ document: z.string().min(1, "The policy document must not be empty"), setAsDefault: z.boolean().default(true) }),
  handler: async (input, { db, actor }) => savePolicyVersion(db, input, actor),
});

export const setDefaultPolicyVersionAction = defineAction({
  name: "setDefaultPolicyVersion",
  permission: "edit",
  input: policyRef.extend({ versionId: versionIdSchema }),
  handler: async (input, { db, actor }) => makeDefaultPolicyVersion(db, input, actor),
});

export const deletePolicyVersionAction = defineAction({
  name: "deletePolicyVersion",
  permission: "edit",
  input: policyRef.extend({ versionId: versionIdSchema }),
  handler: async (input, { db, actor }) => removePolicyVersion(db, input, actor),
});

export const deletePolicyAction = defineAction({
  name: "deletePolicy",
  permission: "edit",
  input: z.object({ accountId: accountIdSchema, policyArn: z.string().min(1) }),
  handler: async (input, { db, actor }) => deletePolicy(db, input, actor),
});
