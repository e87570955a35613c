// The console's simulator over the demo workspace: one caller (user, role session with a session
// policy, instance, pasted policy), actions × resources, the keys AWS sets (editable), the
// explanation drawer, "what can X do on Y", the caller search, and who-can kept between questions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { applyContextEdits, explainSimulatedRequest, searchCallers, simulateBatch, simulatorCallerDefaults, whatCanCallerDo } from "../../../lib/simulation/simulate-batch";
import { whoCanInWorkspace } from "../../../lib/authz/who-can-workspace";
import { putUserPolicy } from "../../../lib/iam/users";
import { createTestDatabase } from "../support/test-database";

const A = "arn:aws:iam::111111111111:";
const accountId = "111111111111";
const alice = { kind: "user" as const, arn: `${A}user/alice` };
const photo = "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg";
const partnerObject = "arn:aws:s3:::amzn-s3-demo-bucket2/report.csv";
const now = new Date("2026-11-27T12:00:00Z");
let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoWorkspace(t.db);
});
afterAll(async () => t.dispose());

describe("simulating one caller on many actions and resources", () => {
  it("alice on three actions and two resources, with a changed source address: the table as checked by hand", async () => {
    const result = await simulateBatch(t.db, { accountId, caller: alice, actions: ["s3:GetObject", "s3:putobject", "s3:ListBucket"], resources: [photo, partnerObject], context: { set: { "aws:SourceIp": "198.51.100.7" }, unset: [] } }, now);
    expect(result.caller).toMatchObject({ label: "user alice", arn: `${A}user/alice`, callerArn: `${A}user/alice` });
    expect(result.context["aws:SourceIp"]).toBe("198.51.100.7");
    expect(result.context["aws:username"]).toBe("alice");
    expect(result.context["aws:PrincipalTag/team"]).toBe("photos");
    expect(result.rows.map((r) => [r.action, r.resource.split(":::")[1], r.decision])).toEqual([
      ["s3:GetObject", "amzn-s3-demo-bucket-photos/cat.jpg", "Allow"],
      ["s3:GetObject", "amzn-s3-demo-bucket2/report.csv", "ImplicitDeny"],
      ["s3:PutObject", "amzn-s3-demo-bucket-photos/cat.jpg", "Allow"],
      ["s3:PutObject", "amzn-s3-demo-bucket2/report.csv", "ImplicitDeny"],
      ["s3:ListBucket", "amzn-s3-demo-bucket-photos/cat.jpg", "Allow"],
      ["s3:ListBucket", "amzn-s3-demo-bucket2/report.csv", "ImplicitDeny"],
    ]);
    expect(result.rows[0].deciding).toEqual(["statement 2 (Sid UseS3) of identity-based policy alice/LaunchInstancesAndUseS3"]);
    // The partner's bucket is in another account and has no policy: alice's s3:* is not enough.
    expect(result.rows[1].reason).toBe("cross-account-resource");
  });

  it("a role as a session with a session policy: the session policy caps what the role allows", async () => {
    const getPics = { kind: "role" as const, arn: `${A}role/Get-pics` };
    const sessionPolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }] });
    const plain = await simulateBatch(t.db, { accountId, caller: getPics, actions: ["s3:GetObject"], resources: [photo] }, now);
    expect(plain.caller.callerArn).toBe("arn:aws:sts::111111111111:assumed-role/Get-pics/roleplay");
    expect(plain.rows[0].decision).toBe("Allow");
    const bucket = "arn:aws:s3:::amzn-s3-demo-bucket-photos";
    const capped = await simulateBatch(t.db, { accountId, caller: { ...getPics, sessionPolicy }, actions: ["s3:GetObject", "s3:ListBucket"], resources: [photo, bucket] }, now);
    const cell = (action: string, resource: string) => capped.rows.find((r) => r.action === action && r.resource === resource)!;
    expect(cell("s3:GetObject", photo)).toMatchObject({ decision: "ImplicitDeny", reason: "session" });
    expect(cell("s3:ListBucket", bucket)).toMatchObject({ decision: "Allow", reason: "allowed" });
  });

  it("an instance acts through its profile's role, as a session named after it, with ec2:SourceInstanceARN", async () => {
    const instance = await t.db.instance.findFirstOrThrow({ where: { tags: { contains: "photos-app" } } });
    const result = await simulateBatch(t.db, { accountId, caller: { kind: "instance", id: instance.id }, actions: ["s3:GetObject", "s3:PutObject"], resources: [photo] }, now);
    expect(result.caller.callerArn).toBe(`arn:aws:sts::111111111111:assumed-role/Get-pics/${instance.id}`);
    expect(result.context["ec2:SourceInstanceARN"]).toMatch(new RegExp(`:instance/${instance.id}$`));
    expect(result.context["aws:userid"]).toMatch(new RegExp(`:${instance.id}$`));
    expect(result.rows.map((r) => r.decision)).toEqual(["Allow", "ImplicitDeny"]);
  });

  it("a pasted policy is a hypothetical user of the account holding only it; a broken one is refused naming where", async () => {
    const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Only", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/*" }] });
    const result = await simulateBatch(t.db, { accountId, caller: { kind: "policy", document }, actions: ["s3:GetObject", "s3:PutObject"], resources: [photo] }, now);
    expect(result.rows.map((r) => r.decision)).toEqual(["Allow", "ImplicitDeny"]);
    expect(result.rows[0].deciding[0]).toBe("statement 1 (Sid Only) of identity-based policy Pasted policy");
    await expect(simulateBatch(t.db, { accountId, caller: { kind: "policy", document: '{"Statement":[{"Effect":"Maybe"}]}' }, actions: ["s3:GetObject"], resources: [photo] }, now)).rejects.toMatchObject({ code: "MalformedPolicyDocument" });
  });

  it("refuses unknown actions and oversized runs before any work", async () => {
    await expect(simulateBatch(t.db, { accountId, caller: alice, actions: ["s3:GetObjekt"], resources: [photo] }, now)).rejects.toThrow(/s3:GetObjekt is not an action/);
    const many = Array.from({ length: 50 }, (_, i) => `arn:aws:s3:::b/${i}`);
    await expect(simulateBatch(t.db, { accountId, caller: alice, actions: Array.from({ length: 41 }, () => "s3:GetObject"), resources: many }, now)).rejects.toThrow(/At most 2000 requests/);
  });

  it("the drawer's explanation names the nearest miss: bob may pass Get-pics only", async () => {
    const { check, explanation } = await explainSimulatedRequest(t.db, { accountId, caller: { kind: "user", arn: `${A}user/bob` }, action: "iam:PassRole", resource: `${A}role/ops-admin`, context: { set: { "iam:PassedToService": "ec2.amazonaws.com" }, unset: [] } }, now);
    expect(check.decision).toBe("ImplicitDeny");
    expect(check.missing).toBe(`iam:PassRole on ${A}role/ops-admin (iam:PassedToService=ec2.amazonaws.com)`);
    const miss = explanation.nearestMisses.find((m) => m.ref.statement === 1)!;
    expect(miss.ref.policy).toBe(`${A}policy/LaunchWithGetPicsOnly`);
    expect(miss.failures.map((f) => f.element)).toEqual(["Resource"]);
  });
});

