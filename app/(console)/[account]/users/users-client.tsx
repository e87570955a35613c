"use client";

import { DataTable } from "@/components/data-table";
import { formatDate } from "@/components/format";
import { useAreaPage } from "@/components/area-query";
import { userListSpec, type AreaListQuery } from "@/lib/lists/list-specs";
import { Badge, EmptyState, TextLink } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"users">;

export function UsersClient({ account, query }: { account: string; query: AreaListQuery<"users"> }) {
  const { data } = useAreaPage<Row>(account, "users", query);
  return (
    <DataTable
      basePath={`/${account}/users`}
      spec={userListSpec}
      query={query}
      page={data}
      rowKey={(r) => r.id}
      empty={<EmptyState title="No IAM users in this account" />}
      columns={[
        { header: "User", sort: "name", cell: (r) => <TextLink href={`/${account}/users/${encodeURIComponent(r.name)}`}>{r.name}</TextLink> },
        { header: "Groups", sort: "groups", cell: (r) => (r.groups.length ? <span className="flex flex-wrap gap-1">{r.groups.map((g) => <Badge key={g}>{g}</Badge>)}</span> : <span className="text-slate-500">none</span>) },
        { header: "Own policies", cell: (r) => r.policyCount, className: "text-right tabular-nums" },
        { header: "ARN", cell: (r) => <span className="font-mono text-xs text-slate-500">{r.arn}</span> },
        { header: "Created", sort: "created", cell: (r) => <span className="whitespace-nowrap text-xs tabular-nums text-slate-600">{formatDate(r.createdAt)}</span> },
      ]}
    />
  );
}
