/**
 * The role designer's writes: every edit names the version the editor started from and is refused
 * with `Conflict` (both versions in the details) when someone saved a newer one meanwhile. Each
 * wraps the IAM service that already validates and audits the change.
 */
import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import type { Actor } from "../audit/record-audit";
import { accountIdSchema, descriptionSchema, iamPathSchema, maxSessionDurationSchema, policyNameSchema, roleNameSchema, tagsSchema } from "./names";
import { attachRolePolicy, createRole, deleteRolePolicy, detachRolePolicy, findRole, putRolePolicy } from "./roles";
import { addRoleToInstanceProfile, createInstanceProfile } from "./instance-profiles";
import { createPolicyVersion, deletePolicyVersion, findAttachablePolicy, setDefaultPolicyVersion } from "./managed-policies";

export const designRoleSchema = z.object({
  accountId: accountIdSchema,
  name: roleNameSchema,
  path: iamPathSchema.default("/"),
  description: descriptionSchema.default(""),
  maxSessionDuration: maxSessionDurationSchema.default(3600),
  tags: tagsSchema.default([]),
  permissionsBoundaryArn: z.string().min(1).optional(),
  trustPolicy: z.string().min(1, "The trust policy must not be empty"),
  inlinePolicies: z.array(z.object({ name: policyNameSchema, document: z.string().min(1) })).default([]),
  attachedPolicyArns: z.array(z.string().min(1)).max(10, "A role can have at most 10 managed policies").default([]),
  /** EC2 roles: also create an instance profile of the same name holding the role, as the AWS console does. */
  createInstanceProfile: z.boolean().default(false),
});

/**
 * Creates a role as the wizard designed it, in one transaction: the role, its inline and attached
 * policies, and optionally its instance profile. Any failure leaves nothing behind.
 */
export async function createDesignedRole(db: Db | Tx, input: z.input<typeof designRoleSchema>, actor: Actor) {
  const data = designRoleSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const role = await createRole(tx, data, actor);
    for (const policy of data.inlinePolicies) await putRolePolicy(tx, { accountId: data.accountId, roleName: data.name, policyName: policy.name, document: policy.document }, actor);
    for (const arn of data.attachedPolicyArns) await attachRolePolicy(tx, { accountId: data.accountId, roleName: data.name, policyArn: arn }, actor);
    if (data.createInstanceProfile) {
      await createInstanceProfile(tx, { accountId: data.accountId, name: data.name, path: data.path }, actor);
      await addRoleToInstanceProfile(tx, { accountId: data.accountId, instanceProfileName: data.name, roleName: data.name }, actor);
    }
    return { name: role.name, instanceProfile: data.createInstanceProfile ? data.name : null };
  });
}

type RoleRef = { accountId: string; roleName: string; expectedVersion: number };

/** Refuses the edit when the role moved past the version the editor started from. */
async function requireRoleVersion(tx: Tx, input: RoleRef, yours: unknown, current: (role: Awaited<ReturnType<typeof findRole>>) => Promise<unknown>) {
  const role = await findRole(tx, input.accountId, input.roleName);
  if (role.version !== input.expectedVersion) {
    throw new AppError(
      "Conflict",
      `Role ${role.name} was changed by someone else (now version ${role.version}; you edited version ${input.expectedVersion}). Nothing was saved: review their version and apply your change again.`,
      { yourVersion: input.expectedVersion, currentVersion: role.version, yours, current: await current(role) },
    );
  }
  return role;
}

async function currentInline(tx: Tx, roleId: string, policyName: string) {
  return (await tx.inlinePolicy.findFirst({ where: { roleId, name: policyName } }))?.document ?? null;
}

/** Adds or replaces an inline policy, if the role is still at `expectedVersion`. */
export async function saveRolePolicy(db: Db | Tx, input: RoleRef & { policyName: string; document: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    await requireRoleVersion(tx, input, { policyName: input.policyName, document: input.document }, async (role) => ({ policyName: input.policyName, document: await currentInline(tx, role.id, input.policyName) }));
    await putRolePolicy(tx, input, actor);
    return { version: (await findRole(tx, input.accountId, input.roleName)).version };
  });
}

export async function removeRolePolicy(db: Db | Tx, input: RoleRef & { policyName: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    await requireRoleVersion(tx, input, { deletePolicy: input.policyName }, async (role) => ({ policyName: input.policyName, document: await currentInline(tx, role.id, input.policyName) }));
    await deleteRolePolicy(tx, input, actor);
  });
}

export async function attachPolicyToRole(db: Db | Tx, input: RoleRef & { policyArn: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    await requireRoleVersion(tx, input, { attach: input.policyArn }, async (role) => ({ attached: (await tx.policyAttachment.findMany({ where: { roleId: role.id } })).map((a) => a.policyArn) }));
    await attachRolePolicy(tx, input, actor);
  });
}

export async function detachPolicyFromRole(db: Db | Tx, input: RoleRef & { policyArn: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    await requireRoleVersion(tx, input, { detach: input.policyArn }, async (role) => ({ attached: (await tx.policyAttachment.findMany({ where: { roleId: role.id } })).map((a) => a.policyArn) }));
    await detachRolePolicy(tx, input, actor);
  });
}

/** A customer-managed policy's revision: its versions and default, which any change alters. */
export function policyRevision(policy: { defaultVersionId: string; versions: { versionId: string }[] }): string {
  return `${policy.versions.map((v) => v.versionId).sort().join(",")}|${policy.defaultVersionId}`;
}

type PolicyRef = { accountId: string; policyArn: string; expectedRevision: string };

async function requirePolicyRevision(tx: Tx, input: PolicyRef, yours: unknown) {
  const found = await findAttachablePolicy(tx, input.accountId, input.policyArn);
  if (found.kind !== "customer" || !found.customerPolicyId) throw new AppError("InvalidInput", `${input.policyArn} is AWS-managed; only customer-managed policies can be changed.`);
  const policy = await tx.managedPolicy.findUniqueOrThrow({ where: { id: found.customerPolicyId }, include: { versions: true } });
  const revision = policyRevision(policy);
  if (revision !== input.expectedRevision) {
    const current = policy.versions.find((v) => v.versionId === policy.defaultVersionId);
    throw new AppError(
      "Conflict",
      `Policy ${policy.name} was changed by someone else (it now has versions ${policy.versions.map((v) => v.versionId).sort().join(", ")}, default ${policy.defaultVersionId}). Nothing was saved: review the current default and apply your change again.`,
      { yourRevision: input.expectedRevision, currentRevision: revision, yours, current: { defaultVersionId: policy.defaultVersionId, document: current?.document ?? null } },
    );
  }
}

/** Creates a policy version (LimitExceeded at five, as AWS), if nobody changed the policy meanwhile. */
export async function savePolicyVersion(db: Db | Tx, input: PolicyRef & { document: string; setAsDefault: boolean }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    await requirePolicyRevision(tx, input, { document: input.document, setAsDefault: input.setAsDefault });
    return createPolicyVersion(tx, input, actor);
  });
}

export async function makeDefaultPolicyVersion(db: Db | Tx, input: PolicyRef & { versionId: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    await requirePolicyRevision(tx, input, { setDefault: input.versionId });
    await setDefaultPolicyVersion(tx, input, actor);
  });
}

export async function removePolicyVersion(db: Db | Tx, input: PolicyRef & { versionId: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    await requirePolicyRevision(tx, input, { deleteVersion: input.versionId });
    await deletePolicyVersion(tx, input, actor);
  });
}
