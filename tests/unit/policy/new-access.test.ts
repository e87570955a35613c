/**
 * "Does this change grant new access?": what a draft policy set allows that the saved one does
 * not, action by action with the draft's resource patterns. Narrowing never reads as new access;
 * widening a resource, dropping a condition or a Deny, or widening a boundary always does.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { describe, expect, it } from "vitest";
import { actionIndex } from "../../../lib/catalog/action-index";
import { compilePolicySet, type NamedPolicy, type PolicySet } from "../../../lib/policy/evaluate";
import { findNewAccess } from "../../../lib/policy/new-access";

const V = "2012-10-17";
const policy = (name: string, statements: unknown[], version: string | undefined = V): NamedPolicy => ({ name, document: { ...(version ? { Version: version } : {}), Statement: statements } });
const allow = (action: string | string[], resource: string | string[], extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action: action, Resource: resource, ...extra });
const deny = (action: string | string[], resource: string | string[], extra: Record<string, unknown> = {}) => ({ Effect: "Deny", Action: action, Resource: resource, ...extra });

/** New access when the role's one identity policy goes from `saved` to `draft` statements. */
function newAccess(saved: unknown[], draft: unknown[], around: Omit<PolicySet, "identityPolicies"> = {}, limit?: number) {
  const before = compilePolicySet({ ...around, identityPolicies: [policy("p", saved)] });
  const after = compilePolicySet({ ...around, identityPolicies: [policy("p", draft)] });
  return findNewAccess(before, after, { limit });
}

const PHOTOS = "arn:aws:s3:::photos";
const onlyIf = (condition: unknown) => ({ Condition: condition });

describe("resource patterns: narrowing is never new access, widening always is", () => {
  it.each([
    ["a bucket's objects narrowed to one object", `${PHOTOS}/*`, `${PHOTOS}/cat.jpg`],
    ["every resource narrowed to one ARN", "*", `${PHOTOS}/cat.jpg`],
    ["every resource narrowed to a prefix", "*", `${PHOTOS}/2026/*`],
    ["one object kept", `${PHOTOS}/cat.jpg`, `${PHOTOS}/cat.jpg`],
    ["a ? narrowed to a letter", `${PHOTOS}/?.jpg`, `${PHOTOS}/a.jpg`],
    ["a * narrowed to a ?", `${PHOTOS}/*`, `${PHOTOS}/?`],
    ["a * narrowed to a pattern of * and ?", `${PHOTOS}/*`, `${PHOTOS}/a*b?c*`],
    ["** read as *", `${PHOTOS}/**`, `${PHOTOS}/x/*`],
    ["*? and ?* are the same set", `${PHOTOS}/*?`, `${PHOTOS}/?*`],
    ["a wildcard account narrowed to one", "arn:aws:iam::*:role/app-*", "arn:aws:iam::111111111111:role/app-web"],
    ["any bucket narrowed to one", "arn:aws:s3:::*", PHOTOS],
  ])("%s: %s → %s", (_, saved, draft) => {
    expect(newAccess([allow("s3:GetObject", saved)], [allow("s3:GetObject", draft)])).toEqual({ actions: [], count: 0 });
  });

  it.each([
    ["one object widened to the bucket's objects", `${PHOTOS}/cat.jpg`, `${PHOTOS}/*`],
    ["one ARN widened to every resource", `${PHOTOS}/cat.jpg`, "*"],
    ["a ? cannot cover a *", `${PHOTOS}/?`, `${PHOTOS}/*`],
    ["a ? cannot cover two characters", `${PHOTOS}/?`, `${PHOTOS}/??`],
    ["another bucket", `${PHOTOS}/*`, "arn:aws:s3:::photos-archive/*"],
    ["a prefix is not its bucket", `${PHOTOS}/*`, PHOTOS],
    // Whole-text matching would let the saved `*` span "111111111111:222"; ARN fields never do.
    ["a wildcard never spans ARN fields", "arn:aws:iam::*:role/x", "arn:aws:iam::111111111111:222:role/x"],
    ["a service wildcard is not every resource", "arn:aws:s3:::*", "*"],
  ])("%s: %s → %s", (_, saved, draft) => {
    expect(newAccess([allow("s3:GetObject", saved)], [allow("s3:GetObject", draft)])).toEqual({ actions: [{ action: "s3:GetObject", resources: [draft] }], count: 1 });
  });

  it("names every newly allowed action with only the draft patterns not already allowed", () => {
    const result = newAccess(
      [allow("s3:GetObject", `${PHOTOS}/*`)],
      [allow(["s3:GetObject", "s3:PutObject"], [`${PHOTOS}/*`, "arn:aws:s3:::docs/*"])],
    );
    expect(result).toEqual({
      actions: [
        { action: "s3:GetObject", resources: ["arn:aws:s3:::docs/*"] },
        { action: "s3:PutObject", resources: [`${PHOTOS}/*`, "arn:aws:s3:::docs/*"] },
      ],
      count: 2,
    });
  });

  it("reports the widest of several new patterns for one action once", () => {
    const result = newAccess([], [allow("s3:GetObject", `${PHOTOS}/cat.jpg`), allow("s3:GetObject", `${PHOTOS}/*`)]);
    expect(result.actions).toEqual([{ action: "s3:GetObject", resources: [`${PHOTOS}/*`] }]);
  });

  it("moves a grant between statements without new access", () => {
    expect(newAccess([allow(["s3:GetObject", "s3:ListBucket"], ["*"])], [allow("s3:ListBucket", PHOTOS), allow("s3:GetObject", `${PHOTOS}/*`)]).count).toBe(0);
  });
});

