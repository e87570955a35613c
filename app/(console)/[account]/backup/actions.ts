"use server";

import { z } from "zod";
import { restoreWorkspace } from "@/lib/io/workspace-backup";
import { defineAction } from "@/app/server/action-client";

export const restoreWorkspaceAction = defineAction({
  name: "restoreWorkspace",
  permission: "admin",
  input: z.object({ text: z.string().min(2, "Choose a backup file").max(50 * 1024 * 1024, "A backup file is at most 50 MB"), replace: z.boolean() }),
  handler: ({ text, replace }, { db, actor }) => restoreWorkspace(db, text, { replace, actor }),
});
