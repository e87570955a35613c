// Policy variables, per "IAM policy elements: Variables and tags":
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
import { describe, expect, it } from "vitest";
import { holds, identity, run, USER } from "./helpers";

type Row = [name: string, resourcePattern: string, resource: string, context: Record<string, string | string[]> | undefined, version: string, expected: boolean];

const home = "arn:aws:s3:::bucket/home/${aws:username}/*";
const table: Row[] = [
  ["${aws:username} is substituted in Resource", home, "arn:aws:s3:::bucket/home/alice/notes", { "aws:username": "alice" }, "2012-10-17", true],
  ["another user's folder does not match", home, "arn:aws:s3:::bucket/home/bob/notes", { "aws:username": "alice" }, "2012-10-17", false],
  ["a missing variable without a default makes the value match nothing", home, "arn:aws:s3:::bucket/home//notes", undefined, "2012-10-17", false],
  ["variable keys are read without case", "arn:aws:s3:::bucket/home/${AWS:UserName}/*", "arn:aws:s3:::bucket/home/alice/x", { "aws:username": "alice" }, "2012-10-17", true],
  ["a substituted value is literal: its * is not a wildcard", home, "arn:aws:s3:::bucket/home/anything/x", { "aws:username": "*" }, "2012-10-17", false],
  ["a substituted * matches a literal *", home, "arn:aws:s3:::bucket/home/*/x", { "aws:username": "*" }, "2012-10-17", true],
  ["the default-value form applies when the key is missing", "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*", "arn:aws:s3:::bucket/shared/x", undefined, "2012-10-17", true],
  ["the default-value form yields to the request's value", "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*", "arn:aws:s3:::bucket/shared/x", { "aws:PrincipalTag/team": "photos" }, "2012-10-17", false],
  ["${*} is a literal asterisk", "arn:aws:s3:::bucket/star${*}", "arn:aws:s3:::bucket/star*", undefined, "2012-10-17", true],
  ["${*} does not act as a wildcard", "arn:aws:s3:::bucket/star${*}", "arn:aws:s3:::bucket/starX", undefined, "2012-10-17", false],
  ["${?} is a literal question mark", "arn:aws:s3:::bucket/q${?}", "arn:aws:s3:::bucket/q?", undefined, "2012-10-17", true],
  ["${$} is a literal dollar sign", "arn:aws:s3:::bucket/${$}{x}", "arn:aws:s3:::bucket/${x}", undefined, "2012-10-17", true],
  ["without Version 2012-10-17 a variable is literal text", home, "arn:aws:s3:::bucket/home/${aws:username}/x", { "aws:username": "alice" }, "2008-10-17", true],
  ["without Version 2012-10-17 it is not substituted", home, "arn:aws:s3:::bucket/home/alice/x", { "aws:username": "alice" }, "2008-10-17", false],
  ["a multivalued key cannot be a variable", "arn:aws:s3:::bucket/${aws:TagKeys}/*", "arn:aws:s3:::bucket/a/x", { "aws:TagKeys": ["a", "b"] }, "2012-10-17", false],
  ["a one-element list can be a variable", "arn:aws:s3:::bucket/${aws:TagKeys}/*", "arn:aws:s3:::bucket/a/x", { "aws:TagKeys": ["a"] }, "2012-10-17", true],
  ["an unclosed ${ is literal text", "arn:aws:s3:::bucket/${oops", "arn:aws:s3:::bucket/${oops", undefined, "2012-10-17", true],
  ["a malformed variable is literal text", "arn:aws:s3:::bucket/${a b c}", "arn:aws:s3:::bucket/${a b c}", undefined, "2012-10-17", true],
];

describe("policy variables in Resource", () => {
  it.each(table)("%s", (_name, pattern, resource, context, version, expected) => {
    const set = { identityPolicies: [identity("Home", [{ Effect: "Allow", Action: "s3:GetObject", Resource: pattern }], version)] };
    expect(run(set, { principal: USER, resource, context }).decision).toBe(expected ? "Allow" : "ImplicitDeny");
  });
});

describe("policy variables in Condition values", () => {
  it("substitutes in StringEquals values", () => {
    const c = { StringEquals: { "aws:ResourceTag/team": "${aws:PrincipalTag/team}" } };
    expect(holds(c, { "aws:ResourceTag/team": "photos", "aws:PrincipalTag/team": "photos" })).toBe(true);
    expect(holds(c, { "aws:ResourceTag/team": "photos", "aws:PrincipalTag/team": "billing" })).toBe(false);
    expect(holds(c, { "aws:ResourceTag/team": "photos" })).toBe(false);
  });
  it("substitutes in StringEqualsIgnoreCase values", () => {
    expect(holds({ StringEqualsIgnoreCase: { "s3:prefix": "${aws:username}" } }, { "s3:prefix": "ALICE", "aws:username": "alice" })).toBe(true);
  });
  it("substitutes in StringLike patterns, keeping written wildcards", () => {
    expect(holds({ StringLike: { "s3:prefix": "home/${aws:username}/*" } }, { "s3:prefix": "home/alice/x", "aws:username": "alice" })).toBe(true);
  });
  it("substitutes in ArnLike patterns", () => {
    expect(holds({ ArnLike: { "aws:SourceArn": "arn:aws:sns:*:${aws:PrincipalAccount}:*" } }, { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:t", "aws:PrincipalAccount": "111111111111" })).toBe(true);
  });
  it("uses the default value in a condition", () => {
    expect(holds({ StringEquals: { "aws:ResourceTag/team": "${aws:PrincipalTag/team, 'none'}" } }, { "aws:ResourceTag/team": "none" })).toBe(true);
  });
  it("a negated operator with a missing variable: no value matches, so it holds", () => {
    expect(holds({ StringNotEquals: { "aws:ResourceTag/team": "${aws:PrincipalTag/team}" } }, { "aws:ResourceTag/team": "x" })).toBe(true);
  });
  it("does not substitute in numeric values", () => {
    expect(holds({ NumericEquals: { "s3:max-keys": "${aws:x}" } }, { "s3:max-keys": "1", "aws:x": "1" })).toBe(false);
  });
  it("does not substitute under Version 2008-10-17", () => {
    expect(holds({ StringEquals: { "s3:prefix": "${aws:username}" } }, { "s3:prefix": "alice", "aws:username": "alice" }, "2008-10-17")).toBe(false);
    expect(holds({ StringEquals: { "s3:prefix": "${aws:username}" } }, { "s3:prefix": "${aws:username}" }, "")).toBe(true);
  });
});