describe("the request keys a caller gets", () => {
  it("are AWS's for the caller, pre-filled, with the chosen actions' own keys suggested", async () => {
    const defaults = await simulatorCallerDefaults(t.db, { accountId, caller: { kind: "role", arn: `${A}role/ops-admin` }, actions: ["iam:PassRole", "s3:GetObject"] }, now);
    expect(defaults.context).toMatchObject({ "aws:PrincipalArn": `${A}role/ops-admin`, "aws:PrincipalType": "AssumedRole", "aws:PrincipalTag/story": "Alice", "aws:SourceIp": "203.0.113.10", "aws:SecureTransport": "true" });
    expect(defaults.context["aws:MultiFactorAuthPresent"]).toBeUndefined();
    const keys = defaults.suggestions.map((s) => s.key);
    expect(keys).toContain("iam:PassedToService");
    expect(keys).toContain("s3:ExistingObjectTag/<key>");
    expect(keys).toContain("aws:CalledVia");
  });

  it("edits override ignoring case, and taken-away keys are gone", () => {
    const base = { "aws:SourceIp": "203.0.113.10", "aws:PrincipalTag/team": "photos", "aws:username": "alice" };
    expect(applyContextEdits(base, { set: { "aws:sourceip": "10.0.0.1", "aws:CalledVia": ["cloudformation.amazonaws.com"] }, unset: ["AWS:PRINCIPALTAG/TEAM"] })).toEqual({
      "aws:username": "alice",
      "aws:sourceip": "10.0.0.1",
      "aws:CalledVia": ["cloudformation.amazonaws.com"],
    });
  });
});

