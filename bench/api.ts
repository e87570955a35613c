/**
 * `roleplay api` under load: GetObject of cat.jpg by photos-app (its Get-pics instance credentials)
 * from 20 concurrent clients, against the command on its own port and database, after a warm-up.
 * 1) 20 unmodified S3Client instances, each signing every request anew (what applications do);
 * 2) 20 connections replaying presigned URLs (the endpoint alone, no client-side signing).
 * Prints requests/s, latency p50/p99 and errors; asserts nothing. API_SECONDS shortens the runs.
 */
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { projectRoot } from "../lib/env";
import { configureSqlite, createPrismaClient } from "../lib/db/create-client";
import { currentComputeCredentials } from "../lib/creds/role-sessions";
import { accountClockNow } from "../lib/creds/workspace-clock";

const clients = 20;
const seconds = Number(process.env.API_SECONDS ?? 20);
const databasePath = path.join(projectRoot, "data", "bench-api.db");
const databaseUrl = `file:${databasePath}`;
const env = { ...process.env, DATABASE_URL: databaseUrl };

for (const suffix of ["", "-wal", "-shm"]) rmSync(databasePath + suffix, { force: true });
const setup = spawnSync(process.execPath, [path.join(projectRoot, "bin/roleplay.mjs"), "setup"], { env, encoding: "utf8" });
if (setup.status !== 0) throw new Error(setup.stderr);

// photos-app's credentials, as its metadata service serves them.
const db = createPrismaClient(databaseUrl);
await configureSqlite(db);
const instance = (await db.instance.findMany()).find((i) => i.tags.includes("photos-app"))!;
const role = await db.role.findFirstOrThrow({ where: { name: "Get-pics" } });
const set = await currentComputeCredentials(db, { role, source: "instance", sourceId: instance.id, now: await accountClockNow(db, instance.accountId, new Date()) });
await db.$disconnect();
const credentials = { accessKeyId: set.accessKeyId, secretAccessKey: set.secretAccessKey, sessionToken: set.sessionToken };

const server = spawn(process.execPath, [path.join(projectRoot, "bin/roleplay.mjs"), "api", "--port", "0"], { env, stdio: ["ignore", "pipe", "inherit"] });
const endpoint = await new Promise<string>((resolve, reject) => {
  createInterface({ input: server.stdout }).once("line", (line) => {
    const m = /^listening on (http:\/\/\S+)$/.exec(line);
    if (m) resolve(m[1]);
    else reject(new Error(`unexpected first line: ${line}`));
  });
  server.on("exit", (code) => reject(new Error(`roleplay api exited (${code}) before listening`)));
});

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

async function sdkClients(duration: number) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + duration * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const s3 = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials, maxAttempts: 1 });
      while (performance.now() < until) {
        const started = performance.now();
        try {
          const answer = await s3.send(new GetObjectCommand({ Bucket: "amzn-s3-demo-bucket-photos", Key: "cat.jpg" }));
          await answer.Body!.transformToByteArray();
          latencies.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
      s3.destroy();
    }),
  );
  latencies.sort((a, b) => a - b);
  return { total: latencies.length, errors, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

try {
  await sdkClients(3);
  const sdk = await sdkClients(seconds);
  console.log(`\nGetObject cat.jpg through roleplay api: ${clients} S3Client instances (each request signed anew) × ${seconds} s`);
  console.log(`  requests: ${sdk.total} (${(sdk.total / seconds).toFixed(0)}/s)`);
  console.log(`  latency:  p50 ${sdk.p50.toFixed(1)} ms, p99 ${sdk.p99.toFixed(1)} ms`);
  console.log(`  errors:   ${sdk.errors}`);

  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region: "us-east-1", service: "s3", sha256: Sha256, uriEscapePath: false });
  const presigned = await signer.presign(new HttpRequest({ method: "GET", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/amzn-s3-demo-bucket-photos/cat.jpg", headers: { host: url.host } }), { expiresIn: 3600 });
  const link = `${endpoint}${presigned.path}?${new URLSearchParams(presigned.query as Record<string, string>).toString()}`;
  const run = (duration: number) => autocannon({ url: link, connections: clients, duration });
  await run(3);
  const result = await run(seconds);
  console.log(`\nGetObject cat.jpg through roleplay api: ${clients} connections on a presigned URL × ${seconds} s`);
  console.log(`  requests: ${result.requests.total} (${result.requests.average.toFixed(0)}/s)`);
  console.log(`  latency:  p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
  console.log(`  errors:   ${result.errors} connection errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx responses`);
} finally {
  server.kill("SIGTERM");
}
