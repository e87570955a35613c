/**
 * Lab steps, checks and predict cards on a seeded demo workspace: steps run as the CLI runs them
 * and all-or-nothing; every check kind answers pass and fail with its detail; checks and cards
 * write nothing; a stolen credential set is judged on the workspace clock.
 */
import { describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { advanceWorkspaceClock } from "../../../lib/creds/workspace-clock";
import { answerPredictCard, applyLabStart, checkLab, LabStepError, parseLabText, predictionIsRight, type LabCheck, type LoadedLab } from "../../../lib/labs";
import { createTestDatabase, seededDemoPerTest } from "../support/test-database";

let db: Db;
seededDemoPerTest((fresh) => (db = fresh));

const a = "111111111111";
const ec2Trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };

/** A lab around the given checks, steps and cards (validated as a file would be). */
function lab(parts: { checks?: unknown[]; start?: unknown[]; predict?: unknown[] }): LoadedLab {
  const text = JSON.stringify({
    id: "test-lab",
    title: "Test",
    goal: "Test.",
    start: { from: "demo", steps: parts.start ?? [] },
    predict: parts.predict ?? [],
    checks: parts.checks ?? [{ id: "c", title: "c", kind: "no-imdsv1" }],
    solution: { steps: ["clock advance 1s"] },
    learned: "Test.",
  });
  return parseLabText(text, "/tmp/test-lab.json");
}

async function answer(check: Record<string, unknown>) {
  const report = await checkLab(db, lab({ checks: [{ id: "c", title: "c", ...check }] }), "w");
  return report.checks[0];
}

const auditCount = () => db.auditEntry.count();

describe("lab steps", () => {
  it("run as the CLI runs them, and a failing step leaves the workspace as it was (all or nothing)", async () => {
    const before = await auditCount();
    const broken = lab({
      start: [
        ["iam", "create-role", "--role-name", "half-done", "--assume-role-policy-document", ec2Trust],
        "ec2 run-instances --iam-instance-profile Name=ops-admin --as arn:aws:iam::111111111111:user/bob",
      ],
    });
    const error = await applyLabStart(db, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabStepError);
    expect((error as LabStepError).message).toMatch(/^step 2 \(ec2 run-instances .*\): An error occurred \(UnauthorizedOperation\) when calling the RunInstances operation: .*iam:PassRole/);
    expect((error as LabStepError).code).toBe("UnauthorizedOperation");
    expect(await db.role.findFirst({ where: { name: "half-done" } })).toBeNull();
    expect(await auditCount()).toBe(before);
  });

  it("resolve placeholders when they run, after the steps before them", async () => {
    const results = await applyLabStart(
      db,
      lab({
        start: [
          "iam create-access-key --user-name bob",
          "iam update-access-key --user-name bob --access-key-id {{access-key:bob}} --status Inactive",
          "ec2 stop-instances --instance-ids {{instance:photos-app}}",
          "ec2 disassociate-iam-instance-profile --association-id {{association:cross-account-app}}",
        ],
      }),
    );
    expect(results.map((r) => `${r.service} ${r.operation}`)).toEqual(["iam create-access-key", "iam update-access-key", "ec2 stop-instances", "ec2 disassociate-iam-instance-profile"]);
    expect(await db.accessKey.findMany({ select: { status: true } })).toEqual([{ status: "Inactive" }]);
    const photos = (await checkLab(db, lab({ checks: [{ id: "r", title: "r", kind: "instance-role", instance: "cross-account-app", role: null }] }), "w")).checks[0];
    expect(photos).toMatchObject({ pass: true, detail: expect.stringMatching(/has no instance profile/) });
  });

  it("refuse an unknown placeholder, service or operation, naming the step", async () => {
    await expect(applyLabStart(db, lab({ start: ["ec2 stop-instances --instance-ids {{instance-id:photos-app}}"] }))).rejects.toThrow(/step 1 .*unknown placeholder \{\{instance-id:photos-app\}\}/);
    await expect(applyLabStart(db, lab({ start: ["s3 rm s3://x"] }))).rejects.toThrow(/step 1 .*a step runs iam, ec2, ecs run-task, imds get-credentials or clock advance, not 's3'/);
    await expect(applyLabStart(db, lab({ start: ["iam delete-everything"] }))).rejects.toThrow(/iam has no operation 'delete-everything'/);
  });

  it("refuse to start on a workspace without the lab's account", async () => {
    const other = await createTestDatabase();
    try {
      await expect(applyLabStart(other.db, lab({}))).rejects.toThrow(/The workspace has no account 111111111111/);
    } finally {
      await other.dispose();
    }
  });
});

