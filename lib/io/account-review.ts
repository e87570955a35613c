/**
 * The console's review of one account, computed once per workspace version and kept. The
 * workspace's version is its newest audit entry (every change appends one): the review is run in
 * the background (lib/review/review-cache.ts) when the version moved, and every page view reads
 * what it left — a summary at once, then pages of findings, roles, principals and graph.
 *
 * The console serves from one process per core: the results are shared through a folder beside
 * the database file (one process computes, the others show its progress and read what it stored),
 * so a review is computed once and survives a restart of the console.
 */
import { createHash } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { Db, Tx } from "../db/create-client";
import { isAppError } from "../errors";
import { getAccount } from "../iam/accounts";
import { withStoredPolicies } from "../iam/stored-policies";
import { clockNow } from "../creds/workspace-clock";
import { BackgroundCache, SupersededError, type CacheState, type Computation, type SharedResults } from "../review/review-cache";
import { AccountReview, accountReviewSteps, type AccountReviewParts, type AccountReviewView, type ReviewProgress, type ReviewSummary } from "../review/review-view";
import type { PrincipalView } from "../review/review-view";
import type { ReviewFinding } from "../review/findings";
import { loadWorkspaceReviewInput } from "./workspace-review-input";

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

/**
 * The workspace's version: its newest audit entry about one of its accounts or about no account
 * (restores, the workspace clock, retired AWS policies), not counting sign-ins and other console
 * people's entries, which change nothing a review reads. The account list is part of it, so that
 * removing an account (whose entries then no longer count) still moves it.
 */
export async function workspaceVersion(db: Db | Tx, workspaceId: string): Promise<string> {
  const accounts = (await db.account.findMany({ where: { workspaceId }, select: { id: true }, orderBy: { id: "asc" } })).map((a) => a.id);
  const newest = await db.auditEntry.findFirst({
    where: { OR: [{ accountId: { in: accounts } }, { accountId: null, NOT: { entityType: "ConsoleUser" } }] },
    orderBy: { id: "desc" },
    select: { id: true, at: true },
  });
  const accountsHash = createHash("sha256").update(accounts.join(",")).digest("hex").slice(0, 8);
  // The entry's time as well as its id: a database made again from nothing counts ids from 1 again.
  return `${newest?.id ?? 0}-${newest?.at.getTime() ?? 0}-${accountsHash}`;
}

type Caches = { cache: BackgroundCache<AccountReview, ReviewProgress> };
// One cache per database client: the console's one client, or each test's own database.
const globalCaches = globalThis as unknown as { roleplayReviewCaches?: WeakMap<object, Caches> };
const caches = (globalCaches.roleplayReviewCaches ??= new WeakMap());

function cacheFor(db: Db): BackgroundCache<AccountReview, ReviewProgress> {
  let found = caches.get(db);
  if (!found) {
    found = {
      cache: new BackgroundCache<AccountReview, ReviewProgress>({
        limit: 6,
        // A review's memory grows with its grants and findings: about two of the 5,000-role account's fit.
        weigh: (review) => review.grants.length + review.findings.length,
        maxWeight: 1_000_000,
        shared: folderStore(db),
      }),
    };
    caches.set(db, found);
  }
  return found.cache;
}

/** The cache of `db`'s reviews (tests read how many computations it ran). */
export function reviewCacheFor(db: Db): BackgroundCache<AccountReview, ReviewProgress> {
  return cacheFor(db);
}

const isClient = (db: Db | Tx): db is Db => "$transaction" in db;

async function keyOf(db: Db | Tx, accountId: string, service: string | undefined) {
  const account = await getAccount(db, accountId);
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: account.workspaceId }, select: { createdAt: true } });
  const version = await workspaceVersion(db, account.workspaceId);
  return { key: `${account.workspaceId}@${workspace.createdAt.getTime()}|${accountId}|${service ?? "default"}`, version, workspaceId: account.workspaceId };
}

