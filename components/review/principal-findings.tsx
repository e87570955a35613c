import type { PrincipalReviewRead } from "@/lib/io/account-review";
import { Badge, EmptyState, TextLink } from "@/components/ui";
import { PrincipalReviewPending, ReviewFailedNotice } from "./principal-review-pending";

const n = (count: number) => count.toLocaleString("en-US");

/** A principal's part of the account's PassRole review: its findings and the roles it may pass, or how far the review got. */
export function PrincipalFindings({ account, subject, read }: { account: string; subject: string; read: PrincipalReviewRead }) {
  const { review } = read;
  const said = review !== undefined && (review.findingCount > 0 || review.canPassCount > 0);
  // Above the part: how far the review got, or why it failed.
  const notice =
    read.status === "computing" ? (
      <PrincipalReviewPending account={account} progress={read.progress ?? null} stale={read.stale && said} />
    ) : read.status === "failed" ? (
      <ReviewFailedNotice>{review ? `The workspace changed, and its new review failed: ${read.error?.message} Below is what the review said before that change.` : `The review could not be computed: ${read.error?.message}`}</ReviewFailedNotice>
    ) : null;
  if (!review) return notice;
  if (!said) {
    return (
      <div className="space-y-3">
        {notice}
        {/* The last review named nothing about it (perhaps it is new): said so, not shown as a clean bill. */}
        {read.stale ? <p className="text-sm text-slate-700">The review before the last change said nothing about {subject}.</p> : <EmptyState title={`No finding concerns ${subject}`}>{subject} may pass no role to a service.</EmptyState>}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {notice}
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
