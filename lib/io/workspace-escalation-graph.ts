/**
 * The escalation graph of a workspace, built once per workspace version and shared: the escalation
 * page asks several questions per visit, and each account's review (per service) joins the graph's
 * findings about that account. On a workspace of thousands of principals the graph takes seconds;
 * built once, the demo account's review no longer pays for a large account imported beside it.
 *
 * The graph decides time conditions at the workspace clock when it was built: it is reused for
 * `FRESH_MS`, then built again at the clock of the day (a review keeps the clock it was built at).
 */
import type { Db, Tx } from "../db/create-client";
import { cacheOf } from "../db/per-database";
import type { EscalationGraph } from "../review/escalation-graph";
import type { ReviewInput } from "../review/review-input";

export interface BuiltGraph {
  graph: EscalationGraph;
  /** The workspace the graph was built from. */
  input: ReviewInput;
  /** The workspace clock it decided time conditions at. */
  now: Date;
}

type Kept = { version: string; builtAt: number; built: Promise<BuiltGraph> };

/** How long the escalation page reuses a graph of the current version. */
export const FRESH_MS = 10 * 60_000;
/** Workspaces whose graph is kept per database (each a few hundred megabytes at 20,000 roles). */
const KEEP = 2;

const keptGraphs = (db: Db | Tx) => cacheOf<Kept>(db, "escalation-graph");

/** The graph kept for the workspace at `version`, if it was built within `maxAgeMs`. */
export function keptGraph(db: Db | Tx, workspaceId: string, version: string, maxAgeMs = Infinity): Promise<BuiltGraph> | undefined {
  const kept = keptGraphs(db).get(workspaceId);
  return kept && kept.version === version && Date.now() - kept.builtAt <= maxAgeMs ? kept.built : undefined;
}

/** Keeps the workspace's graph at `version` (replacing an older one), dropping it again if it fails. */
export function keepGraph(db: Db | Tx, workspaceId: string, version: string, built: Promise<BuiltGraph>): Promise<BuiltGraph> {
  const graphs = keptGraphs(db);
  graphs.delete(workspaceId);
  graphs.set(workspaceId, { version, builtAt: Date.now(), built });
  built.catch(() => graphs.get(workspaceId)?.built === built && graphs.delete(workspaceId));
  while (graphs.size > KEEP) graphs.delete(graphs.keys().next().value!);
  return built;
}
