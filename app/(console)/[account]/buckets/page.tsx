import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { BucketsClient } from "./buckets-client";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "S3 buckets" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  return (
    <AreaPage account={account} area="buckets" kind="S3" title="S3 buckets" subtitle="Buckets and their resource-based policies.">
      <BucketsClient account={account} />
    </AreaPage>
  );
}
