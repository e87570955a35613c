import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { UsersClient } from "./users-client";

export const metadata: Metadata = { title: "Users" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  return (
    <AreaPage account={account} area="users" kind="IAM" title="Users" subtitle="People and programs with long-term identities in this account.">
      <UsersClient account={account} />
    </AreaPage>
  );
}
