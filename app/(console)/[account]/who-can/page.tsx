import { GlossaryTerm } from "@/components/glossary-term";
import type { Metadata } from "next";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { getPageWorkspaceDb } from "@/app/server/workspace-db";
import { whoCanInWorkspace, whoCanPresetsInWorkspace } from "@/lib/authz/who-can-workspace";
import { PageHeader, Section } from "@/components/ui";
import { simulatorKeys } from "@/components/simulator/simulator-keys";
import { readWhoCanSearch, whoCanSearch } from "@/lib/authz/who-can-search";
import { WhoCanPanel } from "@/components/simulator/who-can-panel";
import type { WhoCanPreset } from "@/lib/authz/who-can-presets";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Who can" };
export const dynamic = "force-dynamic";

export default async function WhoCanPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { account } = await params;
  await requireAccountAccess(account, "simulate");
  const question = readWhoCanSearch(await searchParams);
  const queryClient = new QueryClient();
  const db = await getPageWorkspaceDb();
  if (question) {
    // A question the evaluator refuses is shown by the client, with its message.
    await queryClient.prefetchQuery({ queryKey: simulatorKeys.whoCan(account, question), queryFn: () => whoCanInWorkspace(db, { accountId: account, ...question }, new Date()) });
  }
  // Examples from the account's own stories; a workspace whose policies cannot be read offers none
  // (the question the reader asks shows the reason).
  const presets: WhoCanPreset[] = await whoCanPresetsInWorkspace(db, account).catch(() => []);
  return (
    <>
      <PageHeader
        kind="Simulate"
        title="Who can…?"
        subtitle={<>Every user and role of the workspace asked whether the request would be allowed — a role as a <GlossaryTerm term="role session">session of itself</GlossaryTerm>, with its <GlossaryTerm term="permissions boundary">boundary</GlossaryTerm>, the <GlossaryTerm term="SCP">SCPs</GlossaryTerm> and <GlossaryTerm term="RCP">RCPs</GlossaryTerm>, and the <GlossaryTerm term="resource-based policy">resource&apos;s own policy</GlossaryTerm> — with the deciding statements.</>}
      />
      <Section id="who-can" title="Question">
        <HydrationBoundary state={dehydrate(queryClient)}>
          {/* Keyed by the URL's question: back, forward or a link to another question shows that one. */}
          <WhoCanPanel key={question ? whoCanSearch(question) : ""} account={account} presets={presets} initial={question} syncUrl autoAsk={question !== undefined} />
        </HydrationBoundary>
      </Section>
    </>
  );
}
