// Explanations: which statements applied, why the others did not, the deciding statements, and
// the nearest misses for an implicit deny.
import { describe, expect, it } from "vitest";
import { describeRef } from "../../../lib/policy/explain";
import { ACCOUNT, identity, OTHER, run, SESSION, V } from "./helpers";

const readPhotos = identity("ReadPhotos", [
  { Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "arn:aws:s3:::photos/*" },
  { Sid: "Tagged", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::photos/*", Condition: { StringEquals: { "aws:PrincipalTag/team": "photos" }, IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } },
  { Sid: "Far", Effect: "Allow", Action: "ec2:RunInstances", Resource: "arn:aws:ec2:*:*:instance/*" },
]);

describe("explanations", () => {
  it("are not computed without explain", () => {
    expect(run({ identityPolicies: [readPhotos] }, {}).explanation).toBeUndefined();
  });

  it("say which statement applied, and for the others which element failed", () => {
    const result = run({ identityPolicies: [readPhotos] }, { resource: "arn:aws:s3:::photos/cat.jpg" }, true);
    const [read, tagged, far] = result.explanation!.policies[0].statements;
    expect(read).toMatchObject({ applied: true, failures: [], pointer: "/Statement/0", ref: { sid: "Read", statement: 0 } });
    expect(tagged.applied).toBe(false);
    expect(tagged.failures.map((f) => f.element)).toEqual(["Action", "Condition", "Condition"]);
    expect(tagged.failures[0].message).toBe("Action 's3:PutObject' does not include s3:GetObject");
    expect(far.failures.map((f) => f.element)).toEqual(["Action", "Resource"]);
    expect(far.failures[1].message).toBe("Resource 'arn:aws:ec2:*:*:instance/*' does not match arn:aws:s3:::photos/cat.jpg");
    expect(result.explanation!.summary).toMatch(/^Allow: allowed by statement 1 \(Sid Read\) of identity-based policy ReadPhotos/);
    expect(result.explanation!.deciding).toEqual(result.decisive);
  });

  it("name the failing condition key, operator and both sides' values", () => {
    const result = run(
      { identityPolicies: [readPhotos] },
      { action: "s3:PutObject", resource: "arn:aws:s3:::photos/cat.jpg", context: { "aws:PrincipalTag/team": "billing", "aws:SourceIp": "203.0.113.9" } },
      true,
    );
    expect(result.decision).toBe("ImplicitDeny");
    const miss = result.explanation!.nearestMisses;
    // Read misses only on its Action; Tagged only on its team condition (the IP is inside the range).
    expect(miss.map((s) => s.ref.sid)).toEqual(["Read", "Tagged"]);
    expect(miss[1].failures[0]).toMatchObject({
      element: "Condition",
      operator: "StringEquals",
      key: "aws:PrincipalTag/team",
      policyValues: ["photos"],
      requestValues: ["billing"],
      pointer: "/Statement/1/Condition/StringEquals/aws:PrincipalTag~1team",
      message: "Condition StringEquals on aws:PrincipalTag/team failed: the request has 'billing', which must match one of 'photos'",
    });
  });

  it("list as nearest misses only Allow statements that failed on one element", () => {
    const result = run({ identityPolicies: [readPhotos] }, { action: "s3:DeleteObject", resource: "arn:aws:s3:::photos/cat.jpg" }, true);
    expect(result.explanation!.nearestMisses.map((s) => s.ref.sid)).toEqual(["Read"]);
    expect(result.explanation!.summary).toContain("no identity-based or resource-based policy allows");
  });

  it("describe missing keys, qualifiers, negated operators, Null and resolved variables", () => {
    const doc = identity("C", [
      {
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: {
          "ForAnyValue:StringEquals": { "aws:TagKeys": "team" },
          "ForAllValues:StringLike": { "aws:CalledVia": "cloudformation.*" },
          StringNotEquals: { "aws:RequestedRegion": "us-east-1" },
          Null: { "aws:TokenIssueTime": "true", "aws:MultiFactorAuthAge": "false" },
          StringLike: { "s3:prefix": "home/${aws:username}/*" },
          NumericLessThan: { "s3:max-keys": "10" },
        },
      },
    ]);
    const result = run({ identityPolicies: [doc] }, { context: { "aws:CalledVia": ["athena.amazonaws.com"], "aws:RequestedRegion": "us-east-1", "aws:TokenIssueTime": "x", "s3:prefix": "y", "s3:max-keys": "20" } }, true);
    const messages = result.explanation!.policies[0].statements[0].failures.map((f) => f.message);
    expect(messages).toEqual([
      "Condition ForAnyValue:StringEquals on aws:TagKeys failed: the request has no aws:TagKeys, and ForAnyValue needs at least one value",
      "Condition ForAllValues:StringLike on aws:CalledVia failed: the request has 'athena.amazonaws.com', which must each match one of 'cloudformation.*'",
      "Condition StringNotEquals on aws:RequestedRegion failed: the request has 'us-east-1', which must match none of 'us-east-1'",
      "Condition Null on aws:TokenIssueTime failed: the policy requires the key to be absent, and the request has 'x'",
      "Condition Null on aws:MultiFactorAuthAge failed: the policy requires the key, and the request does not have it",
      "Condition StringLike on s3:prefix failed: the request has 'y', which must match one of 'home/${aws:username}/* (variable not in the request)'",
      "Condition NumericLessThan on s3:max-keys failed: the request has '20', which must match one of '10'",
    ]);
    const present = run({ identityPolicies: [doc] }, { context: { "aws:username": "alice", "s3:prefix": "y" } }, true);
    const like = present.explanation!.policies[0].statements[0].failures.find((f) => f.operator === "StringLike")!;
    expect(like.policyValues).toEqual(["home/alice/*"]);
    const missing = present.explanation!.policies[0].statements[0].failures.find((f) => f.operator === "NumericLessThan")!;
    expect(missing.message).toBe("Condition NumericLessThan on s3:max-keys failed: the request has no s3:max-keys");
  });

  it("explain NotAction, NotResource, Principal and NotPrincipal failures", () => {
    const result = run(
      {
        identityPolicies: [identity("N", [{ Effect: "Allow", NotAction: "s3:*", NotResource: "arn:aws:s3:::bucket/*" }])],
        resourcePolicy: {
          name: "R",
          document: {
            Version: V,
            Statement: [
              { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: "s3:*", Resource: "*" },
              { Effect: "Deny", NotPrincipal: { AWS: [SESSION, ACCOUNT] }, Action: "s3:*", Resource: "*" },
            ],
          },
        },
      },
      { resource: "arn:aws:s3:::bucket/key" },
      true,
    );
    const [n, r] = result.explanation!.policies;
    expect(n.statements[0].failures.map((f) => f.message)).toEqual([
      "NotAction excludes s3:GetObject (it lists 's3:*')",
      "NotResource excludes arn:aws:s3:::bucket/key (it lists 'arn:aws:s3:::bucket/*')",
    ]);
    expect(r.statements[0].failures[0].message).toBe(`Principal 'arn:aws:iam::${OTHER}:root' does not name the caller ${SESSION}`);
    expect(r.statements[1].failures[0].message).toBe(`NotPrincipal '${SESSION}', '${ACCOUNT}' excludes the caller ${SESSION}`);
  });

  it("report how a resource policy named the caller", () => {
    const result = run({ resourcePolicy: { name: "R", document: { Version: V, Statement: [{ Effect: "Allow", Principal: { AWS: SESSION }, Action: "s3:*", Resource: "*" }] } } }, {}, true);
    expect(result.explanation!.policies[0].statements[0].principalMatch).toBe("caller");
    expect(result.explanation!.summary).toMatch(/names the caller itself is not limited/);
  });

  const full = { name: "Full", document: { Version: V, Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };
  const summaries: [string, Parameters<typeof run>[0], Parameters<typeof run>[1], RegExp][] = [
    ["explicit deny", { identityPolicies: [identity("D", [{ Sid: "No", Effect: "Deny", Action: "*", Resource: "*" }])] }, {}, /^ExplicitDeny: .* is denied by statement 1 \(Sid No\) of identity-based policy D/],
    ["SCP level", { identityPolicies: [full], scps: [{ target: "ou-dev", policies: [] }] }, {}, /no SCP attached to ou-dev allows s3:GetObject/],
    ["RCP deny", { identityPolicies: [full], rcps: [{ target: "r-root", policies: [{ name: "NoS3", document: { Version: V, Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] } }] }] }, {}, /^ExplicitDeny: .* is denied by .*NoS3/],
    ["cross-account identity", {}, { resourceAccount: OTHER }, /needs an identity-based policy allowing s3:GetObject/],
    ["cross-account resource", { identityPolicies: [full] }, { resourceAccount: OTHER }, /needs the resource-based policy to allow the caller too/],
    ["boundary", { identityPolicies: [full], permissionsBoundary: { name: "B", document: { Version: V, Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] } } }, {}, /permissions boundary B does not allow/],
    ["session", { identityPolicies: [full], sessionPolicies: [{ name: "S", document: { Version: V, Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] } }] }, {}, /no session policy allows/],
    ["not an IAM identity", {}, { principal: "*" }, /only a resource-based policy can allow it/],
    ["allowed by a resource policy", { resourcePolicy: { name: "Pub", document: { Version: V, Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] } } }, { principal: "*" }, /^Allow: statement 1 of resource-based policy Pub allows it\.$/],
  ];
  it.each(summaries)("summarise: %s", (_name, set, request, summary) => {
    expect(run(set, request, true).explanation!.summary).toMatch(summary);
  });

  it("mark policy types that do not apply to the caller", () => {
    const result = run(
      {
        identityPolicies: [full],
        permissionsBoundary: full,
        sessionPolicies: [full],
        scps: [{ target: "r-root", policies: [full] }],
        rcps: [{ target: "r-root", policies: [{ name: "RFull", document: { Version: V, Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] } }] }],
        resourcePolicy: { name: "Trust", document: { Version: V, Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] } },
      },
      { principal: "ec2.amazonaws.com", action: "sts:AssumeRole", resource: "arn:aws:iam::111111111111:role/x" },
      true,
    );
    expect(result.explanation!.policies.map((p) => [p.kind, p.considered])).toEqual([
      ["identity", false],
      ["resource", true],
      ["boundary", false],
      ["session", false],
      ["scp", false],
      ["rcp", false],
    ]);
    expect(result.explanation!.policies[5].note).toBe("RCPs do not apply to AWS service principals");
  });

  it("describe a statement reference in words", () => {
    expect(describeRef({ policy: "Full", kind: "scp", statement: 2, sid: "X", target: "ou-1" })).toBe("statement 3 (Sid X) of SCP Full attached to ou-1");
  });
});
