#!/usr/bin/env node
// Fuzz every door of a running console: each server action (ids from the build's manifest) and
// each JSON route, N malformed inputs apiece, signed in as an administrator (the widest reach),
// in the demo workspace (/w/demo/…); then a few of each aimed at a workspace that does not exist
// (/w/nope/…), which must be refused. Prints server errors (5xx, or an action's InternalError;
// with the first input of each), answers to the other workspace that were not refusals, the rows
// changed per table, and whether both workers still answer.
//
//   node bench/fuzz-doors.mjs --url http://127.0.0.1:3401 --database data/copy.db [--per 1000]
//
// The database must be the one the server uses; the script signs in by creating a console
// session in it (lib/auth/console-sessions.ts), so no password is needed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { tsImport } from "tsx/esm/api";

const { values } = parseArgs({ options: { url: { type: "string" }, database: { type: "string" }, per: { type: "string", default: "1000" }, root: { type: "string", default: "." } } });
const base = values.url;
const per = Number(values.per);
const root = path.resolve(values.root);
const databaseUrl = `file:${path.resolve(values.database)}`;
const load = (file) => tsImport(path.join(root, "lib", file), import.meta.url);

const { configureSqlite, createPrismaClient } = await load("db/create-client.ts");
const { createConsoleSession } = await load("auth/console-sessions.ts");
const db = createPrismaClient(databaseUrl);
await configureSqlite(db);
const admin = await db.consoleUser.findFirstOrThrow({ where: { role: "admin" } });
const { token } = await createConsoleSession(db, admin.id, new Date());
const cookie = `roleplay_session=${token}`;
const origin = new URL(base).origin;

