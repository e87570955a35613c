/** The groups list: one page of an account's IAM groups, searched, filtered and sorted in SQL. */
import { Prisma } from "@prisma/client";
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { pageWindow, type ListPage } from "./list-query";
import type { AreaListQuery } from "./list-specs";
import { countOf, direction, searchClause } from "./sql";

type GroupRow = { id: string; accountId: string; name: string; path: string; createdAt: string | number | Date; memberCount: bigint | number; policyCount: bigint | number };

const memberCount = Prisma.sql`(SELECT count(*) FROM GroupMembership m WHERE m.groupId = g.id)`;
const filters = {
  empty: Prisma.sql` AND NOT EXISTS (SELECT 1 FROM GroupMembership m WHERE m.groupId = g.id)`,
  "no-policies": Prisma.sql` AND NOT EXISTS (SELECT 1 FROM InlinePolicy i WHERE i.groupId = g.id) AND NOT EXISTS (SELECT 1 FROM PolicyAttachment a WHERE a.groupId = g.id)`,
};

/** One page of the account's groups with their member and policy counts. */
export async function listGroups(db: Db | Tx, accountId: string, query: AreaListQuery<"groups">): Promise<ListPage<GroupListRow>> {
  const where = Prisma.sql`g.accountId = ${accountId}${query.filter ? filters[query.filter] : Prisma.empty}${searchClause(query.q, [Prisma.sql`g.nameKey`])}`;
  const dir = direction(query.dir);
  const order = { name: Prisma.sql`g.nameKey ${dir}`, created: Prisma.sql`g.createdAt ${dir}, g.nameKey`, members: Prisma.sql`${memberCount} ${dir}, g.nameKey` }[query.sort];
  const [total, all] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Group" g WHERE ${where}`.then(countOf),
    query.q || query.filter ? db.group.count({ where: { accountId } }) : undefined,
  ]);
  const window = pageWindow(total, query);
  const rows = await db.$queryRaw<GroupRow[]>`
    SELECT g.id, g.accountId, g.name, g.path, g.createdAt, ${memberCount} AS memberCount,
      (SELECT count(*) FROM InlinePolicy i WHERE i.groupId = g.id) + (SELECT count(*) FROM PolicyAttachment a WHERE a.groupId = g.id) AS policyCount
    FROM "Group" g WHERE ${where} ORDER BY ${order} LIMIT ${window.take} OFFSET ${window.skip}`;
  return {
    rows: rows.map((g) => ({ id: g.id, name: g.name, arn: arns.group(g.accountId, g.path, g.name), memberCount: Number(g.memberCount), policyCount: Number(g.policyCount), createdAt: new Date(g.createdAt).toISOString() })),
    total,
    all: all ?? total,
    page: window.page,
    size: query.size,
  };
}

export type GroupListRow = { id: string; name: string; arn: string; memberCount: number; policyCount: number; createdAt: string };
