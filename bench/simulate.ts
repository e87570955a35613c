/**
 * Benchmark of the policy evaluator (`npx tsx bench/simulate.ts`).
 *
 * 1. A seeded, deterministic generator writes mixed cases (about a third each Allow, ExplicitDeny,
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
import { compilePolicySet, evaluateRequest, type PolicySet } from "../lib/policy/evaluate";
import type { EvaluationRequest } from "../lib/policy/request-context";

type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";
interface Case extends PolicySet {
  id: string;
  request: EvaluationRequest;
  expected: Decision;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "bench", "out");

// mulberry32: small, fast, and the same sequence for the same seed on every machine.
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const V = "2012-10-17";
const ACCOUNTS = ["111111111111", "222222222222", "333333333333", "444444444444"];

function makeGenerator(seed: number) {
  const rnd = seeded(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const session = (account: string, role: string) => `arn:aws:sts::${account}:assumed-role/${role}/i-${(int(1e8) + 1e8).toString(16)}`;
  const fullAccess = { name: "FullAWSAccess", document: { Version: V, Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };

  type Scenario = Partial<Record<Decision, (id: string) => Case>>;

  const readPhotos = {
    name: "ReadPhotos",
    document: {
      Version: V,
      Statement: [
        { Sid: "ReadPhotos", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::amzn-s3-demo-bucket-photos", "arn:aws:s3:::amzn-s3-demo-bucket-photos/*"] },
      ],
    },
  };

  const scenarios: Scenario[] = [
    // Identity policy only (the Get-pics role).
    {
      Allow: (id) => {
        const a = pick(ACCOUNTS);
        return { id, expected: "Allow", request: { principal: session(a, "Get-pics"), action: "s3:GetObject", resource: `arn:aws:s3:::amzn-s3-demo-bucket-photos/cat-${int(1000)}.jpg`, resourceAccount: a }, identityPolicies: [readPhotos] };
      },
      ImplicitDeny: (id) => {
        const a = pick(ACCOUNTS);
        return { id, expected: "ImplicitDeny", request: { principal: session(a, "Get-pics"), action: pick(["s3:PutObject", "s3:DeleteObject"]), resource: `arn:aws:s3:::amzn-s3-demo-bucket-photos/cat-${int(1000)}.jpg`, resourceAccount: a }, identityPolicies: [readPhotos] };
      },
    },
    // Deny with NotIpAddress; IPv4 and IPv6 callers.
    {
      Allow: (id) => ipCase(id, "Allow"),
      ExplicitDeny: (id) => ipCase(id, "ExplicitDeny"),
    },
    // Permissions boundary caps identity-based permissions.
    {
      Allow: (id) => boundaryCase(id, "s3:GetObject", "Allow"),
      ImplicitDeny: (id) => boundaryCase(id, pick(["s3:PutObject", "dynamodb:DeleteItem"]), "ImplicitDeny"),
    },
    // SCPs at three levels, with a region guard at the OU.
    {
      Allow: (id) => scpCase(id, "ec2:RunInstances", pick(["eu-west-1", "eu-central-1"]), "Allow"),
      ExplicitDeny: (id) => scpCase(id, "ec2:RunInstances", pick(["us-east-1", "ap-south-1"]), "ExplicitDeny"),
      ImplicitDeny: (id) => scpCase(id, "dynamodb:GetItem", "eu-west-1", "ImplicitDeny"),
    },
    // Same-account bucket policy naming the session (not limited by the boundary) or the role (limited).
    {
      Allow: (id) => sameAccountResourceCase(id, true),
      ImplicitDeny: (id) => sameAccountResourceCase(id, false),
    },
    // Cross-account AssumeRole (roles abcd and efgh).
    {
      Allow: (id) => crossAccountCase(id, "abcd", "true", "Allow"),
      ImplicitDeny: (id) => crossAccountCase(id, "wxyz", "true", "ImplicitDeny"),
      ExplicitDeny: (id) => crossAccountCase(id, "abcd", "false", "ExplicitDeny"),
    },
    // Policy variables in Resource.
    {
      Allow: (id) => homeCase(id, true),
      ImplicitDeny: (id) => homeCase(id, false),
    },
    // Tag conditions, set qualifiers, dates, numbers.
    {
      Allow: (id) => tagCase(id, "Allow"),
      ImplicitDeny: (id) => tagCase(id, "ImplicitDeny"),
      ExplicitDeny: (id) => tagCase(id, "ExplicitDeny"),
    },
    // Alice's PassRole, limited to EC2, with a deny on the admin role.
    {
      Allow: (id) => passRoleCase(id, "Get-pics", "ec2.amazonaws.com", "Allow"),
      ImplicitDeny: (id) => passRoleCase(id, "Get-pics", "lambda.amazonaws.com", "ImplicitDeny"),
      ExplicitDeny: (id) => passRoleCase(id, "Admin", "ec2.amazonaws.com", "ExplicitDeny"),
    },
    // Anonymous access to a public bucket under an RCP that requires TLS; session policies.
    {
      Allow: (id) => publicCase(id, "true"),
      ExplicitDeny: (id) => publicCase(id, "false"),
      ImplicitDeny: (id) => sessionPolicyCase(id),
    },
  ];

  function ipCase(id: string, expected: Decision): Case {
    const inside = expected === "Allow";
    const v6 = rnd() < 0.3;
    const ip = v6 ? (inside ? `2001:db8::${int(65535).toString(16)}` : `2001:db9::${int(65535).toString(16)}`) : inside ? `203.0.113.${int(255)}` : `198.51.100.${int(255)}`;
    const a = pick(ACCOUNTS);
    return {
      id,
      expected,
      request: { principal: `arn:aws:iam::${a}:user/dev-${int(50)}`, action: "s3:DeleteObject", resource: `arn:aws:s3:::logs-${a}/k${int(1e5)}`, resourceAccount: a, context: { "aws:SourceIp": ip } },
      identityPolicies: [
        {
          name: "S3WithIpGuard",
          document: {
            Version: V,
            Statement: [
              { Sid: "S3", Effect: "Allow", Action: "s3:*", Resource: "*" },
              { Sid: "OfficeOnly", Effect: "Deny", Action: "s3:Delete*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } } },
            ],
          },
        },
      ],
    };
  }

  function boundaryCase(id: string, action: string, expected: Decision): Case {
    const a = pick(ACCOUNTS);
    return {
      id,
      expected,
      request: { principal: session(a, "Developer"), action, resource: action.startsWith("s3") ? `arn:aws:s3:::data-${a}/x${int(1000)}` : `arn:aws:dynamodb:eu-west-1:${a}:table/Orders`, resourceAccount: a },
      identityPolicies: [{ name: "Broad", document: { Version: V, Statement: { Effect: "Allow", Action: ["s3:*", "dynamodb:*"], Resource: "*" } } }],
      permissionsBoundary: { name: "ReadOnlyBoundary", document: { Version: V, Statement: [{ Sid: "Read", Effect: "Allow", Action: ["s3:Get*", "s3:List*", "dynamodb:GetItem"], Resource: "*" }] } },
    };
  }

  function scpCase(id: string, action: string, region: string, expected: Decision): Case {
    const a = pick(ACCOUNTS);
    return {
      id,
      expected,
      request: { principal: session(a, "Ops"), action, resource: action.startsWith("ec2") ? `arn:aws:ec2:${region}:${a}:instance/*` : `arn:aws:dynamodb:${region}:${a}:table/T`, context: { "aws:RequestedRegion": region } },
      identityPolicies: [{ name: "Ops", document: { Version: V, Statement: [{ Effect: "Allow", Action: ["ec2:*", "dynamodb:*"], Resource: "*" }] } }],
      scps: [
        { target: "r-root", policies: [fullAccess] },
        {
          target: "ou-prod",
          policies: [
            {
              name: "EuOnlyComputeAndStorage",
              document: {
                Version: V,
                Statement: [
                  { Sid: "AllowListed", Effect: "Allow", Action: ["ec2:*", "s3:*", "sts:*"], Resource: "*" },
                  { Sid: "DenyOtherRegions", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } } },
                ],
              },
            },
          ],
        },
        { target: a, policies: [fullAccess] },
      ],
    };
  }

  function sameAccountResourceCase(id: string, namesSession: boolean): Case {
    const a = pick(ACCOUNTS);
    const principal = session(a, "Uploader");
    return {
      id,
      expected: namesSession ? "Allow" : "ImplicitDeny",
      request: { principal, action: "s3:PutObject", resource: `arn:aws:s3:::uploads-${a}/in/${int(1e6)}`, resourceAccount: a },
      permissionsBoundary: { name: "NoWrites", document: { Version: V, Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }] } },
      resourcePolicy: {
        name: "UploadsBucketPolicy",
        document: {
          Version: V,
          Statement: [{ Sid: "Uploads", Effect: "Allow", Principal: { AWS: namesSession ? principal : `arn:aws:iam::${a}:role/Uploader` }, Action: "s3:PutObject", Resource: `arn:aws:s3:::uploads-${a}/in/*` }],
        },
      },
    };
  }

  function crossAccountCase(id: string, role: string, mfa: string, expected: Decision): Case {
    return {
      id,
      expected,
      request: { principal: session("111111111111", role), action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/efgh", context: { "aws:MultiFactorAuthPresent": mfa } },
      identityPolicies: [{ name: `${role}-permissions`, document: { Version: V, Statement: [{ Sid: "AllowIPToAssumeCrossAccountRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/efgh" }] } }],
      resourcePolicy: {
        name: "efgh-trust",
        document: {
          Version: V,
          Statement: [
            { Sid: "efghTrustPolicy", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::111111111111:role/abcd" } },
            { Sid: "RequireMfa", Effect: "Deny", Action: "sts:AssumeRole", Principal: { AWS: "*" }, Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } },
          ],
        },
      },
    };
  }

  function homeCase(id: string, own: boolean): Case {
    const a = pick(ACCOUNTS);
    const user = `user${int(500)}`;
    const other = `other${int(500)}`;
    return {
      id,
      expected: own ? "Allow" : "ImplicitDeny",
      request: { principal: `arn:aws:iam::${a}:user/${user}`, action: "s3:GetObject", resource: `arn:aws:s3:::home-${a}/home/${own ? user : other}/notes.txt`, resourceAccount: a, context: { "aws:username": user } },
      identityPolicies: [{ name: "OwnHome", document: { Version: V, Statement: [{ Sid: "Home", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::home-${a}/home/\${aws:username}/*` }] } }],
    };
  }

  function tagCase(id: string, expected: Decision): Case {
    const a = pick(ACCOUNTS);
    const team = pick(["photos", "billing", "search"]);
    const context: Record<string, string | string[]> = {
      "aws:PrincipalTag/team": team,
      "aws:ResourceTag/team": expected === "ImplicitDeny" ? "other" : team,
      "aws:TagKeys": expected === "ExplicitDeny" ? ["team", "owner"] : ["team", "env"],
      "aws:CurrentTime": `2026-${String(1 + int(11)).padStart(2, "0")}-15T12:00:00Z`,
      "dynamodb:Select": "ALL_ATTRIBUTES",
    };
    return {
      id,
      expected,
      request: { principal: session(a, "TeamRole"), action: pick(["dynamodb:GetItem", "dynamodb:Query"]), resource: `arn:aws:dynamodb:eu-west-1:${a}:table/${team}`, context },
      identityPolicies: [
        {
          name: "TeamTables",
          document: {
            Version: V,
            Statement: [
              {
                Sid: "SameTeam",
                Effect: "Allow",
                Action: ["dynamodb:Get*", "dynamodb:Query"],
                Resource: `arn:aws:dynamodb:*:${a}:table/*`,
                Condition: { StringEquals: { "aws:ResourceTag/team": "${aws:PrincipalTag/team}" }, DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } },
              },
              { Sid: "OnlyKnownTags", Effect: "Deny", Action: "dynamodb:*", Resource: "*", Condition: { "ForAnyValue:StringNotLike": { "aws:TagKeys": ["team", "env*"] } } },
            ],
          },
        },
      ],
    };
  }

  function passRoleCase(id: string, role: string, service: string, expected: Decision): Case {
    const a = pick(ACCOUNTS);
    return {
      id,
      expected,
      request: { principal: `arn:aws:iam::${a}:user/alice`, action: "iam:PassRole", resource: `arn:aws:iam::${a}:role/${role}`, context: { "iam:PassedToService": service } },
      identityPolicies: [
        {
          name: "AliceLaunch",
          document: {
            Version: V,
            Statement: [
              { Sid: "IamPassRole", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } },
              { Sid: "ListEc2AndListInstanceProfiles", Effect: "Allow", Action: ["iam:ListInstanceProfiles", "ec2:Describe*", "ec2:Search*", "ec2:Get*"], Resource: "*" },
              { Sid: "NeverAdmin", Effect: "Deny", Action: "iam:PassRole", Resource: `arn:aws:iam::${a}:role/Admin*` },
            ],
          },
        },
      ],
    };
  }

  function publicCase(id: string, tls: string): Case {
    const a = pick(ACCOUNTS);
    return {
      id,
      expected: tls === "true" ? "Allow" : "ExplicitDeny",
      request: { principal: "*", action: "s3:GetObject", resource: `arn:aws:s3:::public-${a}/index-${int(100)}.html`, resourceAccount: a, context: { "aws:SecureTransport": tls } },
      resourcePolicy: { name: "PublicRead", document: { Version: V, Statement: [{ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::public-${a}/*` }] } },
      rcps: [
        {
          target: "r-root",
          policies: [
            { name: "RCPFullAWSAccess", document: { Version: V, Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] } },
            { name: "EnforceTls", document: { Version: V, Statement: [{ Sid: "DenyPlainHttp", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } }] } },
          ],
        },
      ],
    };
  }

  function sessionPolicyCase(id: string): Case {
    const a = pick(ACCOUNTS);
    return {
      id,
      expected: "ImplicitDeny",
      request: { principal: session(a, "Broker"), action: "sqs:SendMessage", resource: `arn:aws:sqs:eu-west-1:${a}:jobs`, context: {} },
      identityPolicies: [{ name: "BrokerQueues", document: { Version: V, Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: "*" }] } }],
      sessionPolicies: [{ name: "ReadOnlySession", document: { Version: V, Statement: [{ Effect: "Allow", Action: ["sqs:Receive*", "sqs:Get*"], Resource: "*" }] } }],
    };
  }

  const byDecision: Record<Decision, ((id: string) => Case)[]> = { Allow: [], ExplicitDeny: [], ImplicitDeny: [] };
  for (const s of scenarios) for (const d of Object.keys(s) as Decision[]) byDecision[d].push(s[d]!);
  const decisions: Decision[] = ["Allow", "ExplicitDeny", "ImplicitDeny"];
  return (n: number) => {
    const d = decisions[n % 3];
    return pick(byDecision[d])(`case-${n}`);
  };
}

function writeCases(count: number, path: string): Case[] {
  const next = makeGenerator(20261127);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) cases.push(next(i));
  writeFileSync(path, `${cases.map((c) => JSON.stringify(c)).join("\n")}\n`);
  return cases;
}

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
