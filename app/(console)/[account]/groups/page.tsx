import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { GroupsClient } from "./groups-client";
import { requireAccountAccess } from "@/app/server/account-access";
import { readListQuery, type SearchParamsInput } from "@/lib/lists/list-query";
import { groupListSpec } from "@/lib/lists/list-specs";

export const metadata: Metadata = { title: "Groups" };

export default async function Page({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<SearchParamsInput> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const query = readListQuery(groupListSpec, await searchParams);
  return (
    <AreaPage account={account} area="groups" query={query} kind="IAM" title="Groups" subtitle="Sets of users that share policies.">
      <GroupsClient account={account} query={query} />
    </AreaPage>
  );
}
