/**
 * The console's review of one account, computed once per workspace version and kept. The
 * workspace's version is its newest audit entry (every change appends one): the review is run in
 * the background (lib/review/review-cache.ts) when the version moved, and every page view reads
 * what it left — a summary at once, then pages of findings, roles, principals and graph.
 *
 * The console serves from one process per core: the results are shared through a folder beside
 * the database file (lib/io/review-store.ts: one process computes, the others show its progress and
 * read what it stored), so a review is computed once and survives a restart of the console. A
 * principal's page reads only that principal's part of it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Db, Tx } from "../db/create-client";
import { AppError, isAppError } from "../errors";
import { getAccount } from "../iam/accounts";
import { withStoredPolicies } from "../iam/stored-policies";
import { BackgroundCache, SupersededError, type CacheState, type Computation } from "../review/review-cache";
import { accountReviewSteps, type AccountReview, type AccountReviewView, type PrincipalReview, type ReviewProgress, type ReviewSummary } from "../review/review-view";
import { reviewFolder, type ReviewFolder } from "./review-store";
import { FRESH_MS, keepGraph, keptGraph } from "./workspace-escalation-graph";
import type { EscalationGraph } from "../review/escalation-graph";
import { loadWorkspaceAtClock } from "./workspace-review-input";
import { workspaceVersion } from "../audit/workspace-version";

export { workspaceVersion };

/** A review's state as the page and its JSON route tell it. */
export type ReviewStatus =
  | { state: "ready"; version: string; summary: ReviewSummary }
  | { state: "computing"; version: string; progress: ReviewProgress | null; waiting: number; stale: { version: string; summary: ReviewSummary } | null }
  | { state: "failed"; version: string; error: { code: string; message: string }; stale: { version: string; summary: ReviewSummary } | null };

/** The review to read pages from (the current one, or the last while it is recomputed), with the status. */
export interface ReviewRead {
  status: ReviewStatus;
  review?: AccountReview;
}

type Caches = { cache: BackgroundCache<AccountReview, ReviewProgress>; folder: ReviewFolder };
// One cache per database client: the console's one client, or each test's own database.
const globalCaches = globalThis as unknown as { roleplayReviewCaches?: WeakMap<object, Caches> };
const caches = (globalCaches.roleplayReviewCaches ??= new WeakMap());

/** Principal pages read the review of every service (see readPrincipalReview): its keys store each principal's part. */
const EVERY_SERVICE = "all";

function cachesFor(db: Db): Caches {
  let found = caches.get(db);
  if (!found) {
    const folder = reviewFolder(db, (key) => key.endsWith(`|${EVERY_SERVICE}`));
    found = {
      cache: new BackgroundCache<AccountReview, ReviewProgress>({
        limit: 6,
        // A review's memory grows with its grants and findings: about two of the 5,000-role account's fit.
        weigh: (review) => review.grants.length + review.findings.length,
        maxWeight: 1_000_000,
        shared: folder,
      }),
      folder,
    };
    caches.set(db, found);
  }
  return found;
}

const cacheFor = (db: Db) => cachesFor(db).cache;

/** The cache of `db`'s reviews (tests read how many computations it ran). */
export function reviewCacheFor(db: Db): BackgroundCache<AccountReview, ReviewProgress> {
  return cacheFor(db);
}

const isClient = (db: Db | Tx): db is Db => "$transaction" in db;

async function keyOf(db: Db | Tx, accountId: string, service: string | undefined) {
  const account = await getAccount(db, accountId);
  // Each service reviewed is a computation and a file kept: only those the account's roles name.
  if (service && service !== EVERY_SERVICE && !(await db.role.findFirst({ where: { accountId, trustPolicy: { contains: JSON.stringify(service) } }, select: { id: true } }))) {
    throw new AppError("InvalidInput", `No role of account ${accountId} trusts ${service}: the review covers the services its roles trust, or "all".`);
  }
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: account.workspaceId }, select: { createdAt: true } });
  const version = await workspaceVersion(db, account.workspaceId);
  return { key: `${account.workspaceId}@${workspace.createdAt.getTime()}|${accountId}|${service ?? "default"}`, version, workspaceId: account.workspaceId };
}

/**
 * The review's steps over the workspace at `version` (read first, then reviewed a step at a time).
 * The escalation graph is the workspace's, the same for each of its accounts and services: one
 * built for this version in the last few minutes is reused, with the clock it was built at.
 */
async function* reviewComputation(db: Db | Tx, workspaceId: string, version: string, accountId: string, service: string | undefined): Computation<AccountReview, ReviewProgress> {
  yield { phase: "loading", done: 0, total: 1 };
  const kept = await keptGraph(db, workspaceId, version, FRESH_MS)?.catch(() => undefined);
  // Every account of the workspace: escalation paths cross accounts (the PassRole review keeps to this one).
  const { input, now, clockReadAt } = kept ?? (await loadWorkspaceAtClock(db, workspaceId));
  yield { phase: "loading", done: 1, total: 1 };
  const builtGraph = (graph: EscalationGraph) => void keepGraph(db, workspaceId, version, Promise.resolve({ graph, input, now, clockReadAt }), clockReadAt);
  const steps = accountReviewSteps(input, accountId, { service, now, graph: kept?.graph, builtGraph });
  for (;;) {
    // One damaged stored document is a message naming it (MalformedPolicyDocument), not a failed page.
    const step = withStoredPolicies(() => steps.next());
    if (step.done) return step.value;
    yield step.value;
  }
}

