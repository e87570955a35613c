"use server";

import { z } from "zod";
import { accountIdSchema } from "@/lib/iam/names";
import { AppError } from "@/lib/errors";
import { advanceWorkspaceClock, findAccountWorkspaceId, maxClockAdvanceSeconds, pauseWorkspaceClock, resumeWorkspaceClock } from "@/lib/creds/workspace-clock";
import { revokeRoleSession } from "@/lib/creds/role-sessions";
import { accountClockNow } from "@/lib/creds/workspace-clock";
import { defineAction } from "@/app/server/action-client";

const clockSchema = z.object({ accountId: accountIdSchema });

export const pauseClockAction = defineAction({
  name: "pauseClock",
  permission: "edit",
  input: clockSchema,
  handler: async ({ accountId }, { db, actor }) => pauseWorkspaceClock(db, await findAccountWorkspaceId(db, accountId), actor, new Date()),
});

export const resumeClockAction = defineAction({
  name: "resumeClock",
  permission: "edit",
  input: clockSchema,
  handler: async ({ accountId }, { db, actor }) => resumeWorkspaceClock(db, await findAccountWorkspaceId(db, accountId), actor, new Date()),
});

export const advanceClockAction = defineAction({
  name: "advanceClock",
  permission: "edit",
  input: clockSchema.extend({ seconds: z.number().int().min(1).max(maxClockAdvanceSeconds) }),
  handler: async ({ accountId, seconds }, { db, actor }) => advanceWorkspaceClock(db, await findAccountWorkspaceId(db, accountId), seconds, actor, new Date()),
});

export const revokeSessionAction = defineAction({
  name: "revokeRoleSession",
  permission: "edit",
  input: z.object({ accountId: accountIdSchema, accessKeyId: z.string().regex(/^ASIA[A-Z2-7]{16}$/, "An access key id looks like ASIA followed by 16 characters") }),
  handler: async ({ accountId, accessKeyId }, { db, actor }) => {
    const session = await db.roleSession.findUnique({ where: { accessKeyId }, select: { accountId: true } });
    if (!session || session.accountId !== accountId) throw new AppError("NoSuchEntity", `No role session of account ${accountId} has the access key id ${accessKeyId}`);
    return revokeRoleSession(db, accessKeyId, actor, await accountClockNow(db, accountId, new Date()));
  },
});
