"use client";

import { DataTable } from "@/components/data-table";
import { useAreaList } from "@/components/area-query";
import Link from "next/link";
import { Badge, EmptyState, TextLink } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"policies">;

export function PoliciesClient({ account }: { account: string }) {
  const { data } = useAreaList<Row>(account, "policies");
  return (
    <>
    <div className="-mt-3 mb-4 flex justify-end">
      <Link href={`/${account}/policies/new`} className="rounded-md bg-indigo-600 px-3.5 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500">Create policy</Link>
    </div>
    <DataTable
      rows={data}
      rowKey={(r) => r.arn}
      noun={{ one: "policy", many: "policies" }}
      searchText={(r) => `${r.name} ${r.description} ${r.kind === "aws" ? "aws managed" : "customer managed"}`}
      empty={<EmptyState title="No managed policies in this account">Create a customer-managed policy, or attach an AWS-managed one to a role.</EmptyState>}
      columns={[
        { header: "Policy", cell: (r) => <div><TextLink href={`/${account}/policies/${encodeURIComponent(r.arn)}`}>{r.name}</TextLink>{r.description && <p className="mt-0.5 max-w-md truncate text-xs text-slate-500">{r.description}</p>}</div> },
        { header: "Type", cell: (r) => <Badge tone={r.kind === "aws" ? "amber" : "indigo"}>{r.kind === "aws" ? "AWS managed" : "Customer managed"}</Badge> },
        { header: "Attached to", cell: (r) => (r.attachmentCount ? `${r.attachmentCount} ${r.attachmentCount === 1 ? "entity" : "entities"}` : <span className="text-slate-500">nothing</span>) },
        { header: "Versions", cell: (r) => (r.kind === "customer" ? `${r.versionCount} (default ${r.defaultVersionId})` : r.defaultVersionId), className: "tabular-nums" },
      ]}
    />
    </>
  );
}
