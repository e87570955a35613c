import { GlossaryTerm } from "@/components/glossary-term";
import type { Metadata } from "next";
import Link from "@/components/workspace-link";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { getPageWorkspaceDb } from "@/app/server/workspace-db";
import { readAccountReview } from "@/lib/io/account-review";
import { findingPageSizes, findingsQueryOf, readableVersion, readReviewSearch, reviewKeys, type FindingsAnswer } from "@/components/review/review-query";
import { PageHeader } from "@/components/ui";
import { ReviewClient } from "./review-client";
import { requireAccountAccess } from "@/app/server/account-access";
import { roleAllows } from "@/lib/auth/console-roles";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "PassRole review" };
export const dynamic = "force-dynamic";

/**
 * The review as it stands, never waiting for one being computed: its summary and the page of
 * findings the URL asks for, or how far the computation got (the client then asks until it is
 * ready). Roles, principals and the graph are read by the client, a page at a time.
 */
export default async function ReviewPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { account } = await params;
  const user = await requireAccountAccess(account, "read");
  const search = readReviewSearch(await searchParams);
  const queryClient = new QueryClient();
  // A service no role of the account trusts is refused (InvalidInput): the client asks, and shows why.
  const { status, review } = await readAccountReview(await getPageWorkspaceDb(), account, search.service).catch((error: unknown) => {
    if (isAppError(error) && error.code === "InvalidInput") return { status: undefined, review: undefined };
    throw error;
  });
  if (status) queryClient.setQueryData(reviewKeys.status(account, search.service), status);
  const version = status && readableVersion(status);
  if (status && review && version) {
    const query = findingsQueryOf(search);
    const answer: FindingsAnswer = {
      version,
      stale: status.state !== "ready",
      page: review.findingsPage({ severities: query.severity, kind: query.kind, q: query.q }, query.page ?? 1, query.size ?? findingPageSizes[0]),
    };
    queryClient.setQueryData(reviewKeys.findings(account, search.service, version, query), answer);
  }
  return (
    <>
      <PageHeader
        kind="Security review"
        title="PassRole review"
        subtitle={<>Who can <GlossaryTerm term="PassRole">hand which role to which service</GlossaryTerm> — and whether that makes them <GlossaryTerm term="privilege escalation">more powerful than they are</GlossaryTerm>. Every answer comes from the policy evaluator.</>}
        actions={
          roleAllows(user.role, "import") ? (
            <Link href={`/${account}/review/import`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
              Import account details…
            </Link>
          ) : undefined
        }
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ReviewClient account={account} />
      </HydrationBoundary>
    </>
  );
}
