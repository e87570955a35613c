import "server-only";
import type { ConsoleArea } from "@/components/console-areas";
import { PageHeader } from "@/components/ui";
import { PrefetchedArea } from "./prefetch-area";

/** The server shell of a list page: header, then the client list hydrated with prefetched rows. */
export function AreaPage({ account, area, kind, title, subtitle, children }: { account: string; area: ConsoleArea; kind: string; title: string; subtitle: string; children: React.ReactNode }) {
  return (
    <>
      <PageHeader kind={kind} title={title} subtitle={subtitle} />
      <PrefetchedArea account={account} area={area}>{children}</PrefetchedArea>
    </>
  );
}
