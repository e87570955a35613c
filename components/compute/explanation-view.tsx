import type { Explanation } from "@/lib/policy/evaluate";
import { describeRef, statementLabel } from "@/lib/policy/explain";
import { Badge } from "@/components/ui";

/** The evaluator's explanation: every policy considered, each statement applied or not, and why. */
export function ExplanationView({ explanation }: { explanation: Explanation }) {
  return (
    <div className="space-y-3">
      {explanation.nearestMisses.length > 0 && (
        <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
          <p className="font-medium text-amber-900">Nearest misses</p>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-amber-900">
            {explanation.nearestMisses.map((m) => (
              <li key={m.pointer + m.ref.policy}>{describeRef(m.ref)}: {m.failures.map((f) => f.message).join("; ")}</li>
            ))}
          </ul>
        </div>
      )}
      <details className="rounded-md border border-slate-200">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700">Every policy and statement ({explanation.policies.length} {explanation.policies.length === 1 ? "policy" : "policies"})</summary>
        <ul className="divide-y divide-slate-100 border-t border-slate-100">
          {explanation.policies.map((p) => (
            <li key={p.policy + (p.target ?? "")} className="px-3 py-2 text-sm">
              <p className="flex flex-wrap items-center gap-2"><span className="font-medium text-slate-900">{p.policy}</span><Badge>{p.kind}</Badge>{!p.considered && <Badge tone="slate">not considered</Badge>}</p>
              {p.note && <p className="text-xs text-slate-500">{p.note}</p>}
              <ul className="mt-1 space-y-1">
                {p.statements.map((s) => (
                  <li key={s.pointer} className="flex items-start gap-2 text-xs">
                    <Badge tone={s.applied ? (s.effect === "Allow" ? "green" : "red") : "slate"}>{s.applied ? `${s.effect} applies` : "does not apply"}</Badge>
                    <span className="text-slate-700">{statementLabel(s.ref)}{s.failures.length ? `: ${s.failures.map((f) => f.message).join("; ")}` : ""}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
