import type { Metadata } from "next";
import { IfAllowed } from "@/components/console-permissions";
import { AreaPage } from "@/app/server/area-page";
import { EcsTasksClient } from "./ecs-tasks-client";
import { RunTaskForm } from "./run-task-form";
import { loadDetail } from "@/app/server/load-detail";
import { startPicker } from "@/lib/lists/choices";
import { Section } from "@/components/ui";
import { requireAccountAccess } from "@/app/server/account-access";
import { readListQuery, type SearchParamsInput } from "@/lib/lists/list-query";
import { ecsTaskListSpec } from "@/lib/lists/list-specs";

export const metadata: Metadata = { title: "ECS tasks" };

export default async function Page({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<SearchParamsInput> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const query = readListQuery(ecsTaskListSpec, await searchParams);
  const data = await loadDetail(account, async (db) => ({
    principals: await startPicker(db, account, "principals"),
    clusters: (await db.ecsCluster.findMany({ where: { accountId: account }, orderBy: { name: "asc" }, select: { name: true } })).map((c) => c.name),
    roles: await startPicker(db, account, "roles"),
  }));
  return (
    <AreaPage account={account} area="ecs-tasks" query={query} kind="ECS" title="ECS tasks" subtitle="Tasks with their own task role and execution role, apart from the container instances' role.">
      <EcsTasksClient account={account} query={query} />
      <div className="mt-6" />
      <Section id="run-task" title="Run a task" description="The task's containers act with the task role you pass — which needs iam:PassRole with iam:PassedToService = ecs-tasks.amazonaws.com.">
        <IfAllowed permission="edit" note="Running tasks needs an editor's console role">
          <RunTaskForm account={account} clusters={data.clusters} roles={data.roles} principals={data.principals} />
        </IfAllowed>
      </Section>
    </AreaPage>
  );
}
