import { percentDecodedOrAsSent } from "@/lib/percent-decoding";
import type { Metadata } from "next";
import { IfAllowed } from "@/components/console-permissions";
import { getInstanceProfileDetail } from "@/lib/iam/instance-profiles";
import { loadDetail } from "@/app/server/load-detail";
import { Breadcrumb } from "@/components/breadcrumb";
import { Badge, EmptyState, KeyValues, PageHeader, Section, TextLink, stateTone } from "@/components/ui";
import { formatDate } from "@/components/format";
import { startPicker } from "@/lib/lists/choices";
import { ProfileRoleControls } from "../profile-controls";
import { requireAccountAccess } from "@/app/server/account-access";
import { WhoCanPanel } from "@/components/simulator/who-can-panel";

type Params = { account: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Instance profile ${percentDecodedOrAsSent((await params).name)}` };
}

export default async function InstanceProfilePage({ params }: { params: Promise<Params> }) {
  const { account, name } = await params;
  await requireAccountAccess(account, "read");
  const profile = await loadDetail(account, (db) => getInstanceProfileDetail(db, account, percentDecodedOrAsSent(name)));
  const { principals, roles } = await loadDetail(account, async (db) => ({ principals: await startPicker(db, account, "principals"), roles: await startPicker(db, account, "roles") }));
  return (
    <>
      <Breadcrumb parent="Instance profiles" href={`/${account}/instance-profiles`} current={profile.name} />
      <PageHeader kind="Instance profile" title={profile.name} subtitle="Carries at most one role to the instances it is associated with." />
      <Section id="summary" title="Summary">
        <KeyValues
          items={[
            { label: "ARN", value: profile.arn, mono: true },
            { label: "Instance profile id", value: profile.id, mono: true },
            { label: "Path", value: profile.path, mono: true },
            { label: "Created", value: formatDate(profile.createdAt) },
            { label: "Role", value: profile.role ? <TextLink href={`/${account}/roles/${encodeURIComponent(profile.role.name)}`}>{profile.role.name}</TextLink> : <span className="text-amber-700">No role: instances using this profile receive no credentials</span> },
          ]}
        />
      </Section>
      <Section id="role" title="Role" description="Add, remove or change the one role this profile carries, as a chosen principal.">
        <IfAllowed permission="edit" note="Changing the profile's role needs an editor's console role">
          <ProfileRoleControls account={account} profileName={profile.name} currentRole={profile.role?.name ?? null} roles={roles} principals={principals} />
        </IfAllowed>
      </Section>
      <Section id="who-can" title="Who can use this instance profile?" description="Every user and role of the workspace asked: who may put a role in it, launch instances with it (which also needs iam:PassRole on its role), or delete it.">
        <WhoCanPanel
          account={account}
          presets={[
            ...(profile.role ? [{ label: `Who can pass ${profile.role.name} to EC2`, action: "iam:PassRole", resource: profile.role.arn, context: { "iam:PassedToService": "ec2.amazonaws.com" } }] : []),
            { label: "Who can add a role to it", action: "iam:AddRoleToInstanceProfile", resource: profile.arn },
            { label: "Who can remove its role", action: "iam:RemoveRoleFromInstanceProfile", resource: profile.arn },
            { label: "Who can delete it", action: "iam:DeleteInstanceProfile", resource: profile.arn },
          ]}
        />
      </Section>
      <Section id="associations" title="Instances" description="Associations of this profile with instances, current and past.">
        {profile.associations.length === 0 ? (
          <EmptyState title="No instance uses this profile" />
        ) : (
          <ul className="divide-y divide-slate-100">
            {profile.associations.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-3 py-2 text-sm">
                <TextLink href={`/${account}/instances/${a.instanceId}`}>{a.instanceName ?? a.instanceId}</TextLink>
                <span className="font-mono text-xs text-slate-500">{a.instanceId}</span>
                <Badge tone={stateTone(a.instanceState)}>{a.instanceState}</Badge>
                <span className="text-xs text-slate-500">association <span className="font-mono">{a.id}</span></span>
                <Badge tone={stateTone(a.state)}>{a.state}</Badge>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
