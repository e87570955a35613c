"use client";

import { useId, useMemo, useState } from "react";
import type { BuilderService } from "@/lib/designer/service-catalog";
import { arnFields, buildArn, anyInAccount, readArn } from "@/lib/designer/arn-builder";
import { describeClause, operatorsForKeyType } from "@/lib/designer/condition-text";
import { conditionQualifiers, type ConditionClause, type StatementView } from "@/lib/designer/statement-view";
import { principalKinds, readPrincipal, writePrincipal, type PrincipalRow } from "@/lib/designer/principal-view";
import { suggestSid } from "@/lib/designer/sid-suggestion";
import { trustPolicyService } from "@/lib/designer/trust-service";
import { compilePolicyPattern } from "@/lib/policy/wildcard";
import { useActionPattern, useBuilderService, useCatalogServices } from "./designer-query";

const input = "w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-slate-500 focus:border-indigo-500";
const smallButton = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50";

/** The service a statement's actions belong to, when they all share one. */
export function serviceOfActions(actions: string[]): string | undefined {
  const prefixes = new Set(actions.filter((a) => a !== "*").map((a) => a.split(":")[0].toLowerCase()));
  return prefixes.size === 1 ? [...prefixes][0] : undefined;
}

function StepHeading({ number, title, hint }: { number: number; title: string; hint?: React.ReactNode }) {
  return (
    <div className="mb-2 flex items-baseline gap-2">
      <span className="grid h-5 w-5 shrink-0 place-items-center rounded-full bg-indigo-600 text-[11px] font-semibold text-white">{number}</span>
      <h4 className="text-sm font-semibold text-slate-900">{title}</h4>
      {hint && <span className="text-xs text-slate-500">{hint}</span>}
    </div>
  );
}

