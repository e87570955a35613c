// The review is computed once per workspace version and kept: the cache's rules on their own
// (versions, progress, a newer version replacing one being computed, failures, results shared
// between processes), then the console's review of the demo account over a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackgroundCache, SupersededError, type Computation, type SharedResults } from "../../../lib/review/review-cache";
import type { Db } from "../../../lib/db/create-client";
import { accountReview, readAccountReview, readPrincipalReview, reviewCacheFor, workspaceVersion } from "../../../lib/io/account-review";
import { readdir, rm } from "node:fs/promises";
import { FRESH_MS, keptGraph } from "../../../lib/io/workspace-escalation-graph";
import { reviewFolder } from "../../../lib/io/review-store";
import { readFile, writeFile } from "node:fs/promises";
import { escalationPrincipals } from "../../../lib/io/account-escalation";
import path from "node:path";
import { createUser } from "../../../lib/iam/users";
import { createPrismaClient, configureSqlite } from "../../../lib/db/create-client";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { createTestDatabase } from "../support/test-database";

type Progress = { done: number; total: number };

/** A computation of `value` in `steps` steps that waits for `gate` before its last one. */
function counting(value: string, steps = 3, gate?: Promise<void>) {
  const started = { count: 0 };
  const start = (): Computation<string, Progress> =>
    (async function* () {
      started.count++;
      for (let done = 1; done <= steps; done++) {
        if (done === steps && gate) await gate;
        yield { done, total: steps };
      }
      return value;
    })();
  return { start, started };
}

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("the background cache", () => {
  it("computes a version once: the same version is read from memory, without computing again", async () => {
    const cache = new BackgroundCache<string, Progress>();
    const { start, started } = counting("v1 result");
    expect(cache.peek("k", "1", start)).toMatchObject({ state: "computing", version: "1" });
    expect(await cache.get("k", "1", start)).toBe("v1 result");
    expect(cache.peek("k", "1", start)).toEqual({ state: "ready", version: "1", value: "v1 result" });
    expect(await cache.get("k", "1", start)).toBe("v1 result");
    expect(started.count).toBe(1);
    expect(cache.runs.get("k")).toBe(1);
  });

  it("recomputes when the version changes, offering the last version's value as stale meanwhile", async () => {
    const cache = new BackgroundCache<string, Progress>();
    await cache.get("k", "1", counting("old").start);
    const wait = gate();
    const next = counting("new", 3, wait.promise);
    expect(cache.peek("k", "2", next.start)).toMatchObject({ state: "computing", version: "2", stale: { version: "1", value: "old" } });
    wait.open();
    expect(await cache.get("k", "2", next.start)).toBe("new");
    expect(cache.peek("k", "2", next.start)).toMatchObject({ state: "ready", value: "new" });
    expect(cache.runs.get("k")).toBe(2);
  });

  it("reports the computation's progress while it runs, without being asked to wait", async () => {
    const cache = new BackgroundCache<string, Progress>();
    const wait = gate();
    const { start } = counting("done", 4, wait.promise);
    cache.peek("k", "1", start);
    await settle();
    const during = cache.peek("k", "1", start);
    expect(during).toMatchObject({ state: "computing", progress: { done: 3, total: 4 } });
    wait.open();
    await cache.get("k", "1", start);
    expect(cache.peek("k", "1", start).state).toBe("ready");
  });

  it("gives the event loop back between slices of a long computation", async () => {
    let now = 0;
    const cache = new BackgroundCache<string, Progress>({ clock: () => now, sliceMs: 10 });
    let timerRan = false;
    const start = (): Computation<string, Progress> =>
      (async function* () {
        // Another piece of work waiting for the loop (a request's callback). setImmediate, not a
        // timer: a 1 ms timer may not be due yet when a fast machine finishes every slice.
        setImmediate(() => (timerRan = true));
        // Synchronous steps only: without the runner's pauses it could never run.
        for (let done = 1; done <= 1000; done++) {
          now += 1;
          yield { done, total: 1000 };
          if (timerRan) return `timer ran by step ${done}`;
        }
        return "timer never ran";
      })();
    expect(await cache.get("k", "1", start)).not.toBe("timer never ran");
  });

  it("a newer version replaces one still being computed; those waiting for the old one are told", async () => {
    const cache = new BackgroundCache<string, Progress>();
    const wait = gate();
    const old = counting("old", 3, wait.promise);
    const waiting = cache.get("k", "1", old.start);
    await settle();
    const fresh = counting("fresh");
    cache.peek("k", "2", fresh.start);
    wait.open();
    await expect(waiting).rejects.toBeInstanceOf(SupersededError);
    expect(await cache.get("k", "2", fresh.start)).toBe("fresh");
    expect(cache.peek("k", "1", old.start).state).not.toBe("ready");
  });

  it("runs one computation at a time; the next waits its turn and says so", async () => {
    const cache = new BackgroundCache<string, Progress>();
    const wait = gate();
    const first = counting("a", 3, wait.promise);
    cache.peek("a", "1", first.start);
    await settle();
    const second = counting("b");
    expect(cache.peek("b", "1", second.start)).toMatchObject({ state: "computing", waiting: 1 });
    expect(second.started.count).toBe(0);
    wait.open();
    expect(await cache.get("b", "1", second.start)).toBe("b");
  });

  it("reports a failure for its version, and tries again at the next one", async () => {
    const cache = new BackgroundCache<string, Progress>();
    const failing = (): Computation<string, Progress> =>
      (async function* () {
        yield { done: 0, total: 1 };
        throw new Error("document broken");
      })();
    await expect(cache.get("k", "1", failing)).rejects.toThrow("document broken");
    expect(cache.peek("k", "1", failing)).toMatchObject({ state: "failed", version: "1" });
    expect(await cache.get("k", "2", counting("fixed").start)).toBe("fixed");
  });

  it("keeps the values it may, dropping the least recently read first", async () => {
    const cache = new BackgroundCache<string, Progress>({ weigh: (v) => v.length, maxWeight: 10 });
    await cache.get("a", "1", counting("aaaaaa").start);
    await cache.get("b", "1", counting("bbbbbb").start);
    // "a" (6) and "b" (6) weigh more than 10: "a", read first, went.
    const again = counting("aaaaaa");
    expect(cache.peek("a", "1", again.start).state).toBe("computing");
    await cache.get("a", "1", again.start);
    expect(again.started.count).toBe(1);
  });

  it("reads a value another process stored instead of computing it, and shows another's progress while it computes", async () => {
    const stored = new Map<string, string>();
    let holder: { version: string; progress: Progress } | undefined = { version: "1", progress: { done: 2, total: 5 } };
    const shared: SharedResults<string, Progress> = {
      load: async (key, version) => stored.get(`${key}@${version}`),
      save: async (key, version, value) => void stored.set(`${key}@${version}`, value),
      claim: async (_key, version) => holder?.version !== version,
      progress: async (_key, version) => (holder?.version === version ? holder.progress : undefined),
      report: () => undefined,
    };
    const cache = new BackgroundCache<string, Progress>({ shared, shareEveryMs: 5 });
    const mine = counting("computed here");
    cache.peek("k", "1", mine.start);
    await settle();
    expect(cache.peek("k", "1", mine.start)).toMatchObject({ state: "computing", progress: { done: 2, total: 5 } });
    // The other process finishes and stores its result.
    stored.set("k@1", "computed elsewhere");
    holder = undefined;
    expect(await cache.get("k", "1", mine.start)).toBe("computed elsewhere");
    expect(mine.started.count).toBe(0);
    // A version nobody claims is computed here, and stored for the others.
    expect(await cache.get("k", "2", counting("v2 here").start)).toBe("v2 here");
    expect(stored.get("k@2")).toBe("v2 here");
  });
});

