// The decision across policy types, per the IAM User Guide:
// "Policy evaluation logic": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// "Cross-account policy evaluation logic": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// "Permissions boundaries for IAM entities": https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// "Session policies": https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
// SCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
// RCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
import { describe, expect, it } from "vitest";
import type { EvaluationRequest, PolicySet } from "../../../lib/policy/evaluate";
import { ACCOUNT, identity, OTHER, refs, ROLE, run, SESSION, USER, V } from "./helpers";

const allowGet = identity("AllowGet", [{ Sid: "Get", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]);
const denyGet = identity("DenyGet", [{ Sid: "NoGet", Effect: "Deny", Action: "s3:GetObject", Resource: "*" }]);
const allowAll = identity("AllowAll", [{ Effect: "Allow", Action: "*", Resource: "*" }]);
const bucketPolicy = (principal: unknown, effect = "Allow") => ({
  name: "BucketPolicy",
  document: { Version: V, Statement: [{ Sid: "Bucket", Effect: effect, Principal: principal, Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" }] },
});
const boundary = (action: string) => ({ name: "Boundary", document: { Version: V, Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] } });
const session = (action: string) => ({ name: "Session", document: { Version: V, Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] } });
const full = { name: "FullAWSAccess", document: { Version: V, Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };
const rcpFull = { name: "RCPFullAWSAccess", document: { Version: V, Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] } };

type Row = [name: string, set: PolicySet, request: Partial<EvaluationRequest>, decision: string, decisive: string[]];

const table: Row[] = [
  // Default and explicit deny
  ["no policy allows: implicit deny by default", {}, {}, "ImplicitDeny", []],
  ["an identity-based Allow allows", { identityPolicies: [allowGet] }, {}, "Allow", ["AllowGet#0"]],
  ["an explicit Deny overrides an Allow", { identityPolicies: [allowGet, denyGet] }, {}, "ExplicitDeny", ["DenyGet#0"]],
  ["a Deny in the resource policy overrides an identity Allow", { identityPolicies: [allowGet], resourcePolicy: bucketPolicy("*", "Deny") }, {}, "ExplicitDeny", ["BucketPolicy#0"]],
  ["a Deny in the permissions boundary is an explicit deny", { identityPolicies: [allowGet], permissionsBoundary: { name: "B", document: { Version: V, Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] } } }, {}, "ExplicitDeny", ["B#0"]],
  ["a Deny in a session policy is an explicit deny", { identityPolicies: [allowGet], sessionPolicies: [{ name: "S", document: { Version: V, Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] } }] }, {}, "ExplicitDeny", ["S#0"]],
  ["every denying statement is listed", { identityPolicies: [denyGet, identity("D2", [{ Effect: "Deny", Action: "s3:*", Resource: "*" }])] }, {}, "ExplicitDeny", ["DenyGet#0", "D2#0"]],

  // Same account: identity or resource policy grants
  ["same account: a resource policy alone grants to the named role", { resourcePolicy: bucketPolicy({ AWS: ROLE }) }, { resource: "arn:aws:s3:::bucket/x" }, "Allow", ["BucketPolicy#0"]],
  ["same account: a resource policy naming the session decides on its own", { identityPolicies: [allowGet], resourcePolicy: bucketPolicy({ AWS: SESSION }) }, { resource: "arn:aws:s3:::bucket/x" }, "Allow", ["BucketPolicy#0"]],
  ["same account: identity and a role-naming resource policy both grant, both listed", { identityPolicies: [allowGet], resourcePolicy: bucketPolicy({ AWS: ROLE }) }, { resource: "arn:aws:s3:::bucket/x" }, "Allow", ["AllowGet#0", "BucketPolicy#0"]],
  ["same account: a resource policy naming only the account delegates to IAM policies", { resourcePolicy: bucketPolicy({ AWS: ACCOUNT }) }, { resource: "arn:aws:s3:::bucket/x" }, "ImplicitDeny", []],
  ["same account: with an identity Allow, the account-wide resource statement adds nothing", { identityPolicies: [allowGet], resourcePolicy: bucketPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }, { resource: "arn:aws:s3:::bucket/x" }, "Allow", ["AllowGet#0"]],
  ["same account: Principal * grants to everyone", { resourcePolicy: bucketPolicy("*") }, { resource: "arn:aws:s3:::bucket/x" }, "Allow", ["BucketPolicy#0"]],
  ["a resource policy naming another role does not apply", { resourcePolicy: bucketPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:role/Other` }) }, { resource: "arn:aws:s3:::bucket/x" }, "ImplicitDeny", []],

  // Boundaries
  ["boundary: identity Allow inside the boundary", { identityPolicies: [allowAll], permissionsBoundary: boundary("s3:Get*") }, {}, "Allow", ["AllowAll#0", "Boundary#0"]],
  ["boundary: identity Allow outside the boundary is implicitly denied", { identityPolicies: [allowAll], permissionsBoundary: boundary("s3:Get*") }, { action: "s3:PutObject" }, "ImplicitDeny", []],
  ["boundary alone grants nothing", { permissionsBoundary: boundary("*") }, {}, "ImplicitDeny", []],
  ["boundary: a same-account resource policy naming the session is not limited", { permissionsBoundary: boundary("ec2:*"), resourcePolicy: bucketPolicy({ AWS: SESSION }) }, { resource: "arn:aws:s3:::bucket/x" }, "Allow", ["BucketPolicy#0"]],
  ["boundary: a same-account resource policy naming the role is limited", { permissionsBoundary: boundary("ec2:*"), resourcePolicy: bucketPolicy({ AWS: ROLE }) }, { resource: "arn:aws:s3:::bucket/x" }, "ImplicitDeny", []],
  ["boundary: a same-account resource policy naming the IAM user is not limited", { permissionsBoundary: boundary("ec2:*"), resourcePolicy: bucketPolicy({ AWS: USER }) }, { principal: USER, resource: "arn:aws:s3:::bucket/x" }, "Allow", ["BucketPolicy#0"]],
  ["boundary: Principal * is limited by the boundary", { permissionsBoundary: boundary("ec2:*"), resourcePolicy: bucketPolicy("*") }, { resource: "arn:aws:s3:::bucket/x" }, "ImplicitDeny", []],
  ["boundary: the root user has no boundary", { permissionsBoundary: boundary("ec2:*") }, { principal: `arn:aws:iam::${ACCOUNT}:root` }, "Allow", []],

  // Session policies
  ["session policy: within the session policy and the role's policies", { identityPolicies: [allowAll], sessionPolicies: [session("s3:GetObject")] }, {}, "Allow", ["AllowAll#0", "Session#0"]],
  ["session policy: outside the session policy", { identityPolicies: [allowAll], sessionPolicies: [session("s3:ListBucket")] }, {}, "ImplicitDeny", []],
  ["session policies together: one allowing is enough", { identityPolicies: [allowAll], sessionPolicies: [session("s3:ListBucket"), { ...session("s3:GetObject"), name: "Session2" }] }, {}, "Allow", ["AllowAll#0", "Session2#0"]],
  ["session policy alone grants nothing", { sessionPolicies: [session("*")] }, {}, "ImplicitDeny", []],
  ["session policy: a resource policy naming the session ARN is not limited", { sessionPolicies: [session("ec2:*")], resourcePolicy: bucketPolicy({ AWS: SESSION }) }, { resource: "arn:aws:s3:::bucket/x" }, "Allow", ["BucketPolicy#0"]],
  ["session policy: a resource policy naming the role ARN is limited", { sessionPolicies: [session("ec2:*")], resourcePolicy: bucketPolicy({ AWS: ROLE }) }, { resource: "arn:aws:s3:::bucket/x" }, "ImplicitDeny", []],

  // Cross-account: both sides must allow
  ["cross-account: identity and resource policy both allow", { identityPolicies: [allowGet], resourcePolicy: bucketPolicy({ AWS: ROLE }) }, { resource: "arn:aws:s3:::bucket/x", resourceAccount: OTHER }, "Allow", ["AllowGet#0", "BucketPolicy#0"]],
  ["cross-account: the resource policy alone is not enough", { resourcePolicy: bucketPolicy({ AWS: SESSION }) }, { resource: "arn:aws:s3:::bucket/x", resourceAccount: OTHER }, "ImplicitDeny", []],
  ["cross-account: the identity policy alone is not enough", { identityPolicies: [allowGet] }, { resource: "arn:aws:s3:::bucket/x", resourceAccount: OTHER }, "ImplicitDeny", []],
  ["cross-account: naming the caller's account is enough on the resource side", { identityPolicies: [allowGet], resourcePolicy: bucketPolicy({ AWS: ACCOUNT }) }, { resource: "arn:aws:s3:::bucket/x", resourceAccount: OTHER }, "Allow", ["AllowGet#0", "BucketPolicy#0"]],
  ["cross-account: the boundary still limits the identity side", { identityPolicies: [allowGet], permissionsBoundary: boundary("ec2:*"), resourcePolicy: bucketPolicy({ AWS: SESSION }) }, { resource: "arn:aws:s3:::bucket/x", resourceAccount: OTHER }, "ImplicitDeny", []],
  ["cross-account: the resource account is read from the resource ARN", { identityPolicies: [identity("Q", [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }])] }, { action: "sqs:SendMessage", resource: `arn:aws:sqs:eu-west-1:${OTHER}:q`, resourceAccount: undefined }, "ImplicitDeny", []],
  ["same account read from the resource ARN", { identityPolicies: [identity("Q", [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }])] }, { action: "sqs:SendMessage", resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:q`, resourceAccount: undefined }, "Allow", ["Q#0"]],
  ["an S3 ARN without resourceAccount counts as the caller's account", { identityPolicies: [allowGet] }, { resourceAccount: undefined }, "Allow", ["AllowGet#0"]],

  // Anonymous and service principals
  ["anonymous: only a resource policy with Principal * can allow", { resourcePolicy: bucketPolicy("*") }, { principal: "*", resource: "arn:aws:s3:::bucket/x" }, "Allow", ["BucketPolicy#0"]],
  ["anonymous: {AWS: *} is the same as *", { resourcePolicy: bucketPolicy({ AWS: "*" }) }, { principal: "*", resource: "arn:aws:s3:::bucket/x" }, "Allow", ["BucketPolicy#0"]],
  ["anonymous: identity policies do not apply", { identityPolicies: [allowAll] }, { principal: "*" }, "ImplicitDeny", []],
  ["anonymous: no resource policy, implicit deny", {}, { principal: "*" }, "ImplicitDeny", []],
  ["service principal: the trust policy lets EC2 assume the role", { resourcePolicy: { name: "Trust", document: { Version: V, Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] } } }, { principal: "ec2.amazonaws.com", action: "sts:AssumeRole", resource: ROLE, resourceAccount: undefined }, "Allow", ["Trust#0"]],
  ["service principal: another service is not trusted", { resourcePolicy: { name: "Trust", document: { Version: V, Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] } } }, { principal: "lambda.amazonaws.com", action: "sts:AssumeRole", resource: ROLE }, "ImplicitDeny", []],
  ["SCPs do not apply to service principals", { resourcePolicy: { name: "Trust", document: { Version: V, Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] } }, scps: [{ target: "r-root", policies: [] }] }, { principal: "ec2.amazonaws.com", action: "sts:AssumeRole", resource: ROLE }, "Allow", ["Trust#0"]],
  ["RCPs do not apply to service principals", { resourcePolicy: { name: "Trust", document: { Version: V, Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] } }, rcps: [{ target: "r-root", policies: [] }] }, { principal: "ec2.amazonaws.com", action: "sts:AssumeRole", resource: ROLE }, "Allow", ["Trust#0"]],
  ["a web identity provider is matched by Federated", { resourcePolicy: { name: "Trust", document: { Version: V, Statement: [{ Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" }] } } }, { principal: "cognito-identity.amazonaws.com", action: "sts:AssumeRoleWithWebIdentity", resource: ROLE }, "Allow", ["Trust#0"]],
  ["a CanonicalUser principal", { resourcePolicy: bucketPolicy({ CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }) }, { principal: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", resource: "arn:aws:s3:::bucket/x" }, "Allow", ["BucketPolicy#0"]],

  // The root user
  ["root user: its own account's resources need no identity policy", {}, { principal: `arn:aws:iam::${ACCOUNT}:root` }, "Allow", []],
  ["root user: an explicit Deny still applies", { resourcePolicy: bucketPolicy({ AWS: ACCOUNT }, "Deny") }, { principal: `arn:aws:iam::${ACCOUNT}:root`, resource: "arn:aws:s3:::bucket/x" }, "ExplicitDeny", ["BucketPolicy#0"]],
  ["root user: cross-account needs the resource policy (no policy can be attached to root, so its identity side allows)", {}, { principal: `arn:aws:iam::${ACCOUNT}:root`, resourceAccount: OTHER }, "ImplicitDeny", []],
  ["root user given as a bare account id", { resourcePolicy: bucketPolicy({ AWS: ACCOUNT }) }, { principal: ACCOUNT, resource: "arn:aws:s3:::bucket/x", resourceAccount: OTHER }, "Allow", ["BucketPolicy#0"]],

  // SCPs: every level must allow; missing or empty means no organization
  ["SCPs: FullAWSAccess at every level", { identityPolicies: [allowGet], scps: [{ target: "r-root", policies: [full] }, { target: ACCOUNT, policies: [full] }] }, {}, "Allow", ["AllowGet#0", "FullAWSAccess#0", "FullAWSAccess#0"]],
  ["SCPs: one level without an allowing statement denies", { identityPolicies: [allowGet], scps: [{ target: "r-root", policies: [full] }, { target: "ou-dev", policies: [{ name: "OnlyEc2", document: { Version: V, Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] } }] }] }, {}, "ImplicitDeny", []],
  ["SCPs: a level with no policies denies", { identityPolicies: [allowGet], scps: [{ target: "r-root", policies: [] }] }, {}, "ImplicitDeny", []],
  ["SCPs: a Deny at any level is an explicit deny", { identityPolicies: [allowGet], scps: [{ target: "r-root", policies: [full, { name: "NoS3", document: { Version: V, Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] } }] }] }, {}, "ExplicitDeny", ["NoS3#0"]],
  ["SCPs grant nothing by themselves", { scps: [{ target: "r-root", policies: [full] }] }, {}, "ImplicitDeny", []],
  ["SCPs: an empty list means no organization", { identityPolicies: [allowGet], scps: [] }, {}, "Allow", ["AllowGet#0"]],
  ["SCPs limit even a same-account resource policy naming the session", { resourcePolicy: bucketPolicy({ AWS: SESSION }), scps: [{ target: "r-root", policies: [{ name: "OnlyEc2", document: { Version: V, Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] } }] }] }, { resource: "arn:aws:s3:::bucket/x" }, "ImplicitDeny", []],
  ["SCPs do not apply to anonymous callers", { resourcePolicy: bucketPolicy("*"), scps: [{ target: "r-root", policies: [] }] }, { principal: "*", resource: "arn:aws:s3:::bucket/x" }, "Allow", ["BucketPolicy#0"]],

  // RCPs: like SCPs, on the resource side; missing or empty means the implicit RCPFullAWSAccess
  ["RCPs: full access at every level", { identityPolicies: [allowGet], rcps: [{ target: "r-root", policies: [rcpFull] }] }, {}, "Allow", ["AllowGet#0", "RCPFullAWSAccess#0"]],
  ["RCPs: a Deny applies to every principal", { identityPolicies: [allowGet], rcps: [{ target: "r-root", policies: [rcpFull, { name: "Perimeter", document: { Version: V, Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-abc" } } }] } }] }] }, {}, "ExplicitDeny", ["Perimeter#0"]],
  ["RCPs: the perimeter lets the organization in", { identityPolicies: [allowGet], rcps: [{ target: "r-root", policies: [rcpFull, { name: "Perimeter", document: { Version: V, Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-abc" } } }] } }] }] }, { context: { "aws:PrincipalOrgID": "o-abc" } }, "Allow", ["AllowGet#0", "RCPFullAWSAccess#0"]],
  ["RCPs: a level without policies still allows, as RCPFullAWSAccess cannot be detached (Organizations: resource control policies)", { identityPolicies: [allowGet], rcps: [{ target: "r-root", policies: [] }] }, {}, "Allow", ["AllowGet#0"]],
  ["RCPs apply to anonymous callers", { resourcePolicy: bucketPolicy("*"), rcps: [{ target: "r-root", policies: [rcpFull, { name: "Tls", document: { Version: V, Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } }] } }] }] }, { principal: "*", resource: "arn:aws:s3:::bucket/x", context: { "aws:SecureTransport": "false" } }, "ExplicitDeny", ["Tls#0"]],
];

describe("policy evaluation logic", () => {
  it.each(table)("%s", (_name, set, request, decision, decisive) => {
    const result = run(set, request);
    expect(result.decision).toBe(decision);
    expect(refs(result)).toEqual(decisive);
  });
});

describe("Principal and NotPrincipal", () => {
  const named = (principal: unknown) => ({ resourcePolicy: bucketPolicy(principal) });
  const req = { resource: "arn:aws:s3:::bucket/x", resourceAccount: OTHER };
  const cases: [string, unknown, Partial<EvaluationRequest>, boolean][] = [
    ["a role ARN names its sessions", { AWS: ROLE }, { principal: SESSION }, true],
    ["a role ARN with a path names its sessions (the session ARN has no path)", { AWS: `arn:aws:iam::${ACCOUNT}:role/service/Get-pics` }, { principal: SESSION }, true],
    ["a role ARN does not name another role's sessions", { AWS: `arn:aws:iam::${ACCOUNT}:role/Other` }, { principal: SESSION }, false],
    ["a role ARN in another account does not match", { AWS: `arn:aws:iam::${OTHER}:role/Get-pics` }, { principal: SESSION }, false],
    ["the session ARN names the session", { AWS: SESSION }, { principal: SESSION }, true],
    ["another session ARN does not", { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/Get-pics/other` }, { principal: SESSION }, false],
    ["an account id names every principal of the account", { AWS: ACCOUNT }, { principal: USER }, true],
    ["a root ARN names every principal of the account", { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { principal: SESSION }, true],
    ["an account id does not name another account", { AWS: OTHER }, { principal: USER }, false],
    ["a user ARN names the user", { AWS: [USER, ROLE] }, { principal: USER }, true],
    ["a federated-user session by its ARN", { AWS: `arn:aws:sts::${ACCOUNT}:federated-user/bob` }, { principal: `arn:aws:sts::${ACCOUNT}:federated-user/bob` }, true],
    ["a role called directly by its ARN", { AWS: ROLE }, { principal: ROLE }, true],
    ["a service principal is not an AWS principal", { AWS: "*" }, { principal: "ec2.amazonaws.com" }, true],
  ];
  it.each(cases)("%s", (_name, principal, request, expected) => {
    const set = { ...named(principal), identityPolicies: [allowGet] };
    expect(run(set, { ...req, ...request }).decision).toBe(expected ? "Allow" : "ImplicitDeny");
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  const notPrincipal = (list: unknown) => ({
    identityPolicies: [allowGet],
    resourcePolicy: { name: "Bucket", document: { Version: V, Statement: [{ Sid: "AllBut", Effect: "Deny", NotPrincipal: list, Action: "s3:*", Resource: "*" }] } },
  });
  const npCases: [string, unknown, string, string][] = [
    ["NotPrincipal Deny spares a session listed with its account", { AWS: [SESSION, `arn:aws:iam::${ACCOUNT}:root`] }, SESSION, "Allow"],
    ["NotPrincipal Deny hits a session listed without its account", { AWS: [SESSION] }, SESSION, "ExplicitDeny"],
    ["NotPrincipal Deny hits a session when only the role ARN is listed", { AWS: [ROLE, ACCOUNT] }, SESSION, "ExplicitDeny"],
    ["NotPrincipal Deny spares a user listed with its account", { AWS: [USER, ACCOUNT] }, USER, "Allow"],
    ["NotPrincipal Deny hits everyone else", { AWS: [USER, ACCOUNT] }, `arn:aws:iam::${ACCOUNT}:user/bob`, "ExplicitDeny"],
    ["NotPrincipal Deny spares the root user when its account is listed", { AWS: ACCOUNT }, `arn:aws:iam::${ACCOUNT}:root`, "Allow"],
    ["NotPrincipal * excludes everyone", "*", USER, "Allow"],
    ["NotPrincipal Deny spares a listed service", { Service: "ec2.amazonaws.com" }, "ec2.amazonaws.com", "ImplicitDeny"],
    ["NotPrincipal Deny hits an unlisted service", { Service: "ec2.amazonaws.com" }, "lambda.amazonaws.com", "ExplicitDeny"],
  ];
  it.each(npCases)("%s", (_name, list, principal, decision) => {
    expect(run(notPrincipal(list), { principal, resource: "arn:aws:s3:::bucket/x" }).decision).toBe(decision);
  });

  it("NotPrincipal with Allow grants to everyone not listed", () => {
    const set = { resourcePolicy: { name: "B", document: { Version: V, Statement: [{ Effect: "Allow", NotPrincipal: { AWS: USER }, Action: "s3:GetObject", Resource: "*" }] } } };
    expect(run(set, { principal: "*" }).decision).toBe("Allow");
    expect(run(set, { principal: USER }).decision).toBe("Allow"); // the user is listed but its account is not, so not excluded
  });
});
