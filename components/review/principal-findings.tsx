import type { PrincipalReviewRead } from "@/lib/io/account-review";
import { Badge, EmptyState, TextLink } from "@/components/ui";
import { PrincipalReviewPending } from "./principal-review-pending";

const n = (count: number) => count.toLocaleString("en-US");

/** A principal's part of the account's PassRole review: its findings and the roles it may pass, or how far the review got. */
export function PrincipalFindings({ account, subject, read }: { account: string; subject: string; read: PrincipalReviewRead }) {
  const { review } = read;
  const pending = read.status === "computing" && <PrincipalReviewPending account={account} progress={read.progress ?? null} stale={read.stale} />;
  if (!review) {
    if (read.status === "failed") {
      return (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          The review could not be computed: {read.error?.message}
        </p>
      );
    }
    return pending;
  }
  const failedNotice = read.status === "failed" && (
    <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
      The workspace changed, and its new review failed: {read.error?.message} Below is what the review said before that change.
    </p>
  );
  if (review.findingCount === 0 && review.canPassCount === 0) {
    // The last review named nothing about it: perhaps it is new. Said so, not shown as a clean bill.
    if (read.stale) {
      return (
        <div className="space-y-3">
          {read.status === "computing" && <PrincipalReviewPending account={account} progress={read.progress ?? null} stale={false} />}
          {failedNotice}
          <p className="text-sm text-slate-700">The review before the last change said nothing about {subject}.</p>
        </div>
      );
    }
    return (
      <div className="space-y-3">
        {failedNotice}
        <EmptyState title={`No finding concerns ${subject}`}>{subject} may pass no role to a service.</EmptyState>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {pending}
      {failedNotice}
      {review.findings.length > 0 && (
        <ul className="space-y-2" aria-label="Findings">
          {review.findings.map((f) => (
            <li key={f.id} className="rounded-md border border-slate-200 p-3 text-sm">
              <p className="flex flex-wrap items-center gap-2"><Badge tone={f.severity === "critical" || f.severity === "high" ? "red" : "amber"}>{f.severity}</Badge><span className="font-medium">{f.title}</span></p>
              <p className="mt-1 text-slate-700">{f.explanation}</p>
              <p className="mt-1 text-xs text-slate-500">Fix: {f.fix}</p>
            </li>
          ))}
        </ul>
      )}
      {review.findingCount > review.findings.length && <p className="text-sm text-slate-600">And {n(review.findingCount - review.findings.length)} more findings: <TextLink href={`/${account}/review?service=all&q=${encodeURIComponent(subject)}`}>see them all in the review</TextLink>.</p>}
      {review.canPass.length > 0 && (
        <p className="text-sm text-slate-700">
          May pass:{" "}
          {review.canPass.map((r, i) => (
            <span key={r.arn}>{i > 0 && ", "}<TextLink href={`/${account}/roles/${encodeURIComponent(r.name)}#who-can`}>{r.name}</TextLink> <span className="text-xs text-slate-500">({r.paths.map((p) => `${p.service}${p.escalation ? ", escalates" : ""}`).join("; ")})</span></span>
          ))}
          {review.canPassCount > review.canPass.length && <> and {n(review.canPassCount - review.canPass.length)} more roles</>}
        </p>
      )}
    </div>
  );
}
