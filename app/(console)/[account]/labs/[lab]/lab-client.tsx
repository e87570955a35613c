"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Breadcrumb } from "@/components/breadcrumb";
import { Badge, PageHeader, Section, Skeleton } from "@/components/ui";
import { Button } from "@/components/designer/form-controls";
import { ActionFailure } from "@/components/designer/designer-query";
import { useConsoleMutation } from "@/components/console-mutation";
import { allCardsAnswered, hintButtonLabel, type LabPageView } from "@/lib/labs/lab-view";
import { LabText } from "../lab-text";
import { resetMyWorkspaceAction } from "../actions";
import { CheckCount, LabChecks } from "./lab-checks";
import { fetchLabProgress, labKeys } from "./lab-query";
import { useLabState } from "./lab-state";
import { PredictCard } from "./predict-card";

/** How often the checks are asked again while the page is in view. */
const pollMs = 3000;

type Props = {
  account: string;
  workspace: string;
  view: LabPageView;
  /** The lab the workspace was created for, if any. */
  workspaceLab: string | null;
  /** What a reset returns the workspace to, in words. */
  resetTo: string;
  /** Why this user may not reset this workspace, or null. */
  resetRefusal: string | null;
  isDemo: boolean;
};

/**
 * The lab page: the goal; predict cards answered before the evaluator reveals; the checks, live
 * (polled, and asked again after every change made in the console); hints one at a time; reset;
 * and what was learned once every check passes.
 */
export function LabClient({ account, workspace, view, workspaceLab, resetTo, resetRefusal, isDemo }: Props) {
  const { state, known, update } = useLabState(workspace, view.id);
  const progress = useQuery({
    queryKey: labKeys.progress(account, view.id),
    queryFn: () => fetchLabProgress(view.id),
    refetchInterval: pollMs,
    refetchOnWindowFocus: true,
    staleTime: pollMs - 1000,
  });
  const cardsDone = allCardsAnswered(view, state);
  const checksOpen = view.cards.length === 0 || cardsDone || state.checksShown;
  const hintLabel = hintButtonLabel(Math.min(state.hintsShown, view.hints.length), view.hints.length);
  const notThisWorkspacesLab = workspaceLab !== view.id;

  return (
    <>
      <Breadcrumb parent="Labs" href={`/${account}/labs`} current={view.title} />
      <PageHeader
        kind="Lab"
        title={view.title}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            {view.stories.map((story) => (
              <Badge key={story}>{story}</Badge>
            ))}
            <span>
              in workspace <span className="font-medium text-slate-800">{workspace}</span>
            </span>
          </span>
        }
      />

      {notThisWorkspacesLab && (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          {isDemo ? "This is the shared demo workspace, not one made for this lab" : workspaceLab ? `This workspace was made for lab ${workspaceLab}, not this one` : "This workspace was not made for this lab"}: the checks run on it as it is, and may fail on things the lab&apos;s starting state would have set up. A workspace made for the lab starts where the lab begins.
        </p>
      )}

      <Section title="Goal">
        <p className="text-sm leading-relaxed text-slate-800">
          <LabText text={view.goal} />
        </p>
      </Section>

      {progress.data?.complete && (
        <section aria-labelledby="lab-learned" role="status" className="mb-6 rounded-xl border border-emerald-300 bg-emerald-50 p-5 shadow-sm" data-testid="lab-complete">
          <h2 id="lab-learned" className="text-base font-semibold text-emerald-900">
            ✓ All {progress.data.passed} checks pass — lab complete
          </h2>
          <p className="mt-2 text-xs font-semibold uppercase tracking-wider text-emerald-800">What you learned</p>
          <p className="mt-1 text-sm leading-relaxed text-emerald-950">
            <LabText text={view.learned} />
          </p>
        </section>
      )}

      {view.cards.length > 0 && (
        <Section
          id="predict"
          title="Predict, then reveal"
          description="Answer each request before the evaluator does: Allow or Deny? The answer comes from your workspace as it is now, layer by layer, with the statements that decide it."
        >
          <ol className="space-y-4">
            {view.cards.map((card, i) => (
              <PredictCard
                key={card.id}
                lab={view.id}
                card={card}
                number={i + 1}
                stored={state.predictions[card.id]}
                known={known}
                onAnswered={(answer) => update((s) => ({ ...s, predictions: { ...s.predictions, [card.id]: { ...answer, askedAt: new Date().toISOString() } } }))}
                onAskedAgain={(reveal) =>
                  update((s) => {
                    const kept = s.predictions[card.id];
                    return kept ? { ...s, predictions: { ...s.predictions, [card.id]: { ...kept, again: { askedAt: new Date().toISOString(), reveal } } } } : s;
                  })
                }
              />
            ))}
          </ol>
          {known && Object.keys(state.predictions).length > 0 && (
            <button
              type="button"
              onClick={() => update((s) => ({ ...s, predictions: {}, checksShown: false }))}
              className="mt-3 text-xs font-medium text-slate-600 underline underline-offset-2 hover:text-slate-900"
            >
              Clear my answers and predict again
            </button>
          )}
        </Section>
      )}

      <Section
        id="checks"
        title="Checks"
        description={`Answered on workspace ${workspace} as it is now: asked again every few seconds while this page is open, and at once after each change you make in the console.`}
        actions={<CheckCount progress={progress.data} fetching={progress.isFetching && !progress.data} checkedAt={progress.dataUpdatedAt} />}
      >
        {!known ? (
          <Skeleton className="h-24 w-full" />
        ) : checksOpen ? (
          <LabChecks titles={view.checks} progress={progress.data} error={progress.error} />
        ) : (
          <div className="rounded-lg border border-dashed border-slate-300 bg-slate-50 px-4 py-5 text-sm text-slate-700">
            <p>Answer the predict cards above first: the checks&apos; details give their answers away.</p>
            <button
              type="button"
              onClick={() => update((s) => ({ ...s, checksShown: true }))}
              className="mt-2 rounded-md bg-white px-3 py-1 text-xs font-medium text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-100"
            >
              Show the checks now
            </button>
          </div>
        )}
      </Section>

      {view.hints.length > 0 && (
        <Section id="hints" title="Hints" description="Revealed one at a time, from a nudge to nearly the answer.">
          {known && state.hintsShown > 0 && (
            <ol aria-live="polite" className="mb-3 list-decimal space-y-2 pl-5 text-sm leading-relaxed text-slate-800">
              {view.hints.slice(0, state.hintsShown).map((hint, i) => (
                <li key={i}>
                  <LabText text={hint} />
                </li>
              ))}
            </ol>
          )}
          {hintLabel ? (
            <Button disabled={!known} onClick={() => update((s) => ({ ...s, hintsShown: Math.min(s.hintsShown + 1, view.hints.length) }))}>
              {hintLabel}
            </Button>
          ) : (
            <p className="text-xs text-slate-600">All {view.hints.length} hints shown.</p>
          )}
        </Section>
      )}

      <Section id="reset" title="Reset my workspace" description={resetRefusal ? undefined : `Puts workspace ${workspace} back to ${resetTo}. Every change made in it since is undone; its audit log keeps them.`}>
        {resetRefusal ? <p className="text-sm text-slate-700">{resetRefusal}</p> : <ResetWorkspace account={account} lab={view.id} workspace={workspace} resetTo={resetTo} />}
      </Section>
    </>
  );
}

