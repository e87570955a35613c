"use client";

import { DataTable } from "@/components/data-table";
import { useAreaList } from "@/components/area-query";
import { Badge, EmptyState, TextLink } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"buckets">;

export function BucketsClient({ account }: { account: string }) {
  const { data } = useAreaList<Row>(account, "buckets");
  return (
    <DataTable
      rows={data}
      rowKey={(r) => r.name}
      noun={{ one: "bucket", many: "buckets" }}
      searchText={(r) => `${r.name} ${r.region}`}
      empty={<EmptyState title="No buckets in this account" />}
      columns={[
        { header: "Bucket", cell: (r) => <TextLink href={`/${account}/buckets/${encodeURIComponent(r.name)}`}>{r.name}</TextLink> },
        { header: "Region", cell: (r) => r.region },
        { header: "Bucket policy", cell: (r) => (r.hasPolicy ? <Badge tone="indigo">has policy</Badge> : <span className="text-slate-500">none</span>) },
        { header: "ARN", cell: (r) => <span className="font-mono text-xs text-slate-500">{r.arn}</span> },
      ]}
    />
  );
}