/**
 * The review of `accountId` for one service, `all`, or the default: as it stands, never waiting
 * for a computation (one is started when the workspace changed). `NoSuchEntity` for an unknown account.
 */
export async function readAccountReview(db: Db | Tx, accountId: string, service?: string): Promise<ReviewRead> {
  if (!isClient(db)) {
    const review = await accountReview(db, accountId, service);
    return { status: { state: "ready", version: "", summary: review.summary() }, review };
  }
  const { key, version, workspaceId } = await keyOf(db, accountId, service);
  const state = cacheFor(db).peek(key, version, () => reviewComputation(db, workspaceId, version, accountId, service));
  return readOf(state);
}

function readOf(state: CacheState<AccountReview, ReviewProgress>): ReviewRead {
  if (state.state === "ready") return { status: { state: "ready", version: state.version, summary: state.value.summary() }, review: state.value };
  const stale = state.stale ? { version: state.stale.version, summary: state.stale.value.summary() } : null;
  const review = state.stale?.value;
  if (state.state === "computing") return { status: { state: "computing", version: state.version, progress: state.progress ?? null, waiting: state.waiting, stale }, review };
  return { status: { state: "failed", version: state.version, error: describeFailure(state.error), stale }, review };
}

function describeFailure(error: unknown): { code: string; message: string } {
  if (isAppError(error)) return { code: error.code, message: error.message };
  return { code: "InternalError", message: "The review could not be computed. The server's log says why." };
}

/** The review at the workspace's current version, computed (or waited for) as needed. */
export async function accountReview(db: Db | Tx, accountId: string, service?: string): Promise<AccountReview> {
  if (!isClient(db)) {
    // Inside a transaction: nothing to keep (the transaction ends before a background run would).
    const { workspaceId, version } = await keyOf(db, accountId, service);
    const steps = reviewComputation(db, workspaceId, version, accountId, service);
    for (;;) {
      const step = await steps.next();
      if (step.done) return step.value;
    }
  }
  for (let attempt = 0; ; attempt++) {
    const { key, version, workspaceId } = await keyOf(db, accountId, service);
    try {
      return await cacheFor(db).get(key, version, () => reviewComputation(db, workspaceId, version, accountId, service));
    } catch (error) {
      // The workspace changed while we waited: ask again at its new version.
      if (error instanceof SupersededError && attempt < 3) continue;
      throw error;
    }
  }
}

/** The whole view of the review (large on a large account; the page reads it in pages). `NoSuchEntity` when absent. */
export async function reviewAccount(db: Db | Tx, accountId: string, service?: string): Promise<AccountReviewView> {
  return (await accountReview(db, accountId, service)).toView();
}

/** What a principal's page shows of the review: its part, as of `version`, and how the current review stands. */
export interface PrincipalReviewRead {
  status: ReviewStatus["state"];
  /** While the current review computes: how far it got. */
  progress?: ReviewProgress | null;
  /** While it computes or after it failed: its message, and the last review's part (`stale`) if there is one. */
  error?: { code: string; message: string };
  review?: PrincipalReview;
  stale: boolean;
}

/**
 * The findings about one principal and the roles it may pass (every service its account's roles
 * trust), read from the principal's own part of the stored review: a few kilobytes, however large
 * the account. A review not yet computed is waited for `waitMs` (a small account's takes less),
 * then the page shows the last review's part, or the progress, and is not held up.
 */
export async function readPrincipalReview(db: Db | Tx, accountId: string, principalArn: string, waitMs = 3_000): Promise<PrincipalReviewRead> {
  if (!isClient(db)) return { status: "ready", review: (await accountReview(db, accountId, EVERY_SERVICE)).aboutPrincipal(principalArn), stale: false };
  const { key, version, workspaceId } = await keyOf(db, accountId, EVERY_SERVICE);
  const { cache, folder } = cachesFor(db);
  const stored = await folder.principal(key, version, principalArn);
  if (stored) return { status: "ready", review: stored, stale: false };
  const start = () => reviewComputation(db, workspaceId, version, accountId, EVERY_SERVICE);
  const waiting = new AbortController();
  const waited = await Promise.race([cache.get(key, version, start).catch(() => undefined), sleep(waitMs, undefined, { signal: waiting.signal }).catch(() => undefined)]);
  waiting.abort();
  if (waited) return { status: "ready", review: waited.aboutPrincipal(principalArn), stale: false };
  const state = cache.peek(key, version, start);
  if (state.state === "ready") return { status: "ready", review: state.value.aboutPrincipal(principalArn), stale: false };
  const last = state.stale ? { version: state.stale.version, review: state.stale.value.aboutPrincipal(principalArn) } : await folder.latestPrincipal(key, principalArn);
  // Stored by another process since this one looked: current after all.
  if (last?.version === version) return { status: "ready", review: last.review, stale: false };
  const how = state.state === "computing" ? { progress: state.progress ?? null } : { error: describeFailure(state.error) };
  return { status: state.state, ...how, review: last?.review, stale: last !== undefined };
}
