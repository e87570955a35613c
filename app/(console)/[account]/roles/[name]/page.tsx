import { percentDecodedOrAsSent } from "@/lib/percent-decoding";
import { GlossaryTerm } from "@/components/glossary-term";
import type { Metadata } from "next";
import { Breadcrumb } from "@/components/breadcrumb";
import { getRoleDetail } from "@/lib/iam/roles";
import { loadDetail } from "@/app/server/load-detail";
import { FlowDiagram, type FlowNode } from "@/components/flow-diagram";
import { PolicyJson } from "@/components/policy-json";
import { PolicyList } from "@/components/policy-list";
import { Badge, EmptyState, KeyValues, PageHeader, Section, Tags, TextLink, stateTone } from "@/components/ui";
import { formatDate, plural } from "@/components/format";
import { PermissionsSummaryTable } from "@/components/designer/permissions-summary";
import { roleAllows } from "@/lib/auth/console-roles";
import { summarizeRolePermissions } from "@/lib/iam/designer-preview";
import { RoleHeaderActions, RolePoliciesManager, RoleSettingsClient } from "./role-manage-client";
import { requireAccountAccess } from "@/app/server/account-access";
import { WhoCanPanel } from "@/components/simulator/who-can-panel";
import { listRoleSessionHolders } from "@/lib/creds/role-sessions";
import { accountClockNow } from "@/lib/creds/workspace-clock";

