"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { accessMatrixAction } from "@/app/server/actions/instances";
import type { AccessMatrix, WorkloadRef } from "@/lib/compute/workload-permissions";
import { AccessMatrixTable } from "./access-matrix-table";

/** The access matrix, recomputed for the actions and resources the reader picks. */
export function AccessMatrixPanel({ workload, initial }: { workload: WorkloadRef; initial: AccessMatrix }) {
  const [actions, setActions] = useState(initial.rows.map((r) => r.action).join("\n"));
  const [resources, setResources] = useState(initial.columns.map((c) => c.resource).join("\n"));
  const recompute = useMutation({ mutationFn: () => accessMatrixAction({ workload, actions: lines(actions), resources: lines(resources) }) });
  const result = recompute.data;
  const matrix = result?.ok ? result.data : initial;
  const actionsId = useId();
  const resourcesId = useId();
  return (
    <div className="space-y-4">
      {matrix.noCredentials && <p className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">{matrix.noCredentials} Every cell is denied.</p>}
      <AccessMatrixTable matrix={matrix} label="Access matrix" />
      <details className="rounded-md border border-slate-200">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700">Choose actions and resources</summary>
        <form className="grid gap-3 border-t border-slate-100 p-3 md:grid-cols-2" onSubmit={(e) => { e.preventDefault(); recompute.mutate(); }}>
          <div>
            <label htmlFor={actionsId} className="block text-xs font-medium text-slate-600">Actions, one a line</label>
            <textarea id={actionsId} rows={6} value={actions} onChange={(e) => setActions(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-xs" />
          </div>
          <div>
            <label htmlFor={resourcesId} className="block text-xs font-medium text-slate-600">Resources (ARNs or *), one a line — a bucket ARN asks object actions about its objects</label>
            <textarea id={resourcesId} rows={6} value={resources} onChange={(e) => setResources(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-xs" />
          </div>
          <div className="md:col-span-2">
            <button type="submit" disabled={recompute.isPending} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60">{recompute.isPending ? "Evaluating…" : "Recompute matrix"}</button>
            {result && !result.ok && <span role="alert" className="ml-3 text-sm text-rose-700">{result.error.message}</span>}
          </div>
        </form>
      </details>
    </div>
  );
}

function lines(text: string): string[] {
  return text.split("\n").map((l) => l.trim()).filter(Boolean);
}
