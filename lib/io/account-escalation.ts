/** The escalation page's reads: the workspace of an account read whole, its graph built at the workspace clock. */
import type { Db, Tx } from "../db/create-client";
import { getAccount } from "../iam/accounts";
import { withStoredPolicies } from "../iam/stored-policies";
import { clockNow } from "../creds/workspace-clock";
import { buildEscalationGraph, type EscalationGraph } from "../review/escalation-graph";
import type { ReviewInput } from "../review/review-input";
import { answerEscalation, neighbourhood, searchPrincipals, type EscalationAnswer, type EscalationNodeView, type EscalationQuestion, type Neighbourhood } from "../review/escalation-view";
import { loadWorkspaceReviewInput } from "./workspace-review-input";

async function workspaceGraph(db: Db | Tx, accountId: string): Promise<{ graph: EscalationGraph; input: ReviewInput }> {
  const account = await getAccount(db, accountId);
  const [input, workspace] = await Promise.all([loadWorkspaceReviewInput(db, account.workspaceId), db.workspace.findUniqueOrThrow({ where: { id: account.workspaceId } })]);
  // One damaged stored document is a message naming it (MalformedPolicyDocument), not a failed page.
  const graph = withStoredPolicies(() => buildEscalationGraph(input, { now: clockNow(workspace, new Date()) }));
  return { graph, input };
}

/** "Who can reach admin", "what can X become", "who can become Y" for `accountId`'s workspace. `NoSuchEntity` for an unknown account. */
export async function escalationAnswer(db: Db | Tx, accountId: string, question: EscalationQuestion): Promise<EscalationAnswer> {
  const { graph, input } = await workspaceGraph(db, accountId);
  return answerEscalation(graph, input, accountId, question);
}

/** The nodes one hop from `arn` (null when the workspace has no such principal). */
export async function escalationNeighbourhood(db: Db | Tx, accountId: string, arn: string): Promise<Neighbourhood | null> {
  const { graph } = await workspaceGraph(db, accountId);
  return neighbourhood(graph, arn) ?? null;
}

/** The workspace's principals whose ARN contains `text`, for the page's picker. */
export async function escalationPrincipals(db: Db | Tx, accountId: string, text: string): Promise<EscalationNodeView[]> {
  const { graph } = await workspaceGraph(db, accountId);
  return searchPrincipals(graph, accountId, text);
}
