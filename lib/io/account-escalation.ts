/** The escalation page's reads: the graph of an account's workspace, kept per workspace version. */
import type { Db, Tx } from "../db/create-client";
import { getAccount } from "../iam/accounts";
import { withStoredPolicies } from "../iam/stored-policies";
import { escalationGraphSteps } from "../review/escalation-graph";
import { runInSlices } from "./in-slices";
import { answerEscalation, neighbourhood, searchPrincipals, type EscalationAnswer, type EscalationNodeView, type EscalationQuestion, type Neighbourhood } from "../review/escalation-view";
import { loadWorkspaceAtClock } from "./workspace-review-input";
import { workspaceVersion } from "../audit/workspace-version";
import { PAGE_FRESH_MS, keepGraph, keptGraph, type BuiltGraph } from "./workspace-escalation-graph";

/** The workspace's graph: the one kept for its version (lib/io/workspace-escalation-graph.ts), or built now. */
async function workspaceGraph(db: Db | Tx, accountId: string): Promise<BuiltGraph> {
  const account = await getAccount(db, accountId);
  const version = await workspaceVersion(db, account.workspaceId);
  const kept = keptGraph(db, account.workspaceId, version, PAGE_FRESH_MS);
  if (kept) return kept;
  return keepGraph(
    db,
    account.workspaceId,
    version,
    (async () => {
      const loaded = await loadWorkspaceAtClock(db, account.workspaceId);
      // In slices: a large workspace's graph takes seconds, and other requests are answered meanwhile.
      const steps = escalationGraphSteps(loaded.input, { now: loaded.now });
      // One damaged stored document is a message naming it (MalformedPolicyDocument), not a failed page.
      return { graph: await runInSlices(() => withStoredPolicies(() => steps.next())), ...loaded };
    })(),
  );
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
