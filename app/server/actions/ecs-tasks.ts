"use server";

import { z } from "zod";
import { accountIdSchema, roleNameSchema } from "@/lib/iam/names";
import { accountClockNow } from "@/lib/creds/workspace-clock";
import { consoleActor, resolveActingChoice } from "@/lib/compute/acting-principals";
import { runTaskAs } from "@/lib/compute/run-task-as";
import { defineAction } from "@/app/server/action-client";

export const runTaskAction = defineAction({
  name: "runTask",
  permission: "edit",
  input: z.object({
    accountId: accountIdSchema,
    actingAs: z.string().min(1, "Choose who performs the call"),
    clusterName: z.string().min(1, "Choose a cluster"),
    taskDefinition: z.string().regex(/^[A-Za-z0-9_-]{1,255}:\d+$/, "Task definition must be family:revision, e.g. photos-worker:3"),
    taskRoleName: roleNameSchema.optional(),
    executionRoleName: roleNameSchema.optional(),
  }),
  handler: async (input, { db, user }) => {
    const principal = await resolveActingChoice(db, input.accountId, input.actingAs);
    const { actingAs: _ignored, ...rest } = input;
    const task = await runTaskAs(db, rest, principal, consoleActor(user.email, principal), await accountClockNow(db, input.accountId, new Date()));
    return { taskId: task.id };
  },
});
