import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { UsersClient } from "./users-client";
import { requireAccountAccess } from "@/app/server/account-access";
import { readListQuery, type SearchParamsInput } from "@/lib/lists/list-query";
import { userListSpec } from "@/lib/lists/list-specs";

export const metadata: Metadata = { title: "Users" };

export default async function Page({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<SearchParamsInput> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const query = readListQuery(userListSpec, await searchParams);
  return (
    <AreaPage account={account} area="users" query={query} kind="IAM" title="Users" subtitle="People and programs with long-term identities in this account.">
      <UsersClient account={account} query={query} />
    </AreaPage>
  );
}
