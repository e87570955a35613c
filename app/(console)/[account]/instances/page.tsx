import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { InstancesClient } from "./instances-client";

export const metadata: Metadata = { title: "EC2 instances" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  return (
    <AreaPage account={account} area="instances" kind="EC2" title="EC2 instances" subtitle="Simulated instances, their instance profiles and metadata options.">
      <InstancesClient account={account} />
    </AreaPage>
  );
}
