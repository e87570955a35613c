import type { Metadata } from "next";
import { AreaPage } from "@/app/server/area-page";
import { EcsTasksClient } from "./ecs-tasks-client";

export const metadata: Metadata = { title: "ECS tasks" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  return (
    <AreaPage account={account} area="ecs-tasks" kind="ECS" title="ECS tasks" subtitle="Tasks with their own task role and execution role, apart from the container instances' role.">
      <EcsTasksClient account={account} />
    </AreaPage>
  );
}