type Params = { account: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Role ${percentDecodedOrAsSent((await params).name)}` };
}

export default async function RolePage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<{ created?: string }> }) {
  const { account, name } = await params;
  const user = await requireAccountAccess(account, "read");
  const canEdit = roleAllows(user.role, "edit");
  const role = await loadDetail(account, (db) => getRoleDetail(db, account, percentDecodedOrAsSent(name)));
  const summary = await loadDetail(account, (db) => summarizeRolePermissions(db, account, role.name));
  const holders = await loadDetail(account, async (db) => listRoleSessionHolders(db, role.id, await accountClockNow(db, account, new Date())));
  const created = (await searchParams).created === "1";

  const trusted: FlowNode[] = [
    ...role.trustPolicy.services.map((s) => ({ label: s, sublabel: "AWS service", tone: "sky" as const })),
    ...role.trustPolicy.aws.map((p) => ({ label: p === "*" ? "Anyone (*)" : p.split(":").slice(5).join(":") || p, sublabel: p === "*" ? "any AWS principal" : p, tone: "amber" as const })),
  ];
  const profiles: FlowNode[] = role.instanceProfiles.map((p) => ({ label: p.name, sublabel: "instance profile", href: `/${account}/instance-profiles/${encodeURIComponent(p.name)}` }));
  const consumers: FlowNode[] = [
    ...role.instanceProfiles.flatMap((p) => p.instances.map((i) => ({ label: i.name ?? i.id, sublabel: `${i.id} · ${i.state}`, href: `/${account}/instances/${i.id}`, tone: stateTone(i.state) }))),
    ...role.tasks.map((t) => ({ label: t.taskDefinition, sublabel: `ECS task · ${t.as}`, href: `/${account}/ecs-tasks/${t.id}`, tone: stateTone(t.lastStatus) })),
  ];
  // Sessions issued for the role use it too: AssumeRole callers, and instances or tasks it has left since.
  const listed = new Set([...role.instanceProfiles.flatMap((p) => p.instances.map((i) => i.id)), ...role.tasks.map((t) => t.id)]);
  consumers.push(
    ...holders
      .filter((h) => h.source === "assume-role" || !listed.has(h.sourceId ?? ""))
      .map((h) => ({
        label: h.source === "assume-role" ? (h.sourcePrincipal ?? "a caller").replace(/^arn:aws:(iam|sts)::/, "") : (h.sourceId ?? h.source),
        sublabel: `${h.source === "assume-role" ? "AssumeRole" : h.source === "instance" ? "EC2 instance" : "ECS task"} · ${plural(h.active, "active session")}`,
        href: `/${account}/sessions`,
        tone: "sky" as const,
      })),
  );
  const policyCount = role.inlinePolicies.length + role.attachedPolicies.length;

  return (
    <>
      <Breadcrumb parent="Roles" href={`/${account}/roles`} current={role.name} />
      <PageHeader kind="IAM role" title={role.name} subtitle={role.description || <span className="text-slate-500">No description</span>} actions={canEdit ? <RoleHeaderActions account={account} roleName={role.name} /> : undefined} />
      {created && (
        <p role="status" className="mb-6 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
          Role {role.name} created{role.instanceProfiles.length ? `, with instance profile ${role.instanceProfiles.map((p) => p.name).join(", ")}` : ""}. Its effective permissions are summarised below.
        </p>
      )}

      <Section id="flow" title="How this role reaches code" description={<>Who may assume it, which <GlossaryTerm term="instance profile">instance profiles</GlossaryTerm> carry it, and the instances and tasks that get its credentials.</>}>
        <FlowDiagram
          label={`Role ${role.name}: trusted entities, instance profiles and consumers`}
          columns={[
            { title: "Trusted entities", nodes: trusted, empty: "nobody may assume it" },
            { title: "Role", nodes: [{ label: role.name, sublabel: plural(policyCount, "policy", "policies"), tone: "indigo" }] },
            { title: "Instance profiles", nodes: profiles, empty: "in no instance profile" },
            { title: "Instances, tasks and sessions", nodes: consumers, empty: "used by nothing yet: no instance, task or active session" },
          ]}
        />
      </Section>

      <Section id="summary" title="Summary">
        <KeyValues
          items={[
            { label: "ARN", value: role.arn, mono: true },
            { label: "Role id", value: role.id, mono: true },
            { label: "Path", value: role.path, mono: true },
            { label: "Created", value: formatDate(role.createdAt) },
            { label: "Maximum session duration", value: `${role.maxSessionDuration / 3600} h (${role.maxSessionDuration} s)` },
            { label: "Permissions boundary", value: role.permissionsBoundaryArn ?? <span className="text-slate-500">Not set</span>, mono: Boolean(role.permissionsBoundaryArn) },
            { label: "Tags", value: <Tags tags={role.tags} /> },
          ]}
        />
        {canEdit && (
          <div className="mt-4">
            <RoleSettingsClient account={account} roleName={role.name} roleVersion={role.version} description={role.description} maxSessionDuration={role.maxSessionDuration} tags={role.tags} permissionsBoundaryArn={role.permissionsBoundaryArn} />
          </div>
        )}
      </Section>

      <Section id="permissions-summary" title="Permissions summary" description={<>What the role&apos;s sessions may do, per service and access level (its <GlossaryTerm term="permissions boundary">boundary</GlossaryTerm> applied): Full, Limited (some actions, resources or conditions) or None.</>}>
        <PermissionsSummaryTable summary={summary} />
      </Section>

      <Section id="trust" title={<GlossaryTerm term="trust policy">Trust policy</GlossaryTerm>} description={<>Who may call <GlossaryTerm term="assume role">sts:AssumeRole</GlossaryTerm> on this role. For EC2, the trust policy must let ec2.amazonaws.com assume it, or instances get no credentials.</>}>
        <PolicyJson document={role.trustPolicy.document} label={`Trust policy of ${role.name}`} />
      </Section>

      <Section id="who-can" title="Who can use this role?" description="Every user and role of the workspace asked, with this role's trust policy for sts:AssumeRole: who may assume it, pass it to a service, or change it." actions={<TextLink href={`/${account}/simulator?caller=${encodeURIComponent(`role:${role.arn}`)}`}>Simulate as this role</TextLink>}>
        <WhoCanPanel
          account={account}
          presets={[
            { label: "Who can assume it", action: "sts:AssumeRole", resource: role.arn },
            { label: "Who can pass it to EC2", action: "iam:PassRole", resource: role.arn, context: { "iam:PassedToService": "ec2.amazonaws.com" } },
            { label: "Who can change its trust policy", action: "iam:UpdateAssumeRolePolicy", resource: role.arn },
          ]}
        />
      </Section>

      <Section id="permissions" title={<><GlossaryTerm term="permission policy">Permission policies</GlossaryTerm> ({policyCount})</>} description={<>What the role&apos;s sessions may do: <GlossaryTerm term="inline policy">inline policies</GlossaryTerm> belong to this role; <GlossaryTerm term="managed policy">managed policies</GlossaryTerm> may be shared.</>}>
        {canEdit && <RolePoliciesManager account={account} roleName={role.name} roleVersion={role.version} inline={role.inlinePolicies.map((p) => p.name)} attached={role.attachedPolicies.map((p) => ({ arn: p.arn, name: p.name, kind: p.kind }))} />}
        <PolicyList account={account} inline={role.inlinePolicies} attached={role.attachedPolicies} emptyText="No permission policies: the role can be assumed but may do nothing." />
      </Section>

      <Section id="usage" title="Instance profiles and the instances that use them">
        {role.instanceProfiles.length === 0 ? (
          <EmptyState title="This role is in no instance profile">EC2 instances receive a role only through an instance profile.</EmptyState>
        ) : (
          <ul className="space-y-3">
            {role.instanceProfiles.map((p) => (
              <li key={p.id} className="rounded-lg border border-slate-200 p-3">
                <p className="text-sm"><TextLink href={`/${account}/instance-profiles/${encodeURIComponent(p.name)}`}>{p.name}</TextLink> <span className="font-mono text-xs text-slate-500">{p.arn}</span></p>
                {p.instances.length ? (
                  <ul className="mt-2 space-y-1">
                    {p.instances.map((i) => (
                      <li key={i.id} className="flex items-center gap-2 text-sm">
                        <TextLink href={`/${account}/instances/${i.id}`}>{i.name ?? i.id}</TextLink>
                        <span className="font-mono text-xs text-slate-500">{i.id}</span>
                        <Badge tone={stateTone(i.state)}>{i.state}</Badge>
                        <span className="text-xs text-slate-500">profile {i.associationState}</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-1 text-xs text-slate-500">No instance uses this profile.</p>
                )}
              </li>
            ))}
          </ul>
        )}
        {role.tasks.length > 0 && (
          <div className="mt-4">
            <h3 className="mb-2 text-sm font-medium">ECS tasks</h3>
            <ul className="space-y-1">
              {role.tasks.map((t) => (
                <li key={t.id + t.as} className="flex items-center gap-2 text-sm">
                  <TextLink href={`/${account}/ecs-tasks/${t.id}`}>{t.taskDefinition}</TextLink>
                  <span className="text-xs text-slate-500">in {t.cluster}, as {t.as}</span>
                  <Badge tone={stateTone(t.lastStatus)}>{t.lastStatus}</Badge>
                </li>
              ))}
            </ul>
          </div>
        )}
      </Section>
    </>
  );
}
