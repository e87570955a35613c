import type { Metadata } from "next";
import { IfAllowed } from "@/components/console-permissions";
import { AreaPage } from "@/app/server/area-page";
import { EcsTasksClient } from "./ecs-tasks-client";
import { RunTaskForm } from "./run-task-form";
import { loadDetail } from "@/app/server/load-detail";
import { listActingChoices } from "@/lib/compute/acting-principals";
import { Section } from "@/components/ui";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "ECS tasks" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const data = await loadDetail(account, async (db) => ({
    choices: await listActingChoices(db, account),
    clusters: (await db.ecsCluster.findMany({ where: { accountId: account }, orderBy: { name: "asc" } })).map((c) => c.name),
    roles: (await db.role.findMany({ where: { accountId: account }, orderBy: { nameKey: "asc" } })).map((r) => r.name),
  }));
  return (
    <AreaPage account={account} area="ecs-tasks" kind="ECS" title="ECS tasks" subtitle="Tasks with their own task role and execution role, apart from the container instances' role.">
      <EcsTasksClient account={account} />
      <div className="mt-6" />
      <Section id="run-task" title="Run a task" description="The task's containers act with the task role you pass — which needs iam:PassRole with iam:PassedToService = ecs-tasks.amazonaws.com.">
        <IfAllowed permission="edit" note="Running tasks needs an editor's console role">
          <RunTaskForm account={account} clusters={data.clusters} roles={data.roles} choices={data.choices} />
        </IfAllowed>
      </Section>
    </AreaPage>
  );
}
