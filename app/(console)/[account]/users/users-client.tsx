"use client";

import { DataTable } from "@/components/data-table";
import { useAreaList } from "@/components/area-query";
import { Badge, EmptyState, TextLink } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"users">;

export function UsersClient({ account }: { account: string }) {
  const { data } = useAreaList<Row>(account, "users");
  return (
    <DataTable
      rows={data}
      rowKey={(r) => r.id}
      noun={{ one: "user", many: "users" }}
      searchText={(r) => `${r.name} ${r.groups.join(" ")}`}
      empty={<EmptyState title="No IAM users in this account" />}
      columns={[
        { header: "User", cell: (r) => <TextLink href={`/${account}/users/${encodeURIComponent(r.name)}`}>{r.name}</TextLink> },
        { header: "Groups", cell: (r) => (r.groups.length ? <span className="flex flex-wrap gap-1">{r.groups.map((g) => <Badge key={g}>{g}</Badge>)}</span> : <span className="text-slate-500">none</span>) },
        { header: "Own policies", cell: (r) => r.policyCount, className: "text-right tabular-nums" },
        { header: "ARN", cell: (r) => <span className="font-mono text-xs text-slate-500">{r.arn}</span> },
      ]}
    />
  );
}
