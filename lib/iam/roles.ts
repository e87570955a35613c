import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { cryptoRandom, iamUniqueId, type RandomSource } from "./ids";
import { arns } from "./arns";
import {
  accountIdSchema,
  descriptionSchema,
  iamPathSchema,
  maxSessionDurationSchema,
  nameKey,
  policyNameSchema,
  roleNameSchema,
  tagsSchema,
} from "./names";
import { checkPolicyText, policySizeLimits, readPolicyDocument } from "./policy-document";
import { attachManagedPolicy, deleteInlinePolicy, detachManagedPolicy, putInlinePolicy, type PolicyHolder } from "./policy-holders";
import { readTags } from "./tags";
import { findAttachablePolicy } from "./managed-policies";

export const createRoleSchema = z.object({
  accountId: accountIdSchema,
  name: roleNameSchema,
  path: iamPathSchema.default("/"),
  description: descriptionSchema.default(""),
  trustPolicy: z.string().min(1, "The trust policy must not be empty"),
  maxSessionDuration: maxSessionDurationSchema.default(3600),
  tags: tagsSchema.default([]),
  permissionsBoundaryArn: z.string().optional(),
});
export type CreateRoleInput = z.input<typeof createRoleSchema>;

export const putRolePolicySchema = z.object({
  accountId: accountIdSchema,
  roleName: roleNameSchema,
  policyName: policyNameSchema,
  document: z.string().min(1, "The policy document must not be empty"),
});

function snapshot(role: { name: string; path: string; description: string; trustPolicy: string; maxSessionDuration: number; tags: string; permissionsBoundaryArn: string | null }) {
  return {
    name: role.name,
    path: role.path,
    description: role.description,
    trustPolicy: role.trustPolicy,
    maxSessionDuration: role.maxSessionDuration,
    tags: JSON.parse(role.tags),
    permissionsBoundaryArn: role.permissionsBoundaryArn,
  };
}

/** Creates a role (IAM CreateRole): unique name ignoring case, trust policy within 2048 characters. */
export async function createRole(db: Db | Tx, input: CreateRoleInput, actor: Actor, random: RandomSource = cryptoRandom) {
  const data = createRoleSchema.parse(input);
  const trustPolicy = checkPolicyText(data.trustPolicy, `Trust policy of role ${data.name}`, "resource", policySizeLimits.trust);
  return inTransaction(db, async (tx) => {
    await requireAccount(tx, data.accountId);
    const existing = await tx.role.findUnique({ where: { accountId_nameKey: { accountId: data.accountId, nameKey: nameKey(data.name) } } });
    if (existing) throw new AppError("EntityAlreadyExists", `Role with name ${existing.name} already exists.`);
    if (data.permissionsBoundaryArn) await findAttachablePolicy(tx, data.accountId, data.permissionsBoundaryArn);
    const role = await tx.role.create({
      data: {
        id: iamUniqueId("AROA", random),
        accountId: data.accountId,
        name: data.name,
        nameKey: nameKey(data.name),
        path: data.path,
        description: data.description,
        trustPolicy,
        maxSessionDuration: data.maxSessionDuration,
        tags: JSON.stringify(data.tags),
        permissionsBoundaryArn: data.permissionsBoundaryArn ?? null,
      },
    });
    await recordAudit(tx, { actor, action: "CreateRole", accountId: data.accountId, entityType: "Role", entityId: role.id, after: snapshot(role) });
    return role;
  });
}

async function requireAccount(tx: Tx, accountId: string) {
  if (!(await tx.account.findUnique({ where: { id: accountId } }))) {
    throw new AppError("NoSuchEntity", `The account ${accountId} does not exist in this workspace`);
  }
}

/** Finds a role by name, ignoring case as IAM does; `NoSuchEntity` when absent. */
export async function findRole(db: Db | Tx, accountId: string, name: string) {
  const role = await db.role.findUnique({ where: { accountId_nameKey: { accountId, nameKey: nameKey(name) } } });
  if (!role) throw new AppError("NoSuchEntity", `The role with name ${name} cannot be found.`);
  return role;
}

/** The principals a trust policy's Allow statements name, for display (not for decisions). */
export function trustedPrincipals(document: ReturnType<typeof readPolicyDocument>) {
  const services = new Set<string>();
  const aws = new Set<string>();
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  for (const statement of statements) {
    if (statement.Effect !== "Allow" || !statement.Principal) continue;
    if (statement.Principal === "*") {
      aws.add("*");
      continue;
    }
    for (const [kind, value] of Object.entries(statement.Principal)) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) (kind === "Service" ? services : aws).add(v);
    }
  }
  return { services: [...services], aws: [...aws] };
}

