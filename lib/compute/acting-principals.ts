/**
 * The principals a console user can act as in an account: its administrator (root), its users and
 * its roles, for the "acting as" picker; and the one a picker's value names.
 */
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { administratorOf, resolveActingPrincipal, type ActingPrincipal } from "../authz/principal-policies";

export type ActingChoice = { value: string; label: string; kind: "root" | "user" | "role" };

/** The picker's value for the administrator. */
export const administratorChoice = "root";

export async function listActingChoices(db: Db | Tx, accountId: string): Promise<ActingChoice[]> {
  const [users, roles] = await Promise.all([
    db.user.findMany({ where: { accountId }, orderBy: { nameKey: "asc" } }),
    db.role.findMany({ where: { accountId }, orderBy: { nameKey: "asc" } }),
  ]);
  return [
    { value: administratorChoice, label: `Account administrator (root of ${accountId})`, kind: "root" },
    ...users.map((u) => ({ value: arns.user(accountId, u.path, u.name), label: `user ${u.name}`, kind: "user" as const })),
    ...roles.map((r) => ({ value: arns.role(accountId, r.path, r.name), label: `role ${r.name}`, kind: "role" as const })),
  ];
}

/** The principal a picker value names: "root" (or the root ARN) is the account's administrator. */
export async function resolveActingChoice(db: Db | Tx, accountId: string, value: string): Promise<ActingPrincipal> {
  if (value === administratorChoice || value === arns.accountRoot(accountId)) return administratorOf(db, accountId);
  return resolveActingPrincipal(db, value);
}

/** How the audit log names a console user acting as a principal. */
export function consoleActor(email: string, principal: ActingPrincipal): string {
  return `${email} as ${principal.arn}`;
}
