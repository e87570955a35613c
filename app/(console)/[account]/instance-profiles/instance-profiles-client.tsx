"use client";

import { DataTable } from "@/components/data-table";
import { useAreaList } from "@/components/area-query";
import { EmptyState, TextLink } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"instance-profiles">;

export function InstanceProfilesClient({ account }: { account: string }) {
  const { data } = useAreaList<Row>(account, "instance-profiles");
  return (
    <DataTable
      rows={data}
      rowKey={(r) => r.id}
      noun={{ one: "instance profile", many: "instance profiles" }}
      searchText={(r) => `${r.name} ${r.roleName ?? ""}`}
      empty={<EmptyState title="No instance profiles in this account">An instance profile carries one role to EC2 instances.</EmptyState>}
      columns={[
        { header: "Instance profile", cell: (r) => <TextLink href={`/${account}/instance-profiles/${encodeURIComponent(r.name)}`}>{r.name}</TextLink> },
        { header: "Role", cell: (r) => (r.roleName ? <TextLink href={`/${account}/roles/${encodeURIComponent(r.roleName)}`}>{r.roleName}</TextLink> : <span className="text-amber-700">no role — instances get no credentials</span>) },
        { header: "Instances", cell: (r) => r.instanceCount, className: "text-right tabular-nums" },
        { header: "ARN", cell: (r) => <span className="font-mono text-xs text-slate-500">{r.arn}</span> },
      ]}
    />
  );
}
