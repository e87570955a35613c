"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/server/action-client";
import { getAccount } from "@/lib/iam/accounts";
import { importAuthorizationDetails } from "@/lib/io/import-authorization-details";
import { accountIdSchema } from "@/lib/iam/names";
import { isConfinedToAssignedWorkspaces } from "@/lib/auth/console-roles";
import { describeUploadTooLarge, UPLOAD_LIMIT_BYTES, uploadBytes } from "@/lib/upload-limit";

const importAuthorizationDetailsSchema = z.object({
  /** The account the upload started from: its workspace receives the import. */
  accountId: accountIdSchema,
  files: z
    .array(z.object({ name: z.string().min(1).max(255), text: z.string().min(2, "The file is empty") }))
    .min(1, "Choose at least one file")
    .max(20, "At most 20 files at once")
    .superRefine((files, context) => {
      const bytes = uploadBytes(files.map((f) => f.text));
      if (bytes > UPLOAD_LIMIT_BYTES) context.addIssue({ code: "custom", message: describeUploadTooLarge(bytes, "The files") });
    }),
});

// Auditors import too (into their own workspaces); importing changes nothing but the imported accounts.
export const importAuthorizationDetailsAction = defineAction({
  name: "importAuthorizationDetails",
  permission: "import",
  input: importAuthorizationDetailsSchema,
  handler: async ({ accountId, files }, { db, actor, user }) => {
    const account = await getAccount(db, accountId);
    // A trainee's or an auditor's file may name only accounts of their workspaces (nested ARNs included).
    const usableWorkspaceIds = isConfinedToAssignedWorkspaces(user.role) ? user.workspaceIds : undefined;
    const result = await importAuthorizationDetails(db, { workspaceId: account.workspaceId, files, actor, usableWorkspaceIds });
    revalidatePath("/", "layout");
    return result;
  },
});
