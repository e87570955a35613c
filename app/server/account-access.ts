import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { currentWorkspaceName, getWorkspaceDb } from "./workspace-db";
import { mayUseWorkspace, roleAllows } from "@/lib/auth/console-roles";
import { inWorkspace } from "@/lib/workspaces/workspace-path";
import { AppError, isAppError } from "@/lib/errors";
import { accountsNamedIn, refusedAccount, type AccountReferences } from "@/lib/auth/account-references";
import type { ConsolePermission } from "@/lib/auth/console-roles";
import type { SessionUser } from "@/lib/auth/console-sessions";
import { requireUser } from "./session";

// Every door asks here before it reads anything about an account: pages and loaders through
// requireAccountAccess, server actions (the action client) and routes (the route guard) through
// requireAccountsIn. A layout's check is not enough: Next renders a page and its layout in
// parallel, so a page that reads first streams its data even when the layout answers 404.

async function ownersOf(references: AccountReferences): Promise<Map<string, string>> {
  const ids = [...new Set([...references.accountIds, ...references.arnAccounts])].filter((id) => /^\d{12}$/.test(id));
  if (ids.length === 0) return new Map();
  const rows = await (await getWorkspaceDb()).account.findMany({ where: { id: { in: ids } }, select: { id: true, workspaceId: true } });
  return new Map(rows.map((r) => [r.id, r.workspaceId]));
}

/** Whether the user may work in this request's workspace (trainees and auditors: their assigned ones). */
export async function mayUseCurrentWorkspace(user: SessionUser): Promise<boolean> {
  return mayUseWorkspace(user, await currentWorkspaceName());
}

/** Refuses (AppError `AccessDenied`) a user outside this request's workspace. */
export async function requireCurrentWorkspace(user: SessionUser): Promise<void> {
  if (!(await mayUseCurrentWorkspace(user))) throw new AppError("AccessDenied", `The workspace ${await currentWorkspaceName()} is not assigned to you.`);
}

/**
 * Refuses (AppError `AccessDenied`) an input naming an account the user may not use: an
 * `accountId` field at any depth, or the account of any ARN in it.
 */
export async function requireAccountsIn(user: SessionUser, input: unknown): Promise<void> {
  const references = accountsNamedIn(input);
  const refused = refusedAccount(user, references, await ownersOf(references));
  if (refused) throw new AppError("AccessDenied", `Account ${refused} is not in a workspace assigned to you.`);
}

/** Whether the user may work in `accountId` (trainees: only in the accounts of their workspaces). */
export async function canUseAccount(user: SessionUser, accountId: string): Promise<boolean> {
  const references = { accountIds: [accountId], arnAccounts: [] };
  return refusedAccount(user, references, await ownersOf(references)) === undefined;
}

/**
 * For server pages and their loaders, before anything is read: the signed-in user allowed
 * `permission` (else sign-in or the account's refusal page), in an account that exists and that
 * they may use. Anything else is the 404 page, so that an account of another workspace looks like none.
 */
export async function requireAccountAccess(accountId: string, permission: ConsolePermission = "read"): Promise<SessionUser> {
  const user = await requireUser("read");
  if (!(await mayUseCurrentWorkspace(user))) notFound();
  // An unknown workspace (in the URL) is the 404 page too.
  const owners = await pageAccountOwner(accountId).catch((error: unknown) => (isAppError(error) && error.code === "NoSuchEntity" ? notFound() : Promise.reject(error)));
  if (!owners.has(accountId) || refusedAccount(user, { accountIds: [accountId], arnAccounts: [] }, owners)) notFound();
  // Refused inside the console, its layout and navigation around the refusal.
  if (!roleAllows(user.role, permission)) redirect(inWorkspace(await currentWorkspaceName(), `/${accountId}/forbidden?need=${permission}`));
  return user;
}

// A page and its loaders ask about the same account: one query per request.
const pageAccountOwner = cache((accountId: string) => ownersOf({ accountIds: [accountId], arnAccounts: [] }));
