import type { CallerSpec, ContextEdits } from "@/lib/simulation/simulate-batch";
import { consoleKeys } from "@/components/area-query";
import type { SimulationState } from "./simulation-state";
import type { WhoCanQuestionInput } from "@/lib/authz/who-can-search";

export type { WhoCanQuestionInput };

/** Query keys of the simulator and who-can, under the account's (server pages prefetch with them too). */
export const simulatorKeys = {
  all: (account: string) => [...consoleKeys.account(account), "simulator"] as const,
  callers: (account: string, query: string) => [...simulatorKeys.all(account), "callers", query] as const,
  defaults: (account: string, caller: CallerSpec | null, actions: string[]) => [...simulatorKeys.all(account), "defaults", caller, actions] as const,
  run: (account: string, state: SimulationState) => [...simulatorKeys.all(account), "run", state] as const,
  explain: (account: string, caller: CallerSpec, action: string, resource: string, edits: ContextEdits) => [...simulatorKeys.all(account), "explain", caller, action, resource, edits] as const,
  whatCan: (account: string, caller: CallerSpec | null, resource: string, service: string, edits: ContextEdits) => [...simulatorKeys.all(account), "what-can", caller, resource, service, edits] as const,
  whoCan: (account: string, question: WhoCanQuestionInput) => [...consoleKeys.account(account), "who-can", question] as const,
  /** The catalog's verdict on action × resource pairs: the same for every account. */
  resourceFit: (actions: string[], resources: string[]) => ["catalog", "resource-fit", actions, resources] as const,
};
