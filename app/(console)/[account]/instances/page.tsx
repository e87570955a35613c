import type { Metadata } from "next";
import { IfAllowed } from "@/components/console-permissions";
import { AreaPage } from "@/app/server/area-page";
import { loadDetail } from "@/app/server/load-detail";
import { Section } from "@/components/ui";
import { listActingChoices } from "@/lib/compute/acting-principals";
import { listInstanceProfiles } from "@/lib/iam/instance-profiles";
import { InstancesClient } from "./instances-client";
import { LaunchInstanceForm } from "./launch-instance-form";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "EC2 instances" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const { choices, profiles } = await loadDetail(account, async (db) => ({ choices: await listActingChoices(db, account), profiles: await listInstanceProfiles(db, account) }));
  return (
    <AreaPage account={account} area="instances" kind="EC2" title="EC2 instances" subtitle="Simulated instances, their instance profiles and metadata options.">
      <InstancesClient account={account} />
      <div className="mt-6" />
      <Section id="launch" title="Launch an instance" description="Pick who launches it: the launch succeeds only if that principal may run instances and pass the profile's role to EC2.">
        <IfAllowed permission="edit" note="Launching instances needs an editor's console role">
          <LaunchInstanceForm account={account} choices={choices} profiles={profiles.map((p) => ({ name: p.name, arn: p.arn, roleName: p.roleName }))} />
        </IfAllowed>
      </Section>
    </AreaPage>
  );
}
