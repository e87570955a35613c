import "server-only";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { getWorkspaceDb } from "./workspace-db";
import type { ConsoleArea } from "@/components/console-areas";
import { consoleKeys } from "@/components/area-query";
import type { ListQuery } from "@/lib/lists/list-query";
import { readAreaPage } from "./area-lists";
import { requireAccountAccess } from "./account-access";

/** Prefetches one page of an area's list on the server and hands it to the client's query cache. */
export async function PrefetchedArea({ account, area, query, children }: { account: string; area: ConsoleArea; query: ListQuery; children: React.ReactNode }) {
  await requireAccountAccess(account, "read");
  const queryClient = new QueryClient();
  const db = await getWorkspaceDb();
  await queryClient.prefetchQuery({ queryKey: consoleKeys.list(account, area, query), queryFn: () => readAreaPage(db, area, account, query) });
  return <HydrationBoundary state={dehydrate(queryClient)}>{children}</HydrationBoundary>;
}
