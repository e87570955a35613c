/**
 * Times the whole-catalog effective-permissions summary: catalog load, then each role cold (first
 * call) and warm (median of many), compiled per call and compiled once. Prints figures only.
 * Run: npx tsx bench/summary.ts
 */
import { actionIndex } from "../lib/catalog/action-index";
import { findManagedPolicy } from "../lib/catalog/managed-policies";
import { compilePolicySet, type PolicySet } from "../lib/policy/evaluate";
import { summarizeCompiledPolicySet, summarizePolicySet } from "../lib/policy/summary";

const V = "2012-10-17";
const WARM_RUNS = 200;

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(2)} ms`;

const [, catalogMs] = time(() => actionIndex());
const index = actionIndex();
console.log(`catalog: ${index.actions.length} actions in ${index.services.length} services, loaded in ${ms(catalogMs)}`);
// Run with `node --expose-gc --import tsx bench/summary.ts` for heap figures after collection.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const memory = () => {
  collect();
  const usage = process.memoryUsage();
  return `heap ${mb(usage.heapUsed)}, rss ${mb(usage.rss)}`;
};
console.log(`memory with the catalog loaded: ${memory()}`);
const [, managedMs] = time(() => findManagedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess"));
console.log(`AWS-managed policies (74 MB JSON, default versions kept): loaded in ${ms(managedMs)}; memory ${memory()}`);

const abcd = {
  Version: V,
  Statement: [
    { Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:GetAccountPublicAccessBlock", "s3:ListAccessPoints", "s3:ListAllMyBuckets"], Resource: "arn:aws:s3:::*" },
    { Effect: "Allow", Action: ["s3:Get*", "s3:List*"], Resource: ["arn:aws:s3:::amzn-s3-demo-bucket1/*", "arn:aws:s3:::amzn-s3-demo-bucket1"] },
    { Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/efgh" },
  ],
};
const admin = { Version: V, Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const managed = (name: string) => ({ name, document: findManagedPolicy(`arn:aws:iam::aws:policy/${name}`)!.document });

const roles: [string, PolicySet][] = [
  ["seed abcd", { identityPolicies: [{ name: "abcd", document: abcd }] }],
  ["admin (* on *)", { identityPolicies: [{ name: "admin", document: admin }] }],
  ["ReadOnlyAccess (large managed)", { identityPolicies: [managed("ReadOnlyAccess")] }],
  [
    "large mixed: 4 managed + inline deny, boundary, 2 SCP levels",
    {
      identityPolicies: [
        managed("PowerUserAccess"),
        managed("ReadOnlyAccess"),
        managed("AmazonEC2FullAccess"),
        managed("AmazonS3FullAccess"),
        { name: "deny", document: { Version: V, Statement: [{ Effect: "Deny", Action: ["s3:Delete*", "ec2:Terminate*"], Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }] } },
      ],
      permissionsBoundary: { name: "boundary", document: { Version: V, Statement: [{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }] } },
      scps: [
        { target: "r-root", policies: [{ name: "FullAWSAccess", document: admin }] },
        { target: "ou-workloads", policies: [{ name: "deny-regions", document: { Version: V, Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", NotAction: ["iam:*", "sts:*"], Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } } }] } }] },
      ],
    },
  ],
];

console.log(`\nwhole-catalog summary per role (warm: median of ${WARM_RUNS})`);
for (const [name, set] of roles) {
  const [summary, coldMs] = time(() => summarizePolicySet(set));
  const perCall: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) perCall.push(time(() => summarizePolicySet(set))[1]);
  const compiled = compilePolicySet(set);
  const precompiled: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) precompiled.push(time(() => summarizeCompiledPolicySet(compiled))[1]);
  const services = summary.services.length;
  const full = summary.services.filter((s) => s.status === "Full").length;
  console.log(
    `  ${name}: cold ${ms(coldMs)}, warm ${ms(median(perCall))} (p99 ${ms([...perCall].sort((a, b) => a - b)[Math.floor(WARM_RUNS * 0.99)])}), ` +
      `compiled once ${ms(median(precompiled))}; ${services} services with access, ${full} Full`,
  );
}
console.log(`\nat the end: ${memory()}`);
