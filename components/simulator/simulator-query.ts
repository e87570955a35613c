"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { unwrap } from "@/components/designer/designer-query";
import { explainSimulationAction, searchCallersAction, simulateBatchAction, simulatorCallerDefaultsAction, whatCanAction } from "@/app/server/actions/simulator";
import { whoCanAction } from "@/app/server/actions/who-can";
import { fetchJson } from "@/components/fetch-json";
import type { CallerSpec, ContextEdits, SimulationResult, SimulationRow } from "@/lib/simulation/simulate-batch";
import type { WhoCanAnswer } from "@/lib/authz/who-can";

export type { WhoCanQuestionInput } from "./simulator-keys";
import { simulatorKeys, type WhoCanQuestionInput } from "./simulator-keys";
import { isRunnable, type SimulationState } from "./simulation-state";

export function useCallerSearch(account: string, query: string) {
  return useQuery({
    queryKey: simulatorKeys.callers(account, query),
    queryFn: () => unwrap(searchCallersAction({ accountId: account, query })),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useCallerDefaults(account: string, caller: CallerSpec | null, actions: string[]) {
  return useQuery({
    queryKey: simulatorKeys.defaults(account, caller, actions),
    queryFn: () => unwrap(simulatorCallerDefaultsAction({ accountId: account, caller: caller!, actions })),
    enabled: caller !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Requests per call: a run bigger than this goes in chunks, with progress shown between them. */
export const chunkSize = 250;

/**
 * The simulation the URL names, run once per distinct state. Big runs are sent in chunks of
 * actions so that each answers well within a second and the page can show how far it got.
 */
export function useSimulation(account: string, state: SimulationState) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const query = useQuery({
    queryKey: simulatorKeys.run(account, state),
    enabled: isRunnable(state),
    retry: false,
    staleTime: Infinity,
    queryFn: async (): Promise<SimulationResult> => {
      const caller = state.caller!;
      const total = state.actions.length * state.resources.length;
      const perChunk = Math.max(1, Math.floor(chunkSize / state.resources.length));
      let result: SimulationResult | undefined;
      const rows: SimulationRow[] = [];
      setProgress(total > chunkSize ? { done: 0, total } : null);
      for (let i = 0; i < state.actions.length; i += perChunk) {
        const part = await unwrap(simulateBatchAction({ accountId: account, caller, actions: state.actions.slice(i, i + perChunk), resources: state.resources, context: state.edits }));
        result ??= part;
        rows.push(...part.rows);
        if (total > chunkSize) setProgress({ done: rows.length, total });
      }
      setProgress(null);
      return { ...result!, rows };
    },
  });
  return { ...query, progress };
}

export function useExplanation(account: string, caller: CallerSpec, row: Pick<SimulationRow, "action" | "resource"> | null, edits: ContextEdits) {
  return useQuery({
    queryKey: simulatorKeys.explain(account, caller, row?.action ?? "", row?.resource ?? "", edits),
    queryFn: () => unwrap(explainSimulationAction({ accountId: account, caller, action: row!.action, resource: row!.resource, context: edits })),
    enabled: row !== null,
    retry: false,
    staleTime: Infinity,
  });
}

export function useWhatCan(account: string, caller: CallerSpec | null, resource: string, service: string, edits: ContextEdits, enabled: boolean) {
  return useQuery({
    queryKey: simulatorKeys.whatCan(account, caller, resource, service, edits),
    queryFn: () => unwrap(whatCanAction({ accountId: account, caller: caller!, resource, service: service || undefined, context: edits })),
    enabled: enabled && caller !== null && resource.length > 0,
    retry: false,
    staleTime: 30_000,
  });
}

export type ResourceMismatch = { action: string; resource: string; message: string };

/** The pairs of the draft whose action does not act on the resource (the catalog's resource types), each with why. */
export function useResourceFit(actions: string[], resources: string[]) {
  const asked = actions.length > 0 && resources.some((r) => r !== "*");
  return useQuery({
    queryKey: simulatorKeys.resourceFit(actions, resources),
    queryFn: async () => {
      const params = new URLSearchParams();
      for (const a of actions) params.append("a", a);
      for (const r of resources) params.append("r", r);
      return (await fetchJson<{ mismatches: ResourceMismatch[] }>(`/api/catalog/resource-fit?${params}`, "Could not check the resources against the actions")).mismatches;
    },
    enabled: asked,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}

export function useWhoCan(account: string, question: WhoCanQuestionInput | null) {
  return useQuery<WhoCanAnswer>({
    queryKey: simulatorKeys.whoCan(account, question ?? { action: "", resource: "", context: {} }),
    queryFn: () => unwrap(whoCanAction({ accountId: account, ...question! })),
    enabled: question !== null,
    retry: false,
    staleTime: 10_000,
  });
}
