/**
 * What the console's pickers offer — roles, instance profiles, the principals one acts as, and the
 * roles of the workspace one may assume — searched on the server, a few at a time. A picker whose
 * options are few gets them all (a plain select); one with many searches as one types.
 */
import { Prisma } from "@prisma/client";
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { countActingChoices, searchActingChoices, type ActingChoice } from "../compute/acting-principals";
import { choiceSearchLimit } from "./list-query";
import { searchClause } from "./sql";

/** A picker with at most this many options lists them all; beyond it, it searches. */
export const inlineChoiceLimit = 50;

export const choiceKinds = ["roles", "instance-profiles", "principals", "workspace-roles"] as const;
export type ChoiceKind = (typeof choiceKinds)[number];

export interface Choice {
  value: string;
  label: string;
  /** Heading the option sits under in a plain select (the principals' kinds). */
  group?: string;
  /** A second line: an ARN, what a profile holds. */
  detail?: string;
}

/** A picker's start: every option when they are few, else none (`options: null`: search instead). */
export interface PickerStart {
  options: Choice[] | null;
  total: number;
}

const principalGroups: Record<ActingChoice["kind"], string> = { root: "Administrator", user: "IAM users", role: "IAM roles (as a session)" };

type NamedRow = { accountId: string; name: string; path: string };
type ProfileRow = NamedRow & { roleName: string | null };

const roleChoice = (r: NamedRow): Choice => ({ value: r.name, label: r.name, detail: arns.role(r.accountId, r.path, r.name) });
const profileChoice = (p: ProfileRow): Choice => ({ value: p.name, label: `${p.name}${p.roleName ? ` → role ${p.roleName}` : " (no role)"}`, detail: arns.instanceProfile(p.accountId, p.path, p.name) });

/** The account's roles whose name contains every word of `q`, by name. */
async function roleRows(db: Db | Tx, accountId: string, q: string, take: number): Promise<NamedRow[]> {
  return db.$queryRaw<NamedRow[]>`SELECT r.accountId, r.name, r.path FROM Role r WHERE r.accountId = ${accountId}${searchClause(q, [Prisma.sql`r.nameKey`])} ORDER BY r.nameKey LIMIT ${take}`;
}

async function profileRows(db: Db | Tx, accountId: string, q: string, take: number): Promise<ProfileRow[]> {
  return db.$queryRaw<ProfileRow[]>`
    SELECT p.accountId, p.name, p.path, r.name AS roleName FROM InstanceProfile p LEFT JOIN Role r ON r.id = p.roleId
    WHERE p.accountId = ${accountId}${searchClause(q, [Prisma.sql`p.nameKey`, Prisma.sql`r.nameKey`])} ORDER BY p.nameKey LIMIT ${take}`;
}

/** Roles of every account in `accountId`'s workspace, the other accounts' first (cross-account is what one tries). */
async function workspaceRoleRows(db: Db | Tx, accountId: string, q: string, take: number): Promise<NamedRow[]> {
  return db.$queryRaw<NamedRow[]>`
    SELECT r.accountId, r.name, r.path FROM Role r JOIN Account a ON a.id = r.accountId
    WHERE a.workspaceId = (SELECT workspaceId FROM Account WHERE id = ${accountId})${searchClause(q, [Prisma.sql`r.nameKey`, Prisma.sql`r.accountId`])}
    ORDER BY r.accountId = ${accountId}, r.accountId, r.nameKey LIMIT ${take}`;
}

/**
 * Options of `kind` in `accountId` matching every word of `q`, at most `limit`. Principals: the
 * administrator, then users, then roles (as a session), each by name.
 */
export async function searchChoices(db: Db | Tx, accountId: string, kind: ChoiceKind, q: string, limit = choiceSearchLimit): Promise<Choice[]> {
  switch (kind) {
    case "roles":
      return (await roleRows(db, accountId, q, limit)).map(roleChoice);
    case "instance-profiles":
      return (await profileRows(db, accountId, q, limit)).map(profileChoice);
    case "workspace-roles":
      return (await workspaceRoleRows(db, accountId, q, limit)).map((r) => ({ value: arns.role(r.accountId, r.path, r.name), label: `${r.name} (${r.accountId})` }));
    case "principals":
      return (await searchActingChoices(db, accountId, q, limit)).map((c) => ({ value: c.value, label: c.label, group: principalGroups[c.kind] }));
  }
}

async function countChoices(db: Db | Tx, accountId: string, kind: ChoiceKind): Promise<number> {
  switch (kind) {
    case "roles":
      return db.role.count({ where: { accountId } });
    case "instance-profiles":
      return db.instanceProfile.count({ where: { accountId } });
    case "workspace-roles":
      return db.role.count({ where: { account: { workspace: { accounts: { some: { id: accountId } } } } } });
    case "principals":
      return countActingChoices(db, accountId);
  }
}

/** A picker's start: all of its options when there are at most `inlineChoiceLimit`, else a count only. */
export async function startPicker(db: Db | Tx, accountId: string, kind: ChoiceKind): Promise<PickerStart> {
  const total = await countChoices(db, accountId, kind);
  return { total, options: total <= inlineChoiceLimit ? await searchChoices(db, accountId, kind, "", inlineChoiceLimit) : null };
}
