import { GlossaryTerm } from "@/components/glossary-term";
import type { Metadata } from "next";
import { IfAllowed } from "@/components/console-permissions";
import { getInstanceDetail } from "@/lib/compute/instances";
import { loadDetail } from "@/app/server/load-detail";
import { Breadcrumb } from "@/components/breadcrumb";
import { Badge, EmptyState, KeyValues, PageHeader, Section, Tags, TextLink, stateTone } from "@/components/ui";
import { formatDate } from "@/components/format";
import { InstanceMetadataSection } from "./instance-metadata-section";
import { InstanceOperations } from "./instance-operations";
import { accountClockNow } from "@/lib/creds/workspace-clock";
import { askWorkload, listAssumeRoleTargets, summarizeWorkload, workloadAccessMatrix } from "@/lib/compute/workload-permissions";
import { startPicker } from "@/lib/lists/choices";
import { choiceSearchLimit } from "@/lib/lists/list-query";
import { SectionIndex } from "@/components/section-index";
import { WorkloadChain } from "@/components/compute/workload-chain";
import { PermissionSummary } from "@/components/compute/permission-summary";
import { AccessMatrixPanel } from "@/components/compute/access-matrix-panel";
import { AskWorkloadBox } from "@/components/compute/ask-workload-box";
import { AssumeRolePanel } from "@/components/compute/assume-role-panel";
import { requireAccountAccess } from "@/app/server/account-access";

