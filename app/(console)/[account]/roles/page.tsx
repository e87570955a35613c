import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { RolesClient } from "./roles-client";
import { requireAccountAccess } from "@/app/server/account-access";
import { readListQuery, type SearchParamsInput } from "@/lib/lists/list-query";
import { roleListSpec } from "@/lib/lists/list-specs";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<SearchParamsInput> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const query = readListQuery(roleListSpec, await searchParams);
  return (
    <AreaPage account={account} area="roles" query={query} kind="IAM" title="Roles" subtitle="Identities that trusted principals — EC2 instances, ECS tasks, other accounts — assume to get temporary credentials.">
      <RolesClient account={account} query={query} />
    </AreaPage>
  );
}
