"use client";

import { DataTable } from "@/components/data-table";
import { formatDate } from "@/components/format";
import { useAreaPage } from "@/components/area-query";
import { groupListSpec, type AreaListQuery } from "@/lib/lists/list-specs";
import { EmptyState, TextLink } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"groups">;

export function GroupsClient({ account, query }: { account: string; query: AreaListQuery<"groups"> }) {
  const { data } = useAreaPage<Row>(account, "groups", query);
  return (
    <DataTable
      basePath={`/${account}/groups`}
      spec={groupListSpec}
      query={query}
      page={data}
      rowKey={(r) => r.id}
      empty={<EmptyState title="No groups in this account" />}
      columns={[
        { header: "Group", sort: "name", cell: (r) => <TextLink href={`/${account}/groups/${encodeURIComponent(r.name)}`}>{r.name}</TextLink> },
        { header: "Members", sort: "members", cell: (r) => r.memberCount, className: "text-right tabular-nums" },
        { header: "Policies", cell: (r) => r.policyCount, className: "text-right tabular-nums" },
        { header: "ARN", cell: (r) => <span className="font-mono text-xs text-slate-500">{r.arn}</span> },
        { header: "Created", sort: "created", cell: (r) => <span className="whitespace-nowrap text-xs tabular-nums text-slate-600">{formatDate(r.createdAt)}</span> },
      ]}
    />
  );
}
