"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";
import type { ReviewProgress } from "@/lib/review/review-view";
import { useReviewStatus } from "./review-query";
import { describeProgress, ProgressBar } from "./review-controls";

/**
 * While the account's review of every service computes: how far it got, asked every second; the
 * page is read again once it is ready, so the principal's part replaces the wait (or the last
 * review's part) without a reload.
 */
export function PrincipalReviewPending({ account, progress, stale }: { account: string; progress: ReviewProgress | null; stale: boolean }) {
  const router = useRouter();
  const { data: cached, isFetchedAfterMount, refetch } = useReviewStatus(account, "all");
  // A status cached before this page (another visit) may say "ready" of an older version: asked anew.
  useEffect(() => void refetch(), [refetch]);
  const status = isFetchedAfterMount ? cached : undefined;
  const ready = status?.state === "ready";
  useEffect(() => {
    if (!ready) return;
    // Read the page again, and again every few seconds while this part still waits: the server
    // process that answers may still be reading the review another process stored.
    router.refresh();
    const again = setInterval(() => router.refresh(), 3_000);
    return () => clearInterval(again);
  }, [ready, router]);
  if (status?.state === "failed") return <ReviewFailedNotice>The review could not be computed: {status.error.message}</ReviewFailedNotice>;
  const { percent, text } = describeProgress(status?.state === "computing" ? status.progress : progress, status?.state === "computing" ? status.waiting : 0);
  return (
    <div className={`rounded-md border px-3 py-2 text-sm ${stale ? "border-amber-200 bg-amber-50 text-amber-900" : "border-slate-200 bg-white text-slate-800"}`} data-testid="principal-review-pending">
      <p>{stale ? "The workspace changed: below is what the review said before that change, while the new review is computed." : "The review of this account is being computed (it runs once per change of the workspace); this part fills in when it is ready."}</p>
      <ProgressBar percent={status?.state === "ready" ? 100 : percent} text={status?.state === "ready" ? "Ready, reading it…" : text} />
    </div>
  );
}

/** Why the review of a principal's part could not be computed. */
export function ReviewFailedNotice({ children }: { children: React.ReactNode }) {
  return (
    <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
      {children}
    </p>
  );
}
