import type { Metadata } from "next";
import { getInstanceDetail } from "@/lib/compute/instances";
import { loadDetail } from "@/app/server/load-detail";
import { Breadcrumb } from "@/components/breadcrumb";
import { FlowDiagram } from "@/components/flow-diagram";
import { Badge, EmptyState, KeyValues, PageHeader, Section, Tags, TextLink, stateTone } from "@/components/ui";
import { formatDate } from "@/components/format";
import { InstanceMetadataSection } from "./instance-metadata-section";

type Params = { account: string; id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Instance ${(await params).id}` };
}

export default async function InstancePage({ params }: { params: Promise<Params> }) {
  const { account, id } = await params;
  const instance = await loadDetail((db) => getInstanceDetail(db, account, id));
  const md = instance.metadataOptions;
  return (
    <>
      <Breadcrumb parent="EC2 instances" href={`/${account}/instances`} current={instance.name ?? instance.id} />
      <PageHeader
        kind="EC2 instance"
        title={instance.name ?? instance.id}
        subtitle={<span className="flex items-center gap-2"><span className="font-mono">{instance.id}</span><Badge tone={stateTone(instance.state)}>{instance.state}</Badge></span>}
      />
      <Section id="identity" title="Identity on this instance" description="One instance profile, so one role, per instance: every application on it shares the role's credentials.">
        <FlowDiagram
          label={`Instance ${instance.id}: instance profile and role`}
          columns={[
            { title: "Instance", nodes: [{ label: instance.name ?? instance.id, sublabel: `${instance.id} · ${instance.state}`, tone: stateTone(instance.state) }] },
            { title: "Instance profile", nodes: instance.instanceProfile ? [{ label: instance.instanceProfile.name, sublabel: `association ${instance.instanceProfile.associationState}`, href: `/${account}/instance-profiles/${encodeURIComponent(instance.instanceProfile.name)}` }] : [], empty: "no instance profile" },
            { title: "Role", nodes: instance.role ? [{ label: instance.role.name, sublabel: "credentials via instance metadata", tone: "indigo", href: `/${account}/roles/${encodeURIComponent(instance.role.name)}` }] : [], empty: instance.instanceProfile ? "the profile holds no role" : "no role: no credentials" },
          ]}
        />
        {instance.role && (
          <p className="mt-4 text-sm text-slate-600">
            Applications read the credentials from <code className="rounded bg-slate-100 px-1 font-mono text-[13px]">http://169.254.169.254/latest/meta-data/iam/security-credentials/{instance.role.name}</code>
            {md.httpTokens === "required" ? " with an IMDSv2 session token." : " — IMDSv1 is still allowed here; require tokens to close SSRF paths."}
          </p>
        )}
      </Section>
      <Section id="metadata" title="Instance metadata options" description="How the instance metadata service answers applications on this instance.">
        <KeyValues
          items={[
            { label: "HttpTokens", value: <span className="flex items-center gap-2"><span className="font-mono">{md.httpTokens}</span><Badge tone={md.httpTokens === "required" ? "green" : "amber"}>{md.httpTokens === "required" ? "IMDSv2 only" : "IMDSv1 allowed"}</Badge></span> },
            { label: "HttpEndpoint", value: <span className="flex items-center gap-2"><span className="font-mono">{md.httpEndpoint}</span>{md.httpEndpoint === "disabled" && <Badge tone="amber">metadata unreachable</Badge>}</span> },
            { label: "HttpPutResponseHopLimit", value: <span className="font-mono">{md.hopLimit}</span> },
          ]}
        />
      </Section>
      <InstanceMetadataSection account={account} instanceId={instance.id} />
      <Section id="details" title="Details">
        <KeyValues
          items={[
            { label: "ARN", value: instance.arn, mono: true },
            { label: "Instance type", value: instance.instanceType, mono: true },
            { label: "Image", value: instance.imageId, mono: true },
            { label: "Availability zone", value: instance.availabilityZone },
            { label: "Private IP", value: instance.privateIp, mono: true },
            { label: "Launched", value: formatDate(instance.launchedAt) },
            { label: "Launched by", value: instance.launchedBy, mono: true },
            { label: "Tags", value: <Tags tags={instance.tags} /> },
          ]}
        />
      </Section>
      <Section id="associations" title="Instance profile associations" description="EC2's association history for this instance.">
        {instance.associations.length === 0 ? (
          <EmptyState title="No instance profile was ever associated" />
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr><th className="py-1 font-medium">Association</th><th className="py-1 font-medium">Instance profile</th><th className="py-1 font-medium">State</th><th className="py-1 font-medium">Since</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {instance.associations.map((a) => (
                <tr key={a.id}>
                  <td className="py-2 font-mono text-xs">{a.id}</td>
                  <td className="py-2"><TextLink href={`/${account}/instance-profiles/${encodeURIComponent(a.instanceProfileName)}`}>{a.instanceProfileName}</TextLink></td>
                  <td className="py-2"><Badge tone={stateTone(a.state)}>{a.state}</Badge></td>
                  <td className="py-2">{formatDate(a.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