describe("the console's review of an account", () => {
  const DEMO = "111111111111";
  let db: Db;
  let file: string;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, file, dispose } = await createTestDatabase());
    await seedDemoWorkspace(db);
  });
  afterAll(() => dispose());

  it("is computed in the background, then read at once until the workspace changes; a sign-in changes nothing", async () => {
    const first = await readAccountReview(db, DEMO);
    expect(first.status.state).toBe("computing");
    expect(first.review).toBeUndefined();
    const review = await accountReview(db, DEMO);
    expect(review.summary().counts.escalations).toBeGreaterThanOrEqual(1);
    const ready = await readAccountReview(db, DEMO);
    expect(ready.status).toMatchObject({ state: "ready", summary: { account: DEMO } });
    expect(ready.review).toBe(review);

    // A console sign-in is audited, but changes nothing a review reads; nor does another workspace made, reset or assigned.
    const before = await workspaceVersion(db, "demo");
    await db.auditEntry.create({ data: { actor: "ana@example.com", action: "SignIn", entityType: "ConsoleUser", entityId: "u1" } });
    for (const action of ["CreateWorkspace", "ResetWorkspace", "AssignWorkspace"]) await db.auditEntry.create({ data: { actor: "trainer@example.com", action, entityType: "Workspace", entityId: "class-1" } });
    await db.auditEntry.create({ data: { actor: "ana@example.com", action: "Blocked", entityType: "ClientAddress", entityId: "203.0.113.9" } });
    expect(await workspaceVersion(db, "demo")).toBe(before);
    expect((await readAccountReview(db, DEMO)).status.state).toBe("ready");

    await createUser(db, { accountId: DEMO, name: "new-hire" }, "test");
    expect(await workspaceVersion(db, "demo")).not.toBe(before);
    const changed = await readAccountReview(db, DEMO);
    expect(changed.status).toMatchObject({ state: "computing", stale: { version: ready.status.version } });
    expect(changed.review).toBe(review);
    const runs = reviewCacheFor(db).runs.get(`demo@${(await db.workspace.findUniqueOrThrow({ where: { id: "demo" } })).createdAt.getTime()}|${DEMO}|default`);
    await accountReview(db, DEMO);
    expect((await readAccountReview(db, DEMO)).status.state).toBe("ready");
    expect(runs).toBeGreaterThanOrEqual(1);
  });

  it("reviews only the services the account's roles trust (each is a computation and a stored file), or all", async () => {
    await expect(readAccountReview(db, DEMO, "zz-stranger.amazonaws.com")).rejects.toMatchObject({ code: "InvalidInput", message: expect.stringContaining("No role of account 111111111111 trusts zz-stranger.amazonaws.com") });
    await expect(accountReview(db, DEMO, "lambda.amazonaws.com")).rejects.toMatchObject({ code: "InvalidInput" });
    expect((await accountReview(db, DEMO, "ecs-tasks.amazonaws.com")).summary().services).toEqual(["ecs-tasks.amazonaws.com"]);
  });

  it("pages what the page shows: findings filtered, roles and principals, the graph around one node", async () => {
    const review = await accountReview(db, DEMO);
    const page = review.findingsPage({ severities: ["critical", "high"] }, 1, 2);
    expect(page.rows.length).toBeLessThanOrEqual(2);
    expect(page.rows.every((f) => f.severity === "critical" || f.severity === "high")).toBe(true);
    expect(review.findingsPage({ q: "alice can become" }, 1, 10).rows[0].title).toContain("alice can become");
    expect(review.rolesPage({ q: "ops-admin" }, 1, 10).rows.map((r) => r.name)).toContain("ops-admin");
    const alice = review.principalsPage({ q: "alice" }, 1, 10).rows.find((p) => p.name === "alice")!;
    expect(alice.gain?.levels.length).toBeGreaterThan(0);
    const around = review.neighbourhood(`arn:aws:iam::${DEMO}:user/alice`, 1);
    expect(around.nodes.map((n) => n.label)).toContain("ops-admin");
    expect(around.nodes.find((n) => n.label === "alice")!.layer).toBe(0);
    expect(around.edges.some((e) => e.source.endsWith("user/alice") && e.escalation)).toBe(true);
    expect(review.searchNodes("photos").some((n) => n.kind === "instance")).toBe(true);
  });

  it("another console process reads the stored review instead of computing it again", async () => {
    const review = await accountReview(db, DEMO);
    const other = createPrismaClient(`file:${file}`);
    await configureSqlite(other);
    try {
      const read = await accountReview(other, DEMO);
      expect(read.summary()).toEqual(review.summary());
      expect(read.findings.map((f) => f.id)).toEqual(review.findings.map((f) => f.id));
      expect([...reviewCacheFor(other).runs.values()].reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      await other.$disconnect();
    }
  });
  it("builds the workspace's escalation graph once per version: every account's and service's review and the escalation page reuse it", async () => {
    await createUser(db, { accountId: DEMO, name: "graph-reuse" }, "test");
    const version = await workspaceVersion(db, "demo");
    expect(keptGraph(db, "demo", version, FRESH_MS)).toBeUndefined();
    const first = await accountReview(db, DEMO);
    const kept = keptGraph(db, "demo", version, FRESH_MS);
    expect(kept).toBeDefined();
    const every = await accountReview(db, DEMO, "all");
    const partner = await accountReview(db, "222222222222");
    expect((await escalationPrincipals(db, DEMO, "alice")).length).toBeGreaterThan(0);
    expect(keptGraph(db, "demo", version, FRESH_MS)).toBe(kept);
    // Not once it is older than asked: its clock would be too far behind.
    expect(keptGraph(db, "demo", version, -1)).toBeUndefined();
    // The graph's clock is the reviews' clock: the time conditions of every review were decided at once.
    expect(every.summary().reviewedAt).toBe(first.summary().reviewedAt);
    expect(partner.summary().reviewedAt).toBe(first.summary().reviewedAt);
    expect(every.findings.filter((f) => f.kind === "escalation-path").map((f) => f.id)).toEqual(first.findings.filter((f) => f.kind === "escalation-path").map((f) => f.id));
    // A change is a new version: a new graph.
    await createUser(db, { accountId: DEMO, name: "graph-reuse-2" }, "test");
    await accountReview(db, DEMO);
    expect(keptGraph(db, "demo", await workspaceVersion(db, "demo"), FRESH_MS)).not.toBe(kept);
  });

  it("a process that finishes an older version late neither replaces nor deletes a newer one, nor takes over its claim", async () => {
    const review = await accountReview(db, DEMO);
    const folder = reviewFolder(db, (key) => key.endsWith("|all"));
    const key = "race-test|111111111111|all";
    const [older, newer] = ["9-1000-aaaaaaaa", "10-2000-aaaaaaaa"];
    await folder.save(key, newer, review);
    await folder.save(key, older, review);
    expect(await folder.load(key, newer)).toBeDefined();
    expect(await folder.load(key, older)).toBeUndefined();
    // The newer version's claim, held by another live process (this one's parent), stays its own.
    const claimFile = path.join(`${file}-review`, (await readdir(`${file}-review`)).find((n) => n.endsWith(".bin") && n.includes(newer))!.replace(`.${newer}.bin`, ".claim"));
    const held = JSON.stringify({ version: newer, pid: process.ppid, at: Date.now(), progress: { phase: "evaluating", done: 1, total: 2 } });
    await writeFile(claimFile, held);
    expect(await folder.claim(key, older)).toBe(true);
    folder.report(key, older, { phase: "findings", done: 1, total: 3 });
    folder.report(key, older, undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readFile(claimFile, "utf8")).toBe(held);
    expect(await folder.progress(key, newer)).toEqual({ phase: "evaluating", done: 1, total: 2 });
    // Nor into this process's own newer computation's claim.
    const own = JSON.stringify({ version: newer, pid: process.pid, at: Date.now(), progress: { phase: "findings", done: 2, total: 4 } });
    await writeFile(claimFile, own);
    folder.report(key, older, { phase: "summaries", done: 1, total: 9 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readFile(claimFile, "utf8")).toBe(own);
    // Stored again at an older version by a late process: still nothing of the newer is lost.
    await folder.save(key, older, review);
    expect(await folder.principal(key, newer, `arn:aws:iam::${DEMO}:user/alice`)).toBeDefined();
  });

  it("a stored review of every service without its principals' parts (stored before they existed) is computed again, whole", async () => {
    await accountReview(db, DEMO, "all");
    const folder = `${file}-review`;
    for (const name of await readdir(folder)) if (name.endsWith(".principals")) await rm(path.join(folder, name));
    const other = createPrismaClient(`file:${file}`);
    await configureSqlite(other);
    try {
      await accountReview(other, DEMO, "all");
      expect([...reviewCacheFor(other).runs.values()]).toEqual([1]);
      expect((await readdir(folder)).filter((n) => n.endsWith(".principals")).length).toBe(1);
      // The default service's review has no such parts: it is loaded as stored.
      await accountReview(other, DEMO);
      expect([...reviewCacheFor(other).runs.values()]).toEqual([1]);
    } finally {
      await other.$disconnect();
    }
  });

  it("a principal's page reads only its part of the stored review; after a change, the last part while the new review computes", async () => {
    const alice = `arn:aws:iam::${DEMO}:user/alice`;
    const review = await accountReview(db, DEMO, "all");
    // Stored beside the review before the review is ready.
    const folder = `${file}-review`;
    expect((await readdir(folder)).filter((n) => n.endsWith(".principals")).length).toBeGreaterThan(0);
    // Without the whole review on disk, another process still reads alice's part, computing nothing.
    // (Without the principals' parts, a stored review is not loaded: it is computed again, whole.)
    for (const name of await readdir(folder)) if (name.endsWith(".bin")) await rm(path.join(folder, name));
    const other = createPrismaClient(`file:${file}`);
    await configureSqlite(other);
    try {
      const read = await readPrincipalReview(other, DEMO, alice);
      expect(read).toEqual({ status: "ready", review: review.aboutPrincipal(alice), stale: false });
      expect(read.review!.findings.some((f) => f.kind === "escalation")).toBe(true);
      expect(read.review!.canPass.map((r) => r.name)).toContain("ops-admin");
      expect(await readPrincipalReview(other, DEMO, `arn:aws:iam::${DEMO}:user/nobody-names-me`)).toEqual({ status: "ready", review: { findings: [], findingCount: 0, canPass: [], canPassCount: 0 }, stale: false });
      expect([...reviewCacheFor(other).runs.values()].reduce((a, b) => a + b, 0)).toBe(0);

      await createUser(db, { accountId: DEMO, name: "another-hire" }, "test");
      const during = await readPrincipalReview(other, DEMO, alice, 0);
      expect(during).toMatchObject({ status: "computing", stale: true, review: review.aboutPrincipal(alice) });
      await accountReview(other, DEMO, "all");
      expect(await readPrincipalReview(other, DEMO, alice, 0)).toMatchObject({ status: "ready", stale: false });
    } finally {
      await other.$disconnect();
    }
  });
});
