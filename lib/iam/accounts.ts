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
  return db.account.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, workspaceId: true, createdAt: true } });
}

/**
 * Where `/` opens: the account the person last chose, when they may still use it; otherwise the
 * first account of the workspace's own stories — the oldest account of the oldest workspace, so
 * the demo's 111111111111 rather than an account an import added later (imports create accounts
 * after the stories were written).
 */
export function startAccount<A extends { id: string; workspaceId: string; createdAt: Date }>(usable: A[], remembered: string | undefined, workspaceCreated: Map<string, Date> = new Map()): A | undefined {
  const chosen = remembered ? usable.find((a) => a.id === remembered) : undefined;
  if (chosen) return chosen;
  const created = (a: A) => workspaceCreated.get(a.workspaceId)?.getTime() ?? 0;
  return [...usable].sort((a, b) => created(a) - created(b) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))[0];
}

/** When each workspace was created, for `startAccount`. */
export async function workspaceCreationTimes(db: Db | Tx): Promise<Map<string, Date>> {
  return new Map((await db.workspace.findMany({ select: { id: true, createdAt: true } })).map((w) => [w.id, w.createdAt]));
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
