import type { Metadata } from "next";
import { getTaskDetail } from "@/lib/compute/ecs";
import { loadDetail } from "@/app/server/load-detail";
import { Breadcrumb } from "@/components/breadcrumb";
import { FlowDiagram } from "@/components/flow-diagram";
import { Badge, KeyValues, PageHeader, Section, stateTone } from "@/components/ui";
import { formatDate } from "@/components/format";

type Params = { account: string; id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Task ${(await params).id.slice(0, 8)}` };
}

export default async function TaskPage({ params }: { params: Promise<Params> }) {
  const { account, id } = await params;
  const task = await loadDetail((db) => getTaskDetail(db, account, id));
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
