/** The users list: one page of an account's IAM users, searched, filtered and sorted in SQL. */
import { Prisma } from "@prisma/client";
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { likeContains, pageWindow, searchWords, type ListPage } from "./list-query";
import type { AreaListQuery } from "./list-specs";
import { countOf, direction } from "./sql";

type UserRow = { id: string; accountId: string; name: string; path: string; createdAt: string | number | Date; policyCount: bigint | number; groupCount: bigint | number };

const groupCount = Prisma.sql`(SELECT count(*) FROM GroupMembership m WHERE m.userId = u.id)`;
const filters = {
  "no-group": Prisma.sql` AND NOT EXISTS (SELECT 1 FROM GroupMembership m WHERE m.userId = u.id)`,
  "with-keys": Prisma.sql` AND EXISTS (SELECT 1 FROM AccessKey k WHERE k.userId = u.id)`,
  "no-policies": Prisma.sql` AND NOT EXISTS (SELECT 1 FROM InlinePolicy i WHERE i.userId = u.id) AND NOT EXISTS (SELECT 1 FROM PolicyAttachment a WHERE a.userId = u.id)`,
};

/** Every word in the user's name or in the name of one of their groups. */
function userSearch(q: string): Prisma.Sql {
  const words = searchWords(q);
  if (!words.length) return Prisma.empty;
  const perWord = words.map((word) => {
    const pattern = likeContains(word);
    return Prisma.sql`(u.nameKey LIKE ${pattern} ESCAPE '\\' OR EXISTS (SELECT 1 FROM GroupMembership m JOIN "Group" g ON g.id = m.groupId WHERE m.userId = u.id AND g.nameKey LIKE ${pattern} ESCAPE '\\'))`;
  });
  return Prisma.sql` AND ${Prisma.join(perWord, " AND ")}`;
}

/** One page of the account's users with their groups and how many policies they hold themselves. */
export async function listUsers(db: Db | Tx, accountId: string, query: AreaListQuery<"users">): Promise<ListPage<UserListRow>> {
  const where = Prisma.sql`u.accountId = ${accountId}${query.filter ? filters[query.filter] : Prisma.empty}${userSearch(query.q)}`;
  const dir = direction(query.dir);
  const order = { name: Prisma.sql`u.nameKey ${dir}`, created: Prisma.sql`u.createdAt ${dir}, u.nameKey`, groups: Prisma.sql`${groupCount} ${dir}, u.nameKey` }[query.sort];
  const [total, all] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "User" u WHERE ${where}`.then(countOf),
    query.q || query.filter ? db.user.count({ where: { accountId } }) : undefined,
  ]);
  const window = pageWindow(total, query);
  const rows = await db.$queryRaw<UserRow[]>`
    SELECT u.id, u.accountId, u.name, u.path, u.createdAt, ${groupCount} AS groupCount,
      (SELECT count(*) FROM InlinePolicy i WHERE i.userId = u.id) + (SELECT count(*) FROM PolicyAttachment a WHERE a.userId = u.id) AS policyCount
    FROM "User" u WHERE ${where} ORDER BY ${order} LIMIT ${window.take} OFFSET ${window.skip}`;
  const memberships = rows.length ? await db.groupMembership.findMany({ where: { userId: { in: rows.map((r) => r.id) } }, select: { userId: true, group: { select: { name: true, nameKey: true } } } }) : [];
  const groupsOf = new Map<string, { name: string; nameKey: string }[]>();
  for (const m of memberships) groupsOf.set(m.userId, [...(groupsOf.get(m.userId) ?? []), m.group]);
  return {
    rows: rows.map((u) => ({
      id: u.id,
      name: u.name,
      arn: arns.user(u.accountId, u.path, u.name),
      groups: (groupsOf.get(u.id) ?? []).sort((a, b) => a.nameKey.localeCompare(b.nameKey)).map((g) => g.name),
      policyCount: Number(u.policyCount),
      createdAt: new Date(u.createdAt).toISOString(),
    })),
    total,
    all: all ?? total,
    page: window.page,
    size: query.size,
  };
}

export type UserListRow = { id: string; name: string; arn: string; groups: string[]; policyCount: number; createdAt: string };
