import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { cryptoRandom, iamUniqueId, type RandomSource } from "./ids";
import { arns } from "./arns";
import { accountIdSchema, groupNameSchema, iamPathSchema, nameKey } from "./names";
import { readPolicyDocument } from "./policy-document";
import { attachManagedPolicy, putInlinePolicy, type PolicyHolder } from "./policy-holders";
import { findAttachablePolicy } from "./managed-policies";
import { findUser } from "./users";

export const createGroupSchema = z.object({ accountId: accountIdSchema, name: groupNameSchema, path: iamPathSchema.default("/") });

export async function createGroup(db: Db | Tx, input: z.input<typeof createGroupSchema>, actor: Actor, random: RandomSource = cryptoRandom) {
  const data = createGroupSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const existing = await tx.group.findUnique({ where: { accountId_nameKey: { accountId: data.accountId, nameKey: nameKey(data.name) } } });
    if (existing) throw new AppError("EntityAlreadyExists", `Group with name ${existing.name} already exists.`);
    const group = await tx.group.create({ data: { id: iamUniqueId("AGPA", random), accountId: data.accountId, name: data.name, nameKey: nameKey(data.name), path: data.path } });
    await recordAudit(tx, { actor, action: "CreateGroup", accountId: data.accountId, entityType: "Group", entityId: group.id, after: data });
    return group;
  });
}

export async function findGroup(db: Db | Tx, accountId: string, name: string) {
  const group = await db.group.findUnique({ where: { accountId_nameKey: { accountId, nameKey: nameKey(name) } } });
  if (!group) throw new AppError("NoSuchEntity", `The group with name ${name} cannot be found.`);
  return group;
}

function groupHolder(group: { id: string; name: string; accountId: string }): PolicyHolder {
  return { kind: "group", id: group.id, name: group.name, accountId: group.accountId };
}

/** IAM AddUserToGroup; adding a member twice changes nothing. */
export async function addUserToGroup(db: Db | Tx, input: { accountId: string; groupName: string; userName: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    const group = await findGroup(tx, input.accountId, input.groupName);
    const user = await findUser(tx, input.accountId, input.userName);
    const existing = await tx.groupMembership.findUnique({ where: { userId_groupId: { userId: user.id, groupId: group.id } } });
    if (existing) return;
    const memberships = await tx.groupMembership.count({ where: { userId: user.id } });
    if (memberships >= 10) throw new AppError("LimitExceeded", `Cannot exceed quota for GroupsPerUser: 10`);
    await tx.groupMembership.create({ data: { userId: user.id, groupId: group.id } });
    await recordAudit(tx, { actor, action: "AddUserToGroup", accountId: group.accountId, entityType: "Group", entityId: group.id, after: { userName: user.name } });
  });
}

export async function putGroupPolicy(db: Db | Tx, input: { accountId: string; groupName: string; policyName: string; document: string }, actor: Actor) {
  return inTransaction(db, async (tx) => putInlinePolicy(tx, groupHolder(await findGroup(tx, input.accountId, input.groupName)), input.policyName, input.document, actor));
}

export async function attachGroupPolicy(db: Db | Tx, input: { accountId: string; groupName: string; policyArn: string }, actor: Actor) {
  return inTransaction(db, async (tx) => attachManagedPolicy(tx, groupHolder(await findGroup(tx, input.accountId, input.groupName)), input.policyArn, actor));
}

export async function getGroupDetail(db: Db | Tx, accountId: string, name: string) {
  const found = await findGroup(db, accountId, name);
  const group = await db.group.findUniqueOrThrow({
    where: { id: found.id },
    include: { inlinePolicies: { orderBy: { name: "asc" } }, attachments: true, memberships: { include: { user: true } } },
  });
  return {
    id: group.id,
    name: group.name,
    arn: arns.group(group.accountId, group.path, group.name),
    createdAt: group.createdAt.toISOString(),
    members: group.memberships.map((m) => m.user.name).sort(),
    inlinePolicies: group.inlinePolicies.map((p) => ({ name: p.name, text: p.document, document: readPolicyDocument(p.document, `Inline policy ${p.name} of group ${group.name}`) })),
    attachedPolicies: await Promise.all(group.attachments.map((a) => findAttachablePolicy(db, accountId, a.policyArn))),
  };
}
