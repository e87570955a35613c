import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { PoliciesClient } from "./policies-client";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Policies" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  return (
    <AreaPage account={account} area="policies" kind="IAM" title="Policies" subtitle="Customer-managed policies of this account, and the AWS-managed policies attached in it.">
      <PoliciesClient account={account} />
    </AreaPage>
  );
}
