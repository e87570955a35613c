"use client";

import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import type { AccessCheck, DraftPreview, StatementPreview } from "@/lib/designer/draft-preview";
import { describeNewAccess, grantsVerdict } from "@/lib/designer/grants-verdict";
import type { DraftTarget } from "@/lib/designer/designer-schemas";
import type { PermissionsSummary, AccessStatus } from "@/lib/policy/summary";
import type { SummaryChange } from "@/lib/policy/summary-diff";
import type { Finding } from "@/lib/policy/validate";
import { checkDraftAccessAction } from "@/app/server/actions/role-designer";
import { Badge, type Tone } from "@/components/ui";
import { ACCESS_LEVELS } from "@/lib/catalog/access-level";
import { unwrap } from "./designer-query";
import { ScrollArea } from "@/components/scroll-area";
import { readContextLines } from "@/lib/authz/context-lines";

const severityStyle: Record<Finding["severity"], { label: string; one: string; tone: Tone; dot: string }> = {
  ERROR: { label: "Errors", one: "error", tone: "red", dot: "bg-rose-500" },
  SECURITY_WARNING: { label: "Security warnings", one: "security warning", tone: "amber", dot: "bg-orange-500" },
  WARNING: { label: "Warnings", one: "warning", tone: "amber", dot: "bg-amber-400" },
  SUGGESTION: { label: "Suggestions", one: "suggestion", tone: "sky", dot: "bg-sky-400" },
};

