"use server";

import { z } from "zod";
import { accountIdSchema, iamPathSchema, instanceProfileNameSchema, roleNameSchema } from "@/lib/iam/names";
import { accountClockNow } from "@/lib/creds/workspace-clock";
import { consoleActor, resolveActingChoice } from "@/lib/compute/acting-principals";
import { addRoleToInstanceProfileAs, authorizeIamCall, iamEntityArn } from "@/lib/iam/iam-calls-as";
import { createInstanceProfile, deleteInstanceProfile, removeRoleFromInstanceProfile } from "@/lib/iam/instance-profiles";
import { inTransaction } from "@/lib/db/transaction";
import { defineAction } from "@/app/server/action-client";

const base = z.object({ accountId: accountIdSchema, actingAs: z.string().min(1, "Choose who performs the call") });

export const createInstanceProfileAction = defineAction({
  name: "createInstanceProfile",
  permission: "edit",
  input: base.extend({ name: instanceProfileNameSchema, path: iamPathSchema.default("/") }),
  handler: async (input, { db, user }) => {
    const principal = await resolveActingChoice(db, input.accountId, input.actingAs);
    const now = await accountClockNow(db, input.accountId, new Date());
    return inTransaction(db, async (tx) => {
      authorizeIamCall(principal, "iam:CreateInstanceProfile", await iamEntityArn(tx, input.accountId, "instance-profile", input.name, input.path), now);
      const profile = await createInstanceProfile(tx, { accountId: input.accountId, name: input.name, path: input.path }, consoleActor(user.email, principal));
      return { name: profile.name };
    });
  },
});

export const addRoleToInstanceProfileAction = defineAction({
  name: "addRoleToInstanceProfile",
  permission: "edit",
  input: base.extend({ instanceProfileName: instanceProfileNameSchema, roleName: roleNameSchema }),
  handler: async (input, { db, user }) => {
    const principal = await resolveActingChoice(db, input.accountId, input.actingAs);
    await addRoleToInstanceProfileAs(db, input, principal, consoleActor(user.email, principal), await accountClockNow(db, input.accountId, new Date()));
    return { ok: true };
  },
});

export const removeRoleFromInstanceProfileAction = defineAction({
  name: "removeRoleFromInstanceProfile",
  permission: "edit",
  input: base.extend({ instanceProfileName: instanceProfileNameSchema, roleName: roleNameSchema }),
  handler: async (input, { db, user }) => {
    const principal = await resolveActingChoice(db, input.accountId, input.actingAs);
    const now = await accountClockNow(db, input.accountId, new Date());
    await inTransaction(db, async (tx) => {
      authorizeIamCall(principal, "iam:RemoveRoleFromInstanceProfile", await iamEntityArn(tx, input.accountId, "instance-profile", input.instanceProfileName), now);
      await removeRoleFromInstanceProfile(tx, input, consoleActor(user.email, principal));
    });
    return { ok: true };
  },
});

export const deleteInstanceProfileAction = defineAction({
  name: "deleteInstanceProfile",
  permission: "edit",
  input: base.extend({ instanceProfileName: instanceProfileNameSchema }),
  handler: async (input, { db, user }) => {
    const principal = await resolveActingChoice(db, input.accountId, input.actingAs);
    const now = await accountClockNow(db, input.accountId, new Date());
    await inTransaction(db, async (tx) => {
      authorizeIamCall(principal, "iam:DeleteInstanceProfile", await iamEntityArn(tx, input.accountId, "instance-profile", input.instanceProfileName), now);
      await deleteInstanceProfile(tx, input, consoleActor(user.email, principal));
    });
    return { ok: true };
  },
});
