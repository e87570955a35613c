/**
 * The PassRole review's time and peak memory: on the largest sample export, and on a generated
 * account of 5,000 roles, 2,000 users and 500 groups (seeded). Each scenario runs in a process of
 * its own so that its peak resident memory is its own. Prints figures only; targets (< 1 s on the
 * sample; < 10 s and 1 GiB generated) are for reading, not asserting.
 * Run: npx tsx bench/review.ts
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { actionIndex } from "../lib/catalog/action-index";
import { generateAuthorizationDetails } from "../lib/io/generate-authorization-details";
import { readAuthorizationDetails } from "../lib/io/read-authorization-details";
import { reviewInputFromSnapshots } from "../lib/io/snapshot-review-input";
import { reviewJson } from "../lib/review/format-review";
import { reviewPassRole } from "../lib/review/review-pass-role";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const SAMPLE = path.resolve(root, "tests", "fixtures", "authorization-details", "cloudsplaining-example.json");
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

function scenario(name: string): void {
  const [, catalogMs] = time(() => actionIndex());
  let text: string;
  let label: string;
  if (name === "sample") {
    text = readFileSync(SAMPLE, "utf8");
    label = `largest sample (${path.basename(SAMPLE)}, ${(text.length / 1024).toFixed(0)} KB)`;
  } else {
    const [generated, genMs] = time(() => JSON.stringify(generateAuthorizationDetails({ seed: 42, roles: 5000, users: 2000, groups: 500 })));
    text = generated;
    label = `generated account (5,000 roles, 2,000 users, 500 groups; seed 42; ${(text.length / 1024 / 1024).toFixed(1)} MB, generated in ${ms(genMs)})`;
  }
  const [snapshot, readMs] = time(() => readAuthorizationDetails(text, name));
  const [{ input }, inputMs] = time(() => reviewInputFromSnapshots([snapshot]));
  // As `roleplay review` runs it (no findings), then with the console's findings and details.
  const [result, reviewMs] = time(() => reviewPassRole(input, { findings: false }));
  const [consoleResult, consoleMs] = time(() => reviewPassRole(input, { details: true }));
  const [json, formatMs] = time(() => JSON.stringify(reviewJson(result)));
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`${label}`);
  console.log(`  catalog index ${ms(catalogMs)}; read+check ${ms(readMs)}; resolve policies ${ms(inputMs)}`);
  console.log(`  review ${ms(reviewMs)}: ${input.users.length} users, ${input.roles.length} roles, ${result.services.length} services → ${result.grants.length} grants, ${result.escalations.length} escalations`);
  console.log(`  console review (findings and per-identity details, a fresh review context) ${ms(consoleMs)}: ${consoleResult.findings.length} findings`);
  console.log(`  JSON output ${ms(formatMs)} (${mb(json.length)}); total ${ms(readMs + inputMs + reviewMs)} without the catalog`);
  console.log(`  peak memory (max RSS) ${mb(peak)}; heap now ${mb(process.memoryUsage().heapUsed)}`);
}

const arg = process.argv.indexOf("--scenario");
if (arg > 0) scenario(process.argv[arg + 1]);
else {
  for (const name of ["sample", "generated"]) {
    const run = spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(here, "review.ts"), "--scenario", name], { cwd: root, stdio: "inherit" });
    if (run.status !== 0) process.exitCode = 1;
  }
}
