import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { InstanceProfilesClient } from "./instance-profiles-client";

export const metadata: Metadata = { title: "Instance profiles" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  return (
    <AreaPage account={account} area="instance-profiles" kind="IAM" title="Instance profiles" subtitle="Containers that carry one role to EC2 instances.">
      <InstanceProfilesClient account={account} />
    </AreaPage>
  );
}