describe("actions", () => {
  it("narrows s3:* to s3:Get* without new access, and widens it back with", () => {
    expect(newAccess([allow("s3:*", "*")], [allow("s3:Get*", "*")]).count).toBe(0);
    const widened = newAccess([allow("s3:Get*", "*")], [allow("s3:*", "*")]);
    expect(widened.actions.map((a) => a.action)).toContain("s3:PutObject");
    expect(widened.actions.map((a) => a.action)).not.toContain("s3:GetObject");
  });

  it("expands NotAction over the catalog: covered when the saved set allows each action", () => {
    expect(newAccess([allow("s3:*", "*")], [{ Effect: "Allow", NotAction: "s3:DeleteObject", Resource: `${PHOTOS}/*` }]).actions.map((a) => a.action)).not.toContain("s3:PutObject");
    const wide = newAccess([allow("s3:*", "*")], [{ Effect: "Allow", NotAction: "s3:DeleteObject", Resource: "*" }]);
    expect(wide.actions.map((a) => a.action)).toContain("iam:CreateUser");
    expect(wide.actions.map((a) => a.action)).not.toContain("s3:PutObject");
  });

  it("counts every action and lists at most `limit`", () => {
    const result = newAccess([], [allow("*", "*")], {}, 5);
    expect(result.count).toBe(actionIndex().actions.length);
    expect(result.actions).toHaveLength(5);
    expect(result.actions[0].resources).toEqual(["*"]);
  });
});

describe("conditions: a saved statement covers a draft one only under no more conditions", () => {
  const vpc = { StringEquals: { "aws:SourceVpc": ["vpc-1", "vpc-2"] } };
  it.each([
    ["an unconditional grant narrowed by a condition", {}, onlyIf(vpc), 0],
    ["the same condition, values in another order and key case", onlyIf(vpc), onlyIf({ StringEquals: { "AWS:SourceVpc": ["vpc-2", "vpc-1"] } }), 0],
    ["a condition added to another", onlyIf(vpc), onlyIf({ ...vpc, Bool: { "aws:SecureTransport": "true" } }), 0],
    ["a condition dropped", onlyIf(vpc), {}, 1],
    ["a condition's values changed", onlyIf(vpc), onlyIf({ StringEquals: { "aws:SourceVpc": "vpc-3" } }), 1],
    ["a condition's operator changed", onlyIf(vpc), onlyIf({ StringLike: { "aws:SourceVpc": ["vpc-1", "vpc-2"] } }), 1],
  ])("%s", (_, saved, draft, count) => {
    expect(newAccess([allow("s3:GetObject", "*", saved)], [allow("s3:GetObject", "*", draft)]).count).toBe(count);
  });
});

