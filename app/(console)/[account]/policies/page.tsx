import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { PoliciesClient } from "./policies-client";
import { requireAccountAccess } from "@/app/server/account-access";
import { readListQuery, type SearchParamsInput } from "@/lib/lists/list-query";
import { policyListSpec } from "@/lib/lists/list-specs";

export const metadata: Metadata = { title: "Policies" };

export default async function Page({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<SearchParamsInput> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const query = readListQuery(policyListSpec, await searchParams);
  return (
    <AreaPage account={account} area="policies" query={query} kind="IAM" title="Policies" subtitle="Customer-managed policies of this account, and the AWS-managed policies attached in it.">
      <PoliciesClient account={account} query={query} />
    </AreaPage>
  );
}
