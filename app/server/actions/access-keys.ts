"use server";

import { z } from "zod";
import { accountIdSchema, userNameSchema } from "@/lib/iam/names";
import { accessKeyStatusSchema, createAccessKey, deleteAccessKey, longTermKeyIdPattern, updateAccessKey } from "@/lib/iam/access-keys";
import { defineAction } from "@/app/server/action-client";

const keySchema = z.object({ accountId: accountIdSchema, userName: userNameSchema, accessKeyId: z.string().regex(longTermKeyIdPattern, "An access key id looks like AKIA followed by 16 characters") });

/** A new access key for the user: the secret is in this answer only, never stored in the page or logged. */
export const createAccessKeyAction = defineAction({
  name: "createAccessKey",
  permission: "edit",
  input: z.object({ accountId: accountIdSchema, userName: userNameSchema }),
  handler: (input, { db, actor }) => createAccessKey(db, input, actor),
});

export const updateAccessKeyAction = defineAction({
  name: "updateAccessKey",
  permission: "edit",
  input: keySchema.extend({ status: accessKeyStatusSchema }),
  handler: (input, { db, actor }) => updateAccessKey(db, input, actor),
});

export const deleteAccessKeyAction = defineAction({
  name: "deleteAccessKey",
  permission: "edit",
  input: keySchema,
  handler: (input, { db, actor }) => deleteAccessKey(db, input, actor),
});
