"use server";

import { z } from "zod";
import { defineAction } from "@/app/server/action-client";
import { getDb } from "@/lib/db/prisma";
import { readEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { demoWorkspaceName } from "@/lib/workspaces/workspace-files";
import { resetWorkspace } from "@/lib/workspaces/workspace-store";

/**
 * Puts the request's workspace back in the state it was created from (a lab's workspace: the
 * lab's starting state); its audit log keeps what happened before. The demo is everyone's, so
 * only an administrator may reset it.
 */
export const resetMyWorkspaceAction = defineAction({
  name: "resetMyWorkspace",
  permission: "edit",
  input: z.object({}),
  handler: async (_input, { user, actor, workspace }) => {
    if (workspace === demoWorkspaceName && user.role !== "admin") {
      throw new AppError("AccessDenied", "The demo workspace is shared by everyone on this console: only an administrator may reset it. Work on a lab in a workspace of your own.");
    }
    const summary = await resetWorkspace(await getDb(), readEnv().databasePath, workspace, actor);
    return { workspace: summary.name, source: summary.source };
  },
});
