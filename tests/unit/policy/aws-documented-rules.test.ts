// Rules of the AWS evaluation logic that depend on what is asked, pinned to the pages that state
// them. Each block names its page; each row is one documented case.
import { describe, expect, it } from "vitest";
import type { EvaluationRequest, PolicySet } from "../../../lib/policy/evaluate";
import { ACCOUNT, identity, OTHER, refs, run, SESSION, USER, V } from "./helpers";

type Row = [name: string, set: PolicySet, request: Partial<EvaluationRequest>, decision: string, decisive: string[]];

function check(rows: Row[]) {
  it.each(rows)("%s", (_name, set, request, decision, decisive) => {
    const result = run(set, request, true);
    expect(result.decision).toBe(decision);
    expect(refs(result)).toEqual(decisive);
    expect(result.explanation!.summary.startsWith(decision)).toBe(true);
  });
}

const TARGET_ROLE = `arn:aws:iam::${ACCOUNT}:role/ops-admin`;
const OTHER_ROLE = `arn:aws:iam::${OTHER}:role/efgh`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const assume = (resource = TARGET_ROLE, action = "sts:AssumeRole"): Partial<EvaluationRequest> => ({ action, resource, resourceAccount: undefined });
const allowAssume = identity("AllowAssume", [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }]);
const allowSts = identity("AllowSts", [{ Effect: "Allow", Action: "sts:*", Resource: "*" }]);
const allowKms = identity("AllowKms", [{ Effect: "Allow", Action: "kms:*", Resource: "*" }]);
const trust = (principal: unknown, action: string | string[] = "sts:AssumeRole") => ({
  name: "Trust",
  document: { Version: V, Statement: [{ Effect: "Allow", Principal: principal, Action: action }] },
});
const keyPolicy = (principal: unknown) => ({
  name: "KeyPolicy",
  document: { Version: V, Statement: [{ Effect: "Allow", Principal: principal, Action: "kms:*", Resource: "*" }] },
});

describe("role trust policies must allow the caller themselves (IAM User Guide, Policy evaluation logic: role trust policies and KMS key policies are exceptions)", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_compare-resource-policies.html
  check([
    ["same account: an identity Allow without any trust policy grants nothing", { identityPolicies: [allowAssume] }, assume(), "ImplicitDeny", []],
    ["same account: an identity Allow with a trust naming someone else grants nothing", { identityPolicies: [allowAssume], resourcePolicy: trust({ Service: "ec2.amazonaws.com" }) }, assume(), "ImplicitDeny", []],
    ["same account: a trust naming the caller's role grants without identity policy", { resourcePolicy: trust({ AWS: `arn:aws:iam::${ACCOUNT}:role/Get-pics` }) }, assume(), "Allow", ["Trust#0"]],
    ["same account: a trust naming the user grants without identity policy", { resourcePolicy: trust({ AWS: USER }) }, { ...assume(), principal: USER }, "Allow", ["Trust#0"]],
    ["same account: a trust naming the account delegates: identity must allow too (it does not)", { resourcePolicy: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }, assume(), "ImplicitDeny", []],
    ["same account: a trust naming the account id delegates: identity allows", { identityPolicies: [allowAssume], resourcePolicy: trust({ AWS: ACCOUNT }) }, assume(), "Allow", ["AllowAssume#0"]],
    ["cross-account: trust names the account and identity allows", { identityPolicies: [allowAssume], resourcePolicy: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }, assume(OTHER_ROLE), "Allow", ["AllowAssume#0", "Trust#0"]],
    ["cross-account: identity allows, no trust policy given", { identityPolicies: [allowAssume] }, assume(OTHER_ROLE), "ImplicitDeny", []],
    ["sts:TagSession on a role is gated by the trust policy too", { identityPolicies: [allowSts], resourcePolicy: trust({ AWS: USER }) }, assume(TARGET_ROLE, "sts:TagSession"), "ImplicitDeny", []],
    ["sts:TagSession allowed by the trust", { identityPolicies: [allowSts], resourcePolicy: trust({ AWS: `arn:aws:iam::${ACCOUNT}:role/Get-pics` }, ["sts:AssumeRole", "sts:TagSession"]) }, assume(TARGET_ROLE, "sts:TagSession"), "Allow", ["AllowSts#0", "Trust#0"]],
    ["sts:SetSourceIdentity on a role is gated by the trust policy", { identityPolicies: [allowSts] }, assume(TARGET_ROLE, "sts:SetSourceIdentity"), "ImplicitDeny", []],
    ["sts:AssumeRoleWithWebIdentity is gated by the trust policy", { identityPolicies: [allowSts] }, assume(TARGET_ROLE, "sts:AssumeRoleWithWebIdentity"), "ImplicitDeny", []],
    ["sts:AssumeRole on a non-role resource is not gated (no trust exists)", { identityPolicies: [allowAssume] }, { action: "sts:AssumeRole", resource: "*", resourceAccount: ACCOUNT }, "Allow", ["AllowAssume#0"]],
    ["an explicit Deny in the trust still wins", { identityPolicies: [allowAssume], resourcePolicy: { name: "Trust", document: { Version: V, Statement: [{ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }] } } }, assume(), "ExplicitDeny", ["Trust#0"]],
  ]);
});