describe("Deny statements", () => {
  const saved = [allow("s3:*", "*"), deny("s3:DeleteObject", `${PHOTOS}/*`)];

  it("dropping a Deny newly allows what it denied", () => {
    expect(newAccess(saved, [allow("s3:*", "*")])).toEqual({ actions: [{ action: "s3:DeleteObject", resources: [`${PHOTOS}/*`] }], count: 1 });
  });

  it("dropping a conditional Deny is new access too", () => {
    const conditional = [allow("s3:*", "*"), deny("s3:DeleteObject", "*", onlyIf({ Bool: { "aws:MultiFactorAuthPresent": "false" } }))];
    expect(newAccess(conditional, [allow("s3:*", "*")]).actions).toEqual([{ action: "s3:DeleteObject", resources: ["*"] }]);
  });

  it("narrowing a Deny newly allows, keeping or widening it does not", () => {
    expect(newAccess(saved, [allow("s3:*", "*"), deny("s3:DeleteObject", `${PHOTOS}/private/*`)]).actions).toEqual([{ action: "s3:DeleteObject", resources: [`${PHOTOS}/*`] }]);
    expect(newAccess(saved, [allow("s3:*", "*"), deny("s3:Delete*", "*")]).count).toBe(0);
    expect(newAccess(saved, [allow("s3:*", "*"), deny("s3:DeleteObject", `${PHOTOS}/*`, onlyIf({ Bool: { "aws:SecureTransport": "false" } }))]).count).toBe(1);
  });

  it("dropping a Deny on resources nothing allowed is not new access", () => {
    expect(newAccess([allow("s3:*", "arn:aws:s3:::docs/*"), deny("s3:DeleteObject", `${PHOTOS}/*`)], [allow("s3:*", "arn:aws:s3:::docs/*")]).count).toBe(0);
  });

  it("a draft Deny only removes: a wider Allow under a Deny of the same is no new access", () => {
    expect(newAccess([allow("s3:GetObject", `${PHOTOS}/*`)], [allow("s3:GetObject", "*"), deny("s3:GetObject", "*")]).count).toBe(0);
    expect(newAccess([allow("s3:GetObject", `${PHOTOS}/*`)], [allow("s3:GetObject", "*"), { Effect: "Deny", Action: "s3:GetObject", NotResource: `${PHOTOS}/*` }]).count).toBe(0);
    expect(newAccess([], [allow("s3:GetObject", "*"), { Effect: "Deny", Action: "s3:*", NotResource: `${PHOTOS}/*` }]).actions).toEqual([{ action: "s3:GetObject", resources: [`${PHOTOS}/*`] }]);
    // A conditional Deny leaves the grant whenever its condition is false.
    expect(newAccess([allow("s3:GetObject", `${PHOTOS}/*`)], [allow("s3:GetObject", "*"), deny("s3:GetObject", "*", onlyIf({ Bool: { "aws:SecureTransport": "false" } }))]).count).toBe(1);
  });
});

describe("NotResource, read conservatively", () => {
  it.each([
    ["a saved * covers everything but a prefix", [allow("s3:GetObject", "*")], { NotResource: `${PHOTOS}/*` }, 0],
    ["the same NotResource", [{ Effect: "Allow", Action: "s3:GetObject", NotResource: `${PHOTOS}/*` }], { NotResource: `${PHOTOS}/*` }, 0],
    ["excluding more than before", [{ Effect: "Allow", Action: "s3:GetObject", NotResource: `${PHOTOS}/private/*` }], { NotResource: `${PHOTOS}/*` }, 0],
    ["excluding less than before", [{ Effect: "Allow", Action: "s3:GetObject", NotResource: `${PHOTOS}/*` }], { NotResource: `${PHOTOS}/private/*` }, 1],
    ["a saved prefix never covers everything but another", [allow("s3:GetObject", `${PHOTOS}/*`)], { NotResource: "arn:aws:s3:::secret/*" }, 1],
    ["a saved NotResource covers a pattern outside it", [{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }], { Resource: `${PHOTOS}/*` }, 0],
    ["but not one that reaches into it", [{ Effect: "Allow", Action: "s3:GetObject", NotResource: `${PHOTOS}/private/*` }], { Resource: `${PHOTOS}/*` }, 1],
  ])("%s", (_, saved, draftResource, count) => {
    const result = newAccess(saved, [{ Effect: "Allow", Action: "s3:GetObject", ...draftResource }]);
    expect(result.count).toBe(count);
    if ("NotResource" in draftResource && count) expect(result.actions[0].resources).toEqual([`not ${draftResource.NotResource}`]);
  });
});

