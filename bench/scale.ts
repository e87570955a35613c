/**
 * The console at scale: a fresh database with the demo workspace, a generated account imported
 * beside it (5,000 roles, 2,000 users, 500 groups by default; the review benchmark's generator), the
 * built console served on its own port, signed in as an administrator over HTTP, then every console
 * page of both accounts: the median time to first byte and to last byte, and the HTML size. Also the
 * import's time and the review's: until its JSON route says it is ready (the console computes it in
 * the background), and the library function in a process of its own on a copy of the database.
 * Prints figures only; the goals (issue 13) are for reading, not asserting.
 *
 * Run: npm run bench -- scale                          5,000 roles
 *      SCALE_ROLES=5000,20000 npm run bench -- scale    also 20,000 roles, and how each figure grows
 *      npx tsx bench/scale.ts --roles 20000             one size, directly
 * The console is built from a copy of the working tree first (SCALE_BUILD=checkout serves the
 * checkout's own build instead, as `npm start` does). SCALE_RUNS (default 5) sets the measured
 * requests per page, after one warm-up per server worker; a page whose first request takes over 5 s
 * gets 3, over 20 s one (and no second warm-up).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPrismaClient, type Db } from "../lib/db/create-client";
import { projectRoot } from "../lib/env";
import { generateAuthorizationDetails } from "../lib/io/generate-authorization-details";
import { buildId, freePort, signIn, startConsole } from "./support/console-server";
import { measurePage, type PageFigures } from "./support/page-timing";
import { makePrivateBuild } from "./support/private-build";

const DEMO = "111111111111";
const IMPORTED = "123456789012";
// Console URLs name their workspace (/w/NAME/…); both accounts are in demo.
const WORKSPACE = "/w/demo";
const ADMIN = { email: "scale@bench.test", password: "scale-bench-password-1" };
const cli = path.join(projectRoot, "bin", "roleplay.mjs");
const tsx = path.join(projectRoot, "node_modules", "tsx", "dist", "cli.mjs");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;

// ---------------------------------------------------------------------------------------------
// The review as the console computes it, timed in a process of its own (its peak memory is its own).

type ReviewTimes = { firstMs: number; againMs: number; allMs: number; grants: number; escalations: number; findings: number; storedMb: number; peakMb: number };

// The review the console keeps (not its whole view, which at 20,000 roles is over a gigabyte of JSON
// and which no page reads), and the size of what it stores beside the database.
async function reviewInProcess(databaseUrl: string, account: string): Promise<void> {
  const { accountReview } = await import("../lib/io/account-review");
  const db = createPrismaClient(databaseUrl);
  const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const value = await fn();
    return [value, performance.now() - start];
  };
  const [review, firstMs] = await time(() => accountReview(db, account));
  const [, againMs] = await time(() => accountReview(db, account));
  const [, allMs] = await time(() => accountReview(db, account, "all"));
  await db.$disconnect();
  const folder = `${fileURLToPath(new URL(databaseUrl.replace(/^file:/, "file://")))}-review`;
  const storedMb = readdirSync(folder).reduce((sum, name) => sum + statSync(path.join(folder, name)).size, 0) / 1024 / 1024;
  const { counts } = review.summary();
  const times: ReviewTimes = {
    firstMs,
    againMs,
    allMs,
    grants: counts.grants,
    escalations: counts.escalations,
    findings: review.findings.length,
    storedMb,
    peakMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(times));
}

// ---------------------------------------------------------------------------------------------
// Console pages: every app/(console)/[account]/**/page.tsx, dynamic segments filled per account.

/** Route templates of the account's pages, e.g. `roles/[name]/trust` ("" is the account's home). */
function consolePageTemplates(): string[] {
  const base = path.join(projectRoot, "app", "(console)", "[account]");
  const found: string[] = [];
  const walk = (dir: string, route: string[]) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full, /^\(.*\)$/.test(entry) ? route : [...route, entry]);
      else if (entry === "page.tsx") found.push(route.join("/"));
    }
  };
  walk(base, []);
  // A list before its entities' pages: "roles" < "roles/[name]" < "roles/new".
  return found.sort();
}

