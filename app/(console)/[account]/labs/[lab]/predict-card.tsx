"use client";

import { useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { GlossaryTerm } from "@/components/glossary-term";
import { Badge } from "@/components/ui";
import { formatTime } from "@/components/format";
import { summaryWords, predictionAnswers, type LabReveal, type PredictAnswer, type PredictionAnswer, type StoredPrediction } from "@/lib/labs/lab-view";
import { LabText } from "../lab-text";
import { fetchPrediction } from "./lab-query";

const layerNames: Record<LabReveal["trace"][number]["kind"], { label: string; term: string }> = {
  scp: { label: "Organization SCP", term: "SCP" },
  rcp: { label: "Organization RCP", term: "RCP" },
  resource: { label: "Resource-based policy", term: "resource-based policy" },
  identity: { label: "Identity-based policy", term: "permission policy" },
  boundary: { label: "Permissions boundary", term: "permissions boundary" },
  session: { label: "Session policy", term: "session policy" },
};

/** "Allow", "Deny (explicit deny)", "Deny (implicit deny)", with the term's definition. */
function DecisionWords({ decision }: { decision: LabReveal["decision"] }) {
  if (decision === "Allow") return <span className="font-semibold text-emerald-800">Allow</span>;
  const term = decision === "ExplicitDeny" ? "explicit deny" : "implicit deny";
  return (
    <span className="font-semibold text-rose-800">
      Deny (<GlossaryTerm term={term}>{term}</GlossaryTerm>)
    </span>
  );
}

function layerStatus(layer: LabReveal["trace"][number]): { text: string; tone: "slate" | "green" | "red" } {
  if (!layer.considered) return { text: "not considered", tone: "slate" };
  if (layer.applied.some((a) => a.startsWith("Deny"))) return { text: "denies", tone: "red" };
  if (layer.applied.length) return { text: "allows", tone: "green" };
  return { text: "no statement matches", tone: "slate" };
}

/** The evaluator's answer: who asked what, the layer trace, the deciding statements, what was missing. */
function RevealDetails({ reveal }: { reveal: LabReveal }) {
  // Refused before any policy was read (no credentials, a revoked or expired set): the trace and
  // statements say what the policies alone would have answered.
  const refusedEarlier = reveal.decision === "ImplicitDeny" && reveal.deciding.length > 0;
  return (
    <div className="min-w-0 space-y-3 text-sm text-slate-700 [overflow-wrap:anywhere]">
      {reveal.action && (
        <p>
          Asked as <span className="font-medium text-slate-900">{reveal.caller}</span>: <code className="font-mono text-[13px]">{reveal.action}</code> on{" "}
          <code className="break-all font-mono text-[13px]">{reveal.resource}</code>
        </p>
      )}
      <p>{summaryWords(reveal.summary)}</p>
      {reveal.operation && (
        <div>
          <p>
            The command <code className="break-all rounded bg-slate-100 px-1 font-mono text-[13px]">{reveal.operation.step}</code>{" "}
            {reveal.operation.succeeded ? "would succeed." : `would fail: ${reveal.operation.error ?? "refused"}`}
          </p>
          {reveal.operation.checks.length > 0 && (
            <>
              <h4 className="mt-2 text-xs font-semibold uppercase tracking-wider text-slate-500">Every permission it checked</h4>
              <ol className="mt-1 space-y-1">
                {reveal.operation.checks.map((line, i) => (
                  <li key={i} className="flex gap-2">
                    <Badge tone={line.decision === "Allow" ? "green" : "red"}>{line.decision === "Allow" ? "Allow" : "Deny"}</Badge>
                    <span className="min-w-0 break-words">{line.words}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
      {reveal.trace.length > 0 && (
        <div>
          <h4 className="text-xs font-semibold uppercase tracking-wider text-slate-500">Layer by layer</h4>
          {refusedEarlier && <p className="mt-0.5 text-xs text-slate-600">What the policies alone would answer: the request is refused before they are read, as said above.</p>}
          <ol className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200">
            {reveal.trace.map((layer, i) => {
              const status = layerStatus(layer);
              const name = layerNames[layer.kind];
              return (
                <li key={i} className={`flex flex-wrap items-start gap-x-3 gap-y-1 px-3 py-2 ${layer.considered ? "" : "bg-slate-50"}`}>
                  <span className="w-44 shrink-0 text-xs font-semibold text-slate-700">
                    <GlossaryTerm term={name.term}>{name.label}</GlossaryTerm>
                  </span>
                  <Badge tone={status.tone}>{status.text}</Badge>
                  <span className="min-w-0 flex-1 basis-64 break-words text-slate-700">{layer.words}</span>
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {reveal.deciding.length > 0 && (
        <div>
          <h4 className="text-xs font-semibold uppercase tracking-wider text-slate-500">{refusedEarlier ? "Would allow it, were it read" : `Deciding ${reveal.deciding.length === 1 ? "statement" : "statements"}`}</h4>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {reveal.deciding.map((statement) => (
              <li key={statement} className="break-words">{statement}</li>
            ))}
          </ul>
        </div>
      )}
      {reveal.missing && (
        <p>
          <span className="font-medium text-slate-900">What is missing: </span>
          {reveal.missing}
        </p>
      )}
      {reveal.nearest && (
        <p>
          <span className="font-medium text-slate-900">Nearest statement: </span>
          {reveal.nearest.statement} — {reveal.nearest.failures.join("; ")}
        </p>
      )}
    </div>
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : "Could not ask the evaluator.";
}

/**
 * One predict card: the trainee commits to Allow or Deny, then sees the evaluator's answer on the
 * workspace as it is, right or wrong marked, and why. The first answer is kept; asking again later
 * shows what the trainee's changes did to it.
 */
export function PredictCard({
  lab,
  card,
  number,
  stored,
  known,
  onAnswered,
  onAskedAgain,
}: {
  lab: string;
  card: { id: string; question: string };
  number: number;
  stored: StoredPrediction | undefined;
  known: boolean;
  onAnswered: (answer: PredictAnswer) => void;
  onAskedAgain: (reveal: LabReveal) => void;
}) {
  const [chosen, setChosen] = useState<PredictionAnswer | null>(null);
  // Focus follows the answer: the buttons pressed give way to the verdict, which takes the focus.
  const focusVerdict = useRef(false);
  const ask = useMutation({
    mutationFn: (answer: PredictionAnswer) => fetchPrediction(lab, card.id, answer),
    onSuccess: (data) => {
      focusVerdict.current = true;
      onAnswered(data);
    },
  });
  const again = useMutation({ mutationFn: (answer: PredictionAnswer) => fetchPrediction(lab, card.id, answer), onSuccess: (data) => onAskedAgain(data.reveal) });
  const answer = stored?.answer ?? chosen;

  return (
    <li className="rounded-lg border border-slate-200 p-4">
      <p className="text-xs font-semibold uppercase tracking-wider text-slate-500">Card {number}</p>
      <h3 className="mt-0.5 text-sm font-medium text-slate-900">{card.question}</h3>
      {!known ? (
        <div aria-hidden className="mt-3 h-8 w-40 animate-pulse rounded bg-slate-100" />
      ) : !stored ? (
        <div className="mt-3">
          <div role="group" aria-label={`Your prediction for card ${number}`} className="flex flex-wrap items-center gap-2">
            {predictionAnswers.map((option) => (
              <button
                key={option}
                type="button"
                aria-pressed={chosen === option}
                disabled={chosen !== null}
                onClick={() => {
                  setChosen(option);
                  ask.mutate(option);
                }}
                className={`rounded-md px-4 py-1.5 text-sm font-semibold shadow-sm ring-1 ring-inset disabled:cursor-not-allowed ${
                  chosen === option
                    ? option === "Allow"
                      ? "bg-emerald-700 text-white ring-emerald-700"
                      : "bg-rose-700 text-white ring-rose-700"
                    : "bg-white text-slate-800 ring-slate-300 hover:bg-slate-50 disabled:text-slate-400"
                }`}
              >
                {option}
              </button>
            ))}
            {!chosen && <span className="text-xs text-slate-600">Commit to an answer: the evaluator answers after you.</span>}
          </div>
          {ask.isPending && (
            <p role="status" className="mt-2 text-sm text-slate-600">
              You said {chosen}. Asking the evaluator on your workspace…
            </p>
          )}
          {ask.isError && chosen && (
            <div role="alert" className="mt-2 flex flex-wrap items-center gap-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
              <span>{errorText(ask.error)}</span>
              <button type="button" onClick={() => ask.mutate(chosen)} className="rounded-md bg-white px-2.5 py-1 text-xs font-medium text-rose-800 ring-1 ring-inset ring-rose-300 hover:bg-rose-50">
                Try again
              </button>
            </div>
          )}
        </div>
      ) : (
        <div className="mt-3 space-y-3">
          <p
            role="status"
            tabIndex={-1}
            ref={(element) => {
              if (element && focusVerdict.current) {
                focusVerdict.current = false;
                element.focus();
              }
            }}
            className={`rounded-md px-3 py-2 text-sm ring-1 ring-inset ${stored.right ? "bg-emerald-50 text-emerald-900 ring-emerald-200" : "bg-rose-50 text-rose-900 ring-rose-200"}`}
            data-testid={`card-verdict-${card.id}`}
          >
            <span className="font-semibold">{stored.right ? "✓ Right" : "✗ Not this time"}</span> — you said <span className="font-semibold">{answer}</span>; the evaluator says <DecisionWords decision={stored.reveal.decision} />.
          </p>
          <RevealDetails reveal={stored.reveal} />
          {stored.reveal.why && (
            <div className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-950">
              <span className="font-semibold">Why: </span>
              <LabText text={stored.reveal.why} />
            </div>
          )}
          <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3">
            <button
              type="button"
              disabled={again.isPending}
              onClick={() => again.mutate(stored.answer)}
              className="rounded-md bg-white px-3 py-1 text-xs font-medium text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400"
            >
              {again.isPending ? "Asking…" : "Ask again on the workspace as it is now"}
            </button>
            {again.isError && (
              <span role="alert" className="text-xs text-rose-800">
                {errorText(again.error)}
              </span>
            )}
          </div>
          {stored.again && (
            <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid={`card-again-${card.id}`}>
              <p>
                Asked again at {formatTime(stored.again.askedAt)}: the evaluator now says <DecisionWords decision={stored.again.reveal.decision} />
                {stored.again.reveal.decision === stored.reveal.decision ? ", as before." : `, where it said ${stored.reveal.decision === "Allow" ? "Allow" : "Deny"} when you answered.`}
              </p>
              <p className="mt-1">{summaryWords(stored.again.reveal.summary)}</p>
            </div>
          )}
        </div>
      )}
    </li>
  );
}
