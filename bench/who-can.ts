/**
 * Who-can's time on a generated account of 5,000 roles, 2,000 users and 500 groups (seeded): the
 * first question (every policy set compiled), further questions on the same input (the console
 * keeps the compiled sets between questions), and the CLI end to end over the file; then the
 * console simulator's run of 300 requests (100 actions × 3 resources) on the demo workspace.
 * Prints figures only; the targets (< 1 s per question, < 1 s per few hundred requests) are for
 * reading, not asserting.
 * Run: npx tsx bench/who-can.ts
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { actionIndex } from "../lib/catalog/action-index";
import { generateAuthorizationDetails } from "../lib/io/generate-authorization-details";
import { readAuthorizationDetails } from "../lib/io/read-authorization-details";
import { reviewInputFromSnapshots } from "../lib/io/snapshot-review-input";
import { whoCan, whoCanContext, type WhoCanQuestion } from "../lib/authz/who-can";
import { listServiceActions } from "../lib/catalog/actions";
import { configureSqlite, createPrismaClient } from "../lib/db/create-client";
import { migrateDatabase } from "../lib/db/migrate";
import { seedDemoWorkspace } from "../lib/seed/seed-demo-workspace";
import { simulateBatch } from "../lib/simulation/simulate-batch";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ms = (value: number) => `${value.toFixed(0)} ms`;
const account = "123456789012";

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

actionIndex();
const details = generateAuthorizationDetails({ seed: 42, account, roles: 5000, users: 2000, groups: 500 });
const text = JSON.stringify(details);
const [snapshot, readMs] = time(() => readAuthorizationDetails(text, "generated"));
const [{ input }, inputMs] = time(() => reviewInputFromSnapshots([snapshot]));
console.log(`generated account: ${input.users.length} users, ${input.roles.length} roles (${(text.length / 1024 / 1024).toFixed(1)} MB; read ${ms(readMs)}, policies resolved ${ms(inputMs)})`);

const now = new Date("2026-11-27T12:00:00Z");
const questions: [string, WhoCanQuestion][] = [
  ["s3:GetObject on an object", { action: "s3:GetObject", resource: "arn:aws:s3:::app-7-data/report.csv", resourceAccount: account }],
  ["iam:PassRole to EC2 on a role", { action: "iam:PassRole", resource: `arn:aws:iam::${account}:role/app-3/role-153`, context: { "iam:PassedToService": "ec2.amazonaws.com" } }],
  ["sts:AssumeRole on a role (trust gated)", { action: "sts:AssumeRole", resource: `arn:aws:iam::${account}:role/app-3/role-153` }],
  ["dynamodb:PutItem on a table", { action: "dynamodb:PutItem", resource: `arn:aws:dynamodb:us-east-1:${account}:table/app-12-orders` }],
];

const [first, coldMs] = time(() => whoCan(input, questions[0][1], { now }));
console.log(`first question, every policy set compiled (${questions[0][0]}): ${ms(coldMs)} → ${first.allowed.length} allowed, ${first.explicitlyDenied.length} explicitly denied of ${first.evaluated}`);
const review = whoCanContext(input);
whoCan(input, questions[0][1], { now, review });
for (const [label, question] of questions) {
  const runs: number[] = [];
  let answer = first;
  for (let i = 0; i < 5; i++) {
    const [a, t] = time(() => whoCan(input, question, { now, review }));
    answer = a;
    runs.push(t);
  }
  runs.sort((a, b) => a - b);
  console.log(`  ${label}, policy sets shared: median ${ms(runs[2])} (min ${ms(runs[0])}, max ${ms(runs[4])}) → ${answer.allowed.length} allowed, ${answer.explicitlyDenied.length} denied`);
}

// End to end, as `roleplay who-can FILE` runs it: start, read, resolve, compile, ask, print.
const dir = mkdtempSync(path.join(tmpdir(), "who-can-bench-"));
try {
  const file = path.join(dir, "generated.json");
  writeFileSync(file, text);
  const args = [path.join(root, "bin", "roleplay.mjs"), "who-can", file, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::app-7-data/report.csv", "--resource-account", account];
  spawnSync(process.execPath, args, { cwd: root });
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const [result, t] = time(() => spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" }));
    if (result.status !== 0) throw new Error(result.stderr);
    runs.push(t);
  }
  runs.sort((a, b) => a - b);
  console.log(`roleplay who-can FILE (${(text.length / 1024 / 1024).toFixed(1)} MB, end to end): median ${ms(runs[1])}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// The simulator: one caller, 100 actions × 3 resources, each with the resource's own policy.
async function simulator(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "simulator-bench-"));
  const url = `file:${path.join(dir, "demo.db")}`;
  migrateDatabase(path.join(dir, "demo.db"));
  const db = createPrismaClient(url);
  try {
    await configureSqlite(db);
    await seedDemoWorkspace(db);
    const actions = listServiceActions("s3").slice(0, 100).map((a) => a.id);
    const resources = ["arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", "arn:aws:s3:::amzn-s3-demo-bucket2/report.csv", "arn:aws:iam::111111111111:role/ops-admin"];
    for (const caller of [{ kind: "user" as const, arn: "arn:aws:iam::111111111111:user/alice" }, { kind: "role" as const, arn: "arn:aws:iam::111111111111:role/ops-admin" }]) {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        await simulateBatch(db, { accountId: "111111111111", caller, actions, resources }, new Date());
        runs.push(performance.now() - start);
      }
      runs.sort((a, b) => a - b);
      console.log(`simulator, ${caller.arn.split(":").pop()}: ${actions.length * resources.length} requests with explanations: median ${ms(runs[2])} (min ${ms(runs[0])}, max ${ms(runs[4])})`);
    }
  } finally {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}
await simulator();
console.log(`peak memory (max RSS) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