describe("what can a caller do on one resource", () => {
  it("groups the service's actions that can act on it by access level", async () => {
    const result = await whatCanCallerDo(t.db, { accountId, caller: { kind: "role", arn: `${A}role/Get-pics` }, resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos" }, now);
    expect(result.services).toEqual(["s3"]);
    const list = result.levels.find((l) => l.level === "List")!;
    expect(list.allowed.map((a) => a.action)).toEqual(["s3:ListBucket"]);
    expect(result.levels.flatMap((l) => l.allowed).map((a) => a.action)).toEqual(["s3:ListBucket"]);
    // Object actions do not act on the bucket itself.
    expect(result.levels.flatMap((l) => l.allowed).some((a) => a.action === "s3:GetObject")).toBe(false);
  });

  it("lists explicit denies too: efgh on the photos bucket is denied everything by the bucket policy", async () => {
    const result = await whatCanCallerDo(t.db, { accountId, caller: { kind: "role", arn: "arn:aws:iam::222222222222:role/efgh" }, resource: photo }, now);
    const denied = result.levels.flatMap((l) => l.denied);
    expect(denied.length).toBeGreaterThan(10);
    expect(denied.find((d) => d.action === "s3:GetObject")!.deciding[0]).toMatch(/Sid DenyOutsideTheAccount/);
    expect(result.levels.flatMap((l) => l.allowed)).toEqual([]);
  });
});

describe("searching callers as one types", () => {
  it("finds users, group members, roles, instances and tasks by name", async () => {
    const ali = await searchCallers(t.db, { accountId, query: "ali" });
    expect(ali.map((o) => `${o.kind}:${o.label}`)).toEqual(["user:alice"]);
    const dev = await searchCallers(t.db, { accountId, query: "developers" });
    expect(dev.map((o) => `${o.kind}:${o.label}`)).toEqual(["group member:alice (member of developers)", "group member:bob (member of developers)"]);
    const photos = await searchCallers(t.db, { accountId, query: "photos" });
    expect(photos.map((o) => o.kind)).toEqual(["role", "instance", "task"]);
    expect(photos[1]).toMatchObject({ label: "photos-app", spec: { kind: "instance" } });
  });
});

describe("who can, in the console's workspace", () => {
  it("answers from the kept workspace and sees a change at once", async () => {
    const question = { accountId, action: "s3:GetObject", resource: photo, context: {} };
    const before = await whoCanInWorkspace(t.db, question, now);
    expect(before.allowed.map((p) => p.principal)).toEqual([`${A}role/Get-pics`, `${A}user/alice`]);
    const launchOnly = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" }] });
    await putUserPolicy(t.db, { accountId, userName: "alice", policyName: "LaunchInstancesAndUseS3", document: launchOnly }, "test");
    const after = await whoCanInWorkspace(t.db, question, now);
    expect(after.allowed.map((p) => p.principal)).toEqual([`${A}role/Get-pics`]);
  });
});
