import type { Metadata } from "next";
import { IfAllowed } from "@/components/console-permissions";
import { AreaPage } from "@/app/server/area-page";
import { loadDetail } from "@/app/server/load-detail";
import { Section } from "@/components/ui";
import { startPicker } from "@/lib/lists/choices";
import { InstancesClient } from "./instances-client";
import { LaunchInstanceForm } from "./launch-instance-form";
import { requireAccountAccess } from "@/app/server/account-access";
import { readListQuery, type SearchParamsInput } from "@/lib/lists/list-query";
import { instanceListSpec } from "@/lib/lists/list-specs";

export const metadata: Metadata = { title: "EC2 instances" };

export default async function Page({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<SearchParamsInput> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const query = readListQuery(instanceListSpec, await searchParams);
  const { principals, profiles } = await loadDetail(account, async (db) => ({ principals: await startPicker(db, account, "principals"), profiles: await startPicker(db, account, "instance-profiles") }));
  return (
    <AreaPage account={account} area="instances" query={query} kind="EC2" title="EC2 instances" subtitle="Simulated instances, their instance profiles and metadata options.">
      <InstancesClient account={account} query={query} />
      <div className="mt-6" />
      <Section id="launch" title="Launch an instance" description="Pick who launches it: the launch succeeds only if that principal may run instances and pass the profile's role to EC2.">
        <IfAllowed permission="edit" note="Launching instances needs an editor's console role">
          <LaunchInstanceForm account={account} principals={principals} profiles={profiles} />
        </IfAllowed>
      </Section>
    </AreaPage>
  );
}