function ResetWorkspace({ account, lab, workspace, resetTo }: { account: string; lab: string; workspace: string; resetTo: string }) {
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const reset = useConsoleMutation(resetMyWorkspaceAction, {
    // The checks' query sits under the account: the mutation helper refreshes it with the rest.
    then: () => {
      setConfirming(false);
      setDone(true);
    },
  });
  if (!confirming) {
    return (
      <div className="space-y-3">
        <Button
          kind="danger"
          onClick={() => {
            setDone(false);
            reset.reset();
            setConfirming(true);
          }}
        >
          Reset my workspace
        </Button>
        {done && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            Workspace {workspace} is back to {resetTo}.
          </p>
        )}
      </div>
    );
  }
  return (
    <div role="group" aria-labelledby="reset-confirm" className="space-y-3 rounded-lg border border-rose-200 bg-rose-50 p-4">
      <p id="reset-confirm" className="text-sm text-rose-950">
        Reset workspace <span className="font-semibold">{workspace}</span> to {resetTo}? Your changes in it are lost; your predictions and hints stay.
      </p>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          autoFocus
          disabled={reset.isPending}
          onClick={() => reset.mutate({})}
          className="rounded-md bg-rose-700 px-3.5 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-rose-800 disabled:opacity-60"
        >
          {reset.isPending ? "Resetting…" : "Yes, reset it"}
        </button>
        <Button disabled={reset.isPending} onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
      {reset.error && (
        <p role="alert" className="text-sm text-rose-800">
          {reset.error instanceof ActionFailure ? reset.error.error.message : "The reset failed; nothing changed. Try again."}
        </p>
      )}
    </div>
  );
}
