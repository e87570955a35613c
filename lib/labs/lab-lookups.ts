/**
 * Finding what a lab names — an instance by its Name tag, a task by its family, a user's access
 * key, the workspace of an account — within one account of the workspace, with errors that say
 * what exists instead.
 */
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { nameKey } from "../iam/names";
import { readTags } from "../iam/tags";

const nameOf = (tags: string) => readTags(tags).find((t) => t.Key === "Name")?.Value ?? null;

export type FoundInstance = { id: string; accountId: string; name: string | null; state: string; httpTokens: string; region: string };

/**
 * The instance of the account with this id, or else with this Name tag: the newest one not
 * terminated (a Name may outlive a terminated instance, as on EC2), else the newest at all.
 * Undefined when none.
 */
export async function findInstanceByRef(db: Db | Tx, accountId: string, ref: string): Promise<FoundInstance | undefined> {
  const rows = await db.instance.findMany({ where: { accountId }, select: { id: true, accountId: true, tags: true, state: true, httpTokens: true, region: true, launchedAt: true }, orderBy: [{ launchedAt: "desc" }, { id: "desc" }] });
  const all = rows.map((r) => ({ id: r.id, accountId: r.accountId, name: nameOf(r.tags), state: r.state, httpTokens: r.httpTokens, region: r.region }));
  const byId = all.find((r) => r.id === ref);
  if (byId) return byId;
  const named = all.filter((r) => r.name === ref);
  return named.find((r) => r.state !== "terminated") ?? named[0];
}

/** As findInstanceByRef, or `InvalidInput` listing the account's instances. */
export async function requireInstanceByRef(db: Db | Tx, accountId: string, ref: string): Promise<FoundInstance> {
  const found = await findInstanceByRef(db, accountId, ref);
  if (found) return found;
  const rows = await db.instance.findMany({ where: { accountId }, select: { id: true, tags: true, state: true }, orderBy: { launchedAt: "asc" } });
  const known = rows.map((r) => `${nameOf(r.tags) ?? "(no Name)"} (${r.id}, ${r.state})`).join(", ");
  throw new AppError("InvalidInput", `Account ${accountId} has no instance with id or Name ${ref}${known ? `; it has ${known}` : ""}.`);
}

export type FoundTask = { id: string; taskDefinition: string; lastStatus: string; createdAt: Date; taskRole: { name: string } | null };

/** The task with this id, or the newest task of this family (`family` or `family:revision`) in the account. */
export async function findTaskByRef(db: Db | Tx, accountId: string, ref: string): Promise<FoundTask | undefined> {
  const tasks = await db.ecsTask.findMany({ where: { cluster: { accountId } }, include: { taskRole: { select: { name: true } } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  const byId = tasks.find((t) => t.id === ref);
  if (byId) return byId;
  const family = (definition: string) => definition.slice(0, definition.lastIndexOf(":"));
  const revision = (definition: string) => Number(definition.slice(definition.lastIndexOf(":") + 1));
  // Newest first; two tasks started within one millisecond are told apart by their revision.
  const matches = tasks
    .filter((t) => t.taskDefinition === ref || family(t.taskDefinition) === ref)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || revision(b.taskDefinition) - revision(a.taskDefinition));
  return matches.find((t) => t.lastStatus === "RUNNING") ?? matches[0];
}

/** As findTaskByRef, or `InvalidInput` listing the account's tasks. */
export async function requireTaskByRef(db: Db | Tx, accountId: string, ref: string): Promise<FoundTask> {
  const found = await findTaskByRef(db, accountId, ref);
  if (found) return found;
  const tasks = await db.ecsTask.findMany({ where: { cluster: { accountId } }, select: { id: true, taskDefinition: true } });
  const known = tasks.map((t) => `${t.taskDefinition} (${t.id})`).join(", ");
  throw new AppError("InvalidInput", `Account ${accountId} has no ECS task ${ref}${known ? `; it has ${known}` : ""}.`);
}

/** The current (associating or associated) profile association of an instance, if any. */
export async function currentAssociation(db: Db | Tx, instanceId: string) {
  return db.instanceProfileAssociation.findFirst({
    where: { instanceId, state: { in: ["associating", "associated"] } },
    orderBy: { createdAt: "desc" },
    include: { instanceProfile: { include: { role: true } } },
  });
}

/** A user of the account by name (IAM names ignore case for uniqueness), or null. */
export async function findUserByName(db: Db | Tx, accountId: string, name: string) {
  return db.user.findUnique({ where: { accountId_nameKey: { accountId, nameKey: nameKey(name) } } });
}

/** A role of the account by name, or null. */
export async function findRoleByName(db: Db | Tx, accountId: string, name: string) {
  return db.role.findUnique({ where: { accountId_nameKey: { accountId, nameKey: nameKey(name) } } });
}

/** The workspace the account belongs to; `InvalidInput` when the workspace holds no such account. */
export async function requireAccountWorkspace(db: Db | Tx, accountId: string): Promise<string> {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { workspaceId: true } });
  if (!account) throw new AppError("InvalidInput", `The workspace has no account ${accountId}; a lab starts from a workspace that holds it (the demo's accounts are 111111111111 and 222222222222).`);
  return account.workspaceId;
}
