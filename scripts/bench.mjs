#!/usr/bin/env node
// `npm run bench`: runs every benchmark in bench/ (one process each, so figures don't mix) and
// prints their figures. Benchmarks measure; they never fail on a timing.
import { readdirSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
// Runs that take many minutes (bench/scale.ts: 5,000 roles imported and every page timed) run only
// when named: `npm run bench -- scale`.
const onlyWhenNamed = ["scale.ts"];
const benches = readdirSync(path.join(root, "bench"))
  .filter((f) => f.endsWith(".ts"))
  .filter((f) => (only.length ? only.some((o) => f.includes(o)) : !onlyWhenNamed.includes(f)))
  .sort();
// The CLI the benchmarks spawn is the bundle: bring it up to date first, so no run pays for a build.
spawnSync(process.execPath, [path.join(root, "scripts", "build-cli.mjs"), "--if-stale"], { cwd: root, stdio: "inherit" });
let failed = 0;
for (const file of benches) {
  console.log(`\n=== bench/${file} ===`);
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join("bench", file)], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
