import "server-only";
import type { ConsoleArea } from "@/components/console-areas";
import type { ListQuery } from "@/lib/lists/list-query";
import { PageHeader } from "@/components/ui";
import { PrefetchedArea } from "./prefetch-area";

/** The server shell of a list page: header, then the client list hydrated with the prefetched page. */
export function AreaPage({ account, area, query, kind, title, subtitle, children }: { account: string; area: ConsoleArea; query: ListQuery; kind: string; title: string; subtitle: string; children: React.ReactNode }) {
  return (
    <>
      <PageHeader kind={kind} title={title} subtitle={subtitle} />
      <PrefetchedArea account={account} area={area} query={query}>{children}</PrefetchedArea>
    </>
  );
}