function ServicePicker({ value, onPick }: { value: string | undefined; onPick: (prefix: string) => void }) {
  const { data } = useCatalogServices();
  const [query, setQuery] = useState("");
  const id = useId();
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!data || !q) return [];
    const list = data.services.filter((s) => s.prefix.includes(q) || s.name.toLowerCase().includes(q));
    return list.sort((a, b) => Number(b.prefix === q) - Number(a.prefix === q) || Number(b.prefix.startsWith(q)) - Number(a.prefix.startsWith(q))).slice(0, 8);
  }, [data, query]);
  const current = data?.services.find((s) => s.prefix === value);
  return (
    <div className="relative">
      <label htmlFor={id} className="sr-only">Service</label>
      <div className="flex items-center gap-2">
        {current && (
          <span className="inline-flex items-center gap-1.5 rounded-md bg-indigo-50 px-2.5 py-1.5 text-sm font-medium text-indigo-800 ring-1 ring-inset ring-indigo-200">
            {current.name} <span className="font-mono text-xs text-indigo-700">{current.prefix}</span>
          </span>
        )}
        <input id={id} role="combobox" aria-expanded={matches.length > 0} aria-controls={`${id}-list`} value={query} onChange={(e) => setQuery(e.target.value)} placeholder={current ? "Change service…" : "Search services: s3, Amazon S3, dynamodb…"} className={`${input} max-w-sm`} />
      </div>
      {matches.length > 0 && (
        <ul id={`${id}-list`} role="listbox" aria-label="Services" className="absolute z-20 mt-1 max-h-72 w-full max-w-md overflow-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg">
          {matches.map((s) => (
            <li key={s.prefix} role="option" aria-selected={s.prefix === value}>
              <button type="button" onClick={() => { onPick(s.prefix); setQuery(""); }} className="flex w-full items-baseline justify-between gap-3 px-3 py-1.5 text-left text-sm hover:bg-indigo-50">
                <span>{s.name}</span>
                <span className="font-mono text-xs text-slate-500">{s.prefix}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PatternPreview({ pattern }: { pattern: string }) {
  const { data, isFetching } = useActionPattern(pattern);
  if (!pattern) return null;
  if (isFetching && !data) return <p className="text-xs text-slate-500">Looking up what {pattern} covers…</p>;
  if (!data) return null;
  if (data.count === 0) return <p className="text-xs text-rose-700">{pattern} covers no action the catalog knows.</p>;
  return (
    <details open className="text-xs text-slate-600">
      <summary className="cursor-pointer"><span className="font-mono">{pattern}</span> covers <strong>{data.count}</strong> action{data.count === 1 ? "" : "s"}</summary>
      <ul className="mt-1 max-h-40 columns-2 overflow-auto font-mono text-[11px] text-slate-600 md:columns-3">
        {data.actions.map((a) => <li key={a.id} title={a.level}>{a.id}</li>)}
      </ul>
    </details>
  );
}

/** Up to this many actions, every access level is shown open. */
const FEW_ACTIONS = 12;

/** `onlyListed`: offer the service's listed actions alone — no `prefix:*`, no free patterns (a trust policy's STS). */
function ActionPicker({ service, view, onChange, onlyListed = false }: { service: BuilderService; view: StatementView; onChange: (actions: string[]) => void; onlyListed?: boolean }) {
  const [filter, setFilter] = useState("");
  const [pattern, setPattern] = useState("");
  const prefix = service.prefix;
  const lowerSelected = new Set(view.actions.map((a) => a.toLowerCase()));
  const all = lowerSelected.has(`${prefix}:*`);
  const patterns = view.actions.filter((a) => /[*?]/.test(a));
  const covered = (name: string) => {
    const id = `${prefix}:${name}`.toLowerCase();
    if (lowerSelected.has(id)) return "listed";
    return patterns.some((p) => compilePolicyPattern(p, true)(id)) ? "pattern" : undefined;
  };
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const visible = service.actions.filter((a) => words.every((w) => a.name.toLowerCase().includes(w)));
  const toggle = (names: string[], on: boolean) => {
    const ids = new Set(names.map((n) => `${prefix}:${n}`.toLowerCase()));
    const kept = view.actions.filter((a) => !ids.has(a.toLowerCase()));
    onChange(on ? [...kept, ...names.map((n) => `${prefix}:${n}`)] : kept);
  };
  // Anything not offered below stays visible (and removable): other services, patterns, and actions
  // this editor does not offer (an STS action a trust policy may not name).
  const offered = new Set(service.actions.map((a) => `${prefix}:${a.name}`.toLowerCase()));
  const others = view.actions.filter((a) => !offered.has(a.toLowerCase()));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <input type="search" aria-label="Filter actions" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={`Filter ${service.actions.length} ${prefix} actions…`} className={`${input} max-w-xs`} />
        {!onlyListed && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={all} onChange={(e) => onChange(e.target.checked ? [...view.actions.filter((a) => !a.toLowerCase().startsWith(`${prefix}:`)), `${prefix}:*`] : view.actions.filter((a) => a.toLowerCase() !== `${prefix}:*`))} />
            All {prefix} actions (<span className="font-mono">{prefix}:*</span>)
          </label>
        )}
      </div>
      {others.length > 0 && (
        <ul aria-label="Patterns and other actions" className="flex flex-wrap gap-1.5">
          {others.map((a) => (
            <li key={a} className="inline-flex items-center gap-1 rounded-md bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700">
              {a}
              <button type="button" aria-label={`Remove ${a}`} onClick={() => onChange(view.actions.filter((x) => x !== a))} className="text-slate-600 hover:text-rose-700">×</button>
            </li>
          ))}
        </ul>
      )}
      {!all && (
        <div className="grid gap-2 lg:grid-cols-2 [&>*]:min-w-0">
          {service.levels.map((level) => {
            const inLevel = visible.filter((a) => a.level === level);
            const total = service.actions.filter((a) => a.level === level);
            const chosen = total.filter((a) => covered(a.name)).length;
            if (!inLevel.length) return null;
            return (
              <details key={level} open={Boolean(filter) || chosen > 0 || level === "Read" || level === "List" || service.actions.length <= FEW_ACTIONS} className="min-w-0 rounded-lg border border-slate-200 bg-white">
                <summary className="flex cursor-pointer items-center justify-between gap-2 px-3 py-2 text-sm">
                  <span className="font-medium text-slate-800">{level}</span>
                  <span className="text-xs text-slate-500">{chosen} of {total.length} selected</span>
                </summary>
                <div className="border-t border-slate-100 px-3 py-2">
                  <label className="mb-1 flex items-center gap-2 text-xs font-medium text-slate-600">
                    <input type="checkbox" checked={chosen === total.length} onChange={(e) => toggle(total.map((a) => a.name), e.target.checked)} aria-label={`All ${level} actions`} />
                    All {level} actions
                  </label>
                  <ul className="max-h-56 space-y-0.5 overflow-auto">
                    {inLevel.map((a) => {
                      const state = covered(a.name);
                      return (
                        <li key={a.name}>
                          <label className="flex min-w-0 items-center gap-2 text-sm" title={a.description}>
                            <input type="checkbox" className="shrink-0" checked={Boolean(state)} disabled={state === "pattern"} onChange={(e) => toggle([a.name], e.target.checked)} />
                            <span className="truncate font-mono text-[13px]">{a.name}</span>
                            {state === "pattern" && <span className="text-[11px] text-indigo-600">via pattern</span>}
                          </label>
                        </li>
                      );
                    })}
                  </ul>
                </div>
              </details>
            );
          })}
        </div>
      )}
      {!onlyListed && (
        <div className="rounded-lg bg-slate-50 p-3">
          <label className="text-xs font-medium text-slate-700" htmlFor={`${prefix}-pattern`}>Add an action or wildcard pattern</label>
          <div className="mt-1 flex gap-2">
            <input id={`${prefix}-pattern`} value={pattern} onChange={(e) => setPattern(e.target.value.trim())} placeholder={`${prefix}:Get*`} className={`${input} max-w-xs font-mono`} />
            <button type="button" className={smallButton} disabled={!pattern.includes(":")} onClick={() => { onChange([...view.actions, pattern]); setPattern(""); }}>Add</button>
          </div>
          <div className="mt-1"><PatternPreview pattern={pattern} /></div>
        </div>
      )}
    </div>
  );
}

/** One ARN built from a resource type's format, field by field (the designer's and the simulator's). */
export function ArnForm({ format, account, onAdd }: { format: string; account: string; onAdd: (arn: string) => void }) {
  const fields = arnFields(format);
  const [values, setValues] = useState<Record<string, string>>({});
  // An empty Account field is this account, as its placeholder says; other empty fields are any (*).
  const preview = buildArn(format, values, { Account: account });
  return (
    <div className="mt-2 rounded-md border border-indigo-100 bg-indigo-50/40 p-3">
      <div className="grid gap-2 sm:grid-cols-3">
        {fields.map((f) => (
          <label key={f.name} className="text-xs font-medium text-slate-600">
            {f.name}
            <input value={values[f.name] ?? ""} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} placeholder={f.kind === "account" ? `${account} (this account)` : "* (any)"} className={`${input} mt-0.5 font-mono`} />
          </label>
        ))}
      </div>
      <p className="mt-2 text-xs text-slate-500">ARN preview</p>
      <p className="break-all font-mono text-sm text-slate-900" data-testid="arn-preview">{preview}</p>
      <div className="mt-2 flex flex-wrap gap-2">
        <button type="button" className={smallButton} onClick={() => { onAdd(preview); setValues({}); }}>Add ARN</button>
        {fields.some((f) => f.kind === "account") && <button type="button" className={smallButton} onClick={() => onAdd(anyInAccount(format, account))}>Any in this account</button>}
      </div>
    </div>
  );
}

function ResourcePicker({ service, view, account, onChange }: { service: BuilderService | undefined; view: StatementView; account: string; onChange: (resources: string[]) => void }) {
  const [open, setOpen] = useState<string | null>(null);
  const [free, setFree] = useState("");
  const all = view.resources.length === 1 && view.resources[0] === "*";
  const selected = new Set(view.actions.map((a) => a.toLowerCase()));
  const chosenActions = service ? service.actions.filter((a) => selected.has(`${service.prefix}:${a.name}`.toLowerCase()) || view.actions.some((p) => /[*?]/.test(p) && compilePolicyPattern(p, true)(`${service.prefix}:${a.name}`))) : [];
  const typeNames = [...new Set(chosenActions.flatMap((a) => a.resourceTypes.map((r) => r.name)))];
  const types = service ? service.resourceTypes.filter((t) => typeNames.includes(t.name)) : [];
  const wildcardOnly = chosenActions.filter((a) => a.resourceTypes.length === 0).length;
  const fits = (arn: string, format: string) => readArn(format, arn) !== undefined;
  const unmatched = view.resources.filter((r) => r !== "*" && !types.some((t) => fits(r, t.arnFormat)));
  const remove = (arn: string) => onChange(view.resources.filter((r) => r !== arn));
  const add = (arn: string) => onChange([...view.resources.filter((r) => r !== "*" && r !== arn), arn]);
  return (
    <div className="space-y-3">
      <div className="flex gap-4 text-sm" role="radiogroup" aria-label="Resources">
        <label className="flex items-center gap-2"><input type="radio" checked={!all} onChange={() => onChange(view.resources.filter((r) => r !== "*"))} /> Specific resources</label>
        <label className="flex items-center gap-2"><input type="radio" checked={all} onChange={() => onChange(["*"])} /> All resources (<span className="font-mono">*</span>)</label>
      </div>
      {all && <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800 ring-1 ring-amber-200">Every resource these actions act on, in any account. Prefer specific ARNs unless the actions only work on <span className="font-mono">*</span>.</p>}
      {wildcardOnly > 0 && <p className="text-xs text-slate-500">{wildcardOnly} selected action{wildcardOnly === 1 ? " supports" : "s support"} no resource type; only <span className="font-mono">&quot;*&quot;</span> grants {wildcardOnly === 1 ? "it" : "them"}.</p>}
      {!all && (
        <>
          {types.length === 0 && <p className="text-xs text-slate-500">Choose actions first: resource types follow from them.</p>}
          {types.map((t) => {
            const arns = view.resources.filter((r) => fits(r, t.arnFormat));
            return (
              <div key={t.name} className="rounded-lg border border-slate-200 bg-white p-3" data-testid={`resource-type-${t.name}`}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <p className="text-sm font-medium text-slate-800">{t.name} <span className="ml-2 font-mono text-xs font-normal text-slate-500">{t.arnFormat}</span></p>
                  <button type="button" className={smallButton} onClick={() => setOpen(open === t.name ? null : t.name)} aria-expanded={open === t.name}>{open === t.name ? "Close" : `Add ${t.name} ARN`}</button>
                </div>
                {arns.length > 0 ? (
                  <ul className="mt-2 flex flex-wrap gap-1.5">
                    {arns.map((arn) => (
                      <li key={arn} className="inline-flex items-center gap-1 rounded-md bg-emerald-50 px-2 py-0.5 font-mono text-xs text-emerald-800 ring-1 ring-emerald-200">
                        {arn}
                        <button type="button" aria-label={`Remove ${arn}`} onClick={() => remove(arn)} className="text-emerald-700 hover:text-rose-600">×</button>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-1 text-xs text-slate-500">No {t.name} named: actions that need one apply to none.</p>
                )}
                {open === t.name && <ArnForm format={t.arnFormat} account={account} onAdd={(arn) => { add(arn); setOpen(null); }} />}
              </div>
            );
          })}
          {unmatched.length > 0 && (
            <ul aria-label="Other resources" className="flex flex-wrap gap-1.5">
              {unmatched.map((arn) => (
                <li key={arn} className="inline-flex items-center gap-1 rounded-md bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700">
                  {arn}
                  <button type="button" aria-label={`Remove ${arn}`} onClick={() => remove(arn)} className="text-slate-600 hover:text-rose-700">×</button>
                </li>
              ))}
            </ul>
          )}
          <div className="flex gap-2">
            <input aria-label="Resource ARN" value={free} onChange={(e) => setFree(e.target.value.trim())} placeholder="Or paste any ARN" className={`${input} max-w-md font-mono`} />
            <button type="button" className={smallButton} disabled={!free} onClick={() => { add(free); setFree(""); }}>Add</button>
          </div>
        </>
      )}
    </div>
  );
}

function ConditionRow({ clause, keys, onChange, onRemove, index }: { clause: ConditionClause; keys: { name: string; type: string }[]; onChange: (c: ConditionClause) => void; onRemove: () => void; index: number }) {
  const listId = useId();
  const type = keys.find((k) => k.name.toLowerCase() === clause.key.toLowerCase())?.type ?? "String";
  const operators = operatorsForKeyType(type);
  const text = describeClause(clause);
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3" data-testid={`condition-${index}`}>
      {/* The operator's column as wide as its longest choice (StringNotEqualsIgnoreCase); the key takes the rest. */}
      <div className="grid gap-2 md:grid-cols-[minmax(0,1fr)_auto_auto_auto]">
        <label className="text-xs font-medium text-slate-600">
          Condition key
          <input aria-label="Condition key" list={listId} value={clause.key} onChange={(e) => onChange({ ...clause, key: e.target.value.trim() })} placeholder="aws:SourceIp" className={`${input} mt-0.5 font-mono`} />
          <datalist id={listId}>{keys.map((k) => <option key={k.name} value={k.name}>{k.type}</option>)}</datalist>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Operator
          <select aria-label="Operator" value={clause.operator} onChange={(e) => onChange({ ...clause, operator: e.target.value })} className={`${input} mt-0.5`}>
            {[...new Set([clause.operator, ...operators])].map((o) => <option key={o}>{o}</option>)}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Qualifier
          <select aria-label="Qualifier" value={clause.qualifier} onChange={(e) => onChange({ ...clause, qualifier: e.target.value as ConditionClause["qualifier"] })} className={`${input} mt-0.5`}>
            {conditionQualifiers.map((q) => <option key={q} value={q}>{q || "single value"}</option>)}
          </select>
        </label>
        <label className="mt-5 flex items-center gap-1.5 text-xs text-slate-600"><input type="checkbox" checked={clause.ifExists} onChange={(e) => onChange({ ...clause, ifExists: e.target.checked })} /> IfExists</label>
      </div>
      <label className="mt-2 block text-xs font-medium text-slate-600">
        Values, one per line (any one may match)
        <textarea aria-label="Values" rows={Math.max(1, Math.min(clause.values.length, 4))} value={clause.values.join("\n")} onChange={(e) => onChange({ ...clause, values: e.target.value.split("\n") })} className={`${input} mt-0.5 font-mono`} />
      </label>
      <div className="mt-2 flex items-start justify-between gap-3">
        <p className="text-sm text-slate-700" data-testid="condition-english">
          <span className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-semibold text-slate-600">MEANS</span>
          {text.sentence}
          {text.note && <span className="block text-xs text-slate-500">{text.note}</span>}
        </p>
        <button type="button" onClick={onRemove} className="text-xs font-medium text-rose-700 hover:underline">Remove</button>
      </div>
    </div>
  );
}

function ConditionBuilder({ service, view, globalKeys, onChange }: { service: BuilderService | undefined; view: StatementView; globalKeys: { name: string; type: string }[]; onChange: (c: ConditionClause[]) => void }) {
  const selected = new Set(view.actions.map((a) => a.toLowerCase()));
  const actionKeys = new Set(service ? service.actions.filter((a) => selected.has(`${service.prefix}:${a.name}`.toLowerCase())).flatMap((a) => a.conditionKeys) : []);
  const serviceKeys = service ? service.conditionKeys.filter((k) => actionKeys.size === 0 || actionKeys.has(k.name)) : [];
  const keys = [...serviceKeys, ...globalKeys];
  const update = (i: number, c: ConditionClause) => onChange(view.conditions.map((x, j) => (j === i ? c : x)));
  return (
    <div className="space-y-2">
      {view.conditions.map((clause, i) => (
        <div key={i}>
          {i > 0 && <p className="my-1 text-center text-xs font-bold tracking-widest text-indigo-700" aria-label="and">AND</p>}
          <ConditionRow index={i} clause={clause} keys={keys} onChange={(c) => update(i, c)} onRemove={() => onChange(view.conditions.filter((_, j) => j !== i))} />
        </div>
      ))}
      <button type="button" className={smallButton} onClick={() => onChange([...view.conditions, { operator: "StringEquals", qualifier: "", ifExists: false, key: "", values: [""] }])}>Add condition</button>
      {view.conditions.length > 1 && <p className="text-xs text-slate-500">Every condition must hold (AND); within one condition, any listed value may match (OR).</p>}
    </div>
  );
}

function PrincipalEditor({ principal, onChange }: { principal: unknown; onChange: (principal: unknown) => void }) {
  const rows = readPrincipal(principal);
  if (!rows) return <pre className="rounded-md bg-slate-50 px-3 py-2 font-mono text-xs text-slate-700">{JSON.stringify(principal, null, 2)}</pre>;
  const write = (next: PrincipalRow[]) => onChange(writePrincipal(next, principal));
  const placeholder: Record<string, string> = { Service: "ec2.amazonaws.com", AWS: "arn:aws:iam::222222222222:root", Federated: "cognito-identity.amazonaws.com", CanonicalUser: "79a59df9…" };
  return (
    <div className="space-y-2">
      {rows.map((row, i) => (
        <div key={i} className="flex gap-2">
          <select aria-label={`Principal ${i + 1} type`} value={row.kind} onChange={(e) => write(rows.map((r, j) => (j === i ? { ...r, kind: e.target.value } : r)))} className="w-40 shrink-0 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm">
            {[...new Set([row.kind, ...principalKinds])].map((k) => <option key={k}>{k}</option>)}
          </select>
          <input aria-label={`Principal ${i + 1}`} value={row.value} onChange={(e) => write(rows.map((r, j) => (j === i ? { ...r, value: e.target.value.trim() } : r)))} placeholder={placeholder[row.kind] ?? ""} className={`${input} font-mono`} />
          <button type="button" className={smallButton} onClick={() => write(rows.filter((_, j) => j !== i))} aria-label={`Remove principal ${i + 1}`}>Remove</button>
        </div>
      ))}
      {rows.some((r) => r.value === "*") && <p className="text-xs text-rose-700">“*” is anyone, in any account, anonymous callers included — add conditions or name principals.</p>}
      <button type="button" className={smallButton} onClick={() => write([...rows, { kind: "Service", value: "" }])}>Add principal</button>
    </div>
  );
}

/**
 * The visual builder of one statement: effect and Sid, the service and its actions by access
 * level, resources per resource type with a live ARN preview, and conditions in plain English.
 */
/** Who a trust statement admits, in a word for its Sid: the service's name or the account's role. */
function principalLabel(principal: unknown): string | undefined {
  const first = readPrincipal(principal)?.[0];
  if (!first || first.value === "*") return undefined;
  if (first.kind === "Service") return first.value.split(".")[0];
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(first.value);
  return root ? `Account${root[1]}` : first.value.split(/[:/]/).pop();
}

export function StatementBuilder({ view, onChange, account, policyType, principal, onPrincipalChange, index = 0 }: { view: StatementView; onChange: (view: StatementView) => void; account: string; policyType: "identity" | "trust" | "boundary" | "resource"; principal?: unknown; onPrincipalChange?: (principal: unknown) => void; index?: number }) {
  const [picked, setPicked] = useState<string | undefined>(undefined);
  // A trust policy names STS role-assumption actions only: no other service to pick.
  const prefix = policyType === "trust" ? "sts" : (picked ?? serviceOfActions(view.actions));
  const service = useBuilderService(prefix);
  const offered = useMemo(() => (service.data && policyType === "trust" ? trustPolicyService(service.data) : service.data), [service.data, policyType]);
  const services = useCatalogServices();
  const sidId = useId();
  const trust = policyType === "trust";
  // Resource (bucket) policies name principals as trust policies do, and resources as identity policies do.
  const principals = trust || policyType === "resource";
  const step = principals ? 1 : 0;
  const levels = useMemo(() => new Map(service.data?.actions.map((a) => [a.name.toLowerCase(), a.level])), [service.data]);
  const sidPlaceholder = suggestSid(view, { levelOf: (name) => levels.get(name.toLowerCase()), principal: principals ? principalLabel(principal) : undefined, index });
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end gap-4">
        <div role="radiogroup" aria-label="Effect" className="inline-flex overflow-hidden rounded-md ring-1 ring-slate-300">
          {(["Allow", "Deny"] as const).map((effect) => (
            <button key={effect} type="button" role="radio" aria-checked={view.effect === effect} onClick={() => onChange({ ...view, effect })} className={`px-4 py-1.5 text-sm font-medium ${view.effect === effect ? (effect === "Allow" ? "bg-emerald-700 text-white" : "bg-rose-700 text-white") : "bg-white text-slate-600 hover:bg-slate-50"}`}>
              {effect}
            </button>
          ))}
        </div>
        <label htmlFor={sidId} className="text-xs font-medium text-slate-600">
          Sid <span className="font-normal text-slate-500">(optional statement id)</span>
          <input id={sidId} value={view.sid ?? ""} onChange={(e) => onChange({ ...view, sid: e.target.value || undefined })} placeholder={sidPlaceholder} className={`${input} mt-0.5 w-56 font-mono`} />
        </label>
        {view.actionElement === "NotAction" && <span className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-800 ring-1 ring-amber-200">NotAction: the statement covers every action except those listed</span>}
      </div>
      {principals && onPrincipalChange && (
        <div>
          <StepHeading number={1} title="Principals" hint={trust ? "who may assume the role: AWS services, accounts, roles, identity providers" : "whom the statement is about: accounts, roles, users, AWS services, or * for anyone"} />
          <PrincipalEditor principal={principal} onChange={onPrincipalChange} />
        </div>
      )}
      <div>
        <StepHeading number={1 + step} title="Service" hint={trust ? "a trust policy names AWS STS only" : prefix ? undefined : "pick the AWS service this statement is about"} />
        {trust ? (
          <span className="inline-flex items-center gap-1.5 rounded-md bg-indigo-50 px-2.5 py-1.5 text-sm font-medium text-indigo-800 ring-1 ring-inset ring-indigo-200">
            AWS Security Token Service <span className="font-mono text-xs text-indigo-700">sts</span>
          </span>
        ) : (
          <ServicePicker value={prefix} onPick={setPicked} />
        )}
      </div>
      <div>
        <StepHeading number={2 + step} title={view.actionElement === "NotAction" ? "Actions excluded" : "Actions"} hint={trust ? "only the actions a trust policy may name: assuming the role, and tagging or naming the session" : "grouped by access level, as in the Service Authorization Reference"} />
        {offered ? <ActionPicker service={offered} view={view} onlyListed={trust} onChange={(actions) => onChange({ ...view, actions })} /> : prefix ? <p className="text-sm text-slate-500">Loading {prefix} actions…</p> : <p className="text-sm text-slate-500">Pick a service to list its actions.</p>}
      </div>
      {!trust && view.resourceElement && (
        <div>
          <StepHeading number={3 + step} title={view.resourceElement === "NotResource" ? "Resources excluded" : "Resources"} hint="per resource type of the chosen actions" />
          <ResourcePicker service={service.data} view={view} account={account} onChange={(resources) => onChange({ ...view, resources })} />
        </div>
      )}
      <div>
        <StepHeading number={trust ? 4 : 4 + step} title="Conditions" hint="optional; spelled out in plain English" />
        <ConditionBuilder service={service.data} view={view} globalKeys={services.data?.globalConditionKeys ?? []} onChange={(conditions) => onChange({ ...view, conditions })} />
      </div>
      {view.kept.filter((k) => !(principals && k === "Principal")).length > 0 && <p className="text-xs text-slate-500">Kept exactly as written: {view.kept.filter((k) => !(principals && k === "Principal")).join(", ")}.</p>}
    </div>
  );
}
