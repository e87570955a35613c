"use client";

import { DataTable } from "@/components/data-table";
import { formatDate } from "@/components/format";
import { useAreaPage } from "@/components/area-query";
import { instanceListSpec, type AreaListQuery } from "@/lib/lists/list-specs";
import { Badge, EmptyState, TextLink, stateTone } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"instances">;

export function InstancesClient({ account, query }: { account: string; query: AreaListQuery<"instances"> }) {
  const { data } = useAreaPage<Row>(account, "instances", query);
  return (
    <DataTable
      basePath={`/${account}/instances`}
      spec={instanceListSpec}
      query={query}
      page={data}
      rowKey={(r) => r.id}
      empty={<EmptyState title="No instances in this account" />}
      columns={[
        { header: "Instance", sort: "id", cell: (r) => <div><TextLink href={`/${account}/instances/${r.id}`}>{r.name ?? r.id}</TextLink><p className="font-mono text-xs text-slate-500">{r.id}</p></div> },
        { header: "State", sort: "state", cell: (r) => <Badge tone={stateTone(r.state)}>{r.state}</Badge> },
        { header: "Type", sort: "type", cell: (r) => <span className="font-mono text-xs">{r.instanceType}</span> },
        { header: "Role (via profile)", cell: (r) => (r.roleName ? <span><TextLink href={`/${account}/roles/${encodeURIComponent(r.roleName)}`}>{r.roleName}</TextLink> <span className="text-xs text-slate-500">via {r.instanceProfileName}</span></span> : r.instanceProfileName ? <span className="text-amber-700">{r.instanceProfileName} (no role)</span> : <span className="text-slate-500">no profile</span>) },
        { header: "Credentials", cell: (r) => (r.credentials === "issued" ? <Badge tone="green">issued</Badge> : r.credentials === "not-requested" ? <Badge tone="sky" title="EC2 may assume the role; the metadata service issues a set when an application first asks">not yet requested</Badge> : r.credentials === "AssumeRoleUnauthorizedAccess" ? <Badge tone="red" title="The role's trust policy does not let ec2.amazonaws.com assume it">none: trust refuses EC2</Badge> : <Badge>none</Badge>) },
        { header: "IMDS", cell: (r) => <Badge tone={r.httpTokens === "required" ? "green" : "amber"} title={`HttpTokens=${r.httpTokens}`}>{r.httpTokens === "required" ? "IMDSv2 only" : "IMDSv1 allowed"}</Badge> },
        { header: "Zone", cell: (r) => r.availabilityZone },
        { header: "Launched", sort: "launched", cell: (r) => <span className="whitespace-nowrap text-xs tabular-nums text-slate-600">{formatDate(r.launchedAt)}</span> },
      ]}
    />
  );
}
