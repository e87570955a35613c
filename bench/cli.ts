/**
 * The command line's start-up and `simulate`'s throughput, end to end through `bin/roleplay.mjs`
 * (`npx tsx bench/cli.ts`).
 *
 * 1. Start time, median of 11 runs each: `--help`, and `simulate` on one case from standard input;
 *    both to the first byte of output and to exit. Once from the bundle (.cache/cli), once from the
 *    TypeScript sources through tsx (ROLEPLAY_CLI_SOURCE=1), the way the CLI ran before; and a bare
 *    `node -e 0` as the floor on this machine at this moment.
 * 2. `simulate` on 100,000 generated cases (support/simulate-cases.ts), a file on standard input and
 *    standard output to a file: cases/s, median of 3 runs, with the machine as it is and with one
 *    core kept busy by a spinning process; CPU seconds of the child alongside, as the figure that
 *    other load on the machine does not move. The decisions are checked against the intended ones.
 * Figures only; nothing here asserts a timing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../lib/env";
import { buildCli, freshCliEntry } from "../scripts/build-cli.mjs";
import { type Case, writeCases } from "./support/simulate-cases";

const cli = join(projectRoot, "bin", "roleplay.mjs");
const outDir = join(projectRoot, "bench", "out");
const casesFile = join(outDir, "simulate-100000.jsonl");
const oneCaseFile = join(outDir, "simulate-1.jsonl");
const resultFile = join(outDir, "simulate-100000.out.jsonl");

interface Run {
  firstOutputMs: number;
  exitMs: number;
  /** User + system CPU seconds of the child, when the platform tells. */
  cpuSeconds: number | undefined;
}

// Children's CPU time as the kernel accounts it for this process (Linux): fields 16-17 of
// /proc/self/stat, in clock ticks, for children already waited for.
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

function runCli(args: string[], options: { stdinFile?: string; stdoutFile?: string; env?: Record<string, string>; script?: string[] } = {}): Promise<Run> {
  const stdin = options.stdinFile ? openSync(options.stdinFile, "r") : "ignore";
  const stdout = options.stdoutFile ? openSync(options.stdoutFile, "w") : "pipe";
  const cpuBefore = childrenCpuSeconds();
  const start = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
  const child = spawn(process.execPath, [...(options.script ?? [cli]), ...args], { cwd: projectRoot, stdio: [stdin, stdout, "inherit"], env: { ...process.env, ...options.env } });
  let firstOutputMs = Number.NaN;
  child.stdout?.once("data", () => (firstOutputMs = ms()));
  child.stdout?.resume();
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      const exitMs = ms();
      for (const fd of [stdin, stdout]) if (typeof fd === "number") closeSync(fd);
      if (code !== 0) return reject(new Error(`roleplay ${args.join(" ")} exited with ${code}`));
      const cpuAfter = childrenCpuSeconds();
      resolve({ firstOutputMs: Number.isNaN(firstOutputMs) ? exitMs : firstOutputMs, exitMs, cpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function startTimes(label: string, env: Record<string, string>): Promise<void> {
  const rows: [string, string[], string | undefined][] = [
    ["--help", ["--help"], undefined],
    ["simulate, one case", ["simulate"], oneCaseFile],
  ];
  for (const [name, args, stdinFile] of rows) {
    await runCli(args, { stdinFile, env }); // warm the file cache (and tsx's compile cache)
    const runs: Run[] = [];
    for (let i = 0; i < 11; i++) runs.push(await runCli(args, { stdinFile, env }));
    printStart(label, name, runs);
  }
}

function printStart(label: string, name: string, runs: Run[]): void {
  console.log(
    `  ${label.padEnd(9)} ${name.padEnd(19)} first output ${fmt(median(runs.map((r) => r.firstOutputMs))).padStart(5)} ms, exit ${fmt(median(runs.map((r) => r.exitMs))).padStart(5)} ms (median of 11)`,
  );
}

function spinOneCore(): ChildProcess {
  return spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
}

async function throughput(label: string, expected: Case[]): Promise<void> {
  const runs: Run[] = [];
  for (let i = 0; i < 3; i++) runs.push(await runCli(["simulate"], { stdinFile: casesFile, stdoutFile: resultFile }));
  const lines = readFileSync(resultFile, "utf8").trimEnd().split("\n");
  let differ = lines.length === expected.length ? 0 : Math.abs(lines.length - expected.length);
  lines.forEach((line, i) => {
    if ((JSON.parse(line) as { decision?: string }).decision !== expected[i]?.expected) differ++;
  });
  const seconds = median(runs.map((r) => r.exitMs)) / 1000;
  const cpu = runs.every((r) => r.cpuSeconds !== undefined) ? median(runs.map((r) => r.cpuSeconds!)) : undefined;
  console.log(
    `  ${label.padEnd(24)} ${fmt(expected.length / seconds).padStart(7)} cases/s (${seconds.toFixed(2)} s, median of 3; runs ${runs.map((r) => (r.exitMs / 1000).toFixed(2)).join(", ")} s)` +
      (cpu === undefined ? "" : `; child CPU ${cpu.toFixed(2)} s = ${fmt(expected.length / cpu)} cases per CPU-second`) +
      `; ${differ} decisions differ from the intended`,
  );
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const built = performance.now();
  const rebuilt = freshCliEntry() === undefined;
  if (rebuilt) await buildCli();
  console.log(`CLI bundle (.cache/cli): ${rebuilt ? `built in ${fmt(performance.now() - built)} ms` : "up to date"}`);
  console.log(`Machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} (figures move with other load)`);

  const cases = writeCases(100_000, casesFile);
  writeCases(1, oneCaseFile);

  console.log("\nStart time (process start to first output byte / to exit):");
  const bare: Run[] = [];
  for (let i = 0; i < 11; i++) bare.push(await runCli([], { script: ["-e", "0"] }));
  printStart("node -e 0", "(the floor)", bare);
  await startTimes("bundle", {});
  await startTimes("source", { ROLEPLAY_CLI_SOURCE: "1" });

  console.log(`\nroleplay simulate < ${fmt(cases.length)} cases > file (whole process: start-up, reading, parsing, deciding, writing):`);
  await throughput("as the machine is", cases);
  const spinner = spinOneCore();
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await throughput("with one core kept busy", cases);
  } finally {
    spinner.kill();
  }
  if (!existsSync(resultFile)) throw new Error("no output written");
}

await main();
