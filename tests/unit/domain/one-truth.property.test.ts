/**
 * One truth behind every door: for random principals, actions and resources of the demo workspace,
 * the console's service functions (simulate as a principal, the instance page's question), the
 * `roleplay simulate` command given the same policies and keys, the PassRole review and the IMDS
 * trust decision all agree.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerContext, passRoleContext, serviceAssumeRoleRequest } from "../../../lib/authz/call-context";
import { resolveActingPrincipal } from "../../../lib/authz/principal-policies";
import { loadResourceSide } from "../../../lib/authz/resource-policies";
import { askWorkload } from "../../../lib/compute/workload-permissions";
import { evaluateServiceTrust } from "../../../lib/creds/service-trust";
import { arns } from "../../../lib/iam/arns";
import { putRolePolicy, updateAssumeRolePolicy } from "../../../lib/iam/roles";
import { loadWorkspaceReviewInput } from "../../../lib/io/workspace-review-input";
import { ReviewContext, reviewPassRole } from "../../../lib/review/review-pass-role";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { simulatePrincipalRequest } from "../../../lib/simulation/simulate-principal";
import { createTestDatabase } from "../support/test-database";

const A = "111111111111";
const P = "222222222222";
const now = new Date("2026-12-01T10:00:00Z");
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let principals: string[] = [];
let roles: { arn: string; name: string; accountId: string }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoWorkspace(t.db);
  // Conditions on the keys the doors set, so that a door building them differently would disagree.
  await putRolePolicy(t.db, {
    accountId: A,
    roleName: "abcd",
    policyName: "PassOnlyToEc2",
    document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${A}:role/Get-pics`, Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } }] }),
  }, "test");
  await updateAssumeRolePolicy(t.db, {
    accountId: A,
    roleName: "ecsInstanceRole",
    document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": A } } }] }),
  }, "test");
  const users = await t.db.user.findMany({ orderBy: { name: "asc" } });
  const roleRows = await t.db.role.findMany({ orderBy: { name: "asc" } });
  roles = roleRows.map((r) => ({ arn: arns.role(r.accountId, r.path, r.name), name: r.name, accountId: r.accountId }));
  principals = [...users.map((u) => arns.user(u.accountId, u.path, u.name)), ...roles.map((r) => r.arn), arns.accountRoot(A)];
});
afterAll(async () => t.dispose());

const ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "iam:PassRole", "sts:AssumeRole", "ec2:RunInstances", "dynamodb:Scan", "iam:CreateUser", "sts:GetCallerIdentity", "kms:Decrypt"];
const resourcesFor = () => [
  "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg",
  "arn:aws:s3:::amzn-s3-demo-bucket-photos",
  "arn:aws:s3:::amzn-s3-demo-bucket1/report.csv",
  "arn:aws:s3:::amzn-s3-demo-bucket2/data.json",
  `arn:aws:ec2:us-east-1:${A}:instance/i-0123456789abcdef0`,
  `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  "*",
  ...roles.map((r) => r.arn),
];

type Question = { principal: string; action: string; resource: string; sourceIp: string };
const question = () =>
  fc.record({
    principal: fc.constantFrom(...principals),
    action: fc.constantFrom(...ACTIONS),
    resource: fc.constantFrom(...resourcesFor()),
    sourceIp: fc.constantFrom("203.0.113.7", "198.51.100.20"),
  });

/** The case `roleplay simulate` reads for a question: the same policies and keys, built by the shared loaders. */
async function simulateCase(id: string, q: Question) {
  const principal = await resolveActingPrincipal(t.db, q.principal);
  const side = await loadResourceSide(t.db, q.action, q.resource, q.principal.split(":")[4]);
  const p = principal.policies;
  return {
    id,
    request: { principal: principal.callerArn, action: q.action, resource: q.resource, resourceAccount: side.account, context: { ...callerContext(principal, now), "aws:SourceIp": q.sourceIp } },
    identityPolicies: p.identityPolicies ?? [],
    permissionsBoundary: p.permissionsBoundary,
    resourcePolicy: side.policy?.document,
    scps: p.scps ?? [],
    rcps: side.rcps,
  };
}

