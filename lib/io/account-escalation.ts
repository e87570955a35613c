/** The escalation page's reads: the workspace of an account read whole, its graph built at the workspace clock. */
import type { Db, Tx } from "../db/create-client";
import { cacheOf } from "../db/per-database";
import { getAccount } from "../iam/accounts";
import { withStoredPolicies } from "../iam/stored-policies";
import { clockNow } from "../creds/workspace-clock";
import { buildEscalationGraph, type EscalationGraph } from "../review/escalation-graph";
import type { ReviewInput } from "../review/review-input";
import { answerEscalation, neighbourhood, searchPrincipals, type EscalationAnswer, type EscalationNodeView, type EscalationQuestion, type Neighbourhood } from "../review/escalation-view";
import { loadWorkspaceReviewInput } from "./workspace-review-input";

type Built = { graph: EscalationGraph; input: ReviewInput };

/**
 * Graphs kept per workspace while nothing changed: every change to a workspace is audited, so the
 * newest audit entry (with the clock, to the minute) says when a graph is stale. The page asks
 * several questions per visit (paths, a node's neighbours, names as one types); a workspace of
 * thousands of principals takes seconds to read and build.
 */
const KEEP = 2;

async function workspaceGraph(db: Db | Tx, accountId: string): Promise<Built> {
  const account = await getAccount(db, accountId);
  const [workspace, newest, entries] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: account.workspaceId } }),
    db.auditEntry.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
    db.auditEntry.count(),
  ]);
  const now = clockNow(workspace, new Date());
  const stamp = `${newest?.id ?? 0}:${entries}:${workspace.clockOffsetSeconds}:${workspace.clockPausedAt?.getTime() ?? ""}:${Math.floor(now.getTime() / 60_000)}`;
  // Per database: a workspace deleted and made again under its name is another graph.
  const built = cacheOf<{ stamp: string; graph: Promise<Built> }>(db, "escalation-graph");
  const kept = built.get(workspace.id);
  if (kept && kept.stamp === stamp) return kept.graph;
  const graph = (async () => {
    const input = await loadWorkspaceReviewInput(db, workspace.id);
    // One damaged stored document is a message naming it (MalformedPolicyDocument), not a failed page.
    return { graph: withStoredPolicies(() => buildEscalationGraph(input, { now })), input };
  })();
  built.delete(workspace.id);
  built.set(workspace.id, { stamp, graph });
  graph.catch(() => built.get(workspace.id)?.graph === graph && built.delete(workspace.id));
  while (built.size > KEEP) built.delete(built.keys().next().value!);
  return graph;
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