describe("the root user cannot assume a role (STS API Reference, AssumeRole)", () => {
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
  check([
    ["root: a trust naming the account does not let the root user assume", { resourcePolicy: trust({ AWS: ACCOUNT }) }, { ...assume(), principal: `arn:aws:iam::${ACCOUNT}:root` }, "ImplicitDeny", []],
  ]);
});

describe("KMS key policies must allow the principal or delegate to its account (AWS KMS Developer Guide, Key policies)", () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
  const decrypt: Partial<EvaluationRequest> = { action: "kms:Decrypt", resource: KEY, resourceAccount: undefined };
  check([
    ["identity Allow without a key policy grants nothing", { identityPolicies: [allowKms] }, decrypt, "ImplicitDeny", []],
    ["identity Allow with a key policy naming another principal grants nothing", { identityPolicies: [allowKms], resourcePolicy: keyPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` }) }, decrypt, "ImplicitDeny", []],
    ["a key policy naming the account enables IAM policies: identity allows", { identityPolicies: [allowKms], resourcePolicy: keyPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }, decrypt, "Allow", ["AllowKms#0"]],
    ["a key policy naming the account, no identity policy", { resourcePolicy: keyPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }, decrypt, "ImplicitDeny", []],
    ["a key policy naming the role grants alone", { resourcePolicy: keyPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:role/Get-pics` }) }, decrypt, "Allow", ["KeyPolicy#0"]],
    ["kms actions on '*' (ListKeys) need no key policy", { identityPolicies: [allowKms] }, { action: "kms:ListKeys", resource: "*", resourceAccount: ACCOUNT }, "Allow", ["AllowKms#0"]],
  ]);
});

describe("sts:GetCallerIdentity needs no permission and cannot be denied (STS API Reference, GetCallerIdentity)", () => {
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
  const call: Partial<EvaluationRequest> = { action: "sts:GetCallerIdentity", resource: "*" };
  check([
    ["no policy at all", {}, call, "Allow", []],
    ["an explicit Deny of sts:* does not apply", { identityPolicies: [identity("DenySts", [{ Effect: "Deny", Action: "*", Resource: "*" }])] }, call, "Allow", []],
    ["an SCP denying everything does not apply", { scps: [{ target: "r-root", policies: [identity("DenyAll", [{ Effect: "Deny", Action: "*", Resource: "*" }])] }] }, call, "Allow", []],
  ]);
});

const denyRcp = (action: string) => ({ target: "r-root", policies: [{ name: "DenyRcp", document: { Version: V, Statement: [{ Effect: "Deny", Principal: "*", Action: action, Resource: "*" }] } }] });
const allowAll = identity("AllowAll", [{ Effect: "Allow", Action: "*", Resource: "*" }]);

