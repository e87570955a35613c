"use client";

import { DataTable } from "@/components/data-table";
import { formatDate } from "@/components/format";
import { useAreaPage } from "@/components/area-query";
import { instanceProfileListSpec, type AreaListQuery } from "@/lib/lists/list-specs";
import { EmptyState, TextLink } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"instance-profiles">;

export function InstanceProfilesClient({ account, query }: { account: string; query: AreaListQuery<"instance-profiles"> }) {
  const { data } = useAreaPage<Row>(account, "instance-profiles", query);
  return (
    <DataTable
      basePath={`/${account}/instance-profiles`}
      spec={instanceProfileListSpec}
      query={query}
      page={data}
      rowKey={(r) => r.id}
      empty={<EmptyState title="No instance profiles in this account">An instance profile carries one role to EC2 instances.</EmptyState>}
      columns={[
        { header: "Instance profile", sort: "name", cell: (r) => <TextLink href={`/${account}/instance-profiles/${encodeURIComponent(r.name)}`}>{r.name}</TextLink> },
        { header: "Role", sort: "role", cell: (r) => (r.roleName ? <TextLink href={`/${account}/roles/${encodeURIComponent(r.roleName)}`}>{r.roleName}</TextLink> : <span className="text-amber-700">no role — instances get no credentials</span>) },
        { header: "Instances", cell: (r) => r.instanceCount, className: "text-right tabular-nums" },
        { header: "ARN", cell: (r) => <span className="font-mono text-xs text-slate-500">{r.arn}</span> },
        { header: "Created", sort: "created", cell: (r) => <span className="whitespace-nowrap text-xs tabular-nums text-slate-600">{formatDate(r.createdAt)}</span> },
      ]}
    />
  );
}
