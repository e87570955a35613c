#!/usr/bin/env node
// Fuzz every door of a running console: each server action (ids from the build's manifest) and
// each JSON route, N malformed inputs apiece, signed in as an administrator (the widest reach).
// Prints server errors (5xx), the rows changed per table, and whether both workers still answer.
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
const strings = ["", " ", "*", "?", "a".repeat(5000), "arn:aws:iam::111111111111:role/Get-pics", "arn:aws:iam::444455556666:role/x", "111111111111", "444455556666", "s3:*?*?*?*?*?*?*?*?*?!", "arn:aws:s3:::*a*a*a*a*a*a*a*a!", "../../etc/passwd", "%00", "\u0000", "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "__proto__", "constructor", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Effect\":\"Allow\"}]}", "[".repeat(5000), "😀", "NaN", "-1", "1e309"];
function value(depth = 0) {
  const r = rand();
  if (depth > 3 || r < 0.35) return pick(strings);
  if (r < 0.45) return pick([0, -1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, true, false, null]);
  if (r < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
  const o = {};
  for (const key of ["accountId", "roleName", "name", "arn", "document", "text", "action", "resource", "context", "workload", "target", "expectedVersion", "__proto__", "instanceId", "policyName", "principalArn"]) if (rand() < 0.4) o[key] = value(depth + 1);
  return o;
}
function body() {
  const r = rand();
  if (r < 0.1) return pick(["", "not json", "{", "[".repeat(3000), "null", "\u0000\u0001"]);
  return JSON.stringify([value()]);
}

const manifest = JSON.parse(readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8"));
// Signing out and in change sessions and the audit log by design; their own tests cover them.
const actions = Object.entries(manifest.node).filter(([, entry]) => !["signOutAction", "signInAction"].includes(entry.exportedName)).map(([id, entry]) => ({ id, name: entry.exportedName, page: `/${Object.keys(entry.workers)[0].replace(/^app\//, "").replace(/\/page$/, "").replace(/\([^)]*\)\//g, "").replace(/\[account\]/g, "111111111111").replace(/\[[^\]]+\]/g, "x")}` }));
const routes = [
  "/api/accounts/111111111111/roles",
  "/api/accounts/111111111111/review",
  "/api/accounts/111111111111/simulate",
  "/api/accounts/111111111111/attachable-policies",
  "/api/accounts/444455556666/roles",
  "/api/catalog/actions",
  "/api/catalog/actions/s3",
  "/api/workspace/export",
];

let requests = 0;
const serverErrors = [];
async function send(url, init, label) {
  requests++;
  try {
    const response = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    if (response.status >= 500) serverErrors.push(`${label} → ${response.status}`);
  } catch (error) {
    serverErrors.push(`${label} → ${error.name}`);
  }
}

const before = await counts();
const started = Date.now();
for (const action of actions) {
  for (let i = 0; i < per; i += 4) {
    await Promise.all(
      Array.from({ length: 4 }, () =>
        send(`${base}${action.page}`, { method: "POST", headers: { cookie, origin, "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" }, body: body() }, `action ${action.name}`),
      ),
    );
  }
}
for (const route of routes) {
  for (let i = 0; i < per; i += 4) {
    await Promise.all(
      Array.from({ length: 4 }, () => {
        const query = `?${encodeURIComponent(pick(["q", "page", "service", "sort", "size", "scope", "x"]))}=${encodeURIComponent(String(pick(strings)))}`;
        return rand() < 0.5
          ? send(`${base}${route}${query}`, { headers: { cookie } }, `GET ${route}`)
          : send(`${base}${route}${query}`, { method: "POST", headers: { cookie, origin, "content-type": "application/json" }, body: body() }, `POST ${route}`);
      }),
    );
  }
}
const after = await counts();
const changed = watched.filter((t) => before[t] !== after[t]).map((t) => `${t} ${before[t]} → ${after[t]}`);
const alive = await Promise.all(Array.from({ length: 8 }, async () => {
  const t0 = Date.now();
  const response = await fetch(`${base}/sign-in`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
  return response?.status === 200 ? Date.now() - t0 : -1;
}));
console.log(`fuzz: ${actions.length} server actions and ${routes.length} routes, ${per} inputs each: ${requests} requests in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`server errors: ${serverErrors.length}${serverErrors.length ? `\n  ${[...new Set(serverErrors)].slice(0, 30).join("\n  ")}` : ""}`);
console.log(`rows changed: ${changed.length ? changed.join(", ") : "none"}`);
console.log(`sign-in page afterwards (8 parallel): ${alive.map((ms) => (ms < 0 ? "FAILED" : `${ms} ms`)).join(", ")}`);
await db.$disconnect();
process.exitCode = serverErrors.length || changed.length || alive.some((ms) => ms < 0) ? 1 : 0;
