import type { Metadata } from "next";
import { getTaskDetail } from "@/lib/compute/ecs";
import { loadDetail } from "@/app/server/load-detail";
import { Breadcrumb } from "@/components/breadcrumb";
import { FlowDiagram } from "@/components/flow-diagram";
import { Badge, EmptyState, KeyValues, PageHeader, Section, stateTone } from "@/components/ui";
import { formatDate } from "@/components/format";
import { accountClockNow } from "@/lib/creds/workspace-clock";
import { askWorkload, summarizeRoleByArn, summarizeWorkload, workloadAccessMatrix } from "@/lib/compute/workload-permissions";
import { WorkloadChain } from "@/components/compute/workload-chain";
import { PermissionSummary } from "@/components/compute/permission-summary";
import { AccessMatrixPanel } from "@/components/compute/access-matrix-panel";
import { AskWorkloadBox } from "@/components/compute/ask-workload-box";
import { requireAccountAccess } from "@/app/server/account-access";

type Params = { account: string; id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Task ${(await params).id.slice(0, 8)}` };
}

export default async function TaskPage({ params }: { params: Promise<Params> }) {
  const { account, id } = await params;
  await requireAccountAccess(account, "read");
  const task = await loadDetail(account, (db) => getTaskDetail(db, account, id));
  const workloadRef = { kind: "task" as const, accountId: account, taskId: task.id };
  const extra = await loadDetail(account, async (db) => {
    const now = await accountClockNow(db, account, new Date());
    const { workload, summary } = await summarizeWorkload(db, workloadRef, now);
    const matrix = await workloadAccessMatrix(db, workloadRef, now, {
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "ecs:RegisterContainerInstance", "ecr:GetAuthorizationToken", "logs:PutLogEvents"],
      resources: ["arn:aws:s3:::amzn-s3-demo-bucket-photos/originals/*", "arn:aws:s3:::amzn-s3-demo-bucket-photos/thumbnails/*", "*"],
    });
    const instanceSummary = workload.instanceRole ? await summarizeRoleByArn(db, workload.instanceRole.arn) : null;
    const examples = [{ action: "s3:PutObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/thumbnails/cat.jpg" }, { action: "s3:PutObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/originals/cat.jpg" }, { action: "ecs:RegisterContainerInstance", resource: "*" }];
    const firstAnswer = workload.role ? await askWorkload(db, workloadRef, examples[0], now) : null;
    return { workload, summary, matrix, instanceSummary, examples, firstAnswer };
  });
  const roleNode = (role: { name: string } | null, sublabel: string, tone: "indigo" | "slate") =>
    role ? [{ label: role.name, sublabel, tone, href: `/${account}/roles/${encodeURIComponent(role.name)}` }] : [];
  return (
    <>
      <Breadcrumb parent="ECS tasks" href={`/${account}/ecs-tasks`} current={task.taskDefinition} />
      <PageHeader kind="ECS task" title={task.taskDefinition} subtitle={<span className="flex items-center gap-2"><span className="font-mono text-xs">{task.id}</span><Badge tone={stateTone(task.lastStatus)}>{task.lastStatus}</Badge></span>} />
      <Section id="roles" title="Roles around this task" description="The task's containers get the task role's credentials, not the instance's: least privilege per task.">
        <FlowDiagram
          label={`Task ${task.id}: task role, execution role and instance role`}
          columns={[
            { title: "Task role (the app's identity)", nodes: roleNode(task.taskRole, "credentials for the containers", "indigo"), empty: "no task role" },
            { title: "Task", nodes: [{ label: task.taskDefinition, sublabel: `in ${task.cluster.name}`, tone: stateTone(task.lastStatus) }] },
            { title: "Execution role (ECS agent)", nodes: roleNode(task.executionRole, "pulls images, writes logs", "slate"), empty: "no execution role" },
            { title: "Container instances' role", nodes: task.instanceProfile ? roleNode(task.instanceProfile.role, `via ${task.instanceProfile.name}`, "slate") : [], empty: "Fargate or none" },
          ]}
        />
      </Section>
      <Section id="identity" title="Who the application in this task is" description="ECS assumes the task role for the task's containers — if the role's trust policy lets ecs-tasks.amazonaws.com assume it — and serves the credentials at the container credentials endpoint.">
        <WorkloadChain account={account} workload={extra.workload} />
      </Section>
      <Section id="effective" title="What the application in this task can do" description={extra.workload.role ? `The permissions of the task role ${extra.workload.role.name}, read live.` : "No task role: the containers get no credentials."}>
        {extra.summary ? (
          <div className="space-y-6">
            {extra.workload.noCredentialsReason && <p className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">{extra.workload.noCredentialsReason} Below: what the role would allow if ECS could assume it.</p>}
            {/* One above the other: side by side, each table of six columns would be cut at 1280 px. */}
            <div className="grid gap-4">
              <div className="rounded-lg border border-indigo-200 bg-indigo-50/40 p-4">
                <h3 className="mb-2 text-sm font-semibold text-slate-900">Task role {extra.workload.role?.name} <span className="font-normal text-slate-500">— what the app uses</span></h3>
                <PermissionSummary summary={extra.summary} label={`Permissions of ${extra.workload.role?.name}`} />
              </div>
              {extra.instanceSummary && extra.workload.instanceRole && (
                <div className="rounded-lg border border-slate-200 bg-slate-50 p-4">
                  <h3 className="mb-2 text-sm font-semibold text-slate-900">Container instances&apos; role {extra.workload.instanceRole.name} <span className="font-normal text-slate-500">— not the app&apos;s</span></h3>
                  <PermissionSummary summary={extra.instanceSummary} label={`Permissions of ${extra.workload.instanceRole.name}`} />
                  <p className="mt-2 text-xs text-slate-500">The ECS agent on the instances uses it (via {extra.workload.instanceRole.profile}); the task&apos;s containers do not.</p>
                </div>
              )}
            </div>
            <div>
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Access matrix</h3>
              <AccessMatrixPanel workload={workloadRef} initial={extra.matrix} />
            </div>
            <div>
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Ask</h3>
              <AskWorkloadBox workload={workloadRef} subject={`the application in task ${task.taskDefinition}`} examples={extra.examples} initial={extra.firstAnswer} />
            </div>
          </div>
        ) : (
          <EmptyState title="No task role, no credentials" />
        )}
      </Section>
      <Section id="details" title="Details">
        <KeyValues
          items={[
            { label: "Task ARN", value: task.arn, mono: true },
            { label: "Cluster", value: task.cluster.arn, mono: true },
            { label: "Launch type", value: task.launchType },
            { label: "Started by", value: task.startedBy, mono: true },
            { label: "Created", value: formatDate(task.createdAt) },
          ]}
        />
      </Section>
    </>
  );
}
