import { NextResponse } from "next/server";
import { getWorkspaceDb } from "@/app/server/workspace-db";
import { AppError } from "@/lib/errors";
import { readAccountReview } from "@/lib/io/account-review";
import { accountIdSchema } from "@/lib/iam/names";
import { findingPageSizes, readableVersion, readReviewSearch, tablePageSize } from "@/components/review/review-query";
import { withUser } from "@/app/server/route-guard";

export const dynamic = "force-dynamic";

/**
 * The PassRole review of one account (`?service=SERVICE|all`): without `part`, its status — ready
 * with its summary, or how far its computation got (and the last version's summary meanwhile).
 * With `part`, a page of what the page shows, from the review as it stands (never waiting for one
 * being computed): `findings` (severity, kind, q, page, size), `roles` (rq, rsort, rpage),
 * `principals` (pq, psort, ppage), `graph` (the neighbourhood of `focus`, `hops` each way) or
 * `nodes` (the graph's nodes matching `q`, for its picker).
 */
export const GET = withUser<{ account: string }>("read", async (request, { params }) => {
  const { account } = await params;
  const parsed = accountIdSchema.safeParse(account);
  if (!parsed.success) return NextResponse.json({ code: "InvalidInput", message: parsed.error.issues[0].message }, { status: 400 });
  const url = new URL(request.url);
  const search = readReviewSearch(url.searchParams);
  const part = url.searchParams.get("part");
  const { status, review } = await readAccountReview(await getWorkspaceDb(), parsed.data, search.service);
  if (!part) return NextResponse.json(status);
  if (!review && status.state === "failed") return NextResponse.json({ ...status.error, details: { status } }, { status: 409 });
  if (!review) throw new AppError("IncorrectState", "The review is still being computed: ask again once its status says it is ready.", { status });
  const read = { version: readableVersion(status)!, stale: status.state !== "ready" };
  switch (part) {
    case "findings":
      return NextResponse.json({ ...read, page: review.findingsPage({ severities: search.severity, kind: search.kind, q: search.q }, search.page ?? 1, search.size ?? findingPageSizes[0]) });
    case "roles":
      return NextResponse.json({ ...read, page: review.rolesPage({ q: search.rq, sort: search.rsort }, search.rpage ?? 1, tablePageSize) });
    case "principals":
      return NextResponse.json({ ...read, page: review.principalsPage({ q: search.pq, sort: search.psort }, search.ppage ?? 1, tablePageSize) });
    case "graph":
      return NextResponse.json({ ...read, graph: review.neighbourhood(search.focus, search.hops ?? 2) });
    case "nodes":
      return NextResponse.json({ ...read, nodes: review.searchNodes(search.q ?? "") });
    default:
      throw new AppError("InvalidInput", "part is one of findings, roles, principals, graph or nodes");
  }
});
