/**
 * The escalation graph of a workspace, built once per workspace version and shared: the escalation
 * page asks several questions per visit, and each account's review (per service) joins the graph's
 * findings about that account. On a workspace of thousands of principals the graph takes seconds;
 * built once, the demo account's review no longer pays for a large account imported beside it.
 *
 * The graph decides time conditions at the workspace clock when it was built: it is reused for a
 * while at most (`FRESH_MS` by reviews, `PAGE_FRESH_MS` by the escalation page), then built again at
 * the clock of the moment (a review keeps the clock of the graph it used, and says when that was).
 */
import type { Db, Tx } from "../db/create-client";
import type { EscalationGraph } from "../review/escalation-graph";
import type { ReviewInput } from "../review/review-input";

export interface BuiltGraph {
  graph: EscalationGraph;
  /** The workspace the graph was built from. */
  input: ReviewInput;
  /** The workspace clock it decided time conditions at, and the real time that clock was read. */
  now: Date;
  clockReadAt: number;
}

type Kept = { version: string; builtAt: number; built: Promise<BuiltGraph> };

/** How long a review reuses a graph of the current version (the review says the clock it decided at). */
export const FRESH_MS = 10 * 60_000;
/** How long the escalation page does: as before the graph was shared, a time condition is at most a minute behind. */
export const PAGE_FRESH_MS = 60_000;
/** Graphs kept in this process, whichever workspaces they are of (each a few hundred megabytes at 20,000 roles). */
const KEEP = 2;

// By database client (a workspace is a file of its own, and two may hold the same ids) and workspace,
// least recently kept first. A transaction's graph is not kept: nothing reads it after the transaction.
const clientIds = new WeakMap<object, number>();
let clients = 0;
const kept = new Map<string, Kept>();
const isClient = (db: Db | Tx): db is Db => "$transaction" in db;
const keyOf = (db: Db, workspaceId: string) => {
  let id = clientIds.get(db);
  if (id === undefined) clientIds.set(db, (id = ++clients));
  return `${id}|${workspaceId}`;
};

/** The graph kept for the workspace at `version`, if it was built within `maxAgeMs`. */
export function keptGraph(db: Db | Tx, workspaceId: string, version: string, maxAgeMs: number): Promise<BuiltGraph> | undefined {
  if (!isClient(db)) return undefined;
  const found = kept.get(keyOf(db, workspaceId));
  return found && found.version === version && Date.now() - found.builtAt <= maxAgeMs ? found.built : undefined;
}

/**
 * Keeps the workspace's graph at `version` (replacing an older one), dropping it again if it fails.
 * Its age counts from `clockReadAt`, when its clock was read (a review reads it long before the graph is built).
 */
export function keepGraph(db: Db | Tx, workspaceId: string, version: string, built: Promise<BuiltGraph>, clockReadAt = Date.now()): Promise<BuiltGraph> {
  if (!isClient(db)) return built;
  const key = keyOf(db, workspaceId);
  kept.delete(key);
  kept.set(key, { version, builtAt: clockReadAt, built });
  built.catch(() => kept.get(key)?.built === built && kept.delete(key));
  while (kept.size > KEEP) kept.delete(kept.keys().next().value!);
  return built;
}
