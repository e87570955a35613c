#!/usr/bin/env node
// Serves the built console with one `next start` worker per core (at most ROLEPLAY_WORKERS):
// Node runs a server on one core, and this machine has two. The workers share the port through
// node:cluster; SQLite in WAL mode lets them read side by side.
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.PORT ?? "3000";
const workers = Math.max(1, Math.min(Number(process.env.ROLEPLAY_WORKERS ?? 2), availableParallelism()));

cluster.setupPrimary({ exec: path.join(root, "node_modules", "next", "dist", "bin", "next"), args: ["start", "-p", port], silent: false });
let stopping = false;
for (let i = 0; i < workers; i++) cluster.fork();
cluster.on("exit", (worker, code, signal) => {
  if (stopping) return;
  console.error(`roleplay: a console worker stopped (${signal ?? code}); starting another`);
  cluster.fork();
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(0), 3000).unref();
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  });
}
