import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { UsersClient } from "./users-client";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Users" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  return (
    <AreaPage account={account} area="users" kind="IAM" title="Users" subtitle="People and programs with long-term identities in this account.">
      <UsersClient account={account} />
    </AreaPage>
  );
}
