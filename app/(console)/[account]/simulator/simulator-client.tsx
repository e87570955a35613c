"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useConsoleRouter } from "@/components/workspace-link";
import { useMemo, useState } from "react";
import { Section } from "@/components/ui";
import { ActionPicker } from "@/components/simulator/action-picker";
import { CallerPicker } from "@/components/simulator/caller-picker";
import { ContextEditor } from "@/components/simulator/context-editor";
import { ResourcePicker } from "@/components/simulator/resource-picker";
import { ResultsTable } from "@/components/simulator/results-table";
import { WhatCanPanel } from "@/components/simulator/what-can-panel";
import { useCallerDefaults, useResourceFit, useSimulation } from "@/components/simulator/simulator-query";
import { PassRoleHint, ResourceFitWarning } from "@/components/simulator/simulator-hints";
import { isRunnable, readSimulation, writeSimulation, type SimulationState } from "@/components/simulator/simulation-state";

/**
 * The simulator: the draft (caller, actions, resources, context) is edited here; "Simulate" writes
 * it to the URL, and the run always follows the URL, so a shared link runs the same simulation.
 */
export function SimulatorClient({ account }: { account: string }) {
  const search = useSearchParams();
  const router = useConsoleRouter();
  const pathname = usePathname();
  const ran = useMemo(() => readSimulation(search), [search]);
  const [draft, setDraft] = useState<SimulationState>(ran);
  const defaults = useCallerDefaults(account, draft.caller, draft.actions);
  const run = useSimulation(account, ran);
  const [copied, setCopied] = useState(false);
  const count = draft.actions.length * draft.resources.length;
  const dirty = writeSimulation(draft).toString() !== writeSimulation(ran).toString();
  const fit = useResourceFit(draft.actions, draft.resources);
  const mismatches = draft.actions.length && draft.resources.length ? (fit.data ?? []) : [];
  // Every pair names a resource its action never acts on: the run could only say "implicit deny".
  const nothingFits = count > 0 && mismatches.length === count;
  const simulate = () => router.replace(`${pathname}?${writeSimulation(draft)}`, { scroll: false });

  return (
    <>
      <Section id="caller" title="1. Caller" description="Who makes the requests: a user, a role as a session of itself, a member of a group, an instance or ECS task through its role, or a pasted policy.">
        <CallerPicker account={account} value={draft.caller} resolved={defaults.data && !defaults.isPlaceholderData ? `${defaults.data.caller.label}, requests signed as ${defaults.data.caller.callerArn}` : undefined} onChange={(caller) => setDraft({ ...draft, caller })} />
        {defaults.isError && <p role="alert" className="mt-2 text-sm text-rose-700">{defaults.error.message}</p>}
        {defaults.data?.noCredentials && <p className="mt-2 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">{defaults.data.noCredentials}</p>}
      </Section>
      <Section id="actions" title="2. Actions" description="From the service authorization reference: search it, take a service's access levels, or expand a wildcard.">
        <ActionPicker value={draft.actions} onChange={(actions) => setDraft({ ...draft, actions })} />
      </Section>
      <Section id="resources" title="3. Resources" description="The workspace's own policies of these resources take part: bucket policies, and trust policies for sts:AssumeRole on a role.">
        <ResourcePicker account={account} actions={draft.actions} value={draft.resources} onChange={(resources) => setDraft({ ...draft, resources })} />
        <ResourceFitWarning mismatches={mismatches} pairs={count} />
      </Section>
      <Section id="context" title="4. Request context" description="The keys AWS would set on this caller's requests, pre-filled; change, remove or add any key. Only your changes are kept in the link.">
        <PassRoleHint actions={draft.actions} edits={draft.edits} onChange={(edits) => setDraft({ ...draft, edits })} />
        {draft.caller ? (
          defaults.data ? (
            <ContextEditor defaults={defaults.data.context} suggestions={defaults.data.suggestions} edits={draft.edits} onChange={(edits) => setDraft({ ...draft, edits })} />
          ) : (
            <p className="text-sm text-slate-500">{defaults.isError ? "Choose another caller." : "Reading the caller's keys…"}</p>
          )
        ) : (
          <p className="text-sm text-slate-500">Choose a caller to see the keys AWS sets for it.</p>
        )}
      </Section>
      <div className="mb-6 flex flex-wrap items-center gap-3">
        <button type="button" onClick={simulate} disabled={!isRunnable(draft) || count > 2000 || nothingFits} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 disabled:bg-indigo-300">
          Simulate {count} request{count === 1 ? "" : "s"}
        </button>
        {count > 2000 && <p className="text-sm text-rose-700">At most 2,000 requests (actions × resources) at once.</p>}
        {!isRunnable(draft) && <p className="text-sm text-slate-500">Choose a caller, at least one action and one resource.</p>}
        {isRunnable(draft) && nothingFits && <p className="text-sm text-amber-800">No action here acts on its resource (see Resources): choose a resource the action names.</p>}
        {isRunnable(ran) && (
          <button
            type="button"
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-700 hover:bg-slate-50"
            onClick={async () => {
              await navigator.clipboard?.writeText(window.location.href).catch(() => undefined);
              setCopied(true);
            }}
          >
            {copied ? "Link copied" : "Copy the link to this simulation"}
          </button>
        )}
        {dirty && isRunnable(ran) && <p className="text-xs text-amber-700">The results below are of the last run; simulate again to see your changes.</p>}
      </div>
      {isRunnable(ran) && (
        <Section id="results" title="Results" description="Each request decided by the evaluator; Explain shows every statement and the nearest misses.">
          {run.isPending || (run.isFetching && !run.data) ? (
            <p className="text-sm text-slate-600" role="status">
              {run.progress ? `Evaluating… ${run.progress.done} of ${run.progress.total} requests` : "Evaluating…"}
            </p>
          ) : run.isError ? (
            <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{run.error.message}</p>
          ) : (
            <ResultsTable account={account} caller={ran.caller} edits={ran.edits} result={run.data} />
          )}
        </Section>
      )}
      <Section id="what-can" title="What can this caller do on one resource?" description="Every action of the resource's service that can act on it, decided for the chosen caller and grouped by access level.">
        <WhatCanPanel account={account} caller={draft.caller} edits={draft.edits} initialResource={draft.resources.find((r) => r !== "*") ?? ""} />
      </Section>
    </>
  );
}
