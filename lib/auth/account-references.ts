/**
 * Which accounts a request names, and whether a console user may name them. A door (page, route,
 * server action) must refuse before it reads anything about an account outside the caller's
 * workspaces; this is the one place that decides.
 */
import { isConfinedToAssignedWorkspaces, type ConsoleRole } from "./console-roles";

export type AccountReferences = {
  /** Accounts the request works in: every `accountId` field, at any depth. */
  accountIds: string[];
  /** Accounts named by ARNs anywhere in the request (principals, roles, policies, resources). */
  arnAccounts: string[];
};

const arnAccount = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

/**
 * Collects the accounts an input names. Strings are ARNs only when the whole string is one: a
 * policy document's text is content, not a reference (naming another account as a trusted
 * principal reads nothing of it).
 */
export function accountsNamedIn(input: unknown): AccountReferences {
  const accountIds = new Set<string>();
  const arnAccounts = new Set<string>();
  const visit = (value: unknown, key: string | undefined, depth: number) => {
    if (depth > 20) return;
    if (typeof value === "string") {
      if (key === "accountId") accountIds.add(value);
      const match = arnAccount.exec(value);
      if (match) arnAccounts.add(match[1]);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, undefined, depth + 1);
    } else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) visit(v, k, depth + 1);
    }
  };
  visit(input, undefined, 0);
  return { accountIds: [...accountIds], arnAccounts: [...arnAccounts] };
}

/**
 * The first account of `references` the user may not use, or undefined. Trainees work only in the
 * accounts of their workspaces: an account the request works in must exist there; an ARN may name
 * an account unknown to the console (it holds nobody's data) but not one of another workspace.
 * Other console roles see every workspace.
 */
export function refusedAccount(
  user: { role: ConsoleRole; workspaceIds: readonly string[] },
  references: AccountReferences,
  owners: ReadonlyMap<string, string>,
): string | undefined {
  if (!isConfinedToAssignedWorkspaces(user.role)) return undefined;
  const usable = (account: string) => {
    const owner = owners.get(account);
    return owner !== undefined && user.workspaceIds.includes(owner);
  };
  return references.accountIds.find((a) => !usable(a)) ?? references.arnAccounts.find((a) => owners.has(a) && !usable(a));
}