/** Everything the role page shows: the role, its documents, and what holds and uses it. */
export async function getRoleDetail(db: Db | Tx, accountId: string, name: string) {
  const found = await findRole(db, accountId, name);
  const role = await db.role.findUniqueOrThrow({
    where: { id: found.id },
    include: {
      inlinePolicies: { orderBy: { name: "asc" } },
      attachments: { orderBy: { policyArn: "asc" } },
      instanceProfiles: {
        orderBy: { nameKey: "asc" },
        include: {
          associations: {
            where: { state: { in: ["associating", "associated"] } },
            include: { instance: true },
          },
        },
      },
      ecsTaskRoleOf: { include: { cluster: true } },
      ecsExecutionRoleOf: { include: { cluster: true } },
    },
  });
  const trust = readPolicyDocument(role.trustPolicy, `Trust policy of role ${role.name}`);
  const attached = await Promise.all(role.attachments.map((a) => findAttachablePolicy(db, accountId, a.policyArn)));
  return {
    id: role.id,
    accountId: role.accountId,
    name: role.name,
    path: role.path,
    arn: arns.role(role.accountId, role.path, role.name),
    description: role.description,
    maxSessionDuration: role.maxSessionDuration,
    tags: readTags(role.tags),
    permissionsBoundaryArn: role.permissionsBoundaryArn,
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
    version: role.version,
    trustPolicy: { text: role.trustPolicy, document: trust, ...trustedPrincipals(trust) },
    inlinePolicies: role.inlinePolicies.map((p) => ({
      name: p.name,
      text: p.document,
      document: readPolicyDocument(p.document, `Inline policy ${p.name} of role ${role.name}`),
    })),
    attachedPolicies: attached,
    instanceProfiles: role.instanceProfiles.map((profile) => ({
      id: profile.id,
      name: profile.name,
      arn: arns.instanceProfile(profile.accountId, profile.path, profile.name),
      instances: profile.associations.map((a) => ({
        id: a.instance.id,
        name: readTags(a.instance.tags).find((t) => t.Key === "Name")?.Value ?? null,
        state: a.instance.state,
        associationState: a.state,
        region: a.instance.region,
      })),
    })),
    tasks: [
      ...role.ecsTaskRoleOf.map((t) => ({ id: t.id, cluster: t.cluster.name, taskDefinition: t.taskDefinition, lastStatus: t.lastStatus, as: "task role" as const })),
      ...role.ecsExecutionRoleOf.map((t) => ({ id: t.id, cluster: t.cluster.name, taskDefinition: t.taskDefinition, lastStatus: t.lastStatus, as: "execution role" as const })),
    ],
  };
}
export type RoleDetail = Awaited<ReturnType<typeof getRoleDetail>>;

/** Replaces the trust policy (IAM UpdateAssumeRolePolicy). */
export async function updateAssumeRolePolicy(db: Db | Tx, input: { accountId: string; roleName: string; document: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    const role = await findRole(tx, input.accountId, input.roleName);
    const trustPolicy = checkPolicyText(input.document, `Trust policy of role ${role.name}`, "resource", policySizeLimits.trust);
    const updated = await tx.role.update({ where: { id: role.id }, data: { trustPolicy, version: { increment: 1 } } });
    await recordAudit(tx, { actor, action: "UpdateAssumeRolePolicy", accountId: role.accountId, entityType: "Role", entityId: role.id, before: { trustPolicy: role.trustPolicy }, after: { trustPolicy } });
    return updated;
  });
}

type RolePolicyInput = { accountId: string; roleName: string };

function roleHolder(role: { id: string; name: string; accountId: string }): PolicyHolder {
  return { kind: "role", id: role.id, name: role.name, accountId: role.accountId };
}

/** Adds or replaces an inline policy (IAM PutRolePolicy); the role's inline total stays within 10,240 characters. */
export async function putRolePolicy(db: Db | Tx, input: z.input<typeof putRolePolicySchema>, actor: Actor) {
  const data = putRolePolicySchema.parse(input);
  return inTransaction(db, async (tx) => putInlinePolicy(tx, roleHolder(await findRole(tx, data.accountId, data.roleName)), data.policyName, data.document, actor));
}

export async function deleteRolePolicy(db: Db | Tx, input: RolePolicyInput & { policyName: string }, actor: Actor) {
  return inTransaction(db, async (tx) => deleteInlinePolicy(tx, roleHolder(await findRole(tx, input.accountId, input.roleName)), input.policyName, actor));
}

/** Attaches a customer- or AWS-managed policy (IAM AttachRolePolicy); at most 10 per role. */
export async function attachRolePolicy(db: Db | Tx, input: RolePolicyInput & { policyArn: string }, actor: Actor) {
  return inTransaction(db, async (tx) => attachManagedPolicy(tx, roleHolder(await findRole(tx, input.accountId, input.roleName)), input.policyArn, actor));
}

