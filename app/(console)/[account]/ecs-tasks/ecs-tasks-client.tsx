"use client";

import { DataTable } from "@/components/data-table";
import { useAreaList } from "@/components/area-query";
import { Badge, EmptyState, TextLink, stateTone } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"ecs-tasks">;

function RoleLink({ account, name }: { account: string; name: string | null }) {
  return name ? <TextLink href={`/${account}/roles/${encodeURIComponent(name)}`}>{name}</TextLink> : <span className="text-slate-500">none</span>;
}

export function EcsTasksClient({ account }: { account: string }) {
  const { data } = useAreaList<Row>(account, "ecs-tasks");
  return (
    <DataTable
      rows={data}
      rowKey={(r) => r.id}
      noun={{ one: "task", many: "tasks" }}
      searchText={(r) => `${r.taskDefinition} ${r.cluster} ${r.taskRoleName ?? ""} ${r.executionRoleName ?? ""} ${r.id}`}
      empty={<EmptyState title="No ECS tasks in this account" />}
      columns={[
        { header: "Task", cell: (r) => <div><TextLink href={`/${account}/ecs-tasks/${r.id}`}>{r.taskDefinition}</TextLink><p className="font-mono text-xs text-slate-500">{r.id.slice(0, 12)}…</p></div> },
        { header: "Cluster", cell: (r) => r.cluster },
        { header: "Status", cell: (r) => <Badge tone={stateTone(r.lastStatus)}>{r.lastStatus}</Badge> },
        { header: "Task role", cell: (r) => <RoleLink account={account} name={r.taskRoleName} /> },
        { header: "Execution role", cell: (r) => <RoleLink account={account} name={r.executionRoleName} /> },
        { header: "Instance role", cell: (r) => <RoleLink account={account} name={r.instanceRoleName} /> },
      ]}
    />
  );
}