/** The review's steps over the workspace as it is now (read first, then reviewed a step at a time). */
async function* reviewComputation(db: Db | Tx, workspaceId: string, accountId: string, service: string | undefined): Computation<AccountReview, ReviewProgress> {
  yield { phase: "loading", done: 0, total: 1 };
  // Every account of the workspace: escalation paths cross accounts (the PassRole review keeps to this one).
  const [input, workspace] = await Promise.all([loadWorkspaceReviewInput(db, workspaceId), db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })]);
  const now = clockNow(workspace, new Date());
  yield { phase: "loading", done: 1, total: 1 };
  const steps = accountReviewSteps(input, accountId, { service, now });
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
  const state = cacheFor(db).peek(key, version, () => reviewComputation(db, workspaceId, accountId, service));
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
    const account = await getAccount(db, accountId);
    const steps = reviewComputation(db, account.workspaceId, accountId, service);
    for (;;) {
      const step = await steps.next();
      if (step.done) return step.value;
    }
  }
  for (let attempt = 0; ; attempt++) {
    const { key, version, workspaceId } = await keyOf(db, accountId, service);
    try {
      return await cacheFor(db).get(key, version, () => reviewComputation(db, workspaceId, accountId, service));
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

/** The findings about one principal and the roles it may pass (every service its account's roles trust). */
export async function reviewOfPrincipal(db: Db | Tx, accountId: string, principalArn: string): Promise<{ findings: ReviewFinding[]; canPass: PrincipalView["canPass"] }> {
  return (await accountReview(db, accountId, "all")).aboutPrincipal(principalArn);
}

// ---------------------------------------------------------------------------------------------
// A stored review: its parts in pieces (the head, then the grants, escalations and findings a few
// thousand at a time), each serialized on its own, so that neither writing nor reading one holds
// the event loop for long. Layout: piece count, each piece's length (32-bit), the pieces.

const PIECE = 2_000;
const LISTS = ["grants", "escalations", "findings"] as const;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function encodeReview(parts: AccountReviewParts): Promise<Buffer> {
  const { grants, escalations, findings, ...rest } = parts;
  const lists = { grants, escalations, findings };
  const head = { ...rest, pieces: Object.fromEntries(LISTS.map((name) => [name, Math.ceil(lists[name].length / PIECE)])) };
  const pieces: Buffer[] = [serialize(head)];
  for (const name of LISTS) {
    for (let i = 0; i < lists[name].length; i += PIECE) {
      pieces.push(serialize(lists[name].slice(i, i + PIECE)));
      await nextTurn();
    }
  }
  const lengths = Buffer.alloc(4 * (pieces.length + 1));
  lengths.writeUInt32LE(pieces.length, 0);
  pieces.forEach((piece, i) => lengths.writeUInt32LE(piece.length, 4 * (i + 1)));
  return Buffer.concat([lengths, ...pieces]);
}

async function decodeReview(bytes: Buffer): Promise<AccountReview> {
  const count = bytes.readUInt32LE(0);
  let offset = 4 * (count + 1);
  let index = 0;
  const piece = () => {
    const length = bytes.readUInt32LE(4 * (++index));
    const value = deserialize(bytes.subarray(offset, offset + length));
    offset += length;
    return value;
  };
  const { pieces, ...rest } = piece() as Omit<AccountReviewParts, (typeof LISTS)[number]> & { pieces: Record<(typeof LISTS)[number], number> };
  const lists = { grants: [], escalations: [], findings: [] } as Pick<AccountReviewParts, (typeof LISTS)[number]>;
  for (const name of LISTS) {
    for (let i = 0; i < pieces[name]; i++) {
      for (const item of piece() as never[]) (lists[name] as never[]).push(item);
      await nextTurn();
    }
  }
  return drain(AccountReview.build({ ...rest, ...lists }));
}

/** Runs steps, giving the event loop back between slices of about 40 ms. */
async function drain<R>(steps: Generator<unknown, R, void>): Promise<R> {
  let slice = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - slice > 40) {
      await nextTurn();
      slice = performance.now();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The folder the console's processes share results through: `<database file>-review/`, with one
// file per key and version (the review's parts, serialized) and one claim per key (who computes
// which version, and how far it got).

type Claim = { version: string; pid: number; at: number; progress?: ReviewProgress };

/** A claim not refreshed for this long is abandoned (its process hangs or died unseen). */
const CLAIM_EXPIRES_MS = 60_000;

function folderStore(db: Db): SharedResults<AccountReview, ReviewProgress> {
  let folder: Promise<string | undefined> | undefined;
  const folderOf = () =>
    (folder ??= (async () => {
      const files = await db.$queryRawUnsafe<{ name: string; file: string }[]>("PRAGMA database_list");
      const main = files.find((f) => f.name === "main")?.file;
      if (!main) return undefined;
      const dir = `${main}-review`;
      await mkdir(dir, { recursive: true });
      return dir;
    })());
  const stem = (key: string) => createHash("sha256").update(key).digest("hex").slice(0, 24);
  const resultFile = (dir: string, key: string, version: string) => path.join(dir, `${stem(key)}.${version}.bin`);
  const claimFile = (dir: string, key: string) => path.join(dir, `${stem(key)}.claim`);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  };
  const readClaim = async (file: string): Promise<Claim | undefined> => {
    try {
      return JSON.parse(await readFile(file, "utf8")) as Claim;
    } catch {
      return undefined;
    }
  };
  const held = (claim: Claim | undefined) => claim !== undefined && claim.pid !== process.pid && alive(claim.pid) && Date.now() - claim.at < CLAIM_EXPIRES_MS;
  let reports = Promise.resolve();
  const writeAtomically = async (file: string, data: string | Uint8Array) => {
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, file);
  };

  return {
    async load(key, version) {
      const dir = await folderOf();
      if (!dir) return undefined;
      let bytes: Buffer;
      try {
        bytes = await readFile(resultFile(dir, key, version));
      } catch {
        return undefined;
      }
      return decodeReview(bytes);
    },
    async save(key, version, review) {
      const dir = await folderOf();
      if (!dir) return;
      await writeAtomically(resultFile(dir, key, version), await encodeReview(review.parts));
      // Older versions of the key are of no use to anyone now.
      const prefix = `${stem(key)}.`;
      for (const name of await readdir(dir)) {
        if (name.startsWith(prefix) && name.endsWith(".bin") && name !== path.basename(resultFile(dir, key, version))) await rm(path.join(dir, name), { force: true });
      }
    },
    async claim(key, version) {
      const dir = await folderOf();
      if (!dir) return true;
      const file = claimFile(dir, key);
      const mine = JSON.stringify({ version, pid: process.pid, at: Date.now() } satisfies Claim);
      try {
        const handle = await open(file, "wx");
        await handle.writeFile(mine);
        await handle.close();
        return true;
      } catch {
        const claim = await readClaim(file);
        // Held by a live process for this version: wait for it. For another version, or abandoned: take it over.
        if (claim?.version === version && held(claim)) return false;
        await writeAtomically(file, mine);
        return true;
      }
    },
    async progress(key, version) {
      const dir = await folderOf();
      if (!dir) return undefined;
      const claim = await readClaim(claimFile(dir, key));
      if (!claim || claim.version !== version || !held(claim)) return undefined;
      return claim.progress ?? { phase: "loading", done: 0, total: 1 };
    },
    report(key, version, progress) {
      // In order: a late progress report must not bring back a claim already given up.
      reports = reports
        .then(async () => {
          const dir = await folderOf();
          if (!dir) return;
          const file = claimFile(dir, key);
          if (progress) await writeAtomically(file, JSON.stringify({ version, pid: process.pid, at: Date.now(), progress } satisfies Claim));
          else if ((await readClaim(file))?.pid === process.pid) await rm(file, { force: true });
        })
        .catch(() => undefined);
    },
  };
}
