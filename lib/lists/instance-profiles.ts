/** The instance profiles list: one page of an account's profiles, searched, filtered and sorted in SQL. */
import { Prisma } from "@prisma/client";
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { pageWindow, type ListPage } from "./list-query";
import type { AreaListQuery } from "./list-specs";
import { countOf, direction, searchClause } from "./sql";

type ProfileRow = { id: string; accountId: string; name: string; path: string; createdAt: string | number | Date; roleName: string | null; instanceCount: bigint | number };

const active = Prisma.sql`a.instanceProfileId = p.id AND a.state IN ('associating', 'associated')`;
const filters = {
  "no-role": Prisma.sql` AND p.roleId IS NULL`,
  "with-role": Prisma.sql` AND p.roleId IS NOT NULL`,
  "in-use": Prisma.sql` AND EXISTS (SELECT 1 FROM InstanceProfileAssociation a WHERE ${active})`,
};

/** One page of the account's instance profiles with the role each holds and the instances using it. */
export async function listInstanceProfiles(db: Db | Tx, accountId: string, query: AreaListQuery<"instance-profiles">): Promise<ListPage<InstanceProfileListRow>> {
  const where = Prisma.sql`p.accountId = ${accountId}${query.filter ? filters[query.filter] : Prisma.empty}${searchClause(query.q, [Prisma.sql`p.nameKey`, Prisma.sql`r.nameKey`])}`;
  const dir = direction(query.dir);
  const order = { name: Prisma.sql`p.nameKey ${dir}`, role: Prisma.sql`r.nameKey ${dir}, p.nameKey`, created: Prisma.sql`p.createdAt ${dir}, p.nameKey` }[query.sort];
  const [total, all] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM InstanceProfile p LEFT JOIN Role r ON r.id = p.roleId WHERE ${where}`.then(countOf),
    query.q || query.filter ? db.instanceProfile.count({ where: { accountId } }) : undefined,
  ]);
  const window = pageWindow(total, query);
  const rows = await db.$queryRaw<ProfileRow[]>`
    SELECT p.id, p.accountId, p.name, p.path, p.createdAt, r.name AS roleName,
      (SELECT count(*) FROM InstanceProfileAssociation a WHERE ${active}) AS instanceCount
    FROM InstanceProfile p LEFT JOIN Role r ON r.id = p.roleId WHERE ${where} ORDER BY ${order} LIMIT ${window.take} OFFSET ${window.skip}`;
  return {
    rows: rows.map((p) => ({ id: p.id, name: p.name, arn: arns.instanceProfile(p.accountId, p.path, p.name), roleName: p.roleName, instanceCount: Number(p.instanceCount), createdAt: new Date(p.createdAt).toISOString() })),
    total,
    all: all ?? total,
    page: window.page,
    size: query.size,
  };
}

export type InstanceProfileListRow = { id: string; name: string; arn: string; roleName: string | null; instanceCount: number; createdAt: string };
