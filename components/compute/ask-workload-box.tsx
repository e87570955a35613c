"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { askWorkloadAction } from "@/app/server/actions/instances";
import type { WorkloadAnswer, WorkloadRef } from "@/lib/compute/workload-permissions";
import { DecisionBadge } from "./decision-badge";
import { readContextLines } from "@/lib/authz/context-lines";
import { ExplanationView } from "./explanation-view";

/** "Can the application here do ACTION on RESOURCE?" — the evaluator's answer with its full explanation. */
export function AskWorkloadBox({ workload, subject, examples, initial }: { workload: WorkloadRef; subject: string; examples: { action: string; resource: string }[]; initial?: WorkloadAnswer | null }) {
  const [action, setAction] = useState(examples[0]?.action ?? "s3:GetObject");
  const [resource, setResource] = useState(examples[0]?.resource ?? "*");
  const [contextText, setContextText] = useState("");
  const ask = useMutation({ mutationFn: (q: { action: string; resource: string }) => askWorkloadAction({ workload, ...q, context: readContextLines(contextText) }) });
  const actionId = useId();
  const resourceId = useId();
  const contextId = useId();
  // Until the reader asks, show the server's answer to the first example.
  const result = ask.data ?? (initial ? { ok: true as const, data: initial } : undefined);
  return (
    <div>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          ask.mutate({ action, resource });
        }}
      >
        <p className="w-full text-sm text-slate-700">Can {subject} do…</p>
        <div className="w-56">
          <label htmlFor={actionId} className="block text-xs font-medium text-slate-600">Action</label>
          <input id={actionId} value={action} onChange={(e) => setAction(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm" />
        </div>
        <div className="min-w-72 flex-1">
          <label htmlFor={resourceId} className="block text-xs font-medium text-slate-600">on resource</label>
          <input id={resourceId} value={resource} onChange={(e) => setResource(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm" />
        </div>
        <div className="w-full">
          <label htmlFor={contextId} className="block text-xs font-medium text-slate-600">Condition context <span className="font-normal text-slate-600">(optional, one key=value per line, e.g. aws:SourceIp=203.0.113.7; the keys AWS sets for this caller are filled in)</span></label>
          <textarea id={contextId} value={contextText} onChange={(e) => setContextText(e.target.value)} rows={2} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs" placeholder="aws:SourceIp=203.0.113.7" />
        </div>
        <button type="submit" disabled={ask.isPending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60">{ask.isPending ? "Evaluating…" : "Ask the evaluator"}</button>
      </form>
      <div className="mt-2 flex flex-wrap gap-2 text-xs text-slate-500">
        Try:
        {examples.map((ex) => (
          <button key={ex.action + ex.resource} type="button" className="rounded border border-slate-200 px-1.5 py-0.5 font-mono hover:bg-slate-50" onClick={() => { setAction(ex.action); setResource(ex.resource); ask.mutate(ex); }}>
            {ex.action} · {ex.resource.replace("arn:aws:s3:::", "")}
          </button>
        ))}
      </div>
      {result && !result.ok && <p role="alert" className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{result.error.message}</p>}
      {result?.ok && (
        <div className="mt-4 space-y-3" data-testid="ask-answer">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <DecisionBadge decision={result.data.decision} />
            <span className="font-mono text-xs text-slate-700">{result.data.action} on {result.data.resource}</span>
          </p>
          {result.data.noCredentials && <p className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">{result.data.noCredentials}</p>}
          <p className="text-sm text-slate-800">{result.data.summary}</p>
          {result.data.explanation && <ExplanationView explanation={result.data.explanation} />}
        </div>
      )}
    </div>
  );
}
