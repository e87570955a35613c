"use client";

import { useId, useState } from "react";
import type { CallerOption, CallerSpec } from "@/lib/simulation/simulate-batch";
import { Badge } from "@/components/ui";
import { useDebounced } from "@/components/designer/designer-query";
import { useCallerSearch } from "./simulator-query";
import { describeCaller } from "./simulation-state";

const input = "w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-slate-500 focus:border-indigo-500";
const kindTone = { user: "indigo", role: "green", "group member": "sky", instance: "amber", task: "amber" } as const;

/**
 * Who is calling: searched in the workspace as one types (users, roles as sessions, group members,
 * instances and tasks through their roles), or a pasted policy; a role may carry a session policy.
 */
export function CallerPicker({ account, value, resolved, onChange }: { account: string; value: CallerSpec | null; resolved?: string; onChange: (caller: CallerSpec | null) => void }) {
  const [mode, setMode] = useState<"search" | "policy">(value?.kind === "policy" ? "policy" : "search");
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const settled = useDebounced(query, 200);
  const search = useCallerSearch(account, settled);
  const id = useId();
  const options = search.data ?? [];
  const pick = (option: CallerOption) => {
    onChange(option.spec);
    setQuery("");
    setOpen(false);
  };
  return (
    <div className="space-y-3">
      <div role="radiogroup" aria-label="Caller kind" className="inline-flex rounded-md bg-slate-100 p-0.5 text-sm">
        {(["search", "policy"] as const).map((m) => (
          <button key={m} type="button" role="radio" aria-checked={mode === m} onClick={() => { setMode(m); if (m === "search" && value?.kind === "policy") onChange(null); }} className={`rounded px-3 py-1 ${mode === m ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-600"}`}>
            {m === "search" ? "A principal of the workspace" : "A pasted policy"}
          </button>
        ))}
      </div>
      {mode === "search" ? (
        <div className="relative">
          <label htmlFor={id} className="block text-xs font-medium text-slate-600">Find a user, role, group member, instance or task</label>
          <input
            id={id}
            type="search"
            aria-controls={open && options.length > 0 ? `${id}-list` : undefined}
            value={query}
            onFocus={() => setOpen(true)}
            onChange={(e) => { setQuery(e.target.value); setOpen(true); }}
            onKeyDown={(e) => { if (e.key === "Escape") setOpen(false); if (e.key === "Enter" && options[0]) { e.preventDefault(); pick(options[0]); } }}
            placeholder="Type a name: alice, ops-admin, developers, photos-app…"
            className={`${input} mt-1`}
          />
          {open && options.length > 0 && (
            <ul id={`${id}-list`} aria-label="Callers" className="absolute z-30 mt-1 max-h-80 w-full overflow-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg">
              {options.map((o, i) => (
                <li key={`${o.kind}-${o.label}-${i}`}>
                  <button type="button" onClick={() => pick(o)} className="flex w-full items-baseline gap-2 px-3 py-1.5 text-left text-sm hover:bg-indigo-50">
                    <Badge tone={kindTone[o.kind]}>{o.kind}</Badge>
                    <span className="font-medium text-slate-900">{o.label}</span>
                    <span className="truncate font-mono text-[11px] text-slate-500">{o.detail}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {open && settled && search.isSuccess && options.length === 0 && <p className="mt-1 text-xs text-slate-500">Nothing in this account matches “{settled}”.</p>}
        </div>
      ) : (
        <div>
          <label htmlFor={`${id}-policy`} className="block text-xs font-medium text-slate-600">Policy document (evaluated as a hypothetical user of this account holding only it)</label>
          <textarea
            id={`${id}-policy`}
            rows={6}
            spellCheck={false}
            defaultValue={value?.kind === "policy" ? value.document : ""}
            onBlur={(e) => onChange(e.target.value.trim() ? { kind: "policy", document: e.target.value } : null)}
            placeholder='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'
            className={`${input} mt-1 font-mono text-xs`}
          />
        </div>
      )}
      {value && (
        <div className="rounded-md border border-indigo-100 bg-indigo-50/50 px-3 py-2 text-sm" data-testid="chosen-caller">
          <p className="flex items-center justify-between gap-2">
            <span>Caller: <span className="font-medium">{describeCaller(value)}</span></span>
            <button type="button" className="text-xs text-slate-600 underline hover:text-rose-700" onClick={() => onChange(null)}>Clear</button>
          </p>
          {resolved && <p className="mt-0.5 text-xs text-slate-600">Evaluated as {resolved}.</p>}
          {value.kind === "role" && (
            <details className="mt-2" open={Boolean(value.sessionPolicy)}>
              <summary className="cursor-pointer text-xs text-slate-600">Session policy (optional: caps this session, as AssumeRole's Policy parameter)</summary>
              <textarea
                aria-label="Session policy"
                rows={4}
                spellCheck={false}
                defaultValue={value.sessionPolicy ?? ""}
                onBlur={(e) => onChange(e.target.value.trim() ? { ...value, sessionPolicy: e.target.value } : { kind: "role", arn: value.arn })}
                placeholder='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'
                className={`${input} mt-1 font-mono text-xs`}
              />
            </details>
          )}
        </div>
      )}
    </div>
  );
}
