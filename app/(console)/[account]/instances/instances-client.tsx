"use client";

import { DataTable } from "@/components/data-table";
import { useAreaList } from "@/components/area-query";
import { Badge, EmptyState, TextLink, stateTone } from "@/components/ui";
import type { AreaRow } from "@/app/server/area-lists";

type Row = AreaRow<"instances">;

export function InstancesClient({ account }: { account: string }) {
  const { data } = useAreaList<Row>(account, "instances");
  return (
    <DataTable
      rows={data}
      rowKey={(r) => r.id}
      noun={{ one: "instance", many: "instances" }}
      searchText={(r) => `${r.name ?? ""} ${r.id} ${r.state} ${r.instanceProfileName ?? ""} ${r.roleName ?? ""} ${r.instanceType}`}
      empty={<EmptyState title="No instances in this account" />}
      columns={[
        { header: "Instance", cell: (r) => <div><TextLink href={`/${account}/instances/${r.id}`}>{r.name ?? r.id}</TextLink><p className="font-mono text-xs text-slate-500">{r.id}</p></div> },
        { header: "State", cell: (r) => <Badge tone={stateTone(r.state)}>{r.state}</Badge> },
        { header: "Type", cell: (r) => <span className="font-mono text-xs">{r.instanceType}</span> },
        { header: "Role (via profile)", cell: (r) => (r.roleName ? <span><TextLink href={`/${account}/roles/${encodeURIComponent(r.roleName)}`}>{r.roleName}</TextLink> <span className="text-xs text-slate-500">via {r.instanceProfileName}</span></span> : r.instanceProfileName ? <span className="text-amber-700">{r.instanceProfileName} (no role)</span> : <span className="text-slate-500">no profile</span>) },
        { header: "Credentials", cell: (r) => (r.credentials === "issued" ? <Badge tone="green">issued</Badge> : r.credentials === "AssumeRoleUnauthorizedAccess" ? <Badge tone="red" title="The role's trust policy does not let ec2.amazonaws.com assume it">none: trust refuses EC2</Badge> : <Badge>none</Badge>) },
        { header: "IMDS", cell: (r) => <Badge tone={r.httpTokens === "required" ? "green" : "amber"} title={`HttpTokens=${r.httpTokens}`}>{r.httpTokens === "required" ? "IMDSv2 only" : "IMDSv1 allowed"}</Badge> },
        { header: "Zone", cell: (r) => r.availabilityZone },
      ]}
    />
  );
}