describe("RCPs apply only to the services that support them (AWS Organizations User Guide, Resource control policies)", () => {
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
  // https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html
  check([
    ["an RCP deny reaches s3", { identityPolicies: [allowAll], rcps: [denyRcp("*")] }, {}, "ExplicitDeny", ["DenyRcp#0"]],
    ["an RCP deny of * does not reach ec2", { identityPolicies: [allowAll], rcps: [denyRcp("*")] }, { action: "ec2:RunInstances", resource: "*" }, "Allow", ["AllowAll#0"]],
    ["an RCP deny of * does not reach iam", { identityPolicies: [allowAll], rcps: [denyRcp("*")] }, { action: "iam:PassRole", resource: `arn:aws:iam::${ACCOUNT}:role/x` }, "Allow", ["AllowAll#0"]],
    ["an RCP deny reaches sqs", { identityPolicies: [allowAll], rcps: [denyRcp("*")] }, { action: "sqs:SendMessage", resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q` }, "ExplicitDeny", ["DenyRcp#0"]],
    ["kms:RetireGrant is not affected by RCPs", { identityPolicies: [allowAll], rcps: [denyRcp("*")] }, { action: "kms:RetireGrant", resource: "*" }, "Allow", ["AllowAll#0"]],
  ]);
});

describe("NotPrincipal with Deny always denies a principal that has a permissions boundary (IAM User Guide, NotPrincipal)", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  const notPrincipalDeny = {
    name: "BucketPolicy",
    document: { Version: V, Statement: [{ Effect: "Deny", NotPrincipal: { AWS: [SESSION, `arn:aws:iam::${ACCOUNT}:root`] }, Action: "s3:*", Resource: "*" }] },
  };
  const boundaryAll = { name: "Boundary", document: { Version: V, Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };
  check([
    ["without a boundary, the listed session is excluded from the Deny", { identityPolicies: [allowAll], resourcePolicy: notPrincipalDeny }, {}, "Allow", ["AllowAll#0"]],
    ["with a boundary, the Deny applies whatever NotPrincipal lists", { identityPolicies: [allowAll], permissionsBoundary: boundaryAll, resourcePolicy: notPrincipalDeny }, {}, "ExplicitDeny", ["BucketPolicy#0"]],
  ]);
});

describe("Principal * with an aws:PrincipalArn condition is not limited by boundaries or session policies (IAM User Guide, Principal: IAM role principals)", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
  const byArn = (operator = "ArnEquals") => ({
    name: "BucketPolicy",
    document: { Version: V, Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*", Condition: { [operator]: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/Get-pics` } } }] },
  });
  const boundaryEc2 = { name: "Boundary", document: { Version: V, Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] } };
  const sessionEc2 = { name: "Session", document: { Version: V, Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] } };
  const ctx = { context: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/Get-pics` } };
  check([
    ["boundary does not limit it", { permissionsBoundary: boundaryEc2, resourcePolicy: byArn() }, ctx, "Allow", ["BucketPolicy#0"]],
    ["session policy does not limit it", { sessionPolicies: [sessionEc2], resourcePolicy: byArn("ArnLike") }, ctx, "Allow", ["BucketPolicy#0"]],
    ["an explicit Deny in the boundary still applies", { permissionsBoundary: { name: "Boundary", document: { Version: V, Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] } }, resourcePolicy: byArn() }, ctx, "ExplicitDeny", ["Boundary#0"]],
    ["a negated condition (ArnNotEquals) is still limited by the boundary", { permissionsBoundary: boundaryEc2, resourcePolicy: byArn("ArnNotEquals") }, { context: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/Other` } }, "ImplicitDeny", []],
    ["cross-account it still needs the identity side", { permissionsBoundary: boundaryEc2, resourcePolicy: byArn() }, { ...ctx, resourceAccount: OTHER }, "ImplicitDeny", []],
  ]);
  it("the explanation says how the caller was matched", () => {
    const result = run({ permissionsBoundary: boundaryEc2, resourcePolicy: byArn() }, ctx, true);
    const statement = result.explanation!.policies.find((p) => p.kind === "resource")!.statements[0];
    expect(statement.principalMatch).toBe("principal-arn-condition");
  });
});

describe("SCPs and RCPs do not limit service-linked roles (AWS Organizations User Guide, SCPs)", () => {
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html ("SCPs don't affect service-linked roles")
  const denyAllScp = { scps: [{ target: "r-root", policies: [identity("DenyAll", [{ Effect: "Deny", Action: "*", Resource: "*" }])] }] };
  const slrRole = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`;
  const slrSession = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForElasticLoadBalancing/ElasticLoadBalancing`;
  check([
    ["an ordinary role is denied by the SCP", { identityPolicies: [allowAll], ...denyAllScp }, {}, "ExplicitDeny", ["DenyAll#0"]],
    ["a service-linked role (path /aws-service-role/) is not", { identityPolicies: [allowAll], ...denyAllScp }, { principal: slrRole }, "Allow", ["AllowAll#0"]],
    ["a service-linked role's session is not", { identityPolicies: [allowAll], ...denyAllScp }, { principal: slrSession }, "Allow", ["AllowAll#0"]],
    ["nor does an RCP deny it", { identityPolicies: [allowAll], rcps: [denyRcp("*")] }, { principal: slrSession }, "Allow", ["AllowAll#0"]],
    ["an SCP level that allows nothing does not stop it either", { identityPolicies: [allowAll], scps: [{ target: "r-root", policies: [] }] }, { principal: slrRole }, "Allow", ["AllowAll#0"]],
  ]);
});
