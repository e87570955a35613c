"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { ActionError } from "@/app/server/action-client";
import { Badge } from "@/components/ui";
import { useAttachablePolicies, useDebounced } from "./designer-query";

export const fieldInput = "mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm placeholder:text-slate-500 focus:border-indigo-500";

export function Button({ kind = "secondary", className = "", ...props }: React.ButtonHTMLAttributes<HTMLButtonElement> & { kind?: "primary" | "secondary" | "danger" }) {
  const styles = {
    primary: "bg-indigo-600 text-white hover:bg-indigo-500 disabled:bg-indigo-300",
    secondary: "bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400",
    danger: "bg-white text-rose-700 ring-1 ring-inset ring-rose-300 hover:bg-rose-50",
  }[kind];
  return <button type="button" {...props} className={`inline-flex items-center justify-center gap-1.5 rounded-md px-3.5 py-1.5 text-sm font-medium shadow-sm disabled:cursor-not-allowed ${styles} ${className}`} />;
}

export function Field({ label, hint, error, children }: { label: string; hint?: React.ReactNode; error?: string; children: (id: string) => React.ReactNode }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      {children(id)}
      {hint && !error && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {error && <p className="mt-1 text-xs text-rose-700">{error}</p>}
    </div>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "(none)";
  if (typeof value === "string") {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

/**
 * An action's failure as people read it: its code and message; for `Conflict`, both versions
 * side by side; for `DeleteConflict`, what still holds the entity.
 */
export function ActionErrorBox({ error, onReload }: { error: ActionError; onReload?: () => void }) {
  const details = error.details ?? {};
  const box = useRef<HTMLDivElement>(null);
  // The save button sits at the bottom of a long page: bring the refusal into view.
  useEffect(() => box.current?.scrollIntoView({ block: "center", behavior: "smooth" }), [error]);
  return (
    <div ref={box} role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-900">
      <p><span className="mr-2 font-mono text-xs font-semibold">{error.code}</span>{error.message}</p>
      {error.code === "Conflict" && (
        <div className="mt-3 grid gap-3 md:grid-cols-2">
          <div>
            <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-rose-800">Your version{details.yourVersion !== undefined ? ` (edited from v${String(details.yourVersion)})` : ""}</p>
            <pre className="max-h-64 overflow-auto rounded-md bg-white p-2 font-mono text-[11px] text-slate-800 ring-1 ring-rose-200">{show((details.yours as { document?: unknown })?.document ?? details.yours)}</pre>
          </div>
          <div>
            <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-rose-800">Saved now{details.currentVersion !== undefined ? ` (v${String(details.currentVersion)})` : ""}</p>
            <pre className="max-h-64 overflow-auto rounded-md bg-white p-2 font-mono text-[11px] text-slate-800 ring-1 ring-rose-200">{show((details.current as { document?: unknown; trustPolicy?: unknown })?.document ?? (details.current as { trustPolicy?: unknown })?.trustPolicy ?? details.current)}</pre>
          </div>
          {onReload && <div className="md:col-span-2"><Button onClick={onReload}>Load the saved version (your edit is discarded)</Button></div>}
        </div>
      )}
      {Array.isArray(details.holders) && (
        <ul className="mt-2 list-disc pl-5 text-xs">
          {(details.holders as string[]).map((h) => <li key={h}>{h}</li>)}
        </ul>
      )}
    </div>
  );
}

export type Tag = { Key: string; Value: string };

export function TagsEditor({ tags, onChange }: { tags: Tag[]; onChange: (tags: Tag[]) => void }) {
  return (
    <div className="space-y-2">
      {tags.map((tag, i) => (
        <div key={i} className="flex gap-2">
          <input aria-label={`Tag ${i + 1} key`} value={tag.Key} onChange={(e) => onChange(tags.map((t, j) => (j === i ? { ...t, Key: e.target.value } : t)))} placeholder="Key" className={`${fieldInput} mt-0`} />
          <input aria-label={`Tag ${i + 1} value`} value={tag.Value} onChange={(e) => onChange(tags.map((t, j) => (j === i ? { ...t, Value: e.target.value } : t)))} placeholder="Value (optional)" className={`${fieldInput} mt-0`} />
          <Button onClick={() => onChange(tags.filter((_, j) => j !== i))} aria-label={`Remove tag ${i + 1}`}>Remove</Button>
        </div>
      ))}
      <Button onClick={() => onChange([...tags, { Key: "", Value: "" }])}>Add tag</Button>
    </div>
  );
}

/** Search customer- and AWS-managed policies by name and pick some (or one, for a boundary). */
export function ManagedPolicyPicker({ account, selected, onToggle, label, single = false }: { account: string; selected: string[]; onToggle: (arn: string, on: boolean) => void; label: string; single?: boolean }) {
  const [query, setQuery] = useState("");
  const settled = useDebounced(query, 200);
  const { data, isFetching } = useAttachablePolicies(account, settled);
  const id = useId();
  return (
    <div className="rounded-lg border border-slate-200 bg-white">
      <div className="flex items-center gap-3 border-b border-slate-100 px-3 py-2">
        <label htmlFor={id} className="sr-only">{label}</label>
        <input id={id} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search policies by name: ReadOnly, S3, your own…" className={`${fieldInput} mt-0 max-w-md`} />
        {isFetching && <span className="text-xs text-slate-500">searching…</span>}
        <span className="ml-auto text-xs text-slate-500">{selected.length} selected</span>
      </div>
      <ul aria-label={label} className="max-h-64 divide-y divide-slate-100 overflow-auto">
        {(data ?? []).map((p) => (
          <li key={p.arn}>
            <label className="flex cursor-pointer items-center gap-3 px-3 py-1.5 text-sm hover:bg-slate-50">
              <input type={single ? "radio" : "checkbox"} name={single ? id : undefined} checked={selected.includes(p.arn)} onChange={(e) => onToggle(p.arn, e.target.checked)} />
              <span className="font-medium text-slate-800">{p.name}</span>
              <Badge tone={p.kind === "aws" ? "amber" : "indigo"}>{p.kind === "aws" ? "AWS managed" : "Customer managed"}</Badge>
              <span className="ml-auto truncate font-mono text-[11px] text-slate-500">{p.path}</span>
            </label>
          </li>
        ))}
        {data && data.length === 0 && <li className="px-3 py-3 text-sm text-slate-500">No policy matches “{settled}”.</li>}
      </ul>
    </div>
  );
}
