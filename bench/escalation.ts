/**
 * The escalation graph's time and peak memory (shared/contracts/escalation-paths.md): on the largest
 * sample export, and on a generated account of 5,000 roles, 2,000 users and 500 groups (seeded).
 * Each scenario runs in a process of its own so that its peak resident memory is its own. Prints
 * figures only; targets (< 1 s on the sample; < 10 s and 1 GiB generated) are for reading, not asserting.
 * Run: npx tsx bench/escalation.ts
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { actionIndex } from "../lib/catalog/action-index";
import { generateAuthorizationDetails } from "../lib/io/generate-authorization-details";
import { readAuthorizationDetails } from "../lib/io/read-authorization-details";
import { reviewInputFromSnapshots } from "../lib/io/snapshot-review-input";
import { buildEscalationGraph } from "../lib/review/escalation-graph";
import { escalationFindings } from "../lib/review/escalation-findings";
import { escalationJson, pathsToAdmin } from "../lib/review/escalation-paths";
import { ReviewContext } from "../lib/review/review-pass-role";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const SAMPLE = path.resolve(root, "tests", "fixtures", "authorization-details", "cloudsplaining-example.json");
const NOW = new Date("2026-06-01T12:00:00Z");
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
  // As `roleplay paths` runs it: the whole graph, then a path per principal.
  const [graph, graphMs] = time(() => buildEscalationGraph(input, { now: NOW }));
  const [paths, pathsMs] = time(() => pathsToAdmin(graph));
  const [json, formatMs] = time(() => JSON.stringify(escalationJson(graph, paths, [])));
  // As the review adds them: a fresh context, the graph again, and the findings.
  const [findings, findingsMs] = time(() => {
    const review = new ReviewContext(input, undefined, NOW);
    return escalationFindings(buildEscalationGraph(input, { now: NOW, review }), input, review, { now: NOW });
  });
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(label);
  console.log(`  catalog index ${ms(catalogMs)}; read+check ${ms(readMs)}; resolve policies ${ms(inputMs)}`);
  console.log(`  graph ${ms(graphMs)}: ${graph.nodes.length} principals in ${graph.accounts.length} account(s), ${graph.edges.length} edges, ${graph.admins.length} administrators`);
  console.log(`  shortest paths ${ms(pathsMs)}: ${paths.length} principals reach an administrator; JSON ${ms(formatMs)} (${mb(json.length)})`);
  console.log(`  review findings (fresh context, graph and trust checks) ${ms(findingsMs)}: ${findings.length} findings`);
  console.log(`  total as roleplay paths runs it ${ms(readMs + inputMs + graphMs + pathsMs + formatMs)} without the catalog`);
  console.log(`  peak memory (max RSS) ${mb(peak)}; heap now ${mb(process.memoryUsage().heapUsed)}`);
}

const arg = process.argv.indexOf("--scenario");
if (arg > 0) scenario(process.argv[arg + 1]);
else {
  for (const name of ["sample", "generated"]) {
    const run = spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(here, "escalation.ts"), "--scenario", name], { cwd: root, stdio: "inherit" });
    if (run.status !== 0) process.exitCode = 1;
  }
}
