"use server";

import { defineAction } from "@/app/server/action-client";
import { whoCanInWorkspace, whoCanQuestionSchema } from "@/lib/authz/who-can-workspace";

export const whoCanAction = defineAction({
  name: "whoCan",
  permission: "simulate",
  input: whoCanQuestionSchema,
  handler: (input, { db }) => whoCanInWorkspace(db, input, new Date()),
});