/** One real entity of each kind in the account (the first by name), keyed `<segment before>/[param]`. */
async function segmentValues(db: Db, account: string): Promise<Record<string, string | undefined>> {
  const first = { orderBy: { name: "asc" as const }, select: { name: true } };
  // A role with an inline policy, so that its inline editor has one to open.
  const role =
    (await db.role.findFirst({ where: { accountId: account, inlinePolicies: { some: {} } }, orderBy: { name: "asc" }, select: { name: true, inlinePolicies: { orderBy: { name: "asc" }, take: 1, select: { name: true } } } })) ??
    (await db.role.findFirst({ where: { accountId: account }, orderBy: { name: "asc" }, select: { name: true, inlinePolicies: { take: 1, select: { name: true } } } }));
  const policy = await db.managedPolicy.findFirst({ where: { accountId: account }, orderBy: { name: "asc" }, select: { name: true, path: true } });
  const task = await db.ecsTask.findFirst({ where: { cluster: { accountId: account } }, orderBy: { id: "asc" }, select: { id: true } });
  const instance = await db.instance.findFirst({ where: { accountId: account }, orderBy: { id: "asc" }, select: { id: true } });
  const decision = await db.decisionLogEntry.findFirst({ where: { accountId: account }, orderBy: { id: "asc" }, select: { id: true } });
  return {
    "roles/[name]": role?.name,
    "inline/[policy]": role?.inlinePolicies[0]?.name,
    "users/[name]": (await db.user.findFirst({ where: { accountId: account }, ...first }))?.name,
    "groups/[name]": (await db.group.findFirst({ where: { accountId: account }, ...first }))?.name,
    "instance-profiles/[name]": (await db.instanceProfile.findFirst({ where: { accountId: account }, ...first }))?.name,
    "buckets/[name]": (await db.bucket.findFirst({ where: { accountId: account }, ...first }))?.name,
    "policies/[arn]": policy ? `arn:aws:iam::${account}:policy${policy.path}${policy.name}` : undefined,
    "instances/[id]": instance?.id,
    "ecs-tasks/[id]": task?.id,
    "decisions/[id]": decision ? String(decision.id) : undefined,
  };
}

type Page = { label: string; path?: string; missing?: string };

function fillTemplate(template: string, account: string, values: Record<string, string | undefined>): Page {
  const parts = template ? template.split("/") : [];
  const filled: string[] = [account];
  for (let i = 0; i < parts.length; i++) {
    if (!parts[i].startsWith("[")) {
      filled.push(parts[i]);
      continue;
    }
    const key = `${parts[i - 1]}/${parts[i]}`;
    const value = values[key];
    if (value === undefined) return { label: template || "(home)", missing: key in values ? `no ${parts[i - 1]} in this account` : `no value for ${key}` };
    filled.push(encodeURIComponent(value));
  }
  return { label: template || "(home)", path: `${WORKSPACE}/${filled.join("/")}` };
}

/**
 * How long the review takes over HTTP: its JSON route, asked every half second until it is no longer
 * being computed. A route that answers the whole review at once (no `state`) is ready when it answers.
 */
