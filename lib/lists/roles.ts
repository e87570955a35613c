/** The roles list: one page of an account's roles, searched, filtered and sorted in SQL. */
import { Prisma } from "@prisma/client";
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { readPolicyDocument } from "../iam/policy-document";
import { trustedPrincipals } from "../iam/roles";
import { pageWindow, type ListPage } from "./list-query";
import type { AreaListQuery } from "./list-specs";
import { countOf, direction, searchClause } from "./sql";

type RoleRow = { id: string; accountId: string; name: string; path: string; description: string; trustPolicy: string; createdAt: string | number | Date; inlineCount: bigint | number; attachedCount: bigint | number; profileCount: bigint | number; taskCount: bigint | number };

const policyCount = Prisma.sql`((SELECT count(*) FROM InlinePolicy i WHERE i.roleId = r.id) + (SELECT count(*) FROM PolicyAttachment a WHERE a.roleId = r.id))`;
const profileCount = Prisma.sql`(SELECT count(*) FROM InstanceProfile p WHERE p.roleId = r.id)`;

const filters = {
  "in-profile": Prisma.sql` AND EXISTS (SELECT 1 FROM InstanceProfile p WHERE p.roleId = r.id)`,
  "no-profile": Prisma.sql` AND NOT EXISTS (SELECT 1 FROM InstanceProfile p WHERE p.roleId = r.id)`,
  "no-policies": Prisma.sql` AND NOT EXISTS (SELECT 1 FROM InlinePolicy i WHERE i.roleId = r.id) AND NOT EXISTS (SELECT 1 FROM PolicyAttachment a WHERE a.roleId = r.id)`,
};

/** One page of the account's roles with what uses them; the search matches name, description and trust policy. */
export async function listRoles(db: Db | Tx, accountId: string, query: AreaListQuery<"roles">): Promise<ListPage<ReturnType<typeof toRow>>> {
  const where = Prisma.sql`r.accountId = ${accountId}${query.filter ? filters[query.filter] : Prisma.empty}${searchClause(query.q, [Prisma.sql`r.nameKey`, Prisma.sql`r.description`, Prisma.sql`r.trustPolicy`])}`;
  const dir = direction(query.dir);
  // Ties fall back to the name, so that a page boundary never splits rows unpredictably.
  const order = {
    name: Prisma.sql`r.nameKey ${dir}`,
    created: Prisma.sql`r.createdAt ${dir}, r.nameKey`,
    policies: Prisma.sql`${policyCount} ${dir}, r.nameKey`,
    profiles: Prisma.sql`${profileCount} ${dir}, r.nameKey`,
  }[query.sort];
  const filtered = Boolean(query.q || query.filter);
  const [total, all] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM Role r WHERE ${where}`.then(countOf),
    filtered ? db.role.count({ where: { accountId } }) : undefined,
  ]);
  const window = pageWindow(total, query);
  const rows = await db.$queryRaw<RoleRow[]>`
    SELECT r.id, r.accountId, r.name, r.path, r.description, r.trustPolicy, r.createdAt,
      (SELECT count(*) FROM InlinePolicy i WHERE i.roleId = r.id) AS inlineCount,
      (SELECT count(*) FROM PolicyAttachment a WHERE a.roleId = r.id) AS attachedCount,
      ${profileCount} AS profileCount,
      (SELECT count(*) FROM EcsTask t WHERE t.taskRoleId = r.id) AS taskCount
    FROM Role r WHERE ${where} ORDER BY ${order} LIMIT ${window.take} OFFSET ${window.skip}`;
  return { rows: rows.map(toRow), total, all: all ?? total, page: window.page, size: query.size };
}

function toRow(role: RoleRow) {
  const trusted = trustedPrincipals(readPolicyDocument(role.trustPolicy, `Trust policy of role ${role.name}`));
  return {
    id: role.id,
    name: role.name,
    path: role.path,
    arn: arns.role(role.accountId, role.path, role.name),
    description: role.description,
    trustedServices: trusted.services,
    trustedAws: trusted.aws,
    policyCount: Number(role.inlineCount) + Number(role.attachedCount),
    instanceProfileCount: Number(role.profileCount),
    taskCount: Number(role.taskCount),
    createdAt: new Date(role.createdAt).toISOString(),
  };
}

export type RoleListRow = ReturnType<typeof toRow>;
