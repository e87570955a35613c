"use server";

import { z } from "zod";
import { restoreWorkspace } from "@/lib/io/workspace-backup";
import { defineAction } from "@/app/server/action-client";
import { describeUploadTooLarge, UPLOAD_LIMIT_BYTES, uploadBytes } from "@/lib/upload-limit";

export const restoreWorkspaceAction = defineAction({
  name: "restoreWorkspace",
  permission: "admin",
  input: z.object({
    text: z
      .string()
      .min(2, "Choose a backup file")
      .superRefine((text, context) => {
        const bytes = uploadBytes([text]);
        if (bytes > UPLOAD_LIMIT_BYTES) context.addIssue({ code: "custom", message: describeUploadTooLarge(bytes, "The backup") });
      }),
    replace: z.boolean(),
  }),
  handler: ({ text, replace }, { db, actor, workspace }) => restoreWorkspace(db, text, { replace, actor, asWorkspace: workspace }),
});
