#!/usr/bin/env node
// `npm start`: prepare the workspace database (migrate, seed when empty), build the console if
// the sources changed since the last build, then serve it on $PORT (default 3000).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceFingerprint } from "./source-fingerprint.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };

function run(command, args, label) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`roleplay: ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  return Date.now() - started;
}

run(process.execPath, [path.join(root, "bin", "roleplay.mjs"), "setup"], "database setup");

const stampFile = path.join(root, ".next", "roleplay-build-stamp");
const fingerprint = sourceFingerprint(root);
const built = existsSync(stampFile) && readFileSync(stampFile, "utf8") === fingerprint;
if (!built) {
  console.log("roleplay: building the console (first start, or sources changed)…");
  const ms = run(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], "next build");
  writeFileSync(stampFile, fingerprint);
  console.log(`roleplay: built in ${(ms / 1000).toFixed(1)} s`);
}

const port = process.env.PORT ?? "3000";
console.log(`roleplay: serving the console at http://localhost:${port}`);
// Replace this process's job with the server's: it inherits stdio and receives our signals.
const server = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", port], { cwd: root, env, stdio: "inherit" });
process.exit(server.status ?? 0);
