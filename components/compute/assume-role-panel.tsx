"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { previewAssumeRoleAction } from "@/app/server/actions/instances";
import type { WorkloadRef } from "@/lib/compute/workload-permissions";
import { Badge } from "@/components/ui";
import { Combobox } from "@/components/combobox";
import { consoleKeys, fetchChoices } from "@/components/area-query";
import { DecisionBadge } from "./decision-badge";
import { PermissionSummary } from "./permission-summary";
import { AccessMatrixTable } from "./access-matrix-table";

type Side = { allowed: boolean; summary: string; deciding: string[]; nearest: string | null };

function SidePanel({ title, subtitle, side }: { title: string; subtitle: string; side: Side }) {
  return (
    <div className={`rounded-lg border p-4 ${side.allowed ? "border-emerald-200 bg-emerald-50/60" : "border-rose-200 bg-rose-50/60"}`} data-testid={`side-${title.startsWith("Caller") ? "caller" : "trust"}`}>
      <p className="flex items-center justify-between gap-2 text-sm font-semibold text-slate-900">
        {title}
        <Badge tone={side.allowed ? "green" : "red"}>{side.allowed ? "allows" : "does not allow"}</Badge>
      </p>
      <p className="text-xs text-slate-500">{subtitle}</p>
      <p className="mt-2 text-sm text-slate-800">{side.summary}</p>
      {side.nearest && <p className="mt-2 text-xs text-slate-600">Nearest: {side.nearest}</p>}
    </div>
  );
}

/**
 * "Assume role…" from the workload: the caller's sts:AssumeRole and the target's trust policy side
 * by side. The role is an ARN typed, or picked among `targets` (the page's few suggestions) and the
 * workspace's roles searched as one types.
 */
export function AssumeRolePanel({ workload, callerRole, targets }: { workload: WorkloadRef; callerRole: string; targets: { arn: string; label: string }[] }) {
  const [roleArn, setRoleArn] = useState(targets[0]?.arn ?? "");
  const preview = useMutation({ mutationFn: (arn: string) => previewAssumeRoleAction({ workload, roleArn: arn }) });
  const suggestions = targets.map((t) => ({ value: t.arn, label: t.label }));
  const result = preview.data;
  return (
    <div>
      <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); preview.mutate(roleArn); }}>
        <div className="min-w-80 flex-1">
          <Combobox
            label="Role to assume (sts:AssumeRole)"
            freeText
            value={roleArn}
            onChange={setRoleArn}
            search={async (q) => (q ? (await fetchChoices(workload.accountId, "workspace-roles", q)).map((c) => ({ value: c.value, label: c.label })) : suggestions)}
            queryKey={(q) => consoleKeys.choices(workload.accountId, "workspace-roles", q)}
            placeholder="arn:aws:iam::222222222222:role/name, or a name to search"
            inputClassName="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm"
          />
        </div>
        <button type="submit" disabled={preview.isPending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60">{preview.isPending ? "Evaluating…" : "Preview assume role"}</button>
      </form>
      {result && !result.ok && <p role="alert" className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{result.error.message}</p>}
      {result?.ok && (
        <div className="mt-4 space-y-4" data-testid="assume-role-preview">
          <div className={`flex flex-wrap items-center gap-2 rounded-lg px-4 py-3 text-sm ${result.data.decision === "Allow" ? "bg-emerald-100 text-emerald-900" : "bg-rose-100 text-rose-900"}`}>
            <DecisionBadge decision={result.data.decision} />
            <span className="font-medium">{result.data.decision === "Allow" ? "AssumeRole would succeed" : "AssumeRole would be refused (AccessDenied)"}</span>
            <span className="text-xs">— cross-account: the caller&apos;s policies and the target&apos;s trust policy must both allow.</span>
          </div>
          <div className="grid gap-4 md:grid-cols-2">
            <SidePanel title="Caller side" subtitle={`${callerRole}'s permissions: may it call sts:AssumeRole on ${result.data.target}?`} side={result.data.callerSide} />
            <SidePanel title="Trust side" subtitle={`The trust policy of ${result.data.target}: does it name ${callerRole}?`} side={result.data.trustSide} />
          </div>
          {result.data.session ? (
            <div className="space-y-3 rounded-lg border border-slate-200 p-4">
              <p className="text-sm font-semibold text-slate-900">The resulting session</p>
              <p className="font-mono text-xs text-slate-600">{result.data.session.arn}</p>
              <p className="text-xs text-amber-800">Role chaining: a session obtained with another role&apos;s credentials lasts at most one hour ({result.data.maxDurationSeconds} s), whatever the role&apos;s maximum session duration.</p>
              <PermissionSummary summary={result.data.session.summary} label="Permissions of the assumed session" />
              <AccessMatrixTable matrix={result.data.session.matrix} label="What the assumed session can do on the resources its policies name" />
            </div>
          ) : (
            <p className="text-sm text-slate-600">No session: {result.data.summary}</p>
          )}
        </div>
      )}
    </div>
  );
}
