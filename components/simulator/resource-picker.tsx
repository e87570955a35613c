"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { ArnForm } from "@/components/designer/statement-builder";
import { useBuilderService, useDebounced } from "@/components/designer/designer-query";
import { simulatorKeys } from "./simulator-keys";
import { fetchJson } from "@/components/fetch-json";

const input = "w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-slate-500 focus:border-indigo-500";
const smallButton = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:text-slate-400";

/** At most this many resources in one simulation; the server refuses more. */
export const maxResources = 50;

type Kind = "buckets" | "roles" | "instances" | "instance-profiles" | "policies";
type Row = { name?: string | null; arn?: string; id?: string; region?: string };
const kinds: { kind: Kind; label: string }[] = [
  { kind: "buckets", label: "S3 buckets" },
  { kind: "roles", label: "Roles" },
  { kind: "instances", label: "EC2 instances" },
  { kind: "instance-profiles", label: "Instance profiles" },
  { kind: "policies", label: "Managed policies" },
];

/** Rows of the account's list route matching `q`: searched by the server, at most one page of them. */
async function searchArea(account: string, kind: Kind, q: string): Promise<Row[]> {
  return fetchJson<Row[]>(`/api/accounts/${account}/${kind}?${new URLSearchParams({ q, size: "50" })}`, `Could not load ${kind}`);
}

/** Entities of the account to pick an ARN from, searched through the console's list route as one types. */
function WorkspacePick({ account, onAdd }: { account: string; onAdd: (arn: string) => void }) {
  const [kind, setKind] = useState<Kind>("buckets");
  const [filter, setFilter] = useState("");
  const q = useDebounced(filter.trim(), 200);
  const list = useQuery({ queryKey: [...simulatorKeys.all(account), "pick", kind, q], queryFn: () => searchArea(account, kind, q), placeholderData: keepPreviousData });
  const rows = useMemo(() => {
    const f = filter.toLowerCase();
    return (list.data ?? [])
      .map((r) => ({ label: r.name ?? r.id ?? "", arn: r.arn ?? (r.id && r.region ? `arn:aws:ec2:${r.region}:${account}:instance/${r.id}` : "") }))
      .filter((r) => r.arn && (r.label.toLowerCase().includes(f) || r.arn.toLowerCase().includes(f)))
      .slice(0, 50);
  }, [list.data, filter, account]);
  const id = useId();
  return (
    <div className="rounded-md border border-slate-200 p-3">
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-xs font-medium text-slate-600">
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} className={`${input} mt-1 w-44`}>
            {kinds.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
          </select>
        </label>
        <label htmlFor={id} className="flex-1 text-xs font-medium text-slate-600">
          Filter
          <input id={id} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name or ARN" className={`${input} mt-1`} />
        </label>
      </div>
      {list.isPending ? (
        <p className="mt-2 text-xs text-slate-500">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="mt-2 text-xs text-slate-500">Nothing to pick.</p>
      ) : (
        <ul aria-label="Workspace resources" className="mt-2 max-h-48 overflow-auto">
          {rows.map((r) => (
            <li key={r.arn} className="flex items-center justify-between gap-2 border-b border-slate-100 py-1 last:border-0">
              <span className="min-w-0 text-sm">{r.label} <span className="block truncate font-mono text-[11px] text-slate-500">{r.arn}</span></span>
              <button type="button" className={smallButton} aria-label={`Add ${r.arn}`} onClick={() => onAdd(r.arn)}>Add</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The designer's ARN builder, for a resource type of one of the chosen actions' services. */
function BuildArn({ account, services, onAdd }: { account: string; services: string[]; onAdd: (arn: string) => void }) {
  const [prefix, setPrefix] = useState(services[0] ?? "s3");
  const [type, setType] = useState("");
  const service = useBuilderService(prefix);
  const format = service.data?.resourceTypes.find((t) => t.name === type)?.arnFormat;
  return (
    <div className="rounded-md border border-slate-200 p-3">
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-xs font-medium text-slate-600">
          Service
          <input value={prefix} onChange={(e) => { setPrefix(e.target.value.trim().toLowerCase()); setType(""); }} list="simulator-arn-services" className={`${input} mt-1 w-36 font-mono`} />
          <datalist id="simulator-arn-services">{services.map((s) => <option key={s} value={s} />)}</datalist>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Resource type
          <select value={type} onChange={(e) => setType(e.target.value)} className={`${input} mt-1 w-56`}>
            <option value="">Choose…</option>
            {service.data?.resourceTypes.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
          </select>
        </label>
      </div>
      {format && <ArnForm key={format} format={format} account={account} onAdd={onAdd} />}
    </div>
  );
}

/** Resources by ARN: typed or pasted, built with the ARN builder, or picked from the workspace. */
export function ResourcePicker({ account, actions, value, onChange }: { account: string; actions: string[]; value: string[]; onChange: (resources: string[]) => void }) {
  const [free, setFree] = useState("");
  const [mode, setMode] = useState<"none" | "build" | "pick">("none");
  const services = [...new Set(actions.map((a) => a.split(":")[0].toLowerCase()))];
  const add = (arn: string) => {
    const trimmed = arn.trim();
    if (trimmed && !value.includes(trimmed)) onChange([...value, trimmed].slice(0, maxResources));
  };
  const id = useId();
  return (
    <div className="space-y-3">
      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); add(free); setFree(""); }}>
        <label htmlFor={id} className="min-w-72 flex-1 text-xs font-medium text-slate-600">
          Resource ARN (or *)
          <input id={id} value={free} onChange={(e) => setFree(e.target.value)} placeholder="arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" className={`${input} mt-1 font-mono`} />
        </label>
        <button type="submit" className={smallButton} disabled={!free.trim()}>Add resource</button>
        <button type="button" className={smallButton} aria-expanded={mode === "build"} onClick={() => setMode(mode === "build" ? "none" : "build")}>ARN builder</button>
        <button type="button" className={smallButton} aria-expanded={mode === "pick"} onClick={() => setMode(mode === "pick" ? "none" : "pick")}>Pick from the workspace</button>
      </form>
      {mode === "build" && <BuildArn account={account} services={services} onAdd={add} />}
      {mode === "pick" && <WorkspacePick account={account} onAdd={add} />}
      <div>
        <p className="text-xs font-medium text-slate-600">Chosen resources ({value.length})</p>
        {value.length === 0 ? (
          <p className="text-xs text-slate-500">None yet.</p>
        ) : (
          <ul aria-label="Chosen resources" className="mt-1 flex flex-wrap gap-1.5">
            {value.map((r) => (
              <li key={r} className="inline-flex items-center gap-1 rounded-md bg-emerald-50 px-2 py-0.5 font-mono text-xs text-emerald-900 ring-1 ring-emerald-200">
                {r}
                <button type="button" aria-label={`Remove ${r}`} onClick={() => onChange(value.filter((x) => x !== r))} className="text-emerald-700 hover:text-rose-700">×</button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
