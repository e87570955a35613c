import type { Metadata } from "next";
import { IfAllowed } from "@/components/console-permissions";
import { AreaPage } from "@/app/server/area-page";
import { InstanceProfilesClient } from "./instance-profiles-client";
import { CreateInstanceProfileForm } from "./profile-controls";
import { loadDetail } from "@/app/server/load-detail";
import { startPicker } from "@/lib/lists/choices";
import { Section } from "@/components/ui";
import { requireAccountAccess } from "@/app/server/account-access";
import { readListQuery, type SearchParamsInput } from "@/lib/lists/list-query";
import { instanceProfileListSpec } from "@/lib/lists/list-specs";

export const metadata: Metadata = { title: "Instance profiles" };

export default async function Page({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<SearchParamsInput> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const query = readListQuery(instanceProfileListSpec, await searchParams);
  const principals = await loadDetail(account, (db) => startPicker(db, account, "principals"));
  return (
    <AreaPage account={account} area="instance-profiles" query={query} kind="IAM" title="Instance profiles" subtitle="Containers that carry one role to EC2 instances.">
      <InstanceProfilesClient account={account} query={query} />
      <div className="mt-6" />
      <Section id="create" title="Create an instance profile" description="The API and CLI create profiles explicitly (the console does it for you when you create an EC2 role); then add one role.">
        <IfAllowed permission="edit" note="Creating instance profiles needs an editor's console role">
          <CreateInstanceProfileForm account={account} principals={principals} />
        </IfAllowed>
      </Section>
    </AreaPage>
  );
}
