import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { cryptoRandom, iamUniqueId, type RandomSource } from "./ids";
import { arns, parseIamArn } from "./arns";
import { accountIdSchema, iamPathSchema, instanceProfileNameSchema, nameKey } from "./names";
import { findRole } from "./roles";
import { nameTag } from "./tags";

export const createInstanceProfileSchema = z.object({
  accountId: accountIdSchema,
  name: instanceProfileNameSchema,
  path: iamPathSchema.default("/"),
});

export async function createInstanceProfile(db: Db | Tx, input: z.input<typeof createInstanceProfileSchema>, actor: Actor, random: RandomSource = cryptoRandom) {
  const data = createInstanceProfileSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const existing = await tx.instanceProfile.findUnique({ where: { accountId_nameKey: { accountId: data.accountId, nameKey: nameKey(data.name) } } });
    if (existing) throw new AppError("EntityAlreadyExists", `Instance Profile ${existing.name} already exists.`);
    const profile = await tx.instanceProfile.create({
      data: { id: iamUniqueId("AIPA", random), accountId: data.accountId, name: data.name, nameKey: nameKey(data.name), path: data.path },
    });
    await recordAudit(tx, { actor, action: "CreateInstanceProfile", accountId: data.accountId, entityType: "InstanceProfile", entityId: profile.id, after: data });
    return profile;
  });
}

export async function findInstanceProfile(db: Db | Tx, accountId: string, name: string) {
  const profile = await db.instanceProfile.findUnique({ where: { accountId_nameKey: { accountId, nameKey: nameKey(name) } } });
  if (!profile) throw new AppError("NoSuchEntity", `Instance Profile ${name} cannot be found.`);
  return profile;
}

/** Finds a profile named as EC2 accepts it: by name, or by ARN (`Name=…` / `Arn=…`). */
export async function findInstanceProfileByNameOrArn(db: Db | Tx, accountId: string, nameOrArn: string) {
  if (nameOrArn.startsWith("arn:")) {
    const parsed = parseIamArn(nameOrArn);
    if (!parsed || parsed.kind !== "instance-profile" || parsed.account !== accountId) return undefined;
    const profile = await db.instanceProfile.findUnique({ where: { accountId_nameKey: { accountId, nameKey: nameKey(parsed.name) } } });
    return profile && profile.path === parsed.path ? profile : undefined;
  }
  return (await db.instanceProfile.findUnique({ where: { accountId_nameKey: { accountId, nameKey: nameKey(nameOrArn) } } })) ?? undefined;
}

/**
 * IAM AddRoleToInstanceProfile. A profile holds one role: a second one is refused with
 * `LimitExceeded`, as AWS does ("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1").
 */
export async function addRoleToInstanceProfile(db: Db | Tx, input: { accountId: string; instanceProfileName: string; roleName: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    const profile = await findInstanceProfile(tx, input.accountId, input.instanceProfileName);
    const role = await findRole(tx, input.accountId, input.roleName);
    if (profile.roleId) {
      throw new AppError("LimitExceeded", `Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1 (instance profile ${profile.name} already holds a role)`);
    }
    await tx.instanceProfile.update({ where: { id: profile.id }, data: { roleId: role.id, version: { increment: 1 } } });
    await recordAudit(tx, { actor, action: "AddRoleToInstanceProfile", accountId: profile.accountId, entityType: "InstanceProfile", entityId: profile.id, before: { roleName: null }, after: { roleName: role.name } });
  });
}

export async function removeRoleFromInstanceProfile(db: Db | Tx, input: { accountId: string; instanceProfileName: string; roleName: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    const profile = await findInstanceProfile(tx, input.accountId, input.instanceProfileName);
    const role = await findRole(tx, input.accountId, input.roleName);
    if (profile.roleId !== role.id) throw new AppError("NoSuchEntity", `The role with name ${role.name} is not in instance profile ${profile.name}.`);
    await tx.instanceProfile.update({ where: { id: profile.id }, data: { roleId: null, version: { increment: 1 } } });
    await recordAudit(tx, { actor, action: "RemoveRoleFromInstanceProfile", accountId: profile.accountId, entityType: "InstanceProfile", entityId: profile.id, before: { roleName: role.name }, after: { roleName: null } });
  });
}

/** IAM DeleteInstanceProfile: refused with `DeleteConflict` while it holds a role or is associated with an instance. */
export async function deleteInstanceProfile(db: Db | Tx, input: { accountId: string; instanceProfileName: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    const profile = await findInstanceProfile(tx, input.accountId, input.instanceProfileName);
    if (profile.roleId) {
      const role = await tx.role.findUniqueOrThrow({ where: { id: profile.roleId } });
      throw new AppError("DeleteConflict", `Cannot delete entity, must remove roles from instance profile first (instance profile ${profile.name} holds role ${role.name}).`, { holders: [`role ${role.name}`] });
    }
    const associations = await tx.instanceProfileAssociation.findMany({ where: { instanceProfileId: profile.id, state: { in: ["associating", "associated"] } } });
    if (associations.length) {
      throw new AppError("DeleteConflict", `Cannot delete instance profile ${profile.name}: it is associated with ${associations.map((a) => a.instanceId).join(", ")}.`);
    }
    await tx.instanceProfileAssociation.deleteMany({ where: { instanceProfileId: profile.id } });
    await tx.instanceProfile.delete({ where: { id: profile.id } });
    await recordAudit(tx, { actor, action: "DeleteInstanceProfile", accountId: profile.accountId, entityType: "InstanceProfile", entityId: profile.id, before: { name: profile.name, path: profile.path } });
  });
}

export async function getInstanceProfileDetail(db: Db | Tx, accountId: string, name: string) {
  const found = await findInstanceProfile(db, accountId, name);
  const profile = await db.instanceProfile.findUniqueOrThrow({
    where: { id: found.id },
    include: { role: true, associations: { orderBy: { createdAt: "desc" }, include: { instance: true } } },
  });
  return {
    id: profile.id,
    name: profile.name,
    path: profile.path,
    arn: arns.instanceProfile(profile.accountId, profile.path, profile.name),
    createdAt: profile.createdAt.toISOString(),
    role: profile.role ? { name: profile.role.name, arn: arns.role(profile.role.accountId, profile.role.path, profile.role.name) } : null,
    associations: profile.associations.map((a) => ({
      id: a.id,
      state: a.state,
      instanceId: a.instanceId,
      instanceName: nameTag(a.instance.tags),
      instanceState: a.instance.state,
      createdAt: a.createdAt.toISOString(),
    })),
  };
}
