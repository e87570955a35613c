import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { GroupsClient } from "./groups-client";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Groups" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  return (
    <AreaPage account={account} area="groups" kind="IAM" title="Groups" subtitle="Sets of users that share policies.">
      <GroupsClient account={account} />
    </AreaPage>
  );
}
