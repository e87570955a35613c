/**
 * The console's review of one account, with the escalation graph's findings beside the PassRole
 * ones: the graph spans every account of the workspace (a path may cross accounts), the findings
 * are those about the account's own principals and roles. Pure: the caller passes the clock.
 */
import { buildEscalationGraph } from "./escalation-graph";
import { escalationFindings } from "./escalation-findings";
import { byFinding } from "./findings";
import type { ReviewInput } from "./review-input";
import { ReviewContext } from "./review-pass-role";
import type { AccountReviewView } from "./review-view";

export function withEscalationFindings(view: AccountReviewView, input: ReviewInput, now: Date): AccountReviewView {
  const review = new ReviewContext(input, undefined, now);
  const graph = buildEscalationGraph(input, { now, review });
  const added = escalationFindings(graph, input, review, { now, accounts: [view.account] });
  const findings = [...view.findings, ...added].sort(byFinding);
  const counts = { ...view.counts, critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity]++;
  return { ...view, findings, counts };
}
