import type { Metadata } from "next";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { getPageWorkspaceDb } from "@/app/server/workspace-db";
import { findAccountWorkspaceId } from "@/lib/creds/workspace-clock";
import { decisionFilterSchema, decisionValues, listDecisionCallers, listDecisions } from "@/lib/api/decision-log";
import { decisionKeys, type DecisionFilters } from "@/components/api/decisions-query";
import { PageHeader } from "@/components/ui";
import { requireAccountAccess } from "@/app/server/account-access";
import { DecisionsClient } from "./decisions-client";

export const metadata: Metadata = { title: "Decision log" };

type Search = { caller?: string; decision?: string; service?: string };

export default async function DecisionsPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<Search> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const search = await searchParams;
  const parsed = decisionFilterSchema.safeParse({ caller: search.caller || undefined, decision: search.decision || undefined, service: search.service || undefined });
  const filters: DecisionFilters = parsed.success ? { caller: parsed.data.caller, decision: parsed.data.decision, service: parsed.data.service } : {};
  const db = await getPageWorkspaceDb();
  const workspaceId = await findAccountWorkspaceId(db, account);
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({ queryKey: decisionKeys.list(account, filters), queryFn: () => listDecisions(db, workspaceId, parsed.success ? parsed.data : {}) });
  const callers = await listDecisionCallers(db, workspaceId);
  return (
    <>
      <PageHeader
        kind="Security"
        title="Decision log"
        subtitle={
          <>
            Every request to <code className="font-mono text-[13px]">npx roleplay api</code> — the AWS-compatible endpoint your SDK and AWS CLI code talks to — with who asked, what, and what the evaluator decided. Click a line for the full explanation.
          </>
        }
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <DecisionsClient account={account} filters={filters} callers={callers} decisions={[...decisionValues]} />
      </HydrationBoundary>
    </>
  );
}