const tables = (await db.$queryRawUnsafe(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'`)).map((r) => r.name);
// Sessions and sign-in attempts are the fuzzer's own (and pruned); everything else must stay.
const watched = tables.filter((t) => !["ConsoleSession", "SignInAttempt"].includes(t));
async function counts() {
  const out = {};
  for (const t of watched) out[t] = Number((await db.$queryRawUnsafe(`SELECT COUNT(*) AS n FROM "${t}"`))[0].n);
  return out;
}

// Deterministic pseudo-random inputs.
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (list) => list[Math.floor(rand() * list.length)];
const workspace = "demo";
const otherWorkspace = "nope";
const strings = ["", " ", "*", "?", "a".repeat(5000), "arn:aws:iam::111111111111:role/Get-pics", "arn:aws:iam::444455556666:role/x", "111111111111", "444455556666", "s3:*?*?*?*?*?*?*?*?*?!", "arn:aws:s3:::*a*a*a*a*a*a*a*a!", "../../etc/passwd", "%00", "\u0000", "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "__proto__", "constructor", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Effect\":\"Allow\"}]}", "[".repeat(5000), "😀", "NaN", "-1", "1e309"];
function value(depth = 0) {
  const r = rand();
  if (depth > 3 || r < 0.35) return pick(strings);
  if (r < 0.45) return pick([0, -1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, true, false, null]);
  if (r < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
  const o = {};
  for (const key of ["accountId", "roleName", "name", "arn", "document", "text", "action", "resource", "context", "workload", "target", "expectedVersion", "__proto__", "instanceId", "policyName", "principalArn", "className", "lab", "trainees", "email", "role", "members", "workspace", "caller", "service"]) if (rand() < 0.4) o[key] = value(depth + 1);
  return o;
}
function body() {
  const r = rand();
  if (r < 0.1) return pick(["", "not json", "{", "[".repeat(3000), "null", "\u0000\u0001"]);
  return JSON.stringify([value()]);
}

const manifest = JSON.parse(readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8"));
// Signing out and in change sessions and the audit log by design, and so does resetting one's
// own workspace (its input is any object); their own tests cover them.
// Paths are workspace-relative (/111111111111/roles); inWs puts a workspace in front (the proxy).
const actions = Object.entries(manifest.node).filter(([, entry]) => !["signOutAction", "signInAction", "resetMyWorkspaceAction"].includes(entry.exportedName)).map(([id, entry]) => ({ id, name: entry.exportedName, page: `/${Object.keys(entry.workers)[0].replace(/^app\//, "").replace(/\/page$/, "").replace(/\([^)]*\)\//g, "").replace(/\[account\]/g, "111111111111").replace(/\[[^\]]+\]/g, "x")}` }));
const inWs = (name, path) => `/w/${name}${path}`;
const account = "/api/accounts/111111111111";
const routes = [
  ...["roles", "policies", "users", "groups", "instance-profiles", "instances", "ecs-tasks", "buckets", "nothing"].map((area) => `${account}/${area}`),
  ...["roles", "instance-profiles", "principals", "workspace-roles", "nothing"].map((kind) => `${account}/choices/${kind}`),
  `${account}/review`,
  `${account}/review/export`,
  `${account}/simulate`,
  `${account}/attachable-policies`,
  `${account}/escalation`,
  `${account}/decisions`,
  "/api/accounts/444455556666/roles",
  "/api/accounts/222222222222/decisions",
  "/api/catalog/services",
  "/api/catalog/services/s3",
  "/api/catalog/action-pattern",
  "/api/catalog/resource-fit",
  "/api/catalog/actions",
  "/api/classroom/classes",
  "/api/classroom/progress",
  "/api/labs/get-pics-read-only/check",
  "/api/labs/nothing/check",
  "/api/labs/alice-passrole/predict/alice-launches-ops-admin",
  "/api/labs/get-pics-read-only/predict/nothing",
  "/api/workspace/export",
  // Pages that read their question from the URL: who can, escalation paths, the decision log.
  "/111111111111/who-can",
  "/111111111111/escalation",
  "/111111111111/decisions",
  "/111111111111/decisions/1",
];
// Query parameters the routes and pages read, and values some of them accept.
const queryKeys = ["q", "page", "size", "sort", "dir", "filter", "service", "scope", "x", "lab", "class", "answer", "view", "principal", "focus", "format", "part", "severity", "kind", "rq", "rsort", "rpage", "pq", "psort", "ppage", "hops", "caller", "decision", "after", "before", "take", "pattern", "a", "r", "action", "resource", "key"];
const queryValues = [...strings, "Allow", "Deny", "admin", "from", "to", "json", "csv", "findings", "roles", "principals", "graph", "nodes", "s3", "all", "high", "2", "1000000", "s3:Get*", "arn:aws:iam::111111111111:user/alice", "get-pics-read-only"];
function query() {
  const pairs = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => `${encodeURIComponent(pick(queryKeys))}=${encodeURIComponent(String(pick(queryValues)))}`);
  return `?${pairs.join("&")}`;
}

let requests = 0;
const serverErrors = [];
// The first input of each distinct error, to find it in the server's log.
const firstInputs = new Map();
// Answers to the other workspace that were not refusals: a route's 2xx or 3xx, an action's ok result.
const notRefused = [];
async function send(url, init, label, { foreign = false } = {}) {
  requests++;
  const fail = (what) => {
    serverErrors.push(what);
    if (!firstInputs.has(what)) firstInputs.set(what, `${url.slice(base.length)} ${String(init.body ?? "").slice(0, 300)}`);
  };
  try {
    const response = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    if (response.status >= 500) fail(`${label} → ${response.status}`);
    // An action's unexpected failure is an answer too (200, the generic message): a server error all the same.
    else if (init.headers["next-action"] && text.includes('"code":"InternalError"')) fail(`${label} → InternalError`);
    else if (foreign && (init.headers["next-action"] ? text.includes('"ok":true') : response.status < 400)) notRefused.push(`${label} → ${response.status}`);
  } catch (error) {
    fail(`${label} → ${error.name}`);
  }
}
const actionInit = (action) => ({ method: "POST", headers: { cookie, origin, "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" }, body: body() });
const routeRequest = (url, label, options) =>
  rand() < 0.5
    ? send(`${url}${query()}`, { headers: { cookie } }, `GET ${label}`, options)
    : send(`${url}${query()}`, { method: "POST", headers: { cookie, origin, "content-type": "application/json" }, body: body() }, `POST ${label}`, options);

const before = await counts();
const started = Date.now();
const progress = (what) => process.stderr.write(`${((Date.now() - started) / 1000).toFixed(0)} s: ${what} (${requests} requests, ${serverErrors.length} server errors)\n`);
for (const action of actions) {
  for (let i = 0; i < per; i += 4) {
    await Promise.all(Array.from({ length: 4 }, () => send(`${base}${inWs(workspace, action.page)}`, actionInit(action), `action ${action.name}`)));
  }
  progress(`action ${action.name}`);
}
for (const route of routes) {
  for (let i = 0; i < per; i += 4) {
    await Promise.all(Array.from({ length: 4 }, () => routeRequest(`${base}${inWs(workspace, route)}`, route)));
  }
  progress(route);
}
// A few of each at a workspace that does not exist: refused (4xx, or an action's error), never a 5xx.
const foreignPer = Math.max(4, Math.ceil(per / 100));
for (const action of actions) {
  for (let i = 0; i < foreignPer; i++) await send(`${base}${inWs(otherWorkspace, action.page)}`, actionInit(action), `action ${action.name} in /w/${otherWorkspace}`, { foreign: true });
}
// The catalog is the same in every workspace, and the classroom routes read the console's
// workspace directory, not one workspace: neither is asked there.
for (const route of routes.filter((r) => !/^\/api\/(catalog|classroom)\//.test(r))) {
  for (let i = 0; i < foreignPer; i++) await routeRequest(`${base}${inWs(otherWorkspace, route)}`, `/w/${otherWorkspace}${route}`, { foreign: true });
}
progress(`/w/${otherWorkspace}`);
const after = await counts();
const changed = watched.filter((t) => before[t] !== after[t]).map((t) => `${t} ${before[t]} → ${after[t]}`);
const alive = await Promise.all(Array.from({ length: 8 }, async () => {
  const t0 = Date.now();
  const response = await fetch(`${base}/sign-in`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
  return response?.status === 200 ? Date.now() - t0 : -1;
}));
console.log(`fuzz: ${actions.length} server actions and ${routes.length} routes, ${per} inputs each (${foreignPer} each in /w/${otherWorkspace}): ${requests} requests in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`server errors: ${serverErrors.length}${serverErrors.length ? `\n  ${[...new Set(serverErrors)].slice(0, 30).map((e) => `${e}\n    first input: ${firstInputs.get(e)}`).join("\n  ")}` : ""}`);
console.log(`not refused in /w/${otherWorkspace}: ${notRefused.length}${notRefused.length ? `\n  ${[...new Set(notRefused)].slice(0, 30).join("\n  ")}` : ""}`);
console.log(`rows changed: ${changed.length ? changed.join(", ") : "none"}`);
console.log(`sign-in page afterwards (8 parallel): ${alive.map((ms) => (ms < 0 ? "FAILED" : `${ms} ms`)).join(", ")}`);
await db.$disconnect();
process.exitCode = serverErrors.length || notRefused.length || changed.length || alive.some((ms) => ms < 0) ? 1 : 0;
