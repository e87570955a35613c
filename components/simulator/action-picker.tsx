"use client";

import { useId, useMemo, useState } from "react";
import { useActionPattern, useBuilderService, useCatalogServices, useDebounced } from "@/components/designer/designer-query";
import { Badge } from "@/components/ui";

const input = "w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-slate-500 focus:border-indigo-500";
const smallButton = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:text-slate-400";
const levelTone = { List: "sky", Read: "green", Write: "amber", "Permissions management": "red", Tagging: "indigo" } as const;

/** At most this many actions in one simulation; the server refuses more. */
export const maxActions = 500;

/** A free-text search as a catalog pattern: `getobject` → `*:*getobject*`, `s3:get` → `s3:*get*`. */
function searchPattern(text: string): string {
  const t = text.trim().replace(/\s+/g, "");
  if (!t) return "";
  if (/[*?]/.test(t)) return t.includes(":") ? t : `*:${t}`;
  const colon = t.indexOf(":");
  return colon >= 0 ? `${t.slice(0, colon) || "*"}:*${t.slice(colon + 1)}*` : `*:*${t}*`;
}

function SearchActions({ onAdd }: { onAdd: (actions: string[]) => void }) {
  const [text, setText] = useState("");
  const pattern = useDebounced(searchPattern(text), 200);
  const { data, isFetching } = useActionPattern(pattern);
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">Search the catalog</label>
      <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="getobject, s3:put, passrole…" className={`${input} mt-1 max-w-md font-mono`} />
      {pattern && data && (
        <div className="mt-2">
          <p className="text-xs text-slate-600">{data.count} action{data.count === 1 ? "" : "s"} match{data.count > data.actions.length ? ` (first ${data.actions.length} shown)` : ""}{isFetching ? "…" : ""}</p>
          <ul aria-label="Matching actions" className="mt-1 max-h-56 overflow-auto rounded-md border border-slate-200">
            {data.actions.slice(0, 60).map((a) => (
              <li key={a.id} className="flex items-center justify-between gap-2 border-b border-slate-100 px-2 py-1 last:border-0">
                <span className="font-mono text-xs text-slate-800">{a.id} <Badge tone={levelTone[a.level as keyof typeof levelTone] ?? "slate"}>{a.level}</Badge></span>
                <button type="button" className={smallButton} aria-label={`Add ${a.id}`} onClick={() => onAdd([a.id])}>Add</button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function ServiceLevels({ onAdd }: { onAdd: (actions: string[]) => void }) {
  const services = useCatalogServices();
  const [prefix, setPrefix] = useState("");
  const [levels, setLevels] = useState<string[]>([]);
  const service = useBuilderService(prefix || undefined);
  const id = useId();
  const chosen = useMemo(() => (service.data ? service.data.actions.filter((a) => levels.includes(a.level)).map((a) => `${service.data.prefix}:${a.name}`) : []), [service.data, levels]);
  return (
    <div className="space-y-2">
      <div>
        <label htmlFor={id} className="block text-xs font-medium text-slate-600">Service</label>
        <input id={id} list={`${id}-services`} value={prefix} onChange={(e) => { setPrefix(e.target.value.trim().toLowerCase()); setLevels([]); }} placeholder="s3, iam, dynamodb…" className={`${input} mt-1 max-w-xs font-mono`} />
        <datalist id={`${id}-services`}>{services.data?.services.map((s) => <option key={s.prefix} value={s.prefix}>{s.name}</option>)}</datalist>
      </div>
      {service.data && (
        <fieldset>
          <legend className="text-xs font-medium text-slate-600">Access levels of {service.data.name}</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {service.data.levels.map((level) => {
              const count = service.data.actions.filter((a) => a.level === level).length;
              return (
                <label key={level} className="flex items-center gap-1.5 text-sm">
                  <input type="checkbox" checked={levels.includes(level)} onChange={(e) => setLevels(e.target.checked ? [...levels, level] : levels.filter((l) => l !== level))} />
                  {level} <span className="text-xs text-slate-500">({count})</span>
                </label>
              );
            })}
          </div>
          <button type="button" className={`${smallButton} mt-2`} disabled={chosen.length === 0} onClick={() => onAdd(chosen)}>Add {chosen.length} action{chosen.length === 1 ? "" : "s"}</button>
        </fieldset>
      )}
      {prefix && service.isError && <p className="text-xs text-rose-700">The catalog has no service {prefix}.</p>}
    </div>
  );
}

function Wildcard({ onAdd }: { onAdd: (actions: string[]) => void }) {
  const [pattern, setPattern] = useState("");
  const settled = useDebounced(pattern.trim(), 200);
  const { data } = useActionPattern(settled);
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">Wildcard pattern, expanded to the actions it covers</label>
      <input id={id} value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder="s3:Get*, iam:*Role*, ec2:Describe*" className={`${input} mt-1 max-w-md font-mono`} />
      {settled && data && (
        <div className="mt-2 text-xs text-slate-600">
          {data.count === 0 ? (
            <p className="text-rose-700">{settled} covers no action the catalog knows.</p>
          ) : (
            <>
              <p>
                <span className="font-mono">{settled}</span> covers <strong>{data.count}</strong> action{data.count === 1 ? "" : "s"}{" "}
                <button type="button" className={smallButton} disabled={data.count > data.actions.length} onClick={() => onAdd(data.actions.map((a) => a.id))}>Add all {data.count}</button>
              </p>
              <ul aria-label="Preview" tabIndex={0} className="mt-1 max-h-32 columns-2 overflow-auto font-mono text-[11px] md:columns-3">
                {data.actions.map((a) => <li key={a.id}>{a.id}</li>)}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** Actions chosen by catalog search, by service and access level, or by a wildcard expanded with a preview. */
export function ActionPicker({ value, onChange }: { value: string[]; onChange: (actions: string[]) => void }) {
  const [mode, setMode] = useState<"search" | "levels" | "wildcard">("search");
  const add = (actions: string[]) => {
    const seen = new Set(value.map((a) => a.toLowerCase()));
    onChange([...value, ...actions.filter((a) => !seen.has(a.toLowerCase()))].slice(0, maxActions));
  };
  return (
    <div className="space-y-3">
      <div role="tablist" aria-label="Choose actions by" className="inline-flex rounded-md bg-slate-100 p-0.5 text-sm">
        {([["search", "Search"], ["levels", "Service and access level"], ["wildcard", "Wildcard"]] as const).map(([m, label]) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} onClick={() => setMode(m)} className={`rounded px-3 py-1 ${mode === m ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-600"}`}>{label}</button>
        ))}
      </div>
      {mode === "search" && <SearchActions onAdd={add} />}
      {mode === "levels" && <ServiceLevels onAdd={add} />}
      {mode === "wildcard" && <Wildcard onAdd={add} />}
      <div>
        <p className="text-xs font-medium text-slate-600">Chosen actions ({value.length}{value.length >= maxActions ? `, the most one simulation takes` : ""})</p>
        {value.length === 0 ? (
          <p className="text-xs text-slate-500">None yet.</p>
        ) : (
          <ul aria-label="Chosen actions" className="mt-1 flex max-h-40 flex-wrap gap-1.5 overflow-auto">
            {value.map((a) => (
              <li key={a} className="inline-flex items-center gap-1 rounded-md bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-800">
                {a}
                <button type="button" aria-label={`Remove ${a}`} onClick={() => onChange(value.filter((x) => x !== a))} className="text-slate-600 hover:text-rose-700">×</button>
              </li>
            ))}
            <li><button type="button" className="text-xs text-slate-600 underline hover:text-rose-700" onClick={() => onChange([])}>Clear all</button></li>
          </ul>
        )}
      </div>
    </div>
  );
}
