"use client";

import { useId, useState } from "react";
import type { CallerSpec, ContextEdits } from "@/lib/simulation/simulate-batch";
import { Badge } from "@/components/ui";
import { useWhatCan } from "./simulator-query";

const input = "w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-slate-500 focus:border-indigo-500";

/** "What can this caller do on RESOURCE?": every action of the service that can act on it, by access level. */
export function WhatCanPanel({ account, caller, edits, initialResource = "" }: { account: string; caller: CallerSpec | null; edits: ContextEdits; initialResource?: string }) {
  const [resource, setResource] = useState(initialResource);
  const [service, setService] = useState("");
  const [asked, setAsked] = useState<{ resource: string; service: string } | null>(null);
  const result = useWhatCan(account, caller, asked?.resource ?? "", asked?.service ?? "", edits, asked !== null);
  const id = useId();
  if (!caller) return <p className="text-sm text-slate-500">Choose a caller first.</p>;
  return (
    <div className="space-y-3">
      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); setAsked({ resource: resource.trim(), service: service.trim() }); }}>
        <label htmlFor={`${id}-r`} className="min-w-72 flex-1 text-xs font-medium text-slate-600">
          What can the caller do on
          <input id={`${id}-r`} value={resource} onChange={(e) => setResource(e.target.value)} placeholder="arn:aws:s3:::amzn-s3-demo-bucket-photos" className={`${input} mt-1 font-mono`} />
        </label>
        <label htmlFor={`${id}-s`} className="text-xs font-medium text-slate-600">
          Service (default: the ARN's)
          <input id={`${id}-s`} value={service} onChange={(e) => setService(e.target.value)} placeholder="s3" className={`${input} mt-1 w-36 font-mono`} />
        </label>
        <button type="submit" disabled={!resource.trim()} className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400">{result.isFetching ? "Asking…" : "Ask"}</button>
      </form>
      {result.isError && <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{result.error.message}</p>}
      {result.data && (
        <div data-testid="what-can-answer" className="space-y-3">
          <p className="text-sm text-slate-700">
            Of {result.data.evaluated} {result.data.services.join(", ")} actions that act on this resource, {result.data.caller.label} may perform{" "}
            <strong>{result.data.levels.reduce((n, l) => n + l.allowed.length, 0)}</strong>
            {result.data.levels.some((l) => l.denied.length) ? <>; <strong>{result.data.levels.reduce((n, l) => n + l.denied.length, 0)}</strong> are explicitly denied</> : null}.
          </p>
          <ul className="space-y-2">
            {result.data.levels.map((l) => (
              <li key={l.level} className="rounded-md border border-slate-200 p-2">
                <p className="text-sm font-medium text-slate-900">{l.level} <span className="text-xs font-normal text-slate-500">{l.allowed.length} of {l.evaluated} allowed{l.denied.length ? `, ${l.denied.length} explicitly denied` : ""}</span></p>
                {(l.allowed.length > 0 || l.denied.length > 0) && (
                  <ul className="mt-1 flex flex-wrap gap-1.5">
                    {l.allowed.map((a) => <li key={a.action} title={a.deciding.join("; ")}><Badge tone="green">{a.action}</Badge></li>)}
                    {l.denied.map((a) => <li key={a.action} title={a.deciding.join("; ")}><Badge tone="red">{a.action} (denied)</Badge></li>)}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
