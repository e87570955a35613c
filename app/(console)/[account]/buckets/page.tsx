import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { BucketsClient } from "./buckets-client";
import { requireAccountAccess } from "@/app/server/account-access";
import { readListQuery, type SearchParamsInput } from "@/lib/lists/list-query";
import { bucketListSpec } from "@/lib/lists/list-specs";

export const metadata: Metadata = { title: "S3 buckets" };

export default async function Page({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<SearchParamsInput> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const query = readListQuery(bucketListSpec, await searchParams);
  return (
    <AreaPage account={account} area="buckets" query={query} kind="S3" title="S3 buckets" subtitle="Buckets and their resource-based policies.">
      <BucketsClient account={account} query={query} />
    </AreaPage>
  );
}
