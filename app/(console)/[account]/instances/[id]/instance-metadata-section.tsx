import { GlossaryTerm } from "@/components/glossary-term";
import { loadDetail } from "@/app/server/load-detail";
import { describeInstanceMetadata, type PathAnswer } from "@/lib/imds/metadata-browser";
import { endpointRunCommands, endpointWorkspaceFor, exampleBucketFor, nonDefaultDatabaseUrl } from "@/lib/api/run-commands";
import { CopyButton } from "@/components/api/copy-button";
import { nameTag } from "@/lib/iam/tags";
import Link from "@/components/workspace-link";
import type { TimelineSet } from "@/lib/creds/rotation";
import type { WorkloadCredentials } from "@/lib/creds/credential-state";
import { Badge, EmptyState, Section, type Tone } from "@/components/ui";
import { formatDate } from "@/components/format";
import { ClockControls } from "@/components/compute/clock-controls";

function statusTone(status: number): Tone {
  return status === 200 ? "green" : status === 404 || status === 0 ? "slate" : "red";
}

function Answer({ label, answer }: { label: string; answer: PathAnswer }) {
  return (
    <div className="min-w-0">
      <p className="flex items-center gap-2 text-xs text-slate-500">
        {label} <Badge tone={statusTone(answer.status)}>{answer.status || "no answer"}</Badge>
        {answer.note && <span>{answer.note}</span>}
      </p>
      {answer.body !== null && <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs text-slate-800">{answer.body}</pre>}
    </div>
  );
}

const stateTone: Record<TimelineSet["state"], Tone> = { served: "green", valid: "sky", expired: "slate", revoked: "red", upcoming: "indigo" };

function Timeline({ credentials, now, roleName }: { credentials: WorkloadCredentials; now: string; roleName: string | null }) {
  const sets = credentials.timeline;
  if (credentials.state === "none") return <EmptyState title="No credentials">The instance has no role, so the metadata service has no credentials to serve.</EmptyState>;
  if (credentials.state === "AssumeRoleUnauthorizedAccess" && !sets.length) {
    return <EmptyState title="No credentials: the trust policy refuses EC2">The metadata service answers AssumeRoleUnauthorizedAccess until {roleName}&apos;s trust policy lets ec2.amazonaws.com assume it.</EmptyState>;
  }
  if (!sets.length) {
    return (
      <EmptyState title="No application has asked yet">
        Nothing is issued until an application on the instance asks the metadata service for {roleName}&apos;s credentials; the first request gets a 6-hour set, and a new one follows each time less than 60 minutes remain.
      </EmptyState>
    );
  }
  const start = Math.min(...sets.map((s) => Date.parse(s.issuedAt)), Date.parse(now));
  const end = Math.max(...sets.map((s) => Date.parse(s.expiresAt)));
  const pct = (iso: string) => ((Date.parse(iso) - start) / (end - start)) * 100;
  return (
    <div>
      <div className="relative space-y-2" role="list" aria-label="Credential sets on the workspace clock">
        <div className="pointer-events-none absolute inset-y-0 w-px bg-rose-500" style={{ left: `${pct(now)}%` }} aria-hidden="true" />
        {sets.map((s, i) => (
          <div key={`${s.kind}-${s.accessKeyId ?? i}`} role="listitem" className="relative h-7">
            <div
              className={`absolute inset-y-0 flex items-center overflow-hidden rounded px-2 text-xs ${s.kind === "projected" ? "border border-dashed border-indigo-300 bg-indigo-50/60 text-indigo-700" : s.state === "served" ? "bg-emerald-100 text-emerald-900" : s.state === "revoked" ? "bg-rose-100 text-rose-900" : "bg-slate-100 text-slate-700"}`}
              style={{ left: `${pct(s.issuedAt)}%`, width: `${Math.max(pct(s.expiresAt) - pct(s.issuedAt), 1)}%` }}
              title={`${s.accessKeyId ?? "next set"}: ${formatDate(s.issuedAt)} → ${formatDate(s.expiresAt)}`}
            >
              <span className="truncate font-mono">{s.accessKeyId ?? "next set"}</span>
            </div>
            <div className="absolute inset-y-0 w-0.5 bg-amber-500" style={{ left: `${pct(s.rotatesAt)}%` }} title={`rotation point ${formatDate(s.rotatesAt)}`} aria-hidden="true" />
          </div>
        ))}
      </div>
      <p className="mt-2 flex flex-wrap gap-4 text-xs text-slate-500">
        <span><span className="mr-1 inline-block h-2 w-2 bg-rose-500" />now</span>
        <span><span className="mr-1 inline-block h-2 w-2 bg-amber-500" />rotation point (60 min before expiry)</span>
      </p>
      <table className="mt-4 w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr><th className="py-1 font-medium">Set</th><th className="py-1 font-medium">State</th><th className="py-1 font-medium">Issued</th><th className="py-1 font-medium">New set published</th><th className="py-1 font-medium">Expires</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sets.map((s, i) => (
            <tr key={`${s.kind}-${s.accessKeyId ?? i}`}>
              <td className="py-1.5 font-mono text-xs">{s.accessKeyId ?? "(next set)"}</td>
              <td className="py-1.5"><Badge tone={stateTone[s.state]}>{s.state}</Badge></td>
              <td className="py-1.5">{formatDate(s.issuedAt)}</td>
              <td className="py-1.5">{formatDate(s.rotatesAt)}</td>
              <td className="py-1.5">{formatDate(s.expiresAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Commands({ lines, label }: { lines: string[]; label?: string }) {
  return (
    <div className="relative">
      <pre tabIndex={0} className="overflow-x-auto rounded-md bg-slate-900 p-3 pr-20 font-mono text-xs text-slate-100">{lines.join("\n")}</pre>
      {label && <span className="absolute right-2 top-2"><CopyButton text={lines.join("\n")} label={`Copy: ${label}`} /></span>}
    </div>
  );
}

/** The instance page's metadata browser, credential timeline and run commands. */
export async function InstanceMetadataSection({ account, instanceId }: { account: string; instanceId: string }) {
  const md = await loadDetail(account, (db) => describeInstanceMetadata(db, account, instanceId, new Date()));
  const [instance, workspace] = await loadDetail(account, (db) => Promise.all([db.instance.findUniqueOrThrow({ where: { id: instanceId }, select: { region: true, tags: true, accountId: true } }), endpointWorkspaceFor(db, account)]));
  // The example lists a bucket the application may list (the demo's photos for photos-app).
  const bucket = await loadDetail(account, (db) => exampleBucketFor(db, account, instanceId, new Date()));
  const run = endpointRunCommands({ instanceRef: nameTag(instance.tags) ?? instanceId, region: instance.region, bucket, databaseUrl: nonDefaultDatabaseUrl(), workspace });
  return (
    <>
      <Section id="imds" title="Metadata browser" description={<>What each <GlossaryTerm term="IMDS">instance metadata</GlossaryTerm> path answers right now, to an IMDSv1 request (no token) and to an <GlossaryTerm term="IMDSv2">IMDSv2</GlossaryTerm> request (with a session token).</>}>
        <p className="mb-3 text-sm text-slate-700" data-testid="token-rule">{md.tokenRule}</p>
        {md.trust && !md.trust.allowed && (
          <p role="status" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            The trust policy of role {md.roleName} does not let ec2.amazonaws.com call sts:AssumeRole, so the credentials path answers AssumeRoleUnauthorizedAccess instead of keys.
          </p>
        )}
        <ul className="divide-y divide-slate-100" aria-label="Instance metadata paths">
          {md.paths.map((p) => (
            <li key={p.path} className="py-2">
              <details>
                <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-sm">
                  <code className="font-mono text-[13px]">{p.path}</code>
                  <Badge tone={statusTone(p.v1.status)} title="IMDSv1: no token">v1 {p.v1.status || "—"}</Badge>
                  <Badge tone={statusTone(p.v2.status)} title="IMDSv2: with a token">v2 {p.v2.status || "—"}</Badge>
                  <span className="text-xs text-slate-500">{p.about}</span>
                </summary>
                <div className="mt-2 grid gap-3 md:grid-cols-2">
                  <Answer label="IMDSv1 (GET, no token)" answer={p.v1} />
                  <Answer label="IMDSv2 (GET with X-aws-ec2-metadata-token)" answer={p.v2} />
                </div>
              </details>
            </li>
          ))}
        </ul>
      </Section>
      <Section id="credential-timeline" title="Credential timeline" description="6-hour credential sets; a new set is published when less than 60 minutes remain, so clients refreshing on AWS's schedule never hold expired keys. Times are on the workspace clock." actions={<ClockControls accountId={account} clock={md.clock} />}>
        {md.credentials.state === "not-requested" && md.credentials.timeline.length > 0 && (
          <p role="status" className="mb-3 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900">No set is being served now: the next request from an application gets a new one.</p>
        )}
        <Timeline credentials={md.credentials} now={md.clock.now} roleName={md.roleName} />
      </Section>
      <Section id="run" title="Run your code on this instance" description="Serve this instance's metadata and the AWS-compatible endpoint locally: unmodified AWS CLI and SDK code gets the role's credentials as on EC2, and every call it makes (S3, EC2, IAM, STS) is decided by the evaluator as this instance's role and shows in the decision log.">
        <div className="space-y-3 text-sm">
          <p>1. Start the instance&apos;s metadata service and the endpoint (IAM, STS, EC2 and S3 on one port):</p>
          <Commands lines={run.start} label="start commands" />
          <p>2. Point your application at them and run it as usual:</p>
          <Commands lines={run.environment} label="environment" />
          <p>3. Try it with the AWS CLI v2 (it reads the same credentials from the metadata service):</p>
          <Commands lines={run.cli} label="AWS CLI commands" />
          <p>4. Or in code — S3 needs path-style addressing against a local endpoint:</p>
          <Commands lines={run.sdk} label="SDK example" />
          <p>5. Or look at the metadata service by hand (IMDSv2):</p>
          <Commands lines={md.commands.curl} label="curl commands" />
          <p className="text-xs text-slate-500">
            Each request appears in the <Link href={`/${account}/decisions`} className="font-medium text-indigo-700 hover:underline">Decision log</Link> with the statement that decided it. (For STS alone, <code className="font-mono">{md.commands.sts}</code> still works.)
          </p>
        </div>
      </Section>
    </>
  );
}
