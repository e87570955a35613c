"use client";

import { DataTable } from "@/components/data-table";
import { formatDate } from "@/components/format";
import { useAreaPage } from "@/components/area-query";
import { ecsTaskListSpec, type AreaListQuery } from "@/lib/lists/list-specs";
import { Badge, EmptyState, TextLink, stateTone } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"ecs-tasks">;

function RoleLink({ account, name }: { account: string; name: string | null }) {
  return name ? <TextLink href={`/${account}/roles/${encodeURIComponent(name)}`}>{name}</TextLink> : <span className="text-slate-500">none</span>;
}

export function EcsTasksClient({ account, query }: { account: string; query: AreaListQuery<"ecs-tasks"> }) {
  const { data } = useAreaPage<Row>(account, "ecs-tasks", query);
  return (
    <DataTable
      basePath={`/${account}/ecs-tasks`}
      spec={ecsTaskListSpec}
      query={query}
      page={data}
      rowKey={(r) => r.id}
      empty={<EmptyState title="No ECS tasks in this account" />}
      columns={[
        { header: "Task", sort: "definition", cell: (r) => <div><TextLink href={`/${account}/ecs-tasks/${r.id}`}>{r.taskDefinition}</TextLink><p className="font-mono text-xs text-slate-500">{r.id.slice(0, 12)}…</p></div> },
        { header: "Cluster", cell: (r) => r.cluster },
        { header: "Status", sort: "status", cell: (r) => <Badge tone={stateTone(r.lastStatus)}>{r.lastStatus}</Badge> },
        { header: "Task role", cell: (r) => <RoleLink account={account} name={r.taskRoleName} /> },
        { header: "Execution role", cell: (r) => <RoleLink account={account} name={r.executionRoleName} /> },
        { header: "Instance role", cell: (r) => <RoleLink account={account} name={r.instanceRoleName} /> },
        { header: "Started", sort: "created", cell: (r) => <span className="whitespace-nowrap text-xs tabular-nums text-slate-600">{formatDate(r.createdAt)}</span> },
      ]}
    />
  );
}