async function reviewReady(origin: string, cookie: string, account: string, service?: string): Promise<{ state: string; ms: number }> {
  const url = `${origin}${WORKSPACE}/api/accounts/${account}/review${service ? `?service=${service}` : ""}`;
  const started = performance.now();
  for (;;) {
    const response = await fetch(url, { headers: { cookie, accept: "application/json" } }).catch((error: Error) => error);
    if (response instanceof Error) return { state: `no answer (${response.message}): did the server worker run out of memory?`, ms: performance.now() - started };
    const body = (await response.json().catch(() => ({}))) as { state?: string };
    const state = !response.ok ? `HTTP ${response.status}` : (body.state ?? "ready");
    if (state !== "computing" || performance.now() - started > 15 * 60_000) return { state, ms: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// ---------------------------------------------------------------------------------------------

type Row = { page: string; account: string; figures?: PageFigures; note?: string };
type ScaleResult = { roles: number; importMs: number; review: ReviewTimes; reviewReadyMs: number; rows: Row[] };

function run(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: projectRoot, env, input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${args.slice(1).join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return { stdout: result.stdout, ms: performance.now() - started };
}

const columns = (cells: string[]) => `  ${cells[0].padEnd(34)} ${cells[1].padEnd(13)} ${cells.slice(2).map((c) => c.padStart(9)).join(" ")}`;

async function runScale(roles: number, root: string): Promise<ScaleResult> {
  const users = Math.round(roles * 0.4);
  const groups = Math.round(roles * 0.1);
  const dir = mkdtempSync(path.join(tmpdir(), "roleplay-scale-"));
  const databaseUrl = `file:${path.join(dir, "scale.db")}`;
  const env = { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" };
  try {
    console.log(`\n## ${roles.toLocaleString("en")} roles, ${users.toLocaleString("en")} users, ${groups.toLocaleString("en")} groups (seed 42, account ${IMPORTED}) beside the demo (${DEMO})`);
    const setup = run([cli, "setup"], env);
    const file = path.join(dir, "authorization-details.json");
    const generatedAt = performance.now();
    writeFileSync(file, JSON.stringify(generateAuthorizationDetails({ seed: 42, account: IMPORTED, roles, users, groups })));
    console.log(`  database set up in ${seconds(setup.ms)}; file generated in ${seconds(performance.now() - generatedAt)} (${(statSync(file).size / 1024 / 1024).toFixed(1)} MB)`);

    const imported = run([cli, "import", file], env);
    console.log(`  roleplay import FILE: ${seconds(imported.ms)} (end to end, process start included)`);
    for (const line of imported.stdout.trim().split("\n").slice(-6)) console.log(`    | ${line}`);

    const db = createPrismaClient(databaseUrl);
    const counts = await Promise.all([db.role.count({ where: { accountId: IMPORTED } }), db.user.count({ where: { accountId: IMPORTED } }), db.group.count({ where: { accountId: IMPORTED } }), db.instanceProfile.count({ where: { accountId: IMPORTED } })]);
    console.log(`  imported: ${counts[0]} roles, ${counts[1]} users, ${counts[2]} groups, ${counts[3]} instance profiles`);

    // On a copy: the console keeps computed reviews beside its database file, and this run must
    // neither warm the server's nor read one the server stored.
    const copy = path.join(dir, "review-copy.db");
    await db.$executeRawUnsafe(`VACUUM INTO '${copy}'`);
    // tsx runs the script in a child process: the heap size must travel in NODE_OPTIONS.
    let review: ReviewTimes = { firstMs: NaN, againMs: NaN, allMs: NaN, grants: NaN, escalations: NaN, findings: NaN, storedMb: NaN, peakMb: NaN };
    try {
      const reviewRun = run([tsx, fileURLToPath(import.meta.url), "--review-in-process", `file:${copy}`, IMPORTED], { ...env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=8192`.trim() });
      review = JSON.parse(reviewRun.stdout.trim().split("\n").pop()!) as ReviewTimes;
      console.log(`  review in process (accountReview, a copy of the database): first ${seconds(review.firstMs)}, again ${seconds(review.againMs)}, every service ${seconds(review.allMs)}; ${review.grants} grants, ${review.escalations} escalations, ${review.findings} findings; ${review.storedMb.toFixed(0)} MB stored beside the database (both services); peak ${review.peakMb.toFixed(0)} MB`);
    } catch (error) {
      // Reported, not fatal: the pages are still measured.
      const lines = String(error).split("\n").filter(Boolean);
      const reason = /heap out of memory/.test(String(error)) ? "out of memory with an 8 GB heap" : [lines[0], ...lines.filter((l) => /Error/.test(l)).slice(-3)].join(" | ");
      console.log(`  review in process (accountReview, a copy of the database): FAILED — ${reason}`);
      process.exitCode = 1;
    }

    run([cli, "users", "add", ADMIN.email, "--role", "admin", "--password-stdin"], env, `${ADMIN.password}\n`);
    const port = await freePort();
    console.log(`  starting the console on port ${port}…`);
    const server = await startConsole(databaseUrl, port, root);
    const rows: Row[] = [];
    const reviewReadyMs: Record<string, number> = {};
    try {
      const served = buildId(root);
      const cookie = await signIn(server.origin, ADMIN.email, ADMIN.password, root);
      console.log(`  console ready in ${seconds(server.startMs)}; signed in as ${ADMIN.email} (admin)`);
      for (const account of [DEMO, IMPORTED]) {
        for (const service of [undefined, "all"]) {
          const ready = await reviewReady(server.origin, cookie, account, service);
          if (account === IMPORTED) reviewReadyMs[service ?? "default"] = ready.ms;
          console.log(`  review of ${account === DEMO ? "the demo" : "the imported account"} (${service ? "every service" : "default service"}) over HTTP: ${ready.state} after ${seconds(ready.ms)}`);
        }
      }
      console.log("");
      const runs = Number(process.env.SCALE_RUNS ?? 5);
      // One warm-up per worker: each keeps its own compiled routes and caches.
      const options = { warmups: 2, runs, slowMs: 5000, slowRuns: Math.min(3, runs), verySlowMs: 20_000 };
      console.log(columns(["page", "account", "status", "first", "TTFB", "last byte", "HTML", "runs"]));
      const templates = consolePageTemplates();
      for (const account of [DEMO, IMPORTED]) {
        const values = await segmentValues(db, account);
        const pages = templates.map((t) => fillTemplate(t, account, values));
        pages.push({ label: "review?service=all", path: `${WORKSPACE}/${account}/review?service=all` });
        pages.push({ label: "api: review (JSON)", path: `${WORKSPACE}/api/accounts/${account}/review` });
        pages.push({ label: "api: review findings", path: `${WORKSPACE}/api/accounts/${account}/review?part=findings` });
        for (const page of pages) {
          const name = account === DEMO ? "demo" : "imported";
          if (!page.path) {
            rows.push({ page: page.label, account: name, note: page.missing });
            console.log(columns([page.label, name, "—", page.missing ?? ""]));
            continue;
          }
          const figures = await measurePage(server.origin + page.path, { cookie }, options);
          rows.push({ page: page.label, account: name, figures });
          const status = figures.location ? `${figures.status}→` : String(figures.status);
          console.log(columns([page.label, name, status, `${figures.firstMs.toFixed(0)} ms`, `${figures.ttfbMs.toFixed(0)} ms`, `${figures.totalMs.toFixed(0)} ms`, kb(figures.bytes), String(figures.runs)]));
        }
      }
      if (buildId(root) !== served) {
        console.log(`\n  WARNING: the console was rebuilt in this checkout during the run (.next/BUILD_ID ${served} → ${buildId(root)}): later figures may be of another build or of errors.`);
        process.exitCode = 1;
      }
      // A redirect measures the redirect, not the page (old URLs move to /w/demo/…).
      const failed = rows.filter((r) => r.figures && (r.figures.status >= 500 || r.figures.status >= 300 && r.figures.status < 400));
      if (failed.length) {
        // A page that fails answers fast and small: its figures are not the page's.
        console.log(`\n  WARNING: ${failed.length} page(s) answered ${failed[0].figures!.status}; their figures measure an error or a redirect, not the page. The server said:`);
        const errors = server.output().split("\n").filter((line) => /error|⨯/i.test(line)).slice(-12);
        for (const line of errors) console.log(`    | ${line.slice(0, 300)}`);
        process.exitCode = 1;
      }
    } finally {
      await server.stop();
      await db.$disconnect();
    }
    const reviewPage = rows.find((r) => r.account === "imported" && r.page === "review")?.figures;
    console.log(
      `\n  import ${seconds(imported.ms)}; review ready over HTTP ${seconds(reviewReadyMs.default ?? NaN)} (every service ${seconds(reviewReadyMs.all ?? NaN)}); ` +
        `review page then ${reviewPage ? `${reviewPage.totalMs.toFixed(0)} ms, ${kb(reviewPage.bytes)}` : "—"}; accountReview in process ${seconds(review.firstMs)}`,
    );
    return { roles, importMs: imported.ms, review, reviewReadyMs: reviewReadyMs.default ?? NaN, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How each figure of the imported account grows from the first size to the others. */
function printGrowth(results: ScaleResult[]): void {
  const [base, ...others] = results;
  if (!others.length) return;
  const ratio = (a: number, b: number) => (b > 0 ? `×${(a / b).toFixed(1)}` : "—");
  const size = (roles: number) => roles.toLocaleString("en");
  console.log(`\n## growth of the imported account's figures from ${size(base.roles)} roles: median to last byte, then HTML size`);
  console.log(columns(["page", "roles", size(base.roles), "→", "growth", size(base.roles), "→", "growth"]));
  for (const row of base.rows.filter((r) => r.account === "imported" && r.figures)) {
    for (const result of others) {
      const other = result.rows.find((r) => r.account === "imported" && r.page === row.page)?.figures;
      if (!other) continue;
      const from = row.figures!;
      console.log(columns([row.page, `→ ${size(result.roles)}`, `${from.totalMs.toFixed(0)} ms`, `${other.totalMs.toFixed(0)} ms`, ratio(other.totalMs, from.totalMs), kb(from.bytes), kb(other.bytes), ratio(other.bytes, from.bytes)]));
    }
  }
  for (const result of others) {
    const line = (label: string, from: number, to: number) => console.log(columns([label, `→ ${size(result.roles)}`, seconds(from), seconds(to), ratio(to, from)]));
    line("import", base.importMs, result.importMs);
    line("review ready over HTTP", base.reviewReadyMs, result.reviewReadyMs);
    line("accountReview (in process)", base.review.firstMs, result.review.firstMs);
  }
}

const reviewArg = process.argv.indexOf("--review-in-process");
if (reviewArg > 0) {
  await reviewInProcess(process.argv[reviewArg + 1], process.argv[reviewArg + 2]);
} else {
  const rolesArg = process.argv.indexOf("--roles");
  const sizes = (rolesArg > 0 ? process.argv[rolesArg + 1] : (process.env.SCALE_ROLES ?? "5000"))
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  const started = performance.now();
  // By default the console measured is a build of the working tree of the benchmark's own, which no
  // other build in the checkout can replace mid-run; SCALE_BUILD=checkout serves the checkout's
  // (as `npm start`: built when its sources changed), which saves the build when it is current.
  const build = process.env.SCALE_BUILD === "checkout" ? undefined : makePrivateBuild();
  if (build) console.log(`console built from a copy of the working tree in ${seconds(build.buildMs)} (copied in ${seconds(build.copyMs)}; SCALE_BUILD=checkout serves the checkout's build instead)`);
  const results: ScaleResult[] = [];
  try {
    for (const roles of sizes) results.push(await runScale(roles, build?.root ?? projectRoot));
  } finally {
    build?.remove();
  }
  printGrowth(results);
  console.log(`\nscale benchmark: ${((performance.now() - started) / 60_000).toFixed(1)} min in all`);
}
