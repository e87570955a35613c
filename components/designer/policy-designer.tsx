"use client";

import { useMemo, useState } from "react";
import type { DraftTarget } from "@/lib/designer/designer-schemas";
import { readPolicyText, writeStatements, type JsonObject, type NextStatement } from "@/lib/designer/policy-text";
import { emptyStatementView, readStatementView, setStatementElement, writeStatementView, type StatementView } from "@/lib/designer/statement-view";
import { describeConditions } from "@/lib/designer/condition-text";
import type { Finding } from "@/lib/policy/validate";
import { Badge } from "@/components/ui";
import { JsonEditor } from "./json-editor";
import { StatementBuilder, serviceOfActions } from "./statement-builder";
import { AccessCheckBox, FindingCounts, FindingsList, StatementChanges, SummaryCompare } from "./preview-panels";
import { useDebounced, usePreview, useValidation } from "./designer-query";
import { draftFindings } from "@/lib/designer/draft-findings";

type PolicyType = "identity" | "trust" | "boundary" | "resource";
// Trust and resource (bucket) policies name principals; their preview is who they name.
const namesPrincipals = (type: PolicyType) => type === "trust" || type === "resource";

function countBySeverity(findings: Finding[]): Record<Finding["severity"], number> {
  const counts = { ERROR: 0, SECURITY_WARNING: 0, WARNING: 0, SUGGESTION: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function statementTitle(view: StatementView): string {
  const service = serviceOfActions(view.actions);
  const actions = view.actions.length === 0 ? "no actions yet" : view.actions.length <= 2 ? view.actions.join(", ") : `${view.actions.length} actions`;
  return `${service ? `${service} · ` : ""}${actions}`;
}

function StatementCard({
  index,
  count,
  value,
  open,
  onToggle,
  onChange,
  onMove,
  onRemove,
  account,
  policyType,
}: {
  index: number;
  count: number;
  value: JsonObject;
  open: boolean;
  onToggle: () => void;
  onChange: (value: JsonObject) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
  account: string;
  policyType: PolicyType;
}) {
  const read = readStatementView(value);
  const view = read.ok ? read.view : undefined;
  return (
    <li className={`rounded-xl border bg-white shadow-sm ${open ? "border-indigo-300 ring-1 ring-indigo-100" : "border-slate-200"}`} data-testid={`statement-${index}`}>
      <div className="flex flex-wrap items-center gap-2 px-4 py-2.5">
        <button type="button" onClick={onToggle} aria-expanded={open} className="flex min-w-0 flex-1 items-center gap-2 text-left">
          <span className="text-xs font-semibold text-slate-500">#{index + 1}</span>
          {view ? <Badge tone={view.effect === "Allow" ? "green" : "red"}>{view.effect}</Badge> : <Badge tone="amber">JSON only</Badge>}
          {view?.sid && <span className="font-mono text-xs text-slate-600">{view.sid}</span>}
          <span className="truncate text-sm text-slate-800">{view ? statementTitle(view) : `This statement can be edited in JSON only: ${read.ok ? "" : read.reason}`}</span>
          {view && view.resourceElement && <span className="text-xs text-slate-500">· {view.resources.length === 1 && view.resources[0] === "*" ? "all resources" : `${view.resources.length} resource${view.resources.length === 1 ? "" : "s"}`}</span>}
          {view && view.conditions.length > 0 && <span className="text-xs text-slate-500">· {view.conditions.length} condition{view.conditions.length === 1 ? "" : "s"}</span>}
        </button>
        <div className="flex items-center gap-1 text-xs">
          <button type="button" disabled={index === 0} onClick={() => onMove(-1)} aria-label={`Move statement ${index + 1} up`} className="rounded px-1.5 py-0.5 text-slate-500 hover:bg-slate-100 disabled:opacity-30">↑</button>
          <button type="button" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={`Move statement ${index + 1} down`} className="rounded px-1.5 py-0.5 text-slate-500 hover:bg-slate-100 disabled:opacity-30">↓</button>
          <button type="button" onClick={onRemove} aria-label={`Remove statement ${index + 1}`} className="rounded px-1.5 py-0.5 text-rose-600 hover:bg-rose-50">Remove</button>
        </div>
      </div>
      {view && !open && view.conditions.length > 0 && <p className="border-t border-slate-100 px-4 py-1.5 text-xs text-slate-600">{describeConditions(view.conditions).sentence}</p>}
      {open && view && (
        <div className="border-t border-slate-100 px-4 py-4">
          <StatementBuilder view={view} index={index} account={account} policyType={policyType} principal={value.Principal} onPrincipalChange={(principal) => onChange(setStatementElement(value, "Principal", principal))} onChange={(next) => onChange(writeStatementView(next, value))} />
        </div>
      )}
    </li>
  );
}

/**
 * The policy designer: a visual editor and a JSON editor over one text (so switching between them
 * never changes a character), the validator's findings with counts per severity, and — for
 * permission policies — what the draft grants compared with the saved version, statement by
 * statement, plus a "can this role do…" check that highlights the deciding statement.
 */
export function PolicyDesigner({
  account,
  policyType,
  target,
  text,
  onTextChange,
  subject,
  initialTab = "visual",
  optional = false,
  saveTried = false,
}: {
  account: string;
  policyType: PolicyType;
  target: DraftTarget;
  text: string;
  onTextChange: (text: string) => void;
  /** "this role", "role Get-pics-2": who the can-do box asks about. */
  subject: string;
  initialTab?: "visual" | "json";
  /** The policy may be left without statements (the wizard's inline policy): then none is saved, so an empty Statement is no error. */
  optional?: boolean;
  /** Whether a save was tried: from then on an empty draft is an error even if never edited. */
  saveTried?: boolean;
}) {
  const [tab, setTab] = useState<"visual" | "json">(initialTab);
  const [openIndex, setOpenIndex] = useState<number | null>(0);
  const [highlight, setHighlight] = useState<{ from: number; to: number } | null>(null);
  const [focus, setFocus] = useState<{ line: number; column: number; nonce: number } | null>(null);
  const settled = useDebounced(text, 350);
  const validation = useValidation(policyType, settled);
  const read = useMemo(() => readPolicyText(text), [text]);
  // Edited once, edited for good: emptying the draft again is no fresh start.
  const [openedWith] = useState(text);
  const [edited, setEdited] = useState(false);
  if (!edited && text !== openedWith) setEdited(true);
  const stage = { statements: read.ok ? read.policy.statements.length : null, untouched: !edited && text === openedWith && !saveTried, optional };
  const skipped = optional && stage.statements === 0;
  // A form that opened empty and was not edited yet: a hint, not an error.
  const fresh = !optional && stage.statements === 0 && stage.untouched;
  const findings: Finding[] = draftFindings(validation.data?.findings ?? [], stage);
  const counts = validation.data && countBySeverity(findings);
  const previewable = !fresh && (!namesPrincipals(policyType) ? read.ok && counts?.ERROR === 0 : read.ok);
  const preview = usePreview(account, target, settled, Boolean(previewable) && settled === text);
  const pick = (f: Finding) => {
    setTab("json");
    setFocus({ line: f.line, column: f.column, nonce: Date.now() });
  };

  const writeAll = (next: NextStatement[]) => {
    if (!read.ok) return;
    onTextChange(writeStatements(read.policy, next));
  };
  const current = read.ok ? read.policy.statements.map((s, i): NextStatement => ({ value: s.value, from: i })) : [];
  const jumpTo = (lines: { from: number; to: number } | null) => {
    setHighlight(lines);
    if (lines) setTab("json");
  };

  return (
    <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="min-w-0 space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div role="tablist" aria-label="Editor" className="inline-flex rounded-lg bg-slate-200/70 p-0.5">
            {(["visual", "json"] as const).map((t) => (
              <button key={t} role="tab" type="button" aria-selected={tab === t} onClick={() => setTab(t)} className={`rounded-md px-4 py-1.5 text-sm font-medium ${tab === t ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}>
                {t === "visual" ? "Visual" : "JSON"}
              </button>
            ))}
          </div>
          <FindingCounts counts={counts} />
        </div>

        {tab === "visual" ? (
          read.ok ? (
            <div className="space-y-3" role="tabpanel" aria-label="Visual editor">
              <ol className="space-y-3">
                {current.map((s, i) => (
                  <StatementCard
                    key={i}
                    index={i}
                    count={current.length}
                    value={s.value}
                    open={openIndex === i}
                    onToggle={() => setOpenIndex(openIndex === i ? null : i)}
                    account={account}
                    policyType={policyType}
                    onChange={(value) => writeAll(current.map((c, j) => (j === i ? { ...c, value } : c)))}
                    onMove={(delta) => {
                      const next = [...current];
                      [next[i], next[i + delta]] = [next[i + delta], next[i]];
                      writeAll(next);
                      setOpenIndex(i + delta);
                    }}
                    onRemove={() => {
                      writeAll(current.filter((_, j) => j !== i));
                      setOpenIndex(null);
                    }}
                  />
                ))}
              </ol>
              {current.length === 0 && (
                <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
                  {skipped ? "No statements: the role gets no inline policy. Add a statement to give it one." : fresh ? "No statements yet. Add one: the service, its actions and the resources they act on." : policyType === "trust" ? "No statements: AWS refuses a trust policy without one. Add a statement that names who may assume the role." : "No statements: AWS refuses a policy without one. Add a statement."}
                </p>
              )}
              <button
                type="button"
                onClick={() => {
                  const fresh = writeStatementView(emptyStatementView(policyType === "trust" ? "trust" : "identity"));
                  // A bucket policy statement names whom it is about: this account, to start with.
                  writeAll([...current, { value: policyType === "resource" ? setStatementElement(fresh, "Principal", { AWS: `arn:aws:iam::${account}:root` }) : fresh }]);
                  setOpenIndex(current.length);
                }}
                className="w-full rounded-lg border border-dashed border-indigo-300 bg-indigo-50/40 px-4 py-2.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50"
              >
                + Add statement
              </button>
              {findings.length > 0 && (
                <section className="rounded-xl border border-slate-200 bg-slate-50/60" aria-label="Findings of the visual editor">
                  <p className="px-4 pt-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Findings</p>
                  <FindingsList findings={findings} onPick={pick} />
                </section>
              )}
            </div>
          ) : (
            <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
              The visual editor needs a readable policy: {read.message}.{" "}
              <button type="button" onClick={() => { setTab("json"); setFocus({ line: read.line, column: read.column, nonce: Date.now() }); }} className="font-medium underline">Fix it in JSON</button>
            </div>
          )
        ) : (
          <div role="tabpanel" aria-label="JSON editor" className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
            <div className="h-[28rem]">
              <JsonEditor value={text} onChange={onTextChange} findings={findings} highlightLines={highlight} focusRequest={focus} label="Policy JSON" />
            </div>
            <div className="border-t border-slate-200 bg-slate-50/60">
              <p className="px-4 pt-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Findings</p>
              <FindingsList findings={findings} onPick={pick} />
            </div>
          </div>
        )}

        {policyType !== "trust" && previewable && preview.data?.kind === "permissions" && !preview.error && (
          <section aria-labelledby="summary-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <h3 id="summary-heading" className="text-sm font-semibold text-slate-900">Policy summary: saved and draft</h3>
            <p className="mb-3 text-xs text-slate-500">{target.kind === "managed" ? "Per service and access level, of this policy on its own (wherever it is attached, the other policies there add to it)." : "Per service and access level, as the role would have it (its other policies and boundary included)."} Rows that change are highlighted.</p>
            <SummaryCompare saved={preview.data.saved} draft={preview.data.draft} changes={preview.data.changes} />
          </section>
        )}
      </div>

      <aside className="space-y-4 xl:sticky xl:top-4 xl:self-start" aria-label="Preview">
        <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="grants-heading">
          <h3 id="grants-heading" className="mb-2 text-sm font-semibold text-slate-900">{policyType === "trust" ? "Who may assume it" : policyType === "resource" ? "Whom its Allow statements name" : "Does this change grant new access?"}</h3>
          {fresh ? (
            <p className="text-sm text-slate-500">Add a statement to see what the draft would allow.</p>
          ) : !read.ok || (!namesPrincipals(policyType) && counts && counts.ERROR > 0) ? (
            <p className="text-sm text-slate-500">Fix the errors to see what the draft would allow.</p>
          ) : preview.error ? (
            <p role="status" className="text-sm text-slate-600">Not evaluable yet: {preview.error.message.replace(/ \(policy '[^']*', at [^)]*\)$/, "")}. Finish the statement to see what it grants.</p>
          ) : !preview.data ? (
            <p className="text-sm text-slate-500">Working out what the draft allows…</p>
          ) : preview.data.kind === "trust" ? (
            <div className="space-y-1 text-sm">
              {[...new Set([...preview.data.before, ...preview.data.after])].map((p) => {
                const was = preview.data.kind === "trust" && preview.data.before.includes(p);
                const is = preview.data.kind === "trust" && preview.data.after.includes(p);
                return (
                  <p key={p} className="flex items-center gap-2">
                    <Badge tone={was && is ? "slate" : is ? "amber" : "red"}>{was && is ? "kept" : is ? "added" : "removed"}</Badge>
                    <span className="break-all font-mono text-xs">{p}</span>
                  </p>
                );
              })}
              {preview.data.after.length === 0 && <p className="text-slate-500">Nobody: no Allow statement names a principal.</p>}
            </div>
          ) : (
            <StatementChanges preview={preview.data} onPick={(s) => jumpTo(s.lines)} />
          )}
        </section>
        {!namesPrincipals(policyType) && (
          <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <AccessCheckBox account={account} target={target} text={text} onHighlight={jumpTo} subject={subject} />
          </section>
        )}
      </aside>
    </div>
  );
}
