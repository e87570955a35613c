import { useSuspenseQuery } from "@tanstack/react-query";
import type { ConsoleArea } from "./console-areas";
import type { Choice, ChoiceKind } from "@/lib/lists/choices";
import type { ListPage, ListQuery } from "@/lib/lists/list-query";
import { areaSearch } from "@/lib/lists/list-specs";
import { fetchJson, fetchJsonWithResponse } from "./fetch-json";

/** Query keys for the console's reads, in one place. */
export const consoleKeys = {
  all: ["console"] as const,
  account: (account: string) => [...consoleKeys.all, account] as const,
  lists: (account: string, area: ConsoleArea) => [...consoleKeys.account(account), area, "list"] as const,
  list: (account: string, area: ConsoleArea, query: ListQuery) => [...consoleKeys.lists(account, area), query] as const,
  choices: (account: string, kind: ChoiceKind, q: string) => [...consoleKeys.account(account), "choices", kind, q] as const,
};

/** A picker's options matching `q`, searched by the server (at most twenty). */
export async function fetchChoices(account: string, kind: ChoiceKind, q: string): Promise<Choice[]> {
  return fetchJson<Choice[]>(`/api/accounts/${account}/choices/${kind}?${new URLSearchParams({ q })}`, `Could not search ${kind}`);
}

/**
 * One page of an area's list through the JSON list route: the rows are the body, an array; where
 * they sit is in the headers (X-Total-Count, X-All-Count, X-Page, X-Page-Size).
 */
export async function fetchAreaPage<Row>(account: string, area: ConsoleArea, search: string): Promise<ListPage<Row>> {
  const { body, response } = await fetchJsonWithResponse<unknown>(`/api/accounts/${account}/${area}${search}`, `Could not load ${area}`);
  const header = (name: string, fallback: number) => Number(response.headers.get(name) ?? fallback);
  const rows = body as Row[];
  const total = header("X-Total-Count", rows.length);
  return { rows, total, all: header("X-All-Count", total), page: header("X-Page", 1), size: header("X-Page-Size", rows.length) };
}

/** A page of an area's list, hydrated from the server's prefetch and refreshed through the JSON route. */
export function useAreaPage<Row>(account: string, area: ConsoleArea, query: ListQuery) {
  return useSuspenseQuery({
    queryKey: consoleKeys.list(account, area, query),
    queryFn: () => fetchAreaPage<Row>(account, area, areaSearch(area, query)),
  });
}
