"use client";

import { DataTable } from "@/components/data-table";
import { useAreaList } from "@/components/area-query";
import { EmptyState, TextLink } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"groups">;

export function GroupsClient({ account }: { account: string }) {
  const { data } = useAreaList<Row>(account, "groups");
  return (
    <DataTable
      rows={data}
      rowKey={(r) => r.id}
      noun={{ one: "group", many: "groups" }}
      searchText={(r) => r.name}
      empty={<EmptyState title="No groups in this account" />}
      columns={[
        { header: "Group", cell: (r) => <TextLink href={`/${account}/groups/${encodeURIComponent(r.name)}`}>{r.name}</TextLink> },
        { header: "Members", cell: (r) => r.memberCount, className: "text-right tabular-nums" },
        { header: "Policies", cell: (r) => r.policyCount, className: "text-right tabular-nums" },
        { header: "ARN", cell: (r) => <span className="font-mono text-xs text-slate-500">{r.arn}</span> },
      ]}
    />
  );
}
