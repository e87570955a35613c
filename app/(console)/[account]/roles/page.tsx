import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { RolesClient } from "./roles-client";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  return (
    <AreaPage account={account} area="roles" kind="IAM" title="Roles" subtitle="Identities that trusted principals — EC2 instances, ECS tasks, other accounts — assume to get temporary credentials.">
      <RolesClient account={account} />
    </AreaPage>
  );
}
