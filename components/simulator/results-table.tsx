"use client";

import { useEffect, useRef, useState } from "react";
import type { CallerSpec, ContextEdits, SimulationResult, SimulationRow } from "@/lib/simulation/simulate-batch";
import { csvRow } from "@/lib/csv";
import { DecisionBadge } from "@/components/compute/decision-badge";
import { ExplanationView } from "@/components/compute/explanation-view";
import { ScrollArea } from "@/components/scroll-area";
import { useExplanation } from "./simulator-query";
import { describeCaller } from "./simulation-state";

const smallButton = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50";
type Filter = "all" | "allowed" | "denied";

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** Why an implicit deny, in a few words, from the evaluator's typed reason (the drawer has the full sentence). */
const implicitWords: Partial<Record<SimulationRow["reason"], string>> = {
  "no-grant": "no policy allows it",
  "no-resource-grant": "no resource-based policy allows this caller",
  "resource-policy-required": "the resource's own policy does not allow the caller",
  "cross-account-resource": "another account's resource: its policy does not allow the caller",
  "cross-account-identity": "another account's resource: no identity-based policy allows it",
  boundary: "the permissions boundary does not allow it",
  session: "no session policy allows it",
  "scp-level": "an SCP level does not allow it",
  "root-cannot-assume-role": "the root user cannot assume a role",
};

/** The results as CSV, one row per request, through the project's one CSV cell function. */
export function simulationCsv(result: SimulationResult): string {
  return (
    csvRow(["action", "resource", "decision", "deciding statements", "missing", "nearest statement"]) +
    result.rows.map((r) => csvRow([r.action, r.resource, r.decision, r.deciding.join("; "), r.missing ?? "", r.nearest ? `${r.nearest.statement}: ${r.nearest.failures.join("; ")}` : ""])).join("")
  );
}

/** The results as JSON: the caller, the context every request carried, and each decision with its 0-based statements. */
export function simulationJson(result: SimulationResult, caller: CallerSpec): string {
  return `${JSON.stringify(
    {
      caller: { ...result.caller, spec: caller },
      context: result.context,
      results: result.rows.map((r) => ({ action: r.action, resource: r.resource, decision: r.decision, decisive: r.decisive, ...(r.missing ? { missing: r.missing } : {}), ...(r.mismatch ? { mismatch: r.mismatch } : {}) })),
    },
    null,
    2,
  )}\n`;
}

function Drawer({ account, caller, edits, row, onClose }: { account: string; caller: CallerSpec; edits: ContextEdits; row: SimulationRow; onClose: () => void }) {
  const explanation = useExplanation(account, caller, row, edits);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), [row]);
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="simulation-drawer-title" className="fixed inset-0 z-40 flex justify-end bg-slate-900/30" onClick={onClose} onKeyDown={(e) => e.key === "Escape" && onClose()}>
      <aside className="h-full w-full max-w-2xl overflow-y-auto bg-white p-5 shadow-xl" onClick={(e) => e.stopPropagation()}>
        <div className="flex items-start justify-between gap-3">
          <div>
            <h2 id="simulation-drawer-title" className="text-base font-semibold text-slate-900">{row.action}</h2>
            <p className="break-all font-mono text-xs text-slate-600">{row.resource}</p>
          </div>
          <button ref={close} type="button" className={smallButton} onClick={onClose}>Close</button>
        </div>
        {row.mismatch && <p role="note" className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950">{row.mismatch}</p>}
        <p className="mt-3 flex items-center gap-2 text-sm"><DecisionBadge decision={row.decision} /> {row.summary}</p>
        {row.missing && <p className="mt-2 text-sm text-slate-700">Missing: <span className="font-mono text-xs">{row.missing}</span></p>}
        {row.nearest && <p className="mt-1 text-sm text-slate-700">Nearest statement: {row.nearest.statement} — {row.nearest.failures.join("; ")}</p>}
        <div className="mt-4">
          {explanation.isPending ? (
            <p className="text-sm text-slate-500">Explaining…</p>
          ) : explanation.isError ? (
            <p role="alert" className="text-sm text-rose-700">{explanation.error.message}</p>
          ) : (
            <>
              <ExplanationView explanation={explanation.data.explanation} />
              <details className="mt-3 text-xs">
                <summary className="cursor-pointer text-slate-600">The request context ({Object.keys(explanation.data.context).length} keys)</summary>
                <pre tabIndex={0} className="mt-1 overflow-auto rounded bg-slate-50 p-2 font-mono text-[11px]">{JSON.stringify(explanation.data.context, null, 2)}</pre>
              </details>
            </>
          )}
        </div>
      </aside>
    </div>
  );
}

