/**
 * Benchmark of the policy evaluator (`npx tsx bench/simulate.ts`).
 *
 * 1. A seeded, deterministic generator (support/simulate-cases.ts) writes mixed cases (about a third each Allow, ExplicitDeny,
 *    ImplicitDeny; identity, resource same- and cross-account, boundary, SCP, RCP, session
 *    policies, conditions and variables) to bench/out/ as JSON Lines, each with the decision the
 *    generator intends.
 * 2. `node bin/roleplay.mjs simulate` runs as a child process on 10k, 50k and 100k cases; it prints
 *    decisions per second (whole process) for each, to show the cost per case stays flat, and the
 *    child's peak RSS.
 * 3. In-process: policies compiled once and reused, decisions per second and per-decision latency
 *    p50/p99 (the console's workload: one principal, many requests).
 * Figures only; nothing here asserts a timing.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compilePolicySet, evaluateRequest } from "../lib/policy/evaluate";
import type { EvaluationRequest } from "../lib/policy/request-context";
import { seeded, writeCases } from "./support/simulate-cases";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "bench", "out");

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function runSimulate(path: string): Promise<{ seconds: number; lines: string[]; peak: number }> {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(root, "bin", "roleplay.mjs"), "simulate", path], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  let peak = 0;
  // VmHWM only grows, so sampling it until exit gives the peak (to within the last sample).
  const timer = setInterval(() => (peak = Math.max(peak, peakRss(child.pid!))), 25);
  const chunks: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => chunks.push(c));
  await new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`simulate exited with ${code}`))));
  });
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, lines: Buffer.concat(chunks).toString("utf8").trimEnd().split("\n"), peak };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const sizes = [10_000, 50_000, 100_000];
  const all = writeCases(100_000, join(outDir, "simulate-100000.jsonl"));
  for (const size of sizes.slice(0, -1)) {
    writeFileSync(join(outDir, `simulate-${size}.jsonl`), `${all.slice(0, size).map((c) => JSON.stringify(c)).join("\n")}\n`);
  }
  const expectedMix = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
  for (const c of all) expectedMix[c.expected]++;
  console.log(`Generated 100,000 cases (seed 20261127) in bench/out/: intended mix ${JSON.stringify(expectedMix)}`);

  writeFileSync(join(outDir, "simulate-1.jsonl"), `${JSON.stringify(all[0])}\n`);
  const startup = (await runSimulate(join(outDir, "simulate-1.jsonl"))).seconds;
  console.log(`\nroleplay simulate start-up (one case): ${startup.toFixed(2)} s`);
  console.log("roleplay simulate (child process, whole process including start-up and JSON parsing):");
  for (const size of sizes) {
    const { seconds, lines, peak } = await runSimulate(join(outDir, `simulate-${size}.jsonl`));
    const mix: Record<string, number> = {};
    let mismatches = 0;
    lines.forEach((line, i) => {
      const out = JSON.parse(line) as { decision?: string; error?: { code: string } };
      const key = out.decision ?? `error:${out.error?.code}`;
      mix[key] = (mix[key] ?? 0) + 1;
      if (out.decision !== all[i].expected) mismatches++;
    });
    console.log(
      `  ${fmt(size).padStart(7)} cases: ${seconds.toFixed(2)} s, ${fmt(size / seconds)} decisions/s, ${fmt(seconds * 1e6 / size)} µs/case (${((seconds - startup) * 1e6 / size).toFixed(1)} µs/case after start-up), peak RSS ${fmt(peak / 2 ** 20)} MiB; mix ${JSON.stringify(mix)}; ${mismatches} differ from the intended decision`,
    );
  }

  // In-process, mixed: every case's policies compiled once up front, then evaluated.
  const sample = all.slice(0, 20_000);
  const compiled = sample.map((c) => compilePolicySet(c));
  for (let i = 0; i < sample.length; i++) evaluateRequest(compiled[i], sample[i].request); // warm-up
  const rounds = 10;
  let t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (let i = 0; i < sample.length; i++) evaluateRequest(compiled[i], sample[i].request);
  let seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`\nIn-process, mixed cases, policies compiled once: ${fmt((rounds * sample.length) / seconds)} decisions/s`);

  // The console's workload: one principal's policy set, many requests.
  const consoleCase = all.find((c) => c.scps && c.request.action === "ec2:RunInstances")!;
  const set = compilePolicySet(consoleCase);
  const actions = ["ec2:RunInstances", "ec2:DescribeInstances", "ec2:TerminateInstances", "dynamodb:GetItem", "s3:GetObject", "sts:AssumeRole"];
  const regions = ["eu-west-1", "eu-central-1", "us-east-1"];
  const rnd = seeded(7);
  const requests: EvaluationRequest[] = Array.from({ length: 100_000 }, (_, i) => {
    const region = regions[Math.floor(rnd() * regions.length)];
    return { principal: consoleCase.request.principal, action: actions[i % actions.length], resource: `arn:aws:ec2:${region}:111111111111:instance/i-${i}`, context: { "aws:RequestedRegion": region } };
  });
  const consoleMix: Record<string, number> = {};
  for (const r of requests) {
    const d = evaluateRequest(set, r).decision;
    consoleMix[d] = (consoleMix[d] ?? 0) + 1;
  }
  t0 = process.hrtime.bigint();
  for (let round = 0; round < 5; round++) for (const r of requests) evaluateRequest(set, r);
  seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`In-process, one principal (identity + 3 SCP levels), many requests: ${fmt((5 * requests.length) / seconds)} decisions/s; mix ${JSON.stringify(consoleMix)}`);

  const latencies = new Float64Array(requests.length);
  for (let i = 0; i < requests.length; i++) {
    const s = process.hrtime.bigint();
    evaluateRequest(set, requests[i]);
    latencies[i] = Number(process.hrtime.bigint() - s);
  }
  latencies.sort();
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] / 1000;
  console.log(`In-process per-decision latency (timer included): p50 ${p(0.5).toFixed(2)} µs, p99 ${p(0.99).toFixed(2)} µs`);

  t0 = process.hrtime.bigint();
  for (let i = 0; i < sample.length; i++) evaluateRequest(compiled[i], sample[i].request, { explain: true });
  seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`In-process with explanations: ${fmt(sample.length / seconds)} decisions/s`);
  console.log(`Bench process peak RSS: ${fmt(process.resourceUsage().maxRSS / 1024)} MiB`);
}

await main();
