#!/usr/bin/env node
// `npm start`: prepare the workspace database (migrate, seed when empty), build the console if
// the sources changed since the last build, then serve it on $HOST:$PORT (default
// 127.0.0.1:3000, loopback only; HOST=0.0.0.0 to listen on every interface).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";
import { sourceFingerprint } from "./source-fingerprint.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Checked before anything else: a mistyped HOST or PORT should not cost a build first.
const { readEnv } = await tsImport("../lib/env.ts", import.meta.url);
let listen;
try {
  listen = readEnv();
} catch (error) {
  console.error(`roleplay: ${error.message}`);
  process.exit(2);
}
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

// One build at a time: concurrent `npm start`s (or test runs) from one checkout wait their turn.
const lockDir = path.join(root, ".next-build.lock");
// A lock left by a process that is gone (killed mid-build, or copied with the tree) is stale.
function holderAlive() {
  try {
    process.kill(Number(readFileSync(path.join(lockDir, "pid"), "utf8")), 0);
    return true;
  } catch (error) {
    return error.code === "EPERM" || (error.code === "ENOENT" && existsSync(lockDir) && Date.now() - statSync(lockDir).mtimeMs < 5000);
  }
}

function withBuildLock(work) {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      process.on("exit", () => rmSync(lockDir, { recursive: true, force: true }));
      break;
    } catch {
      if (Date.now() > deadline || !holderAlive()) rmSync(lockDir, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

const stampFile = path.join(root, ".next", "roleplay-build-stamp");
withBuildLock(() => {
  const fingerprint = sourceFingerprint(root);
  const built = existsSync(stampFile) && readFileSync(stampFile, "utf8") === fingerprint;
  if (!built) {
    console.log("roleplay: building the console (first start, or sources changed)…");
    const ms = run(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], "next build");
    writeFileSync(stampFile, fingerprint);
    console.log(`roleplay: built in ${(ms / 1000).toFixed(1)} s`);
  }
});

const { host, port } = listen;
const everywhere = host === "0.0.0.0" || host === "::";
const shownHost = everywhere ? "localhost" : host.includes(":") ? `[${host}]` : host;
console.log(`roleplay: serving the console at http://${shownHost}:${port}${everywhere ? ` (listening on every interface, HOST=${host})` : ""}`);
// The server inherits stdio; stopping this process (SIGINT/SIGTERM) stops it.
const server = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs")], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
