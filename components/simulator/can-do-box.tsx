"use client";

import Link from "@/components/workspace-link";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { CallerSpec } from "@/lib/simulation/simulate-batch";
import { unwrap } from "@/components/designer/designer-query";
import { DecisionBadge } from "@/components/compute/decision-badge";
import { ExplanationView } from "@/components/compute/explanation-view";
import { explainSimulationAction } from "@/app/server/actions/simulator";
import { readContextLines } from "@/lib/authz/context-lines";
import { writeSimulation } from "./simulation-state";

const input = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm";

/** "Can this principal do ACTION on RESOURCE?": the simulator's answer for one request, explained. */
export function CanDoBox({ account, caller, subject, examples }: { account: string; caller: CallerSpec; subject: string; examples: { action: string; resource: string }[] }) {
  const [action, setAction] = useState(examples[0]?.action ?? "s3:GetObject");
  const [resource, setResource] = useState(examples[0]?.resource ?? "*");
  const [context, setContext] = useState("");
  const ask = useMutation({
    mutationFn: (q: { action: string; resource: string; context: string }) => unwrap(explainSimulationAction({ accountId: account, caller, action: q.action, resource: q.resource, context: { set: readContextLines(q.context), unset: [] } })),
  });
  const id = useId();
  const simulatorHref = `/${account}/simulator?${writeSimulation({ caller, actions: [action.trim()], resources: [resource.trim()], edits: { set: readContextLines(context), unset: [] } })}`;
  return (
    <div>
      <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); ask.mutate({ action: action.trim(), resource: resource.trim(), context }); }}>
        <label htmlFor={`${id}-a`} className="w-56 text-xs font-medium text-slate-600">Can {subject} do<input id={`${id}-a`} value={action} onChange={(e) => setAction(e.target.value)} className={input} /></label>
        <label htmlFor={`${id}-r`} className="min-w-72 flex-1 text-xs font-medium text-slate-600">on resource<input id={`${id}-r`} value={resource} onChange={(e) => setResource(e.target.value)} className={input} /></label>
        <label htmlFor={`${id}-c`} className="w-72 text-xs font-medium text-slate-600">with keys (KEY=VALUE a line, optional)<textarea id={`${id}-c`} rows={1} value={context} onChange={(e) => setContext(e.target.value)} className={`${input} text-xs`} /></label>
        <button type="submit" disabled={ask.isPending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60">{ask.isPending ? "Evaluating…" : "Ask the evaluator"}</button>
        <Link href={simulatorHref} className="text-xs text-indigo-700 hover:underline">Open in the simulator</Link>
      </form>
      {examples.length > 1 && (
        <div className="mt-2 flex flex-wrap gap-2 text-xs text-slate-500">
          Try:
          {examples.map((ex) => (
            <button key={ex.action + ex.resource} type="button" className="rounded border border-slate-200 px-1.5 py-0.5 font-mono hover:bg-slate-50" onClick={() => { setAction(ex.action); setResource(ex.resource); ask.mutate({ ...ex, context }); }}>
              {ex.action} · {ex.resource.replace("arn:aws:s3:::", "")}
            </button>
          ))}
        </div>
      )}
      {ask.isError && <p role="alert" className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{ask.error.message}</p>}
      {ask.data && (
        <div className="mt-4 space-y-3" data-testid="can-do-answer">
          <p className="flex flex-wrap items-center gap-2 text-sm"><DecisionBadge decision={ask.data.check.decision} /><span className="font-mono text-xs text-slate-700">{ask.data.check.action} on {ask.data.check.resource}</span></p>
          <p className="text-sm text-slate-800">{ask.data.check.summary}</p>
          <ExplanationView explanation={ask.data.explanation} />
        </div>
      )}
    </div>
  );
}
