"use server";

import { z } from "zod";
import { defineAction } from "@/app/server/action-client";
import { checkDraftAccessSchema, previewDraftSchema, validateDraftSchema } from "@/lib/designer/designer-schemas";
import { checkPolicyDraftAccess, previewPolicyDraft, validateDraft } from "@/lib/iam/designer-preview";
import { accountClockNow } from "@/lib/creds/workspace-clock";
import { accountIdSchema, policyNameSchema, roleNameSchema } from "@/lib/iam/names";
import { attachPolicyToRole, createDesignedRole, designRoleSchema, detachPolicyFromRole, removeRolePolicy, saveRolePolicy } from "@/lib/iam/role-designer";
import { deleteRole, updateRole, updateRoleSchema } from "@/lib/iam/roles";

const roleRef = z.object({ accountId: accountIdSchema, roleName: roleNameSchema, expectedVersion: z.number().int().min(1) });

export const validateDraftAction = defineAction({
  name: "validatePolicyDraft",
  permission: "simulate",
  input: validateDraftSchema,
  handler: async ({ text, policyType }) => validateDraft(text, policyType),
});

export const previewDraftAction = defineAction({
  name: "previewPolicyDraft",
  permission: "simulate",
  input: previewDraftSchema,
  handler: async (input, { db }) => previewPolicyDraft(db, input),
});

export const checkDraftAccessAction = defineAction({
  name: "checkPolicyDraftAccess",
  permission: "simulate",
  input: checkDraftAccessSchema,
  handler: async (input, { db }) => checkPolicyDraftAccess(db, input, await accountClockNow(db, input.accountId, new Date())),
});

export const createRoleAction = defineAction({
  name: "createRole",
  permission: "edit",
  input: designRoleSchema,
  handler: async (input, { db, actor }) => createDesignedRole(db, input, actor),
});

export const updateRoleAction = defineAction({
  name: "updateRole",
  permission: "edit",
  input: updateRoleSchema,
  handler: async (input, { db, actor }) => ({ version: (await updateRole(db, input, actor)).version }),
});

export const deleteRoleAction = defineAction({
  name: "deleteRole",
  permission: "edit",
  input: z.object({ accountId: accountIdSchema, roleName: roleNameSchema }),
  handler: async (input, { db, actor }) => deleteRole(db, input, actor),
});

export const saveRolePolicyAction = defineAction({
  name: "putRolePolicy",
  permission: "edit",
  input: roleRef.extend({ policyName: policyNameSchema, document: z.string().min(1, "The policy document must not be empty") }),
  handler: async (input, { db, actor }) => saveRolePolicy(db, input, actor),
});

export const deleteRolePolicyAction = defineAction({
  name: "deleteRolePolicy",
  permission: "edit",
  input: roleRef.extend({ policyName: policyNameSchema }),
  handler: async (input, { db, actor }) => removeRolePolicy(db, input, actor),
});

export const attachRolePolicyAction = defineAction({
  name: "attachRolePolicy",
  permission: "edit",
  input: roleRef.extend({ policyArn: z.string().min(1) }),
  handler: async (input, { db, actor }) => attachPolicyToRole(db, input, actor),
});

export const detachRolePolicyAction = defineAction({
  name: "detachRolePolicy",
  permission: "edit",
  input: roleRef.extend({ policyArn: z.string().min(1) }),
  handler: async (input, { db, actor }) => detachPolicyFromRole(db, input, actor),
});
