#!/usr/bin/env node
// Serves the built console with one worker per core (at most ROLEPLAY_WORKERS): Node runs a
// server on one core, and this machine has two. The workers share the port through node:cluster;
// SQLite in WAL mode lets them read side by side. It listens on HOST (default 127.0.0.1, loopback
// only) and PORT (default 3000), read and checked by lib/env.ts in the primary process.
//
// Each worker is Next's request handler behind a node:http server of ours, rather than
// `next start`, for one reason: the client's address. Next passes on an X-Forwarded-For the
// client sent as if it were true; here every request carries the address the socket saw (or, with
// TRUST_PROXY=1, the last X-Forwarded-For entry, the proxy's) in a header the client cannot set
// (scripts/client-address.mjs), which lib/auth/client-address.ts reads and sign-in throttles by. Workers load no TypeScript:
// tsx's require hooks would break Next's own loading of next.config.ts.
import cluster from "node:cluster";
import http from "node:http";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { clientAddressHeader, pickClientAddress } from "./client-address.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();

if (cluster.isPrimary) {
  const { tsImport } = await import("tsx/esm/api");
  const { readEnv } = await tsImport("../lib/env.ts", import.meta.url);
  let env;
  try {
    env = readEnv();
  } catch (error) {
    console.error(`roleplay: ${error.message}`);
    process.exit(2);
  }
  // What the workers need of the checked environment (they load no TypeScript to read it).
  const fork = () => cluster.fork({ ROLEPLAY_LISTEN: JSON.stringify({ host: env.host, port: env.port, trustProxy: env.trustProxy }) });
  const workers = Math.max(1, Math.min(env.workers, availableParallelism()));
  let stopping = false;
  const listening = new Set();
  for (let i = 0; i < workers; i++) fork();
  cluster.on("listening", (worker) => listening.add(worker.id));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    // A worker that never listened (port taken, bad build) would fail the same way again.
    if (!listening.has(worker.id)) {
      console.error(`roleplay: the console could not start on ${env.host}:${env.port}`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
      process.exitCode = 1;
      return;
    }
    console.error(`roleplay: a console worker stopped (${signal ?? code}); starting another`);
    fork();
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
} else {
  process.env.NODE_ENV = "production";
  const env = JSON.parse(process.env.ROLEPLAY_LISTEN);
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname: env.host, port: env.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const untrusted = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"];
  const server = http.createServer((req, res) => {
    req.headers[clientAddressHeader] = pickClientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], env.trustProxy);
    // Without a trusted proxy these are the client's own claims; Next fills them from the socket.
    if (!env.trustProxy) for (const name of untrusted) delete req.headers[name];
    handle(req, res).catch((error) => {
      console.error(`roleplay: request for ${req.url} failed`, error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.on("error", (error) => {
    console.error(`roleplay: cannot listen on ${env.host}:${env.port}: ${error.message}`);
    process.exit(1);
  });
  server.listen(env.port, env.host, () => console.log(` ✓ Ready in ${Date.now() - started}ms (worker ${process.pid})`));
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      server.closeIdleConnections();
    });
  }
}