describe("one decision path", () => {
  it("the console's simulate and the simulate command agree on random questions", async () => {
    // Random questions, plus one of each decision so the comparison always covers all three.
    const questions: Question[] = [
      { principal: `arn:aws:iam::${A}:role/Get-pics`, action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", sourceIp: "203.0.113.7" },
      { principal: `arn:aws:iam::${P}:role/efgh`, action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", sourceIp: "203.0.113.7" },
      { principal: `arn:aws:iam::${A}:user/bob`, action: "iam:CreateUser", resource: "*", sourceIp: "203.0.113.7" },
      ...fc.sample(question(), { numRuns: 150 }),
    ];
    const expected: string[] = [];
    const lines: string[] = [];
    for (const [i, q] of questions.entries()) {
      const answer = await simulatePrincipalRequest(t.db, { principalArn: q.principal, action: q.action, resource: q.resource, context: { "aws:SourceIp": q.sourceIp } }, now);
      expected.push(answer.decision);
      lines.push(JSON.stringify(await simulateCase(String(i), q)));
    }
    const root = join(import.meta.dirname, "..", "..", "..");
    const run = spawnSync(process.execPath, [join(root, "bin", "roleplay.mjs"), "simulate"], { cwd: root, input: lines.join("\n") + "\n", encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const got = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as { id: string; decision?: string; error?: unknown });
    expect(got.map((g) => g.decision ?? g.error)).toEqual(expected);
    // The sample is varied: every kind of decision occurs.
    expect(new Set(expected)).toEqual(new Set(["Allow", "ImplicitDeny", "ExplicitDeny"]));
  });

  it("the PassRole review grants exactly what the console's PassRole decision allows", async () => {
    const review = reviewPassRole(await loadWorkspaceReviewInput(t.db, "demo"), { services: ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"], findings: false, now });
    const granted = new Set(review.grants.map((g) => `${g.principal}|${g.role}|${g.service}`));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...principals.filter((p) => !p.endsWith(":root"))), fc.constantFrom(...roles), fc.constantFrom("ec2.amazonaws.com", "ecs-tasks.amazonaws.com"), async (principal, role, service) => {
        if (principal.split(":")[4] !== role.accountId) return; // PassRole never crosses accounts
        const answer = await simulatePrincipalRequest(t.db, { principalArn: principal, action: "iam:PassRole", resource: role.arn, context: passRoleContext(service) }, now);
        expect(granted.has(`${principal}|${role.arn}|${service}`), `${principal} passes ${role.name} to ${service}`).toBe(answer.decision === "Allow");
      }),
      { numRuns: 120 },
    );
  });

  it("the IMDS, the review and the evaluator decide service trust alike", async () => {
    const context = new ReviewContext(await loadWorkspaceReviewInput(t.db, "demo"), ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"], now);
    const reviewRoles = new Map(context.input.roles.map((r) => [r.arn, r]));
    for (const role of roles) {
      const row = await t.db.role.findFirstOrThrow({ where: { accountId: role.accountId, name: role.name } });
      for (const service of ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"] as const) {
        const imds = evaluateServiceTrust(row, service, now).allowed;
        expect(context.trusts(reviewRoles.get(role.arn)!, service), `${service} → ${role.name}`).toBe(imds);
        const request = serviceAssumeRoleRequest(service, role, now);
        const line = JSON.stringify({ id: "t", request, resourcePolicy: JSON.parse(row.trustPolicy) });
        const run = spawnSync(process.execPath, [join(import.meta.dirname, "..", "..", "..", "bin", "roleplay.mjs"), "simulate"], { input: line + "\n", encoding: "utf8" });
        expect(JSON.parse(run.stdout).decision === "Allow", `simulate ${service} → ${role.name}`).toBe(imds);
      }
    }
  });

  it("the instance page's question agrees with simulating its role", async () => {
    const instance = await t.db.instance.findFirstOrThrow({ where: { tags: { contains: "photos-app" } } });
    const ref = { kind: "instance" as const, accountId: A, instanceId: instance.id };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ACTIONS), fc.constantFrom(...resourcesFor()), async (action, resource) => {
        const page = await askWorkload(t.db, ref, { action, resource }, now);
        const role = await simulatePrincipalRequest(t.db, { principalArn: `arn:aws:iam::${A}:role/Get-pics`, action, resource }, now);
        expect(page.decision, `${action} on ${resource}`).toBe(role.decision);
      }),
      { numRuns: 60 },
    );
  });

  it("covers both accounts", () => {
    expect(principals.some((p) => p.includes(P))).toBe(true);
  });
});

describe("resources of another workspace", () => {
  it("are unknown to a decision asked from this workspace: no bucket policy, no owner", async () => {
    await t.db.workspace.create({ data: { id: "other", name: "Other" } });
    await t.db.account.create({ data: { id: "444455556666", name: "Other", workspaceId: "other" } });
    await t.db.bucket.create({ data: { name: "other-secret-bucket", accountId: "444455556666", region: "us-east-1", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "OtherSecretSid", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] }) } });
    const side = await loadResourceSide(t.db, "s3:GetObject", "arn:aws:s3:::other-secret-bucket/x", A);
    expect(side).toEqual({ policy: undefined, account: undefined, rcps: [] });
    const answer = await simulatePrincipalRequest(t.db, { principalArn: `arn:aws:iam::${A}:user/alice`, action: "s3:GetObject", resource: "arn:aws:s3:::other-secret-bucket/x" }, now);
    expect(JSON.stringify(answer)).not.toMatch(/OtherSecretSid|444455556666|Bucket policy of other-secret-bucket/);
    // From the other workspace, the same bucket is known.
    expect((await loadResourceSide(t.db, "s3:GetObject", "arn:aws:s3:::other-secret-bucket/x", "444455556666")).account).toBe("444455556666");
  });
});
