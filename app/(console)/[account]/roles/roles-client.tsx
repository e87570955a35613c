"use client";

import { DataTable } from "@/components/data-table";
import { formatDate } from "@/components/format";
import { useAreaPage } from "@/components/area-query";
import Link from "@/components/workspace-link";
import { Badge, EmptyState, TextLink } from "@/components/ui";
import { roleListSpec, type AreaListQuery } from "@/lib/lists/list-specs";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"roles">;

export function RolesClient({ account, query }: { account: string; query: AreaListQuery<"roles"> }) {
  const { data } = useAreaPage<Row>(account, "roles", query);
  return (
    <>
    <div className="-mt-3 mb-4 flex justify-end">
      <Link href={`/${account}/roles/new`} className="rounded-md bg-indigo-600 px-3.5 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500">Create role</Link>
    </div>
    <DataTable
      basePath={`/${account}/roles`}
      spec={roleListSpec}
      query={query}
      page={data}
      rowKey={(r) => r.id}
      empty={<EmptyState title="No roles in this account">Roles appear here when created in the designer, imported, or seeded.</EmptyState>}
      columns={[
        { header: "Role", sort: "name", cell: (r) => <div><TextLink href={`/${account}/roles/${encodeURIComponent(r.name)}`}>{r.name}</TextLink>{r.description && <p title={r.description} className="mt-0.5 line-clamp-2 max-w-md text-xs text-slate-500">{r.description}</p>}</div> },
        {
          header: "Trusted entities",
          cell: (r) => (
            <span className="flex flex-wrap gap-1">
              {r.trustedServices.map((s) => <Badge key={s} tone="sky"><span className="whitespace-nowrap">{s}</span></Badge>)}
              {r.trustedAws.map((p) => <Badge key={p} tone="amber" title={p}>{p === "*" ? "anyone (*)" : p.split(":").slice(4).join(":") || p}</Badge>)}
              {!r.trustedServices.length && !r.trustedAws.length && <span className="text-slate-500">nobody</span>}
            </span>
          ),
        },
        { header: "Policies", sort: "policies", cell: (r) => r.policyCount, className: "text-right tabular-nums" },
        { header: "Instance profiles", sort: "profiles", cell: (r) => (r.instanceProfileCount ? r.instanceProfileCount : <span className="text-slate-500">—</span>), className: "text-right tabular-nums" },
        { header: "ECS tasks", cell: (r) => (r.taskCount ? r.taskCount : <span className="text-slate-500">—</span>), className: "text-right tabular-nums" },
        { header: "Created", sort: "created", cell: (r) => <span className="whitespace-nowrap text-xs tabular-nums text-slate-600">{formatDate(r.createdAt)}</span> },
      ]}
    />
    </>
  );
}
