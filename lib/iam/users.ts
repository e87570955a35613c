import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { cryptoRandom, iamUniqueId, type RandomSource } from "./ids";
import { arns } from "./arns";
import { accountIdSchema, iamPathSchema, nameKey, tagsSchema, userNameSchema } from "./names";
import { readPolicyDocument } from "./policy-document";
import { readTags } from "./tags";
import { attachManagedPolicy, putInlinePolicy, type PolicyHolder } from "./policy-holders";
import { findAttachablePolicy } from "./managed-policies";

export const createUserSchema = z.object({
  accountId: accountIdSchema,
  name: userNameSchema,
  path: iamPathSchema.default("/"),
  tags: tagsSchema.default([]),
  permissionsBoundaryArn: z.string().optional(),
});

export async function createUser(db: Db | Tx, input: z.input<typeof createUserSchema>, actor: Actor, random: RandomSource = cryptoRandom) {
  const data = createUserSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const existing = await tx.user.findUnique({ where: { accountId_nameKey: { accountId: data.accountId, nameKey: nameKey(data.name) } } });
    if (existing) throw new AppError("EntityAlreadyExists", `User with name ${existing.name} already exists.`);
    if (data.permissionsBoundaryArn) await findAttachablePolicy(tx, data.accountId, data.permissionsBoundaryArn);
    const user = await tx.user.create({
      data: {
        id: iamUniqueId("AIDA", random),
        accountId: data.accountId,
        name: data.name,
        nameKey: nameKey(data.name),
        path: data.path,
        tags: JSON.stringify(data.tags),
        permissionsBoundaryArn: data.permissionsBoundaryArn ?? null,
      },
    });
    await recordAudit(tx, { actor, action: "CreateUser", accountId: data.accountId, entityType: "User", entityId: user.id, after: data });
    return user;
  });
}

export async function findUser(db: Db | Tx, accountId: string, name: string) {
  const user = await db.user.findUnique({ where: { accountId_nameKey: { accountId, nameKey: nameKey(name) } } });
  if (!user) throw new AppError("NoSuchEntity", `The user with name ${name} cannot be found.`);
  return user;
}

function userHolder(user: { id: string; name: string; accountId: string }): PolicyHolder {
  return { kind: "user", id: user.id, name: user.name, accountId: user.accountId };
}

/** IAM PutUserPolicy: the user's inline policies total at most 2,048 characters. */
export async function putUserPolicy(db: Db | Tx, input: { accountId: string; userName: string; policyName: string; document: string }, actor: Actor) {
  return inTransaction(db, async (tx) => putInlinePolicy(tx, userHolder(await findUser(tx, input.accountId, input.userName)), input.policyName, input.document, actor));
}

export async function attachUserPolicy(db: Db | Tx, input: { accountId: string; userName: string; policyArn: string }, actor: Actor) {
  return inTransaction(db, async (tx) => attachManagedPolicy(tx, userHolder(await findUser(tx, input.accountId, input.userName)), input.policyArn, actor));
}

export async function getUserDetail(db: Db | Tx, accountId: string, name: string) {
  const found = await findUser(db, accountId, name);
  const user = await db.user.findUniqueOrThrow({
    where: { id: found.id },
    include: {
      inlinePolicies: { orderBy: { name: "asc" } },
      attachments: { orderBy: { policyArn: "asc" } },
      memberships: { include: { group: { include: { inlinePolicies: true, attachments: true } } } },
    },
  });
  return {
    id: user.id,
    accountId: user.accountId,
    name: user.name,
    path: user.path,
    arn: arns.user(user.accountId, user.path, user.name),
    tags: readTags(user.tags),
    permissionsBoundaryArn: user.permissionsBoundaryArn,
    createdAt: user.createdAt.toISOString(),
    inlinePolicies: user.inlinePolicies.map((p) => ({ name: p.name, text: p.document, document: readPolicyDocument(p.document, `Inline policy ${p.name} of user ${user.name}`) })),
    attachedPolicies: await Promise.all(user.attachments.map((a) => findAttachablePolicy(db, accountId, a.policyArn))),
    groups: user.memberships.map((m) => ({ name: m.group.name, policyCount: m.group.inlinePolicies.length + m.group.attachments.length })),
  };
}
