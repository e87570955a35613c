/**
 * Load: 50 concurrent signed-in clients for 60 s each on the role list page and on the simulate
 * preview, against the built console on its own port and database, each after a 5 s warm-up.
 * Prints requests/s, latency p50/p99 and errors; asserts nothing. LOAD_SECONDS shortens the runs.
 */
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { projectRoot } from "../lib/env";
import { configureSqlite, createPrismaClient } from "../lib/db/create-client";
import { addConsoleUser } from "../lib/auth/console-users";
import { createConsoleSession } from "../lib/auth/console-sessions";

const port = 3411;
const connections = 50;
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const databasePath = path.join(projectRoot, "data", "bench-load.db");
const databaseUrl = `file:${databasePath}`;
const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" };

for (const suffix of ["", "-wal", "-shm"]) rmSync(databasePath + suffix, { force: true });
const setup = spawnSync(process.execPath, [path.join(projectRoot, "bin/roleplay.mjs"), "setup"], { env, encoding: "utf8" });
if (setup.status !== 0) throw new Error(setup.stderr);

const db = createPrismaClient(databaseUrl);
await configureSqlite(db);
const user = await addConsoleUser(db, { email: "load@bench.test", role: "editor", password: "load-bench-password" }, "bench");
const tokens: string[] = [];
for (let i = 0; i < connections; i++) tokens.push((await createConsoleSession(db, user.id, new Date())).token);
await db.$disconnect();

const server = spawn(process.execPath, [path.join(projectRoot, "scripts/start.mjs")], { env, stdio: ["ignore", "pipe", "inherit"] });
await new Promise<void>((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (chunk) => {
    out += chunk;
    if (/Ready in/.test(out)) resolve();
  });
  server.on("exit", (code) => reject(new Error(`the console exited (${code}) before it was ready:\n${out}`)));
});

type Target = { title: string; method: "GET" | "POST"; path: string; body?: string };
const targets: Target[] = [
  { title: "role list page (GET /111111111111/roles)", method: "GET", path: "/111111111111/roles" },
  {
    title: "simulate preview (POST /api/accounts/111111111111/simulate)",
    method: "POST",
    path: "/api/accounts/111111111111/simulate",
    body: JSON.stringify({ principalArn: "arn:aws:iam::111111111111:role/Get-pics", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" }),
  },
];

try {
  for (const target of targets) {
    let next = 0;
    const run = (duration: number) => autocannon({
      url: `http://127.0.0.1:${port}${target.path}`,
      method: target.method,
      body: target.body,
      headers: { "content-type": "application/json" },
      connections,
      duration,
      // One signed-in session per client, as 50 people would have.
      setupClient: (client) => client.setHeaders({ cookie: `roleplay_session=${tokens[next++ % tokens.length]}`, "content-type": "application/json" }),
    });
    // A short unreported warm-up first: the figures are of a server past its first compilations.
    await run(5);
    const result = await run(seconds);
    console.log(`\n${target.title}: ${connections} clients × ${seconds} s`);
    console.log(`  requests: ${result.requests.total} (${result.requests.average.toFixed(0)}/s)`);
    console.log(`  latency:  p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
    console.log(`  errors:   ${result.errors} connection errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx responses`);
  }
} finally {
  server.kill("SIGTERM");
}