type Params = { account: string; id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Instance ${(await params).id}` };
}

export default async function InstancePage({ params }: { params: Promise<Params> }) {
  const { account, id } = await params;
  await requireAccountAccess(account, "read");
  const instance = await loadDetail(account, (db) => getInstanceDetail(db, account, id));
  const workloadRef = { kind: "instance" as const, accountId: account, instanceId: instance.id };
  const extra = await loadDetail(account, async (db) => {
    const now = await accountClockNow(db, account, new Date());
    const [{ workload, summary }, matrix, choices, profiles, targets] = await Promise.all([
      summarizeWorkload(db, workloadRef, now),
      workloadAccessMatrix(db, workloadRef, now),
      startPicker(db, account, "principals"),
      startPicker(db, account, "instance-profiles"),
      listAssumeRoleTargets(db, workloadRef, now),
    ]);
    const buckets = matrix.columns.filter((c) => c.resource.startsWith("arn:aws:s3:::"));
    const examples = [
      ...buckets.slice(0, 2).map((b) => ({ action: "s3:GetObject", resource: `${b.resource}/example.jpg` })),
      { action: "iam:CreateUser", resource: `arn:aws:iam::${account}:user/intruder` },
      { action: "dynamodb:Scan", resource: `arn:aws:dynamodb:us-east-1:${account}:table/orders` },
    ];
    const firstAnswer = workload.role ? await askWorkload(db, workloadRef, examples[0], now) : null;
    return { workload, firstAnswer, summary, matrix, choices, examples, profiles, targets: targets.slice(0, choiceSearchLimit) };
  });
  const md = instance.metadataOptions;
  return (
    <>
      <Breadcrumb parent="EC2 instances" href={`/${account}/instances`} current={instance.name ?? instance.id} />
      <PageHeader
        kind="EC2 instance"
        title={instance.name ?? instance.id}
        subtitle={<span className="flex flex-wrap items-center gap-2"><span className="font-mono">{instance.id}</span><Badge tone={stateTone(instance.state)}>{instance.state}</Badge><span className="text-xs text-slate-500">launched by <span className="font-mono">{instance.launchedBy}</span></span></span>}
      />
      <SectionIndex
        label="Sections of this instance's page"
        sections={[
          { id: "can-do", title: "What it can do" },
          { id: "identity-group", title: "Identity" },
          ...(extra.workload.sessionArn ? [{ id: "assume-role-group", title: "Assume role" }] : []),
          { id: "operate-group", title: "Operate" },
          { id: "credentials", title: "Credentials and metadata" },
          { id: "configuration", title: "Configuration" },
        ]}
      />
      <div id="can-do" className="scroll-mt-14">
        <Section id="effective" title="What the application on this instance can do" description={extra.workload.role ? `The permissions of ${extra.workload.role.name}, read live: change the role and this changes at once, without a restart — as on AWS.` : "No role reaches this instance."}>
          {extra.summary ? (
            <div className="space-y-6">
              {extra.workload.noCredentialsReason && <p className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">{extra.workload.noCredentialsReason} Below: what the role would allow if EC2 could assume it.</p>}
              <div>
                <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">By service and access level</h3>
                <PermissionSummary summary={extra.summary} label={`Permissions of ${extra.workload.role?.name}`} />
              </div>
              <div>
                <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Access matrix: actions × the resources the role&apos;s policies name, and *</h3>
                <AccessMatrixPanel workload={workloadRef} initial={extra.matrix} />
              </div>
              <div>
                <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Ask</h3>
                <AskWorkloadBox workload={workloadRef} subject={`the application on ${instance.name ?? instance.id}`} examples={extra.examples} initial={extra.firstAnswer} />
              </div>
            </div>
          ) : (
            <EmptyState title="No credentials, no permissions">Associate an instance profile that holds a role.</EmptyState>
          )}
        </Section>
      </div>
      <div id="identity-group" className="scroll-mt-14">
        <Section id="identity" title="Identity on this instance" description={<>One <GlossaryTerm term="instance profile">instance profile</GlossaryTerm>, so one role, per instance: every application on it shares the role&apos;s credentials — if the role&apos;s trust policy lets EC2 assume it.</>}>
          <WorkloadChain account={account} workload={extra.workload} />
          {instance.role && extra.workload.sessionArn && (
            <p className="mt-4 text-sm text-slate-600">
              Applications read the credentials from <code className="rounded bg-slate-100 px-1 font-mono text-[13px]">http://169.254.169.254/latest/meta-data/iam/security-credentials/{instance.role.name}</code>
              {md.httpTokens === "required" ? <> with an <GlossaryTerm term="IMDSv2">IMDSv2</GlossaryTerm> session token.</> : <> — IMDSv1 is still allowed here; <GlossaryTerm term="HttpTokens">require tokens</GlossaryTerm> (<GlossaryTerm term="IMDSv2">IMDSv2</GlossaryTerm>) to close SSRF paths.</>}
            </p>
          )}
        </Section>
      </div>
      {extra.workload.sessionArn && (
        <div id="assume-role-group" className="scroll-mt-14">
          <Section id="assume-role" title="Assume role…" description="From this instance's credentials, call sts:AssumeRole on another role — in another account, say. Both sides must allow: the caller's permissions and the target's trust policy.">
            <AssumeRolePanel workload={workloadRef} callerRole={extra.workload.role!.name} targets={extra.targets} />
          </Section>
        </div>
      )}
      <div id="operate-group" className="scroll-mt-14">
        <Section id="operate" title="Operate this instance" description="Every call is made as the principal you pick and authorized by the evaluator as AWS would: the EC2 action, and iam:PassRole on any role that reaches the instance.">
          <IfAllowed permission="edit" note="Operating instances needs an editor's console role">
            <InstanceOperations
              account={account}
              instanceId={instance.id}
              state={instance.state}
              association={instance.instanceProfile ? { id: instance.instanceProfile.associationId, profileName: instance.instanceProfile.name } : null}
              profiles={extra.profiles}
              principals={extra.choices}
            />
          </IfAllowed>
        </Section>
      </div>
      <div id="credentials" className="scroll-mt-14">
        <InstanceMetadataSection account={account} instanceId={instance.id} />
      </div>
      <div id="configuration" className="scroll-mt-14">
        <Section id="metadata" title="Instance metadata options" description={<>How the <GlossaryTerm term="IMDS">instance metadata service</GlossaryTerm> answers applications on this instance: with <GlossaryTerm term="HttpTokens">HttpTokens</GlossaryTerm> required, only <GlossaryTerm term="IMDSv2">IMDSv2</GlossaryTerm> requests get an answer.</>}>
          <KeyValues
            items={[
              { label: "HttpTokens", value: <span className="flex items-center gap-2"><span className="font-mono">{md.httpTokens}</span><Badge tone={md.httpTokens === "required" ? "green" : "amber"}>{md.httpTokens === "required" ? "IMDSv2 only" : "IMDSv1 allowed"}</Badge></span> },
              { label: "HttpEndpoint", value: <span className="flex items-center gap-2"><span className="font-mono">{md.httpEndpoint}</span>{md.httpEndpoint === "disabled" && <Badge tone="amber">metadata unreachable</Badge>}</span> },
              { label: "HttpPutResponseHopLimit", value: <span className="font-mono">{md.hopLimit}</span> },
            ]}
          />
        </Section>
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
      </div>
    </>
  );
}