export async function detachRolePolicy(db: Db | Tx, input: RolePolicyInput & { policyArn: string }, actor: Actor) {
  return inTransaction(db, async (tx) => detachManagedPolicy(tx, roleHolder(await findRole(tx, input.accountId, input.roleName)), input.policyArn, actor));
}

/**
 * Deletes a role (IAM DeleteRole). As AWS does, refuses with `DeleteConflict` while the role is in
 * an instance profile, has inline or attached policies, or is a task's role, and says what holds it.
 */
export async function deleteRole(db: Db | Tx, input: { accountId: string; roleName: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    const role = await findRole(tx, input.accountId, input.roleName);
    const [profiles, inline, attached, tasks] = await Promise.all([
      tx.instanceProfile.findMany({ where: { roleId: role.id } }),
      tx.inlinePolicy.findMany({ where: { roleId: role.id } }),
      tx.policyAttachment.findMany({ where: { roleId: role.id } }),
      tx.ecsTask.findMany({ where: { OR: [{ taskRoleId: role.id }, { executionRoleId: role.id }], lastStatus: { not: "STOPPED" } } }),
    ]);
    const holders = [
      profiles.length ? `instance profile${profiles.length > 1 ? "s" : ""} ${profiles.map((p) => p.name).join(", ")}` : null,
      inline.length ? `inline polic${inline.length > 1 ? "ies" : "y"} ${inline.map((p) => p.name).join(", ")}` : null,
      attached.length ? `attached polic${attached.length > 1 ? "ies" : "y"} ${attached.map((p) => p.policyArn).join(", ")}` : null,
      tasks.length ? `running ECS task${tasks.length > 1 ? "s" : ""} ${tasks.map((t) => t.id).join(", ")}` : null,
    ].filter((h): h is string => h !== null);
    if (holders.length) {
      throw new AppError("DeleteConflict", `Cannot delete role ${role.name}: it must first be removed from ${holders.join("; ")}.`, { holders });
    }
    await tx.role.delete({ where: { id: role.id } });
    await recordAudit(tx, { actor, action: "DeleteRole", accountId: role.accountId, entityType: "Role", entityId: role.id, before: snapshot(role) });
  });
}

export const updateRoleSchema = z.object({
  accountId: accountIdSchema,
  roleName: roleNameSchema,
  /** The version the editor started from; a newer saved version refuses the change. */
  expectedVersion: z.number().int().min(1),
  description: descriptionSchema.optional(),
  maxSessionDuration: maxSessionDurationSchema.optional(),
  trustPolicy: z.string().min(1).optional(),
  tags: tagsSchema.optional(),
  permissionsBoundaryArn: z.string().nullable().optional(),
});

/**
 * Saves changes to a role only if nobody saved a newer version meanwhile (compare-and-set on
 * `version`): otherwise `Conflict`, with both versions, and nothing is written.
 */
export async function updateRole(db: Db | Tx, input: z.input<typeof updateRoleSchema>, actor: Actor) {
  const data = updateRoleSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const role = await findRole(tx, data.accountId, data.roleName);
    const trustPolicy = data.trustPolicy === undefined ? undefined : checkPolicyText(data.trustPolicy, `Trust policy of role ${role.name}`, "resource", policySizeLimits.trust);
    if (data.permissionsBoundaryArn) await findAttachablePolicy(tx, data.accountId, data.permissionsBoundaryArn);
    const changes = {
      ...(data.description !== undefined && { description: data.description }),
      ...(data.maxSessionDuration !== undefined && { maxSessionDuration: data.maxSessionDuration }),
      ...(trustPolicy !== undefined && { trustPolicy }),
      ...(data.tags !== undefined && { tags: JSON.stringify(data.tags) }),
      ...(data.permissionsBoundaryArn !== undefined && { permissionsBoundaryArn: data.permissionsBoundaryArn }),
    };
    const written = await tx.role.updateMany({ where: { id: role.id, version: data.expectedVersion }, data: { ...changes, version: { increment: 1 } } });
    if (written.count !== 1) {
      const current = await tx.role.findUniqueOrThrow({ where: { id: role.id } });
      throw new AppError("Conflict", `Role ${role.name} was changed by someone else (now version ${current.version}; you edited version ${data.expectedVersion}). Review their version and apply your change again.`, {
        yourVersion: data.expectedVersion,
        currentVersion: current.version,
        yours: changes,
        current: snapshot(current),
      });
    }
    const updated = await tx.role.findUniqueOrThrow({ where: { id: role.id } });
    await recordAudit(tx, { actor, action: "UpdateRole", accountId: role.accountId, entityType: "Role", entityId: role.id, before: snapshot(role), after: snapshot(updated) });
    return updated;
  });
}
