"use client";

import { DataTable } from "@/components/data-table";
import { formatDate } from "@/components/format";
import { useAreaPage } from "@/components/area-query";
import { bucketListSpec, type AreaListQuery } from "@/lib/lists/list-specs";
import { Badge, EmptyState, TextLink } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"buckets">;

export function BucketsClient({ account, query }: { account: string; query: AreaListQuery<"buckets"> }) {
  const { data } = useAreaPage<Row>(account, "buckets", query);
  return (
    <DataTable
      basePath={`/${account}/buckets`}
      spec={bucketListSpec}
      query={query}
      page={data}
      rowKey={(r) => r.name}
      empty={<EmptyState title="No buckets in this account" />}
      columns={[
        { header: "Bucket", sort: "name", cell: (r) => <TextLink href={`/${account}/buckets/${encodeURIComponent(r.name)}`}>{r.name}</TextLink> },
        { header: "Region", sort: "region", cell: (r) => r.region },
        { header: "Bucket policy", cell: (r) => (r.hasPolicy ? <Badge tone="indigo">has policy</Badge> : <span className="text-slate-500">none</span>) },
        { header: "ARN", cell: (r) => <span className="font-mono text-xs text-slate-500">{r.arn}</span> },
        { header: "Created", sort: "created", cell: (r) => <span className="whitespace-nowrap text-xs tabular-nums text-slate-600">{formatDate(r.createdAt)}</span> },
      ]}
    />
  );
}
