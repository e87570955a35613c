"use server";

import { z } from "zod";
import { addConsoleUser, addConsoleUserSchema, changeConsoleRole, emailSchema, removeConsoleUser } from "@/lib/auth/console-users";
import { consoleRoles } from "@/lib/auth/console-roles";
import { unlockSignIn } from "@/lib/auth/sign-in-locks";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/app/server/action-client";

export const addConsoleUserAction = defineAction({
  name: "addConsoleUser",
  permission: "admin",
  scope: "console",
  input: addConsoleUserSchema,
  handler: (input, { db, actor }) => addConsoleUser(db, input, actor),
});

export const changeConsoleRoleAction = defineAction({
  name: "changeConsoleRole",
  permission: "admin",
  scope: "console",
  input: z.object({ email: emailSchema, role: z.enum(consoleRoles) }),
  handler: (input, { db, actor }) => changeConsoleRole(db, input, actor),
});

export const removeConsoleUserAction = defineAction({
  name: "removeConsoleUser",
  permission: "admin",
  scope: "console",
  input: z.object({ email: emailSchema }),
  handler: async ({ email }, { db, actor, user }) => {
    if (email === user.email) throw new AppError("InvalidInput", "You cannot remove yourself; ask another administrator.");
    await removeConsoleUser(db, email, actor);
  },
});

export const unlockSignInAction = defineAction({
  name: "unlockSignIn",
  permission: "admin",
  scope: "console",
  input: z.object({ email: emailSchema }),
  handler: ({ email }, { db, actor }) => unlockSignIn(db, { email }, actor, new Date()),
});
