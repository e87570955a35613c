/**
 * Effective-permission summaries, as the console's policy summary reads them: Full, Limited or
 * None per service and access level.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { describe, expect, it } from "vitest";
import { listServiceActions } from "../../../lib/catalog/actions";
import { findManagedPolicy } from "../../../lib/catalog/managed-policies";
import { compilePolicySet, evaluateRequest, type PolicySet } from "../../../lib/policy/evaluate";
import { effectiveGrants, summarizePolicySet, summaryStatus, type PermissionsSummary } from "../../../lib/policy/summary";
import { diffSummaries } from "../../../lib/policy/summary-diff";
import { actionIndex } from "../../../lib/catalog/action-index";
import { gatingPolicy, needsNoPermission } from "../../../lib/policy/request-rules";

const V = "2012-10-17";

/** Seed: role abcd's permissions (account 111111111111). */
const ABCD = {
  Version: V,
  Statement: [
    {
      Sid: "AllowAccountLevelS3Actions",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:GetAccountPublicAccessBlock", "s3:ListAccessPoints", "s3:ListAllMyBuckets"],
      Resource: "arn:aws:s3:::*",
    },
    {
      Sid: "AllowListAndReadS3ActionOnMyBucket",
      Effect: "Allow",
      Action: ["s3:Get*", "s3:List*"],
      Resource: ["arn:aws:s3:::amzn-s3-demo-bucket1/*", "arn:aws:s3:::amzn-s3-demo-bucket1"],
    },
    { Sid: "AllowIPToAssumeCrossAccountRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/efgh" },
  ],
};
/** Seed: role efgh's permissions: abcd's first two statements on bucket2. */
const EFGH = {
  Version: V,
  Statement: [
    ABCD.Statement[0],
    { ...ABCD.Statement[1], Resource: ["arn:aws:s3:::amzn-s3-demo-bucket2/*", "arn:aws:s3:::amzn-s3-demo-bucket2"] },
  ],
};
/** Seed: console launch with any role, PassRole limited to EC2. */
const CONSOLE_LAUNCH = {
  Version: V,
  Statement: [
    { Sid: "IamPassRole", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } },
    { Sid: "ListEc2AndListInstanceProfiles", Effect: "Allow", Action: ["iam:ListInstanceProfiles", "ec2:Describe*", "ec2:Search*", "ec2:Get*"], Resource: "*" },
  ],
};
/** Seed: launch with one specific role only. */
const ONE_ROLE = {
  Version: V,
  Statement: [
    { Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" },
    { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::account-id:role/Get-pics" },
  ],
};
const ADMIN = { Version: V, Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

const identity = (...documents: unknown[]): PolicySet => ({ identityPolicies: documents.map((document, i) => ({ name: `p${i}`, document })) });
const summarize = (set: PolicySet) => summarizePolicySet(set);
const level = (summary: PermissionsSummary, service: string, name: string) =>
  summary.services.find((s) => s.service === service)?.levels.find((l) => l.level === name);

describe("seed role abcd: read-only on bucket1, AssumeRole on efgh", () => {
  const summary = summarize(identity(ABCD));
  it.each([
    ["s3", "List", "Limited"],
    ["s3", "Read", "Limited"],
    ["s3", "Write", "None"],
    ["s3", "Permissions management", "None"],
    ["s3", "Tagging", "None"],
    ["sts", "Write", "Limited"],
    ["sts", "Read", "None"],
    ["iam", "Write", "None"],
    ["ec2", "List", "None"],
  ] as const)("%s %s is %s", (service, name, status) => {
    expect(summaryStatus(summary, service, name)).toBe(status);
  });
  it("lists only the services it touches, both Limited", () => {
    expect(summary.services.map((s) => [s.service, s.status])).toEqual([
      ["s3", "Limited"],
      ["sts", "Limited"],
    ]);
  });
  it("says which resources limit S3 Read", () => {
    expect(level(summary, "s3", "Read")?.resources).toEqual(
      expect.arrayContaining(["arn:aws:s3:::amzn-s3-demo-bucket1/*", "arn:aws:s3:::amzn-s3-demo-bucket1"]),
    );
    expect(level(summary, "sts", "Write")).toEqual(expect.objectContaining({ allowed: 1, full: 0, resources: ["arn:aws:iam::222222222222:role/efgh"] }));
  });
});

describe("other seed policies", () => {
  it("efgh has no STS access", () => {
    const summary = summarize(identity(EFGH));
    expect(summaryStatus(summary, "sts")).toBe("None");
    expect(summaryStatus(summary, "s3", "Read")).toBe("Limited");
  });
  it("console launch: PassRole only under iam:PassedToService", () => {
    const summary = summarize(identity(CONSOLE_LAUNCH));
    expect(level(summary, "iam", "Write")).toEqual(expect.objectContaining({ status: "Limited", allowed: 1, conditionKeys: ["iam:PassedToService"] }));
    expect(summaryStatus(summary, "iam", "List")).toBe("Limited");
    expect(summaryStatus(summary, "ec2", "Write")).toBe("None");
    expect(summaryStatus(summary, "ec2", "List")).not.toBe("None");
  });
  it("one role: ec2:RunInstances on every resource is one Write action of many", () => {
    const summary = summarize(identity(ONE_ROLE));
    expect(level(summary, "ec2", "Write")).toEqual(expect.objectContaining({ status: "Limited", allowed: 1, full: 1 }));
    expect(level(summary, "iam", "Write")).toEqual(expect.objectContaining({ status: "Limited", resources: ["arn:aws:iam::account-id:role/Get-pics"] }));
  });
});

describe("policy set rules (evaluation logic: boundaries, SCPs, explicit deny)", () => {
  it("an admin policy is Full for every service and level", () => {
    const summary = summarize(identity(ADMIN));
    expect(summary.services).toHaveLength(actionIndex().services.length);
    expect(summary.services.every((s) => s.status === "Full" && s.levels.every((l) => l.status === "Full"))).toBe(true);
  });
  it("AWS-managed AdministratorAccess is Full everywhere too", () => {
    const summary = summarize(identity(findManagedPolicy("arn:aws:iam::aws:policy/AdministratorAccess")!.document));
    expect(summary.services.every((s) => s.status === "Full")).toBe(true);
  });
  it("ReadOnlyAccess grants no S3 Write", () => {
    const summary = summarize(identity(findManagedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess")!.document));
    expect(summaryStatus(summary, "s3", "Write")).toBe("None");
    expect(summaryStatus(summary, "s3", "Read")).not.toBe("None");
  });
  it("a permissions boundary caps an admin policy", () => {
    const summary = summarize({ ...identity(ADMIN), permissionsBoundary: { name: "b", document: { Version: V, Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] } } });
    expect(summary.services.map((s) => [s.service, s.status])).toEqual([["s3", "Full"]]);
  });
  it("a boundary allowing only bucket1 makes S3 Limited", () => {
    const summary = summarize({ ...identity(ADMIN), permissionsBoundary: { name: "b", document: { Version: V, Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b1/*" }] } } });
    expect(summaryStatus(summary, "s3")).toBe("Limited");
  });
  it("an unconditional Deny on * removes the service", () => {
    const summary = summarize(identity(ADMIN, { Version: V, Statement: [{ Effect: "Deny", Action: "iam:*", Resource: "*" }] }));
    expect(summaryStatus(summary, "iam")).toBe("None");
    expect(summaryStatus(summary, "s3")).toBe("Full");
  });
  it("a conditional Deny only limits", () => {
    const deny = { Version: V, Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] };
    expect(summaryStatus(summarize(identity(ADMIN, deny)), "s3", "Read")).toBe("Limited");
  });
  it("every SCP level must allow", () => {
    const summary = summarize({
      ...identity(ADMIN),
      scps: [
        { target: "r-root", policies: [{ name: "FullAWSAccess", document: ADMIN }] },
        { target: "ou-dev", policies: [{ name: "ec2-only", document: { Version: V, Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] } }] },
      ],
    });
    expect(summary.services.map((s) => s.service)).toEqual(["ec2"]);
  });
  it("session policies limit like a boundary", () => {
    const summary = summarize({ ...identity(ABCD), sessionPolicies: [{ name: "s", document: { Version: V, Statement: [{ Effect: "Allow", Action: "sts:*", Resource: "*" }] } }] });
    expect(summary.services.map((s) => s.service)).toEqual(["sts"]);
  });
  it("Allow with NotAction grants everything else", () => {
    const summary = summarize(identity({ Version: V, Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] }));
    expect(summaryStatus(summary, "iam")).toBe("None");
    expect(summaryStatus(summary, "ec2")).toBe("Full");
  });
});

describe("diffSummaries", () => {
  it("abcd → efgh loses STS Write", () => {
    const changes = diffSummaries(summarize(identity(ABCD)), summarize(identity(EFGH)));
    expect(changes).toContainEqual(expect.objectContaining({ service: "sts", level: "Write", before: "Limited", after: "None", change: "lost" }));
    // Same actions on another bucket: the resources changed, not the access.
    expect(changes.find((c) => c.service === "s3" && c.level === "Read")?.change).toBe("changed");
  });
  it("adding s3:PutObject gains S3 Write", () => {
    const plus = { Version: V, Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket1/*" }] };
    const changes = diffSummaries(summarize(identity(ABCD)), summarize(identity(ABCD, plus)));
    expect(changes).toEqual([expect.objectContaining({ service: "s3", level: "Write", before: "None", after: "Limited", allowedBefore: 0, allowedAfter: 1, change: "gained" })]);
  });
  it("no change, no entries", () => {
    expect(diffSummaries(summarize(identity(ABCD)), summarize(identity(ABCD)))).toEqual([]);
  });
});

/**
 * The summary is a statement-level pass; it must agree with the evaluator. For every action of a
 * few services: None → the evaluator never allows it, on any resource the policies name or on an
 * unrelated one; Full → it allows it on an unrelated resource with no context.
 */
describe("agreement with evaluateRequest", () => {
  const principal = "arn:aws:sts::111111111111:assumed-role/abcd/i-0abc";
  const concrete = (pattern: string) => pattern.replace(/\*/g, "x").replace(/\?/g, "x");
  const sets: [string, PolicySet][] = [
    ["abcd", identity(ABCD)],
    ["console launch", identity(CONSOLE_LAUNCH)],
    ["one role", identity(ONE_ROLE)],
    ["admin minus iam", identity(ADMIN, { Version: V, Statement: [{ Effect: "Deny", Action: "iam:*", Resource: "*" }] })],
    ["admin in an s3 boundary", { ...identity(ADMIN), permissionsBoundary: { name: "b", document: { Version: V, Statement: [{ Effect: "Allow", Action: ["s3:Get*", "sts:*"], Resource: "*" }] } } }],
    ["NotAction", identity({ Version: V, Statement: [{ Effect: "Allow", NotAction: ["iam:*", "s3:Put*"], Resource: "*" }] })],
    ["NotResource", identity({ Version: V, Statement: [{ Effect: "Allow", Action: ["s3:*", "sts:*"], NotResource: "arn:aws:s3:::secret/*" }, { Effect: "Allow", Action: "iam:*", NotResource: "*" }] })],
  ];
  it.each(sets)("%s", (_name, set) => {
    const compiled = compilePolicySet(set);
    const grants = effectiveGrants(compiled);
    const index = actionIndex();
    const documents = [...(set.identityPolicies ?? []), ...(set.permissionsBoundary ? [set.permissionsBoundary] : [])];
    const named = documents.flatMap((p) => (p.document as typeof ADMIN).Statement.flatMap((s) => [(s as { Resource?: string | string[] }).Resource ?? []].flat()));
    const resources = [...new Set(named.map(concrete)), "arn:aws:s3:::unrelated-bucket/key", "arn:aws:iam::111111111111:role/other"];
    const conditional = JSON.stringify(set).includes('"Condition"');
    let checked = 0;
    for (const service of ["s3", "sts", "iam", "ec2"]) {
      for (const action of listServiceActions(service)) {
        const grant = grants[index.byLowerId.get(action.id.toLowerCase())!];
        // The summary is the identity side's answer: requests that need no permission, and those a
        // role's trust policy or a key policy must also allow, are decided beyond it.
        if (needsNoPermission(action.id.toLowerCase())) continue;
        const decide = (resource: string) =>
          gatingPolicy(action.id.toLowerCase(), resource) !== undefined
            ? "Skipped"
            : evaluateRequest(compiled, { principal, action: action.id, resource, resourceAccount: "111111111111" }).decision;
        if (grant === 0) for (const resource of resources) expect(decide(resource), `${action.id} on ${resource}`).not.toBe("Allow");
        if (grant === 2) expect(decide("arn:aws:s3:::unrelated-bucket/key"), action.id).toBe("Allow");
        // Limited without conditions: some resource the policies name is allowed.
        if (grant === 1 && !conditional) expect(resources.some((r) => decide(r) === "Allow" || decide(r) === "Skipped"), action.id).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe("summaries show what is denied", () => {
  it("a Deny carve-out is counted and named on its access level", () => {
    const summary = summarizePolicySet({
      identityPolicies: [
        { name: "p", document: { Version: V, Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }, { Effect: "Deny", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::photos/*" }] } },
      ],
    });
    const write = summary.services.find((s) => s.service === "s3")!.levels.find((l) => l.level === "Write")!;
    expect(write.denied).toBe(1);
    expect(write.deniedResources).toEqual(["arn:aws:s3:::photos/*"]);
    const read = summary.services.find((s) => s.service === "s3")!.levels.find((l) => l.level === "Read")!;
    expect(read.denied).toBe(0);
    expect(read.deniedResources).toEqual([]);
  });
});
