import "server-only";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { getDb } from "@/lib/db/prisma";
import type { ConsoleArea } from "@/components/console-areas";
import { consoleKeys } from "@/components/area-query";
import { areaLists } from "./area-lists";
import { requireAccountAccess } from "./account-access";

/** Prefetches an area's list on the server and hands it to the client's query cache. */
export async function PrefetchedArea({ account, area, children }: { account: string; area: ConsoleArea; children: React.ReactNode }) {
  await requireAccountAccess(account, "read");
  const queryClient = new QueryClient();
  const db = await getDb();
  await queryClient.prefetchQuery({ queryKey: consoleKeys.list(account, area), queryFn: (): Promise<unknown[]> => areaLists[area](db, account) });
  return <HydrationBoundary state={dehydrate(queryClient)}>{children}</HydrationBoundary>;
}
