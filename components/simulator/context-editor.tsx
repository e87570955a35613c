"use client";

import { useId, useState } from "react";
import type { ContextEdits, SuggestedKey } from "@/lib/simulation/simulate-batch";
import { Badge } from "@/components/ui";

const input = "w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm placeholder:text-slate-500 focus:border-indigo-500";
const smallButton = "rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:text-slate-400";

type Context = Record<string, string | string[]>;
const lower = (k: string) => k.toLowerCase();
const shown = (v: string | string[]) => (Array.isArray(v) ? v.join(", ") : v);

/**
 * The request keys: those AWS sets for the caller, pre-filled and editable (a change or a removal
 * is remembered as an edit, so a new caller gets its own keys), and any key added.
 */
export function ContextEditor({ defaults, suggestions, edits, onChange }: { defaults: Context; suggestions: SuggestedKey[]; edits: ContextEdits; onChange: (edits: ContextEdits) => void }) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const id = useId();
  const unset = new Set(edits.unset.map(lower));
  const setKeys = new Map(Object.keys(edits.set).map((k) => [lower(k), k]));
  const defaultKeys = new Set(Object.keys(defaults).map(lower));

  const change = (k: string, v: string) => {
    const set = { ...edits.set };
    for (const existing of Object.keys(set)) if (lower(existing) === lower(k)) delete set[existing];
    if (defaultKeys.has(lower(k)) && v === shown(defaults[Object.keys(defaults).find((d) => lower(d) === lower(k))!])) onChange({ set, unset: edits.unset });
    else onChange({ set: { ...set, [k]: v }, unset: edits.unset });
  };
  const remove = (k: string) => {
    const set = { ...edits.set };
    for (const existing of Object.keys(set)) if (lower(existing) === lower(k)) delete set[existing];
    onChange({ set, unset: defaultKeys.has(lower(k)) && !unset.has(lower(k)) ? [...edits.unset, k] : edits.unset });
  };
  const restore = (k: string) => onChange({ set: edits.set, unset: edits.unset.filter((u) => lower(u) !== lower(k)) });
  const add = () => {
    const k = key.trim();
    if (!k) return;
    const existing = setKeys.get(lower(k));
    const before = existing ? edits.set[existing] : undefined;
    const set = { ...edits.set };
    if (existing) delete set[existing];
    // The same key added twice is multi-valued, as AWS sends aws:CalledVia or aws:TagKeys.
    set[existing ?? k] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
    onChange({ set, unset: edits.unset.filter((u) => lower(u) !== lower(k)) });
    setKey("");
    setValue("");
  };

  const rows: { key: string; value: string | string[]; origin: "aws" | "changed" | "added" | "removed" }[] = [];
  for (const [k, v] of Object.entries(defaults)) {
    const edited = setKeys.get(lower(k));
    if (unset.has(lower(k)) && !edited) rows.push({ key: k, value: v, origin: "removed" });
    else if (edited) rows.push({ key: k, value: edits.set[edited], origin: "changed" });
    else rows.push({ key: k, value: v, origin: "aws" });
  }
  for (const [k, v] of Object.entries(edits.set)) if (!defaultKeys.has(lower(k))) rows.push({ key: k, value: v, origin: "added" });

  return (
    <div className="space-y-3">
      <table className="w-full text-left text-sm" aria-label="Request context">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr><th className="py-1 pr-2 font-medium">Key</th><th className="px-2 py-1 font-medium">Value</th><th className="px-2 py-1 font-medium">From</th><th className="sr-only">Remove</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.key} className={r.origin === "removed" ? "opacity-60" : undefined}>
              <td className="py-1 pr-2 font-mono text-xs text-slate-800">{r.key}</td>
              <td className="px-2 py-1">
                {Array.isArray(r.value) || r.origin === "removed" ? (
                  <span className={`font-mono text-xs ${r.origin === "removed" ? "line-through" : ""}`}>{shown(r.value)}</span>
                ) : (
                  <input aria-label={`Value of ${r.key}`} value={r.value} onChange={(e) => change(r.key, e.target.value)} className={`${input} font-mono text-xs`} />
                )}
              </td>
              <td className="px-2 py-1">
                <Badge tone={r.origin === "aws" ? "slate" : r.origin === "removed" ? "red" : "indigo"}>{{ aws: "set by AWS", changed: "changed", added: "added", removed: "left out" }[r.origin]}</Badge>
              </td>
              <td className="py-1 text-right">
                {r.origin === "removed" ? (
                  <button type="button" className={smallButton} onClick={() => restore(r.key)}>Put back</button>
                ) : (
                  <button type="button" className={smallButton} aria-label={`Remove ${r.key}`} onClick={() => remove(r.key)}>Remove</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); add(); }}>
        <label htmlFor={`${id}-key`} className="text-xs font-medium text-slate-600">
          Add a key
          <input id={`${id}-key`} list={`${id}-keys`} value={key} onChange={(e) => setKey(e.target.value)} placeholder="aws:MultiFactorAuthPresent" className={`${input} mt-1 w-72 font-mono text-xs`} />
          <datalist id={`${id}-keys`}>{suggestions.map((s) => <option key={s.key} value={s.key}>{s.description}</option>)}</datalist>
        </label>
        <label htmlFor={`${id}-value`} className="text-xs font-medium text-slate-600">
          Value
          <input id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value)} placeholder="true" className={`${input} mt-1 w-56 font-mono text-xs`} />
        </label>
        <button type="submit" className={smallButton} disabled={!key.trim()}>Add key</button>
      </form>
      {suggestions.length > 0 && (
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer">Keys these actions support, and keys AWS sets only sometimes ({suggestions.length})</summary>
          <ul className="mt-1 flex flex-wrap gap-1.5">
            {suggestions.map((s) => (
              <li key={s.key}>
                <button type="button" title={`${s.description}${s.from !== "global" ? ` (${s.from})` : ""}`} onClick={() => setKey(s.key)} className="rounded border border-slate-200 px-1.5 py-0.5 font-mono hover:bg-slate-50">+ {s.key}</button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
