/** The buckets list: one page of an account's S3 buckets, searched, filtered and sorted in SQL. */
import { Prisma } from "@prisma/client";
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { pageWindow, type ListPage } from "./list-query";
import type { AreaListQuery } from "./list-specs";
import { countOf, direction, searchClause } from "./sql";

type BucketRow = { name: string; region: string; hasPolicy: bigint | number; createdAt: string | number | Date };

const filters = { "with-policy": Prisma.sql` AND b.policy IS NOT NULL`, "no-policy": Prisma.sql` AND b.policy IS NULL` };

/** One page of the account's buckets, with whether each has a bucket policy. */
export async function listBuckets(db: Db | Tx, accountId: string, query: AreaListQuery<"buckets">): Promise<ListPage<BucketListRow>> {
  const where = Prisma.sql`b.accountId = ${accountId}${query.filter ? filters[query.filter] : Prisma.empty}${searchClause(query.q, [Prisma.sql`b.name`, Prisma.sql`b.region`])}`;
  const dir = direction(query.dir);
  const order = { name: Prisma.sql`b.name ${dir}`, region: Prisma.sql`b.region ${dir}, b.name`, created: Prisma.sql`b.createdAt ${dir}, b.name` }[query.sort];
  const [total, all] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM Bucket b WHERE ${where}`.then(countOf),
    query.q || query.filter ? db.bucket.count({ where: { accountId } }) : undefined,
  ]);
  const window = pageWindow(total, query);
  const rows = await db.$queryRaw<BucketRow[]>`
    SELECT b.name, b.region, b.policy IS NOT NULL AS hasPolicy, b.createdAt
    FROM Bucket b WHERE ${where} ORDER BY ${order} LIMIT ${window.take} OFFSET ${window.skip}`;
  return {
    rows: rows.map((b) => ({ name: b.name, arn: arns.bucket(b.name), region: b.region, hasPolicy: Boolean(Number(b.hasPolicy)), createdAt: new Date(b.createdAt).toISOString() })),
    total,
    all: all ?? total,
    page: window.page,
    size: query.size,
  };
}

export type BucketListRow = { name: string; arn: string; region: string; hasPolicy: boolean; createdAt: string };
