import { percentDecodedOrAsSent } from "@/lib/percent-decoding";
import type { Metadata } from "next";
import { getGroupDetail } from "@/lib/iam/groups";
import { loadDetail } from "@/app/server/load-detail";
import { Breadcrumb } from "@/components/breadcrumb";
import { PolicyList } from "@/components/policy-list";
import { EmptyState, KeyValues, PageHeader, Section, TextLink } from "@/components/ui";
import { formatDate } from "@/components/format";
import { requireAccountAccess } from "@/app/server/account-access";
import { PermissionSummary } from "@/components/compute/permission-summary";
import { summarizeGroupPermissions } from "@/lib/simulation/effective-permissions";

type Params = { account: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Group ${percentDecodedOrAsSent((await params).name)}` };
}

export default async function GroupPage({ params }: { params: Promise<Params> }) {
  const { account, name } = await params;
  await requireAccountAccess(account, "read");
  const group = await loadDetail(account, (db) => getGroupDetail(db, account, percentDecodedOrAsSent(name)));
  const shared = await loadDetail(account, (db) => summarizeGroupPermissions(db, account, group.name));
  return (
    <>
      <Breadcrumb parent="Groups" href={`/${account}/groups`} current={group.name} />
      <PageHeader kind="IAM group" title={group.name} />
      <Section id="summary" title="Summary">
        <KeyValues items={[{ label: "ARN", value: group.arn, mono: true }, { label: "Group id", value: group.id, mono: true }, { label: "Created", value: formatDate(group.createdAt) }]} />
      </Section>
      <Section id="members" title={`Members (${group.members.length})`}>
        {group.members.length === 0 ? (
          <EmptyState title="No members" />
        ) : (
          <ul className="flex flex-wrap gap-3 text-sm">
            {group.members.map((m) => <li key={m}><TextLink href={`/${account}/users/${encodeURIComponent(m)}`}>{m}</TextLink></li>)}
          </ul>
        )}
      </Section>
      <Section id="shared" title="The members' shared permissions" description="What every member may do through this group, per service and access level, under the SCPs above the account; a member's own policies add to it.">
        {shared.summary.services.length ? (
          <PermissionSummary summary={shared.summary} label={`Permissions every member of ${group.name} shares`} />
        ) : (
          <EmptyState title="Membership gives nothing">No policy of this group allows anything; each member has only their own policies.</EmptyState>
        )}
        {shared.cappedBy.length > 0 && (
          <p className="mt-3 text-sm text-amber-800">Capped for {shared.cappedBy.map((c) => `${c.member} (boundary ${c.boundary})`).join(", ")}: a permissions boundary limits what the group gives them.</p>
        )}
      </Section>
      <Section id="permissions" title="Policies" description="Every member gets these.">
        <PolicyList account={account} inline={group.inlinePolicies} attached={group.attachedPolicies} emptyText="No policies" />
      </Section>
    </>
  );
}
