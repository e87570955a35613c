import { GlossaryTerm } from "@/components/glossary-term";
import type { Metadata } from "next";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { getPageWorkspaceDb } from "@/app/server/workspace-db";
import { escalationAnswer } from "@/lib/io/account-escalation";
import { escalationKeys, escalationSearchSchema, questionOf } from "@/components/escalation/escalation-query";
import { PageHeader } from "@/components/ui";
import { requireAccountAccess } from "@/app/server/account-access";
import { EscalationClient } from "./escalation-client";

export const metadata: Metadata = { title: "Escalation paths" };
export const dynamic = "force-dynamic";

export default async function EscalationPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const search = escalationSearchSchema.parse(await searchParams);
  const question = questionOf(search);
  const queryClient = new QueryClient();
  if (question) {
    const db = await getPageWorkspaceDb();
    await queryClient.prefetchQuery({ queryKey: escalationKeys.answer(account, question), queryFn: () => escalationAnswer(db, account, question) });
  }
  return (
    <>
      <PageHeader
        kind="Security review"
        title="Escalation paths"
        subtitle={<>Who can <GlossaryTerm term="privilege escalation">become whom</GlossaryTerm>, across every account of the workspace: <GlossaryTerm term="assume role">assuming roles</GlossaryTerm>, <GlossaryTerm term="PassRole">passing them to services</GlossaryTerm>, new credentials, rewritten <GlossaryTerm term="trust policy">trusts</GlossaryTerm> and self-granted policies. Every hop is a policy evaluator decision, with the statements behind it.</>}
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <EscalationClient account={account} search={search} />
      </HydrationBoundary>
    </>
  );
}
