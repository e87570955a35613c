/**
 * A fresh process's first catalog answer: time from the first import to the answer, and peak
 * memory (max RSS), each question in a process of its own, median of a few runs. Beside the
 * questions: the process with nothing loaded, what the loaders did before the compact form
 * (parse the 74 MB managed-policy file), and the first use after an upgrade (extract into an empty
 * cache). Prints figures only.
 * Run: npx tsx bench/catalog-start.ts
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const RUNS = 3;

type Answer = () => Promise<string>;

const scenarios: Record<string, [label: string, answer: Answer]> = {
  nothing: ["nothing loaded (the process's own footprint)", async () => "-"],
  action: [
    "find one action (s3:GetObject)",
    async () => (await import("../lib/catalog/actions")).findAction("s3:GetObject")?.accessLevel ?? "missing",
  ],
  service: [
    "list one service's actions (ec2)",
    async () => `${(await import("../lib/catalog/actions")).listServiceActions("ec2").length} actions`,
  ],
  keys: [
    "condition keys of s3:GetObject",
    async () => `${(await import("../lib/catalog/action-condition-keys")).conditionKeysForAction("s3:GetObject").length} keys`,
  ],
  policy: [
    "load one AWS-managed policy (ReadOnlyAccess)",
    async () => {
      const policy = (await import("../lib/catalog/managed-policies")).findManagedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess");
      return `${JSON.stringify(policy?.document).length} B document`;
    },
  ],
  search: [
    "search AWS-managed policies (\"s3\", 20)",
    async () => `${(await import("../lib/catalog/managed-policies")).searchManagedPolicies("s3").length} policies`,
  ],
  index: [
    "every action (the summary's action index)",
    async () => `${(await import("../lib/catalog/action-index")).actionIndex().actions.length} actions`,
  ],
  fullFile: [
    "before: parse the 74 MB managed-policy file, keep default versions",
    async () => {
      const { catalogSources } = await import("../scripts/extract-catalog.mjs");
      const raw = JSON.parse(readFileSync(catalogSources().managedPoliciesFile, "utf8")) as Record<string, { latestVersionId: string; versions: Record<string, { document: unknown }> }>;
      const kept = Object.values(raw).map((p) => p.versions[p.latestVersionId]?.document);
      return `${kept.length} policies`;
    },
  ],
  cold: [
    "first use after an upgrade: extract into an empty cache",
    async () => {
      const { catalogSources, openCatalog } = await import("../scripts/extract-catalog.mjs");
      const cacheRoot = mkdtempSync(path.join(tmpdir(), "roleplay-bench-catalog-"));
      try {
        return openCatalog({ ...catalogSources(), cacheRoot }).dir ? "extracted" : "in memory";
      } finally {
        rmSync(cacheRoot, { recursive: true, force: true });
      }
    },
  ],
};

interface Run {
  ms: number;
  peakMb: number;
  answer: string;
}

async function child(name: string): Promise<void> {
  const start = performance.now();
  const answer = await scenarios[name][1]();
  const ms = performance.now() - start;
  const run: Run = { ms, peakMb: process.resourceUsage().maxRSS / 1024, answer };
  console.log(JSON.stringify(run));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function parent(): void {
  // The current extraction must exist, or the first question would time the extraction.
  const prepared = spawnSync(process.execPath, [path.join(root, "scripts", "extract-catalog.mjs")], { cwd: root, encoding: "utf8" });
  console.log(prepared.stdout.trim() || prepared.stderr.trim());
  console.log(`fresh process per question, median of ${RUNS} runs (time from first import to answer; peak RSS of the process)`);
  for (const [name, [label]] of Object.entries(scenarios)) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(here, "catalog-start.ts"), "--scenario", name], { cwd: root, encoding: "utf8" });
      if (run.status !== 0) {
        console.log(`  ${label}: failed\n${run.stderr}`);
        process.exitCode = 1;
        break;
      }
      runs.push(JSON.parse(run.stdout.trim().split("\n").pop()!) as Run);
    }
    if (runs.length < RUNS) continue;
    const ms = median(runs.map((r) => r.ms));
    const peak = median(runs.map((r) => r.peakMb));
    console.log(`  ${label.padEnd(66)} ${ms.toFixed(0).padStart(5)} ms  peak ${peak.toFixed(0).padStart(4)} MB  (${runs[0].answer})`);
  }
}

const arg = process.argv.indexOf("--scenario");
if (arg > 0) await child(process.argv[arg + 1]);
else parent();