describe("lab checks", () => {
  const table: { name: string; check: Record<string, unknown>; pass: boolean; detail: RegExp }[] = [
    { name: "decision, Allow as expected", check: { kind: "decision", principal: "instance photos-app", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", expect: "Allow" }, pass: true, detail: /^Allow — allowed by statement 2 \(Sid ReadPhotos\) of identity-based policy Get-pics\/ReadPhotosBucket/ },
    { name: "decision, Deny covers an implicit deny", check: { kind: "decision", principal: "instance photos-app", action: "s3:PutObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/x", expect: "Deny" }, pass: true, detail: /^ImplicitDeny — / },
    { name: "decision, ExplicitDeny is not an implicit deny", check: { kind: "decision", principal: "user bob", action: "iam:CreateUser", resource: `arn:aws:iam::${a}:user/x`, expect: "ExplicitDeny" }, pass: false, detail: /^ImplicitDeny \(expected ExplicitDeny\) — / },
    { name: "decision with context: alice may pass ops-admin to EC2", check: { kind: "decision", principal: "user alice", action: "iam:PassRole", resource: `arn:aws:iam::${a}:role/ops-admin`, context: { "iam:PassedToService": "ec2.amazonaws.com" }, expect: "Deny" }, pass: false, detail: /^Allow \(expected Deny\) — allowed by statement 1 \(Sid IamPassRole\) of identity-based policy arn:aws:iam::111111111111:policy\/ConsoleLaunchWithAnyRole/ },
    { name: "decision, the bucket's explicit deny across accounts", check: { kind: "decision", principal: "role efgh", account: "222222222222", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", expect: "ExplicitDeny" }, pass: true, detail: /DenyOutsideTheAccount/ },
    { name: "decision naming nobody", check: { kind: "decision", principal: "user carol", action: "s3:GetObject", resource: "arn:aws:s3:::b/k", expect: "Allow" }, pass: false, detail: /^Account 111111111111 has no user carol\.$/ },
    { name: "role-instance-profiles", check: { kind: "role-instance-profiles", role: "Get-pics", count: 1 }, pass: true, detail: /^Role Get-pics is in 1 instance profile \(Get-pics\)\.$/ },
    { name: "role-instance-profiles, wrong count", check: { kind: "role-instance-profiles", role: "ops-admin", count: 0 }, pass: false, detail: /is in 1 instance profile \(ops-admin\); expected 0/ },
    { name: "pass-role-only: bob passes Get-pics only", check: { kind: "pass-role-only", principal: "user bob", roles: ["Get-pics"] }, pass: true, detail: /^user bob may pass Get-pics \(to ec2\.amazonaws\.com, ecs-tasks\.amazonaws\.com, lambda\.amazonaws\.com\) and no other role/ },
    { name: "pass-role-only: alice passes any role", check: { kind: "pass-role-only", principal: "user alice", roles: ["Get-pics"], services: ["ec2.amazonaws.com"] }, pass: false, detail: /may also pass abcd, ecsInstanceRole, ecsTaskExecutionRole, ops-admin, photos-thumbnailer-task, any role created later \(to ec2\.amazonaws\.com\)/ },
    { name: "pass-role-only: a role the user cannot pass", check: { kind: "pass-role-only", principal: "user bob", roles: ["Get-pics", "ops-admin"] }, pass: false, detail: /may not pass ops-admin/ },
    { name: "instance-role", check: { kind: "instance-role", instance: "photos-app", role: "Get-pics" }, pass: true, detail: /carries role Get-pics through instance profile Get-pics/ },
    { name: "instance-metadata", check: { kind: "instance-metadata", instance: "photos-app", httpTokens: "optional" }, pass: false, detail: /HttpTokens=required .*; expected optional/ },
    { name: "no-imdsv1 on the demo", check: { kind: "no-imdsv1" }, pass: true, detail: /^All 2 instances of 111111111111 not terminated require IMDSv2/ },
    { name: "trust of a service", check: { kind: "trust", role: "Get-pics", trusts: "ecs-tasks.amazonaws.com", expect: true }, pass: false, detail: /does not let ecs-tasks\.amazonaws\.com assume it \(expected it to\)/ },
    { name: "trust across accounts", check: { kind: "trust", role: "efgh", account: "222222222222", trusts: "role abcd", expect: true }, pass: true, detail: /lets role abcd of 111111111111 assume it \(statement 1 \(Sid efghTrustPolicy\)/ },
    { name: "trust of an instance, through its role", check: { kind: "trust", role: "efgh", account: "222222222222", trusts: "instance cross-account-app", expect: true }, pass: true, detail: /lets role abcd of 111111111111 assume it/ },
    { name: "access-keys", check: { kind: "access-keys", user: "alice", active: 0 }, pass: true, detail: /^User alice holds 0 active access keys\.$/ },
    { name: "task-role", check: { kind: "task-role", task: "photos-thumbnailer", role: "photos-thumbnailer-task" }, pass: true, detail: /^Task photos-thumbnailer:3 \([0-9a-f]{32}, RUNNING\) runs with task role photos-thumbnailer-task\.$/ },
    { name: "workload-credentials", check: { kind: "workload-credentials", principal: "task photos-thumbnailer", expect: true }, pass: true, detail: /gets credentials for role photos-thumbnailer-task/ },
    { name: "caller-side: abcd's own policies allow the chain", check: { kind: "caller-side", principal: "role abcd", action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/efgh", expect: true }, pass: true, detail: /The caller's side allows sts:AssumeRole .*Sid AllowIPToAssumeCrossAccountRole/ },
    { name: "caller-side: Get-pics's do not", check: { kind: "caller-side", principal: "role Get-pics", action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/efgh", expect: true }, pass: false, detail: /No identity-based policy of the caller allows sts:AssumeRole .*\(expected it to allow\)/ },
    { name: "operation that succeeds, rolled back", check: { kind: "operation", run: "ec2 run-instances --iam-instance-profile Name=Get-pics --as arn:aws:iam::111111111111:user/bob", expect: "succeeds" }, pass: true, detail: /^Succeeds — tried and rolled back; checks made: .*iam:PassRole on arn:aws:iam::111111111111:role\/Get-pics: Allow by statement 2/ },
    { name: "operation that fails with the expected code", check: { kind: "operation", run: "ec2 run-instances --iam-instance-profile Name=ops-admin --as arn:aws:iam::111111111111:user/bob", expect: "fails", error: "UnauthorizedOperation" }, pass: true, detail: /^Fails — An error occurred \(UnauthorizedOperation\) .*Missing permission: iam:PassRole/ },
    { name: "operation that fails with another code", check: { kind: "operation", run: "iam delete-role --role-name Get-pics", expect: "fails", error: "UnauthorizedOperation" }, pass: false, detail: /^Fails \(expected UnauthorizedOperation\) — An error occurred \(DeleteConflict\)/ },
  ];
  for (const row of table) {
    it(`${row.name}: ${row.pass ? "passes" : "fails"} with its detail`, async () => {
      const result = await answer(row.check);
      expect(result.detail).toMatch(row.detail);
      expect(result.pass).toBe(row.pass);
    });
  }

  it("catch a trust policy that hands the role to the whole account", async () => {
    const check = { kind: "trust", role: "wide", trusts: "user alice", expect: false };
    await applyLabStart(db, lab({ start: [["iam", "create-role", "--role-name", "wide", "--assume-role-policy-document", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: "sts:AssumeRole" }] }]] }));
    expect(await answer(check)).toMatchObject({ pass: false, detail: expect.stringMatching(/lets user alice assume it .*\(expected it not to\)/) });
  });

  it("write nothing: an operation is rolled back, a check reads only", async () => {
    const before = { audit: await auditCount(), instances: await db.instance.count() };
    const all = lab({
      checks: [
        { id: "op", title: "op", kind: "operation", run: "ec2 run-instances --iam-instance-profile Name=Get-pics", expect: "succeeds" },
        { id: "pr", title: "pr", kind: "pass-role-only", principal: "user alice", roles: [] },
      ],
    });
    const report = await checkLab(db, all, "w");
    expect(report.checks[0].pass).toBe(true);
    expect({ audit: await auditCount(), instances: await db.instance.count() }).toEqual(before);
  });
});

describe("a stolen credential set, on the workspace clock", () => {
  const stolen = (extra: Partial<LabCheck> = {}) => ({ kind: "decision", principal: "credentials of instance photos-app", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", expect: "Deny", ...extra });
  const steal = (instance: string) => applyLabStart(db, lab({ start: [`imds get-credentials --instance ${instance}`] }));

  it("is refused without a token by an instance that requires IMDSv2", async () => {
    await expect(applyLabStart(db, lab({ start: ["imds get-credentials --instance photos-app --without-token"] }))).rejects.toThrow(/401 Unauthorized: instance i-[0-9a-f]+ requires IMDSv2/);
  });

  it("keeps the role's rights until it expires, whatever rotation publishes meanwhile", async () => {
    await steal("photos-app");
    expect(await answer(stolen())).toMatchObject({ pass: false, detail: expect.stringMatching(/^Allow \(expected Deny\) — .*The set itself is still valid: it expires at /) });
    expect(await answer(stolen({ at: "5h10m" }))).toMatchObject({ pass: false });
    expect(await answer(stolen({ at: "6h" }))).toMatchObject({ pass: true, detail: expect.stringMatching(/^ImplicitDeny — the set expired at .* every request signed with it is refused \(ExpiredToken\)/) });
  });

  it("is worthless once the clock moves past its expiry", async () => {
    await steal("photos-app");
    await advanceWorkspaceClock(db, "demo", 6 * 3600, "test", new Date());
    expect(await answer(stolen())).toMatchObject({ pass: true, detail: expect.stringMatching(/ExpiredToken/) });
  });

  it("is worthless once the role's older sessions are revoked, while sets issued later work", async () => {
    await steal("photos-app");
    await applyLabStart(db, lab({ start: ["clock advance 1m", ["iam", "put-role-policy", "--role-name", "Get-pics", "--policy-name", "AWSRevokeOlderSessions", "--policy-document", { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*", Condition: { DateLessThan: { "aws:TokenIssueTime": "{{now}}" } } }] }], "clock advance 1m"] }));
    expect(await answer(stolen({ expect: "ExplicitDeny" }))).toMatchObject({ pass: true, detail: expect.stringMatching(/denied by statement 1 of identity-based policy Get-pics\/AWSRevokeOlderSessions/) });
    // The instance's next set is issued after the revocation: it reads.
    await db.roleSession.updateMany({ data: { revokedAt: new Date() } });
    await steal("photos-app");
    expect(await answer(stolen({ set: "latest", expect: "Allow" }))).toMatchObject({ pass: true });
    expect(await answer(stolen({ set: "first" }))).toMatchObject({ pass: true, detail: expect.stringMatching(/was revoked at .*InvalidClientTokenId/) });
  });
});

describe("predict cards", () => {
  const cards = [
    { id: "req", question: "alice passes ops-admin?", request: { principal: "user alice", action: "iam:PassRole", resource: `arn:aws:iam::${a}:role/ops-admin`, context: { "iam:PassedToService": "ec2.amazonaws.com" } } },
    { id: "op", question: "bob launches ops-admin?", operation: "ec2 run-instances --iam-instance-profile Name=ops-admin --as arn:aws:iam::111111111111:user/bob" },
  ];

  it("reveal a request's decision with the layer trace and the deciding statement in words", async () => {
    const reveal = await answerPredictCard(db, lab({ predict: cards }), "req");
    expect(reveal).toMatchObject({ card: "req", decision: "Allow", deciding: ["statement 1 (Sid IamPassRole) of identity-based policy arn:aws:iam::111111111111:policy/ConsoleLaunchWithAnyRole"] });
    expect(reveal.trace.map((l) => l.words)).toEqual([
      "identity-based policy alice/LaunchInstancesAndUseS3: no statement matches this request.",
      "identity-based policy arn:aws:iam::111111111111:policy/ConsoleLaunchWithAnyRole: statement 1 (Sid IamPassRole) allows it.",
    ]);
    expect(predictionIsRight("Allow", reveal)).toBe(true);
    expect(predictionIsRight("Deny", reveal)).toBe(false);
  });

  it("reveal an operation's every check, refused at PassRole, and change nothing", async () => {
    const before = await db.instance.count();
    const reveal = await answerPredictCard(db, lab({ predict: cards }), "op");
    expect(reveal.decision).toBe("ImplicitDeny");
    expect(reveal.operation).toMatchObject({ succeeded: false, checks: [{ action: "ec2:RunInstances", decision: "Allow" }, { action: "ec2:RunInstances", decision: "Allow" }, { action: "iam:PassRole", decision: "ImplicitDeny" }] });
    expect(reveal.nearest?.statement).toBe("statement 2 of identity-based policy arn:aws:iam::111111111111:policy/LaunchWithGetPicsOnly");
    expect(predictionIsRight("Deny", reveal)).toBe(true);
    expect(await db.instance.count()).toBe(before);
  });

  it("refuse a card the lab does not have", async () => {
    await expect(answerPredictCard(db, lab({ predict: cards }), "nope")).rejects.toThrow(/Lab test-lab has no predict card nope \(it has req, op\)/);
  });
});

describe("pass-role-only reaches roles not created yet", () => {
  it("a wildcard that passes the allowed role also passes roles named alike later: the check fails and names one", async () => {
    const wildcard = { Version: "2012-10-17", Statement: [{ Sid: "IamPassRole", Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${a}:role/Get-*`, Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } }] };
    const fixed = lab({
      start: [["iam", "create-policy-version", "--policy-arn", `arn:aws:iam::${a}:policy/ConsoleLaunchWithAnyRole`, "--set-as-default", "--policy-document", wildcard]],
      checks: [{ id: "only", title: "only Get-pics", kind: "pass-role-only", principal: "user alice", roles: ["Get-pics"] }],
    });
    await applyLabStart(db, fixed);
    const report = await checkLab(db, fixed, "w");
    expect(report.checks[0].pass).toBe(false);
    expect(report.checks[0].detail).toMatch(/Get-pics-2/);
  });
});
