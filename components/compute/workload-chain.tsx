import { FlowDiagram, type FlowColumn } from "@/components/flow-diagram";
import { Badge, stateTone } from "@/components/ui";
import type { Workload } from "@/lib/compute/workload-permissions";

/**
 * The chain from the compute to the permissions: instance → profile → role → policies (or task →
 * task role → policies), with the trust decision that lets the service hand out credentials.
 */
export function WorkloadChain({ account, workload }: { account: string; workload: Workload }) {
  const roleHref = workload.role ? `/${account}/roles/${encodeURIComponent(workload.role.name)}` : undefined;
  const columns: FlowColumn[] = [
    { title: workload.kind === "instance" ? "EC2 instance" : "ECS task", nodes: [{ label: workload.name, sublabel: `${workload.id.slice(0, 19)} · ${workload.state.toLowerCase()}`, tone: stateTone(workload.state) }] },
  ];
  if (workload.kind === "instance") {
    columns.push({ title: "Instance profile", nodes: workload.profile ? [{ label: workload.profile.name, sublabel: "associated", href: `/${account}/instance-profiles/${encodeURIComponent(workload.profile.name)}` }] : [], empty: "none associated" });
  }
  columns.push({
    title: workload.kind === "instance" ? "Role (via trust)" : "Task role (via trust)",
    nodes: workload.role
      ? [{ label: workload.role.name, sublabel: workload.trust?.allowed ? `trusts ${workload.service}` : `does not trust ${workload.service}`, tone: workload.trust?.allowed ? "indigo" : "red", href: roleHref }]
      : [],
    empty: "no role",
  });
  columns.push({
    title: "Permission policies",
    nodes: workload.policies.map((p) => ({ label: p.name.replace(/^arn:aws:iam::(aws|\d{12}):policy\//, "").replace(/^[^/]+\//, ""), sublabel: p.kind === "identity" ? (p.name.startsWith("arn:aws:iam::aws:") ? "AWS managed" : p.name.startsWith("arn:") ? "customer managed" : "inline") : p.kind, tone: p.kind === "boundary" ? "amber" : "slate" })),
    empty: workload.role ? "no policies: nothing allowed" : "—",
  });
  return (
    <div className="space-y-3">
      <FlowDiagram label={`How ${workload.name} gets its permissions`} columns={columns} />
      {workload.trust && (
        <div className={`flex flex-wrap items-start gap-2 rounded-md px-3 py-2 text-sm ${workload.trust.allowed ? "bg-emerald-50 text-emerald-900" : "bg-rose-50 text-rose-900"}`} data-testid="trust-verdict">
          <Badge tone={workload.trust.allowed ? "green" : "red"}>{workload.trust.allowed ? "Trust allows" : "AssumeRoleUnauthorizedAccess"}</Badge>
          <span>
            {workload.trust.allowed ? workload.trust.summary : `${workload.noCredentialsReason} ${workload.trust.summary}`}
            {workload.sessionArn && <> Applications get temporary credentials as <code className="font-mono text-[12px]">{workload.sessionArn}</code>.</>}
          </span>
        </div>
      )}
      {!workload.role && <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{workload.noCredentialsReason}</p>}
    </div>
  );
}
