import type { DecisionListItem } from "@/lib/api/decision-log";
import { fetchJson } from "@/components/fetch-json";

/** The decision log's filters as the page's URL and the JSON route carry them. */
export type DecisionFilters = { caller?: string; decision?: string; service?: string };

/** Query keys for the decision log, in one place. */
export const decisionKeys = {
  all: ["decisions"] as const,
  account: (account: string) => [...decisionKeys.all, account] as const,
  list: (account: string, filters: DecisionFilters) => [...decisionKeys.account(account), "list", filters] as const,
};

export function decisionSearch(filters: DecisionFilters): string {
  const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The newest entries matching the filters, through the JSON route. */
export async function fetchDecisions(account: string, filters: DecisionFilters): Promise<DecisionListItem[]> {
  return fetchJson<DecisionListItem[]>(`/api/accounts/${account}/decisions${decisionSearch(filters)}`, "Could not load the decision log");
}
