/**
 * The policies list: one page of an account's customer-managed policies and the AWS-managed ones
 * attached in it, searched, filtered and sorted in SQL.
 */
import { Prisma } from "@prisma/client";
import type { Db, Tx } from "../db/create-client";
import { findManagedPolicy } from "../catalog/managed-policies";
import { arns } from "../iam/arns";
import { pageWindow, type ListPage } from "./list-query";
import type { AreaListQuery } from "./list-specs";
import { countOf, direction, searchClause } from "./sql";

type PolicyRow = { kind: "customer" | "aws"; accountId: string | null; name: string; path: string | null; description: string; defaultVersionId: string; attachmentCount: bigint | number; versionCount: bigint | number; awsArn: string | null };

// AWS-managed ARNs sort between these bounds, so the attachments' (policyArn, …) index finds them.
const awsFrom = "arn:aws:iam::aws:policy/";
const awsTo = "arn:aws:iam::aws:policy0";

function rowsOf(accountId: string): Prisma.Sql {
  // The last segment of the ARN is the policy's name.
  const awsName = Prisma.sql`replace(a.policyArn, rtrim(a.policyArn, replace(a.policyArn, '/', '')), '')`;
  return Prisma.sql`
    SELECT 'customer' AS kind, p.accountId AS accountId, p.name AS name, p.nameKey AS nameKey, p.path AS path, p.description AS description, p.defaultVersionId AS defaultVersionId,
      (SELECT count(*) FROM PolicyAttachment a WHERE a.policyArn = 'arn:aws:iam::' || p.accountId || ':policy' || p.path || p.name) AS attachmentCount,
      (SELECT count(*) FROM PolicyVersion v WHERE v.policyId = p.id) AS versionCount,
      NULL AS awsArn
    FROM ManagedPolicy p WHERE p.accountId = ${accountId}
    UNION ALL
    SELECT 'aws', NULL, ${awsName}, lower(${awsName}), NULL, '', '', count(*), 1, a.policyArn
    FROM PolicyAttachment a
      LEFT JOIN Role r ON r.id = a.roleId LEFT JOIN "User" u ON u.id = a.userId LEFT JOIN "Group" g ON g.id = a.groupId
    WHERE a.policyArn >= ${awsFrom} AND a.policyArn < ${awsTo} AND (r.accountId = ${accountId} OR u.accountId = ${accountId} OR g.accountId = ${accountId})
    GROUP BY a.policyArn`;
}

const filters = { customer: Prisma.sql` AND x.kind = 'customer'`, aws: Prisma.sql` AND x.kind = 'aws'`, unattached: Prisma.sql` AND x.attachmentCount = 0` };

/** One page of the account's policies, each with where it is attached. */
export async function listPolicies(db: Db | Tx, accountId: string, query: AreaListQuery<"policies">): Promise<ListPage<PolicyListRow>> {
  const source = rowsOf(accountId);
  const where = Prisma.sql`1 = 1${query.filter ? filters[query.filter] : Prisma.empty}${searchClause(query.q, [Prisma.sql`x.nameKey`, Prisma.sql`x.description`])}`;
  const dir = direction(query.dir);
  const order = { name: Prisma.sql`x.nameKey ${dir}, x.kind DESC`, attachments: Prisma.sql`x.attachmentCount ${dir}, x.nameKey` }[query.sort];
  const filtered = Boolean(query.q || query.filter);
  const [total, all] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (${source}) x WHERE ${where}`.then(countOf),
    filtered ? db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (${source}) x`.then(countOf) : undefined,
  ]);
  const window = pageWindow(total, query);
  const rows = await db.$queryRaw<PolicyRow[]>`SELECT * FROM (${source}) x WHERE ${where} ORDER BY ${order} LIMIT ${window.take} OFFSET ${window.skip}`;
  return {
    rows: rows.map((p): PolicyListRow => {
      if (p.kind === "customer") {
        return { arn: arns.policy(p.accountId!, p.path!, p.name), name: p.name, kind: "customer", description: p.description, attachmentCount: Number(p.attachmentCount), versionCount: Number(p.versionCount), defaultVersionId: p.defaultVersionId };
      }
      const policy = findManagedPolicy(p.awsArn!);
      return { arn: p.awsArn!, name: policy?.name ?? p.name, kind: "aws", description: policy?.description ?? "", attachmentCount: Number(p.attachmentCount), versionCount: 1, defaultVersionId: policy?.defaultVersionId ?? "" };
    }),
    total,
    all: all ?? total,
    page: window.page,
    size: query.size,
  };
}

export type PolicyListRow = { arn: string; name: string; kind: "customer" | "aws"; description: string; attachmentCount: number; versionCount: number; defaultVersionId: string };
