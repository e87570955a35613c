import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { accountIdSchema } from "./names";
import { recordAudit, type Actor } from "../audit/record-audit";

export const createAccountSchema = z.object({
  id: accountIdSchema,
  name: z.string().trim().min(1, "Account name must not be empty").max(50, "Account name must be at most 50 characters"),
  workspaceId: z.string().min(1),
});
export type CreateAccountInput = z.infer<typeof createAccountSchema>;

export async function createAccount(tx: Tx, input: CreateAccountInput, actor: Actor) {
  const data = createAccountSchema.parse(input);
  if (await tx.account.findUnique({ where: { id: data.id } })) {
    throw new AppError("EntityAlreadyExists", `Account ${data.id} already exists in this workspace`);
  }
  const account = await tx.account.create({ data });
  await recordAudit(tx, { actor, action: "CreateAccount", accountId: data.id, entityType: "Account", entityId: data.id, after: data });
  return account;
}

/** The workspace's accounts, for the switcher. */
export async function listAccounts(db: Db | Tx) {
  return db.account.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, workspaceId: true } });
}

/** How many entities of each kind an account holds, for its overview. */
export async function countAccountEntities(db: Db | Tx, accountId: string) {
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: { _count: { select: { roles: true, users: true, groups: true, instances: true, instanceProfiles: true, managedPolicies: true, buckets: true, ecsClusters: true } } },
  });
  if (!account) throw new AppError("NoSuchEntity", `The account ${accountId} does not exist in this workspace`);
  return account._count;
}

export async function getAccount(db: Db | Tx, accountId: string) {
  const account = await db.account.findUnique({ where: { id: accountId } });
  if (!account) throw new AppError("NoSuchEntity", `The account ${accountId} does not exist in this workspace`);
  return account;
}