describe("policy variables", () => {
  const home = "arn:aws:s3:::home/${aws:username}/*";
  it.each([
    ["the same variable pattern", home, home, 0],
    ["a variable pattern under a saved wildcard", "arn:aws:s3:::home/*", home, 0],
    ["a wildcard is wider than a variable", home, "arn:aws:s3:::home/*", 1],
    ["another variable", home, "arn:aws:s3:::home/${aws:userid}/*", 1],
  ])("%s", (_, saved, draft, count) => {
    expect(newAccess([allow("s3:GetObject", saved)], [allow("s3:GetObject", draft)]).count).toBe(count);
  });

  it("under Version 2008-10-17 the same text is literal in both, and covered", () => {
    const before = compilePolicySet({ identityPolicies: [policy("p", [allow("s3:GetObject", home)], "2008-10-17")] });
    const after = compilePolicySet({ identityPolicies: [policy("p", [allow("s3:GetObject", home)])] });
    expect(findNewAccess(before, after).count).toBe(1);
    expect(findNewAccess(before, before).count).toBe(0);
  });
});

describe("guards: permissions boundary and SCPs", () => {
  const boundary = policy("boundary", [allow("s3:GetObject", "*")]);

  it("a boundary that does not allow an action means no new access for it", () => {
    expect(newAccess([], [allow("ec2:RunInstances", "*")], { permissionsBoundary: boundary }).count).toBe(0);
    expect(newAccess([], [allow(["ec2:RunInstances", "s3:GetObject"], "*")], { permissionsBoundary: boundary }).actions).toEqual([{ action: "s3:GetObject", resources: ["*"] }]);
  });

  it("an unchanged boundary narrower than the identity grant does not make it new", () => {
    const narrow = policy("boundary", [allow("s3:GetObject", `${PHOTOS}/*`)]);
    expect(newAccess([allow("s3:GetObject", "*")], [allow("s3:GetObject", "*"), allow("s3:ListBucket", PHOTOS)], { permissionsBoundary: narrow }).count).toBe(0);
  });

  it("widening the boundary is new access, narrowing it is not", () => {
    const identityPolicies = [policy("p", [allow(["s3:GetObject", "s3:PutObject"], "*")])];
    const narrow = compilePolicySet({ identityPolicies, permissionsBoundary: policy("b", [allow("s3:GetObject", `${PHOTOS}/*`)]) });
    const wide = compilePolicySet({ identityPolicies, permissionsBoundary: policy("b", [allow("s3:*", "*")]) });
    expect(findNewAccess(narrow, wide)).toEqual({ actions: [{ action: "s3:GetObject", resources: ["*"] }, { action: "s3:PutObject", resources: ["*"] }], count: 2 });
    expect(findNewAccess(wide, narrow).count).toBe(0);
    const removed = compilePolicySet({ identityPolicies });
    expect(findNewAccess(narrow, removed).count).toBe(2);
  });

  it("an SCP level that allows only S3 keeps other services out, in both sets", () => {
    const scps = [{ target: "r-root", policies: [policy("FullAWSAccess", [allow("*", "*")])] }, { target: "111111111111", policies: [policy("OnlyS3", [allow("s3:*", "*")])] }];
    expect(newAccess([], [allow(["ec2:*", "iam:*"], "*")], { scps }).count).toBe(0);
    expect(newAccess([], [allow(["ec2:RunInstances", "s3:GetObject"], "*")], { scps }).actions.map((a) => a.action)).toEqual(["s3:GetObject"]);
  });

  it("an SCP Deny the draft keeps is no new access", () => {
    const scps = [{ target: "r-root", policies: [policy("FullAWSAccess", [allow("*", "*")]), policy("NoDelete", [deny("s3:DeleteObject", "*")])] }];
    expect(newAccess([allow("s3:GetObject", "*")], [allow(["s3:GetObject", "s3:DeleteObject"], "*")], { scps }).count).toBe(0);
  });
});
