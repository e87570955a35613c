/**
 * A workspace's version: what says that its model changed. Every change to a model appends an audit
 * entry; the main database file also holds the console's own entries (people, sign-ins, client
 * addresses, the workspace directory), which change no model, and are not counted.
 */
import { createHash } from "node:crypto";
import type { Db, Tx } from "../db/create-client";

/** Entries about console people and their addresses. */
export const consoleEntityTypes = ["ConsoleUser", "ClientAddress"];
/** Entries about the directory of workspaces (another workspace made, reset or assigned). */
export const directoryActions = ["CreateWorkspace", "DeleteWorkspace", "RenameWorkspace", "ResetWorkspace", "AssignWorkspace", "UnassignWorkspace"];

/**
 * The newest audit entry about one of the workspace's accounts or about no account (restores, the
 * workspace clock, retired AWS policies), console entries aside. The account list is part of it, so
 * that removing an account (whose entries then no longer count) still moves it.
 */
export async function workspaceVersion(db: Db | Tx, workspaceId: string): Promise<string> {
  const accounts = (await db.account.findMany({ where: { workspaceId }, select: { id: true }, orderBy: { id: "asc" } })).map((a) => a.id);
  const newest = await db.auditEntry.findFirst({
    where: { OR: [{ accountId: { in: accounts } }, { accountId: null, entityType: { notIn: consoleEntityTypes }, action: { notIn: directoryActions } }] },
    orderBy: { id: "desc" },
    select: { id: true, at: true },
  });
  const accountsHash = createHash("sha256").update(accounts.join(",")).digest("hex").slice(0, 8);
  // The entry's time as well as its id: a database made again from nothing counts ids from 1 again.
  return `${newest?.id ?? 0}-${newest?.at.getTime() ?? 0}-${accountsHash}`;
}

/** Orders two versions of one workspace: negative when `a` is older than `b` (by the newest entry's time, then its id). */
export function compareVersions(a: string, b: string): number {
  const [idA, atA] = a.split("-").map(Number);
  const [idB, atB] = b.split("-").map(Number);
  return atA - atB || idA - idB;
}
