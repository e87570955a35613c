import { useSuspenseQuery } from "@tanstack/react-query";
import type { ConsoleArea } from "./console-areas";

/** Query keys for the console's reads, in one place. */
export const consoleKeys = {
  all: ["console"] as const,
  account: (account: string) => [...consoleKeys.all, account] as const,
  list: (account: string, area: ConsoleArea) => [...consoleKeys.account(account), area, "list"] as const,
};

export async function fetchAreaList<Row>(account: string, area: ConsoleArea): Promise<Row[]> {
  const response = await fetch(`/api/accounts/${account}/${area}`, { headers: { accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.message ?? `Could not load ${area}`);
  return body as Row[];
}

/** An area's list, hydrated from the server's prefetch and refreshed through the JSON route. */
export function useAreaList<Row>(account: string, area: ConsoleArea) {
  return useSuspenseQuery({ queryKey: consoleKeys.list(account, area), queryFn: () => fetchAreaList<Row>(account, area) });
}
