"use server";

import { z } from "zod";
import { defineAction } from "@/app/server/action-client";
import { getDb } from "@/lib/db/prisma";
import { readEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { labResetRefusal } from "@/lib/labs/lab-reset";
import { resetWorkspace } from "@/lib/workspaces/workspace-store";

/**
 * Puts the request's workspace back in the state it was created from (a lab's workspace: the
 * lab's starting state); its audit log keeps what happened before. The demo is everyone's: it is
 * reset from the Workspaces page, never as one's own (see labResetRefusal).
 */
export const resetMyWorkspaceAction = defineAction({
  name: "resetMyWorkspace",
  permission: "edit",
  input: z.object({}),
  handler: async (_input, { user, actor, workspace }) => {
    const refusal = labResetRefusal(user.role, workspace);
    if (refusal) throw new AppError("AccessDenied", refusal);
    const summary = await resetWorkspace(await getDb(), readEnv().databasePath, workspace, actor);
    return { workspace: summary.name, source: summary.source };
  },
});
