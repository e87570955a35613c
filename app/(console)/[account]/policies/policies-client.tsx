"use client";

import { DataTable } from "@/components/data-table";
import { useAreaPage } from "@/components/area-query";
import { policyListSpec, type AreaListQuery } from "@/lib/lists/list-specs";
import Link from "@/components/workspace-link";
import { Badge, EmptyState, TextLink } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"policies">;

export function PoliciesClient({ account, query }: { account: string; query: AreaListQuery<"policies"> }) {
  const { data } = useAreaPage<Row>(account, "policies", query);
  return (
    <>
    <div className="-mt-3 mb-4 flex justify-end">
      <Link href={`/${account}/policies/new`} className="rounded-md bg-indigo-600 px-3.5 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500">Create policy</Link>
    </div>
    <DataTable
      basePath={`/${account}/policies`}
      spec={policyListSpec}
      query={query}
      page={data}
      rowKey={(r) => r.arn}
      empty={<EmptyState title="No managed policies in this account">Create a customer-managed policy, or attach an AWS-managed one to a role.</EmptyState>}
      columns={[
        { header: "Policy", sort: "name", cell: (r) => <div><TextLink href={`/${account}/policies/${encodeURIComponent(r.arn)}`}>{r.name}</TextLink>{r.description && <p className="mt-0.5 max-w-md truncate text-xs text-slate-500">{r.description}</p>}</div> },
        { header: "Type", cell: (r) => <Badge tone={r.kind === "aws" ? "amber" : "indigo"}>{r.kind === "aws" ? "AWS managed" : "Customer managed"}</Badge> },
        { header: "Attached to", sort: "attachments", cell: (r) => (r.attachmentCount ? `${r.attachmentCount} ${r.attachmentCount === 1 ? "entity" : "entities"}` : <span className="text-slate-500">nothing</span>) },
        { header: "Versions", cell: (r) => (r.kind === "customer" ? `${r.versionCount} (default ${r.defaultVersionId})` : r.defaultVersionId), className: "tabular-nums" },
      ]}
    />
    </>
  );
}
