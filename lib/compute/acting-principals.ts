/**
 * The principals a console user can act as in an account: its administrator (root), its users and
 * its roles, for the "acting as" picker, searched on the server; and the one a picker's value names.
 */
import { Prisma } from "@prisma/client";
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { likeContains, searchWords } from "../lists/list-query";
import { administratorOf, resolveActingPrincipal, type ActingPrincipal } from "../authz/principal-policies";
import { rootChoiceLabel } from "./root-choice-label";

export type ActingChoice = { value: string; label: string; kind: "root" | "user" | "role" };

/** The picker's value for the administrator. */
export const administratorChoice = "root";

type Named = { accountId: string; name: string; path: string };

function nameMatches(column: Prisma.Sql, words: string[]): Prisma.Sql {
  return words.length ? Prisma.sql` AND ${Prisma.join(words.map((w) => Prisma.sql`${column} LIKE ${likeContains(w)} ESCAPE '\\'`), " AND ")}` : Prisma.empty;
}

/**
 * The account's administrator, users and roles whose label contains every word of `q`, at most
 * `limit` of them: the administrator first, then users, then roles, each by name.
 */
export async function searchActingChoices(db: Db | Tx, accountId: string, q: string, limit: number): Promise<ActingChoice[]> {
  const words = searchWords(q);
  // The label leaves out the account id; typing it still finds the administrator.
  const root: ActingChoice = { value: administratorChoice, label: rootChoiceLabel, kind: "root" };
  const out: ActingChoice[] = words.every((w) => `${root.label.toLowerCase()} ${accountId}`.includes(w)) ? [root] : [];
  // "user bob" and "role x" are what the picker shows: a word naming the kind narrows to it.
  const kinds = words.filter((w) => w === "user" || w === "role");
  const nameWords = words.filter((w) => w !== "user" && w !== "role");
  if (out.length < limit && !kinds.includes("role")) {
    const users = await db.$queryRaw<Named[]>`SELECT u.accountId, u.name, u.path FROM "User" u WHERE u.accountId = ${accountId}${nameMatches(Prisma.sql`u.nameKey`, nameWords)} ORDER BY u.nameKey LIMIT ${limit - out.length}`;
    out.push(...users.map((u) => ({ value: arns.user(u.accountId, u.path, u.name), label: `user ${u.name}`, kind: "user" as const })));
  }
  if (out.length < limit && !kinds.includes("user")) {
    const roles = await db.$queryRaw<Named[]>`SELECT r.accountId, r.name, r.path FROM Role r WHERE r.accountId = ${accountId}${nameMatches(Prisma.sql`r.nameKey`, nameWords)} ORDER BY r.nameKey LIMIT ${limit - out.length}`;
    out.push(...roles.map((r) => ({ value: arns.role(r.accountId, r.path, r.name), label: `role ${r.name}`, kind: "role" as const })));
  }
  return out;
}

/** How many principals the picker offers in the account (the administrator, its users and roles). */
export async function countActingChoices(db: Db | Tx, accountId: string): Promise<number> {
  const [users, roles] = await Promise.all([db.user.count({ where: { accountId } }), db.role.count({ where: { accountId } })]);
  return 1 + users + roles;
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