/** Counts per severity, as a compact strip. */
export function FindingCounts({ counts }: { counts: Record<Finding["severity"], number> | undefined }) {
  return (
    <ul aria-label="Findings by severity" className="flex flex-wrap items-center gap-1.5">
      {(Object.keys(severityStyle) as Finding["severity"][]).map((s) => (
        <li key={s}>
          <Badge tone={counts && counts[s] > 0 ? severityStyle[s].tone : "slate"} title={severityStyle[s].label}>
            <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${severityStyle[s].dot}`} />
            {counts?.[s] ?? 0} {(counts?.[s] ?? 0) === 1 ? severityStyle[s].one : severityStyle[s].label.toLowerCase()}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

/** The validator's findings, each with its line, clickable to move there in the editor. */
export function FindingsList({ findings, onPick }: { findings: Finding[]; onPick: (f: Finding) => void }) {
  if (!findings.length) return <p className="px-4 py-3 text-sm text-emerald-700">No findings: the policy is valid and passes every check.</p>;
  return (
    <ul aria-label="Findings" className="max-h-64 divide-y divide-slate-100 overflow-auto">
      {findings.map((f, i) => (
        <li key={i}>
          <button type="button" onClick={() => onPick(f)} className="flex w-full items-start gap-3 px-4 py-2 text-left text-sm hover:bg-slate-50">
            <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${severityStyle[f.severity].dot}`} />
            <span className="w-24 shrink-0 font-mono text-xs text-slate-500">Ln {f.line}, Col {f.column}</span>
            <span className="min-w-0">
              <span className="mr-2 text-[11px] font-semibold uppercase tracking-wide text-slate-500">{f.severity.replace("_", " ")} · {f.code}</span>
              <span className="text-slate-800">{f.message}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

const statusTone: Record<AccessStatus, Tone> = { Full: "green", Limited: "sky", None: "slate" };

/** Service × access level, saved beside draft; rows that change stand out. */
export function SummaryCompare({ saved, draft, changes }: { saved: PermissionsSummary; draft: PermissionsSummary; changes: SummaryChange[] }) {
  const services = [...new Map([...saved.services, ...draft.services].map((s) => [s.service, s])).values()].sort((a, b) => a.service.localeCompare(b.service));
  if (!services.length) return <p className="text-sm text-slate-500">Neither the saved version nor the draft grants any access.</p>;
  const changed = new Set(changes.map((c) => `${c.service}|${c.level}`));
  const status = (summary: PermissionsSummary, service: string, level: string) => summary.services.find((s) => s.service === service)?.levels.find((l) => l.level === level);
  return (
    <ScrollArea label="Policy summary, saved and draft" className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Policy summary, saved and draft">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr><th className="py-1.5 pr-3 font-medium">Service</th><th className="py-1.5 pr-3 font-medium">Access level</th><th className="py-1.5 pr-3 font-medium">Saved</th><th className="py-1.5 pr-3 font-medium">Draft</th><th className="py-1.5 font-medium">Resources / conditions (draft)</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {services.flatMap((service) =>
            ACCESS_LEVELS.filter((level) => (status(saved, service.service, level)?.status ?? "None") !== "None" || (status(draft, service.service, level)?.status ?? "None") !== "None").map((level, i) => {
              const before = status(saved, service.service, level);
              const after = status(draft, service.service, level);
              const isChanged = changed.has(`${service.service}|${level}`);
              return (
                <tr key={`${service.service}|${level}`} className={isChanged ? "bg-amber-50/70" : undefined}>
                  <td className="py-1.5 pr-3 align-top">{i === 0 ? <span><span className="font-medium">{service.name}</span> <span className="font-mono text-xs text-slate-500">{service.service}</span></span> : null}</td>
                  <td className="py-1.5 pr-3 align-top">{level}</td>
                  <td className="py-1.5 pr-3 align-top"><Badge tone={statusTone[before?.status ?? "None"]}>{before?.status ?? "None"}{before?.status === "Limited" ? ` · ${before.allowed}/${before.total}` : ""}</Badge></td>
                  <td className="py-1.5 pr-3 align-top"><Badge tone={statusTone[after?.status ?? "None"]}>{after?.status ?? "None"}{after?.status === "Limited" ? ` · ${after.allowed}/${after.total}` : ""}</Badge></td>
                  <td className="py-1.5 align-top font-mono text-[11px] text-slate-600">{[...(after?.resources ?? []), ...(after?.conditionKeys ?? []).map((k) => `if ${k}`)].join(", ")}</td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </ScrollArea>
  );
}

function describeChange(c: SummaryChange): string {
  const verb = c.change === "gained" ? "gains" : c.change === "lost" ? "loses" : "changes";
  return `${c.name} ${c.level}: ${verb} (${c.before} → ${c.after}, ${c.allowedBefore} → ${c.allowedAfter} actions)`;
}

/** "Does this change grant new access, and which?" — answered from the new-access comparison. */
export function StatementChanges({ preview, onPick }: { preview: DraftPreview; onPick: (s: StatementPreview) => void }) {
  const verdict = grantsVerdict(preview);
  return (
    <div className="space-y-3">
      <p className={`rounded-md px-3 py-2 text-sm font-medium ${verdict.grants ? "bg-amber-50 text-amber-900 ring-1 ring-amber-200" : "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200"}`} data-testid="grants-verdict">
        {verdict.text}
      </p>
      <ul className="space-y-2">
        {preview.statements.map((s) => (
          <li key={s.index}>
            <button type="button" onClick={() => onPick(s)} className="w-full rounded-md border border-slate-200 px-3 py-2 text-left hover:border-indigo-300">
              <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                <span className="whitespace-nowrap font-medium">Statement {s.index + 1}</span>
                {s.sid && <span className="max-w-[10rem] truncate font-mono text-xs text-slate-500" title={s.sid}>{s.sid}</span>}
                <Badge tone={s.effect === "Deny" ? "red" : "green"}>{s.effect}</Badge>
                <Badge tone={s.status === "added" ? "indigo" : s.status === "changed" ? "amber" : "slate"}>{s.status}</Badge>
                <span className="ml-auto font-mono text-[11px] text-slate-500">L{s.lines.from}–{s.lines.to}</span>
              </span>
              {s.newAccessCount > 0 && (
                <span className="mt-1 block text-xs text-amber-900">
                  Newly allows: <span className="font-mono">{describeNewAccess(s.newAccess, s.newAccessCount)}</span>
                </span>
              )}
              {s.status !== "unchanged" && (
                <span className="mt-1 block text-xs text-slate-600">
                  {s.changes.length === 0 && s.newAccessCount === 0 ? "Grants nothing the role could not already do." : s.changes.map((c) => <span key={`${c.service}${c.level}`} className={`block ${c.change === "gained" ? "text-amber-800" : c.change === "lost" ? "text-slate-600" : "text-sky-800"}`}>{c.change === "gained" ? "+ " : c.change === "lost" ? "− " : "± "}{describeChange(c)}</span>)}
                </span>
              )}
            </button>
          </li>
        ))}
        {preview.removedStatements.map((s) => (
          <li key={`removed-${s.index}`} className="rounded-md border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-600">
            Saved statement {s.index + 1}{s.sid ? ` (${s.sid})` : ""} is removed.
          </li>
        ))}
      </ul>
    </div>
  );
}

const decisionTone: Record<string, Tone> = { Allow: "green", ExplicitDeny: "red", ImplicitDeny: "slate" };

/** "Can this role do ACTION on RESOURCE?" against the draft, with the deciding statement. */
export function AccessCheckBox({ account, target, text, onHighlight, subject }: { account: string; target: DraftTarget; text: string; onHighlight: (lines: { from: number; to: number } | null) => void; subject: string }) {
  const [action, setAction] = useState("s3:GetObject");
  const [resource, setResource] = useState("");
  const [contextText, setContextText] = useState("");
  const id = useId();
  const check = useMutation({
    mutationFn: () => unwrap(checkDraftAccessAction({ accountId: account, target, text, action, resource, context: readContextLines(contextText) })),
    onSuccess: (result: AccessCheck) => onHighlight(result.deciding.find((d) => d.inDraft)?.lines ?? null),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        check.mutate();
      }}
      className="space-y-2"
      aria-labelledby={`${id}-title`}
    >
      <p id={`${id}-title`} className="text-sm font-semibold text-slate-900">Can {subject} do…</p>
      <div className="grid gap-2">
        <label className="text-xs font-medium text-slate-600">Action<input value={action} onChange={(e) => setAction(e.target.value)} placeholder="s3:GetObject" className="mt-0.5 w-full rounded-md border border-slate-300 px-2.5 py-1.5 font-mono text-sm" /></label>
        <label className="text-xs font-medium text-slate-600">on resource<input value={resource} onChange={(e) => setResource(e.target.value)} placeholder="arn:aws:s3:::bucket/key" className="mt-0.5 w-full rounded-md border border-slate-300 px-2.5 py-1.5 font-mono text-sm" /></label>
        <label className="text-xs font-medium text-slate-600">with context <span className="font-normal text-slate-500">(optional, key=value per line)</span><textarea rows={2} value={contextText} onChange={(e) => setContextText(e.target.value)} placeholder="aws:SourceIp=10.1.2.3" className="mt-0.5 w-full rounded-md border border-slate-300 px-2.5 py-1.5 font-mono text-xs" /></label>
      </div>
      <button type="submit" disabled={check.isPending || !action || !resource} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50">{check.isPending ? "Checking…" : "Check with the draft"}</button>
      {check.error && <p role="alert" className="text-sm text-rose-700">{check.error.message}</p>}
      {check.data && (
        <div className="space-y-2 rounded-md bg-slate-50 p-3" data-testid="access-answer">
          <p className="flex items-center gap-2 text-sm"><Badge tone={decisionTone[check.data.decision] ?? "slate"}>{check.data.decision}</Badge></p>
          <p className="text-sm text-slate-700">{check.data.summary}</p>
          {check.data.deciding.map((d) => (
            <button key={`${d.policy}${d.statement}`} type="button" onClick={() => onHighlight(d.lines ?? null)} className="block text-left text-xs text-indigo-700 hover:underline">
              Deciding: statement {d.statement + 1}{d.sid ? ` (${d.sid})` : ""} of {d.inDraft ? "this draft" : d.policy}{d.lines ? `, lines ${d.lines.from}–${d.lines.to} (highlighted)` : ""}
            </button>
          ))}
          {check.data.nearestMisses.map((m) => (
            <button key={`miss${m.policy}${m.statement}`} type="button" onClick={() => onHighlight(m.lines ?? null)} className="block text-left text-xs text-slate-600 hover:underline">
              Nearly: statement {m.statement + 1}{m.sid ? ` (${m.sid})` : ""} of {m.inDraft ? "this draft" : m.policy} — {m.reason}
            </button>
          ))}
        </div>
      )}
    </form>
  );
}