/** Action × resource with the decision and the deciding statements; filters, exports, and a drawer per row. */
export function ResultsTable({ account, caller, edits, result }: { account: string; caller: CallerSpec; edits: ContextEdits; result: SimulationResult }) {
  const [filter, setFilter] = useState<Filter>("all");
  const [open, setOpen] = useState<SimulationRow | null>(null);
  const rows = result.rows.filter((r) => filter === "all" || (filter === "allowed" ? r.decision === "Allow" : r.decision !== "Allow"));
  const allowed = result.rows.filter((r) => r.decision === "Allow").length;
  const unfit = result.rows.filter((r) => r.mismatch).length;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700" data-testid="simulation-summary">
          {result.rows.length} request{result.rows.length === 1 ? "" : "s"} as {result.caller.label}: <strong>{allowed}</strong> allowed, <strong>{result.rows.length - allowed}</strong> denied.
          {unfit > 0 && <> <strong>{unfit}</strong> {unfit === 1 ? "names a resource its action does" : "name a resource their action does"} not act on, so {unfit === 1 ? "its decision says" : "their decisions say"} nothing.</>}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <div role="radiogroup" aria-label="Show" className="inline-flex rounded-md bg-slate-100 p-0.5 text-xs">
            {([["all", "All"], ["allowed", "Only allows"], ["denied", "Only denies"]] as const).map(([f, label]) => (
              <button key={f} type="button" role="radio" aria-checked={filter === f} onClick={() => setFilter(f)} className={`rounded px-2.5 py-1 ${filter === f ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-600"}`}>{label}</button>
            ))}
          </div>
          <button type="button" className={smallButton} onClick={() => download("simulation.csv", "text/csv", simulationCsv(result))}>Export CSV</button>
          <button type="button" className={smallButton} onClick={() => download("simulation.json", "application/json", simulationJson(result, caller))}>Export JSON</button>
        </div>
      </div>
      {result.noCredentials && <p className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">{result.noCredentials} Every request below is denied; the decisions show what its role would allow.</p>}
      <ScrollArea label="Simulation results" className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label={`Simulation results for ${describeCaller(caller)}`}>
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1.5 pr-3 font-medium">Action</th>
              <th className="px-3 py-1.5 font-medium">Resource</th>
              <th className="px-3 py-1.5 font-medium">Decision</th>
              <th className="px-3 py-1.5 font-medium">Deciding statements</th>
              <th className="py-1.5 pl-3 font-medium"><span className="sr-only">Explanation</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={`${r.action} ${r.resource}`} data-decision={r.decision}>
                <td className="py-1.5 pr-3 font-mono text-xs text-slate-900">{r.action}</td>
                <td className="max-w-xs break-all px-3 py-1.5 font-mono text-xs text-slate-700">{r.resource}</td>
                <td className="whitespace-nowrap px-3 py-1.5"><DecisionBadge decision={r.decision} /></td>
                <td className="px-3 py-1.5 text-xs text-slate-700">
                  {r.mismatch && <span className="mb-0.5 block font-medium text-amber-800" title={r.mismatch}>The action does not act on this kind of resource: the decision means nothing.</span>}
                  {r.deciding.length ? r.deciding.join("; ") : <span className="text-slate-600">none: {implicitWords[r.reason] ?? "not allowed"}</span>}
                </td>
                <td className="py-1.5 pl-3 text-right"><button type="button" className={smallButton} onClick={() => setOpen(r)} aria-label={`Explain ${r.action} on ${r.resource}`}>Explain</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
      {rows.length === 0 && <p className="text-sm text-slate-500">No {filter === "allowed" ? "allowed" : "denied"} request.</p>}
      {open && <Drawer account={account} caller={caller} edits={edits} row={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
