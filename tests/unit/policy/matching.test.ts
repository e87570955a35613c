// Action, Resource and their Not* forms, wildcards and ARN fields:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
import { describe, expect, it } from "vitest";
import { arnAccount, compileArnPattern, splitArn } from "../../../lib/policy/arn";
import { compilePolicy, statementMatchesAction } from "../../../lib/policy/evaluate";
import { compileWildcard, hasWildcard, literalPattern } from "../../../lib/policy/wildcard";
import { identity, run, USER } from "./helpers";

type ActionRow = [name: string, element: "Action" | "NotAction", patterns: string | string[], action: string, expected: boolean];
const actions: ActionRow[] = [
  ["exact action", "Action", "s3:GetObject", "s3:GetObject", true],
  ["actions are case-insensitive", "Action", "S3:getobject", "s3:GetObject", true],
  ["* matches every action", "Action", "*", "iam:PassRole", true],
  ["service:* matches the service", "Action", "s3:*", "s3:PutObject", true],
  ["service:* does not match another service", "Action", "s3:*", "s3express:CreateSession", false],
  ["prefix wildcard", "Action", "s3:Get*", "s3:GetObjectTagging", true],
  ["prefix wildcard, no match", "Action", "s3:Get*", "s3:PutObject", false],
  ["inner wildcard", "Action", "ec2:*Instances", "ec2:RunInstances", true],
  ["? matches one character", "Action", "s3:?etObject", "s3:GetObject", true],
  ["? does not match two", "Action", "s3:?Object", "s3:GetObject", false],
  ["a list is OR'ed", "Action", ["iam:ListInstanceProfiles", "ec2:Describe*"], "ec2:DescribeImages", true],
  ["NotAction matches what it does not list", "NotAction", "iam:*", "s3:GetObject", true],
  ["NotAction does not match what it lists", "NotAction", ["iam:*", "organizations:*"], "iam:PassRole", false],
];

describe("Action and NotAction", () => {
  it.each(actions)("%s", (_name, element, patterns, action, expected) => {
    const set = { identityPolicies: [identity("P", [{ Effect: "Allow", [element]: patterns, Resource: "*" }])] };
    expect(run(set, { principal: USER, action }).decision).toBe(expected ? "Allow" : "ImplicitDeny");
  });

  it("statementMatchesAction is the cheap check the summary uses", () => {
    const policy = compilePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }, { Effect: "Allow", NotAction: "s3:*", Resource: "*" }] }, "P");
    expect(statementMatchesAction(policy.statements[0], "s3:getobject")).toBe(true);
    expect(statementMatchesAction(policy.statements[1], "s3:getobject")).toBe(false);
    expect(statementMatchesAction(policy.statements[1], "ec2:runinstances")).toBe(true);
  });
});

type ResourceRow = [name: string, element: "Resource" | "NotResource", patterns: string | string[], resource: string, expected: boolean];
const resources: ResourceRow[] = [
  ["exact ARN", "Resource", "arn:aws:s3:::bucket/key", "arn:aws:s3:::bucket/key", true],
  ["resources are case-sensitive", "Resource", "arn:aws:s3:::Bucket/key", "arn:aws:s3:::bucket/key", false],
  ["* matches every resource", "Resource", "*", "arn:aws:iam::111111111111:role/x", true],
  ["trailing wildcard in the resource field", "Resource", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c", true],
  ["a bucket ARN is not its objects", "Resource", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key", false],
  ["wildcard in the region field", "Resource", "arn:aws:dynamodb:*:111111111111:table/Orders", "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders", true],
  ["a * ending its segment runs past the colon", "Resource", "arn:aws:dynamodb:*:table/Orders", "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders", true],
  ["a * inside a segment does not cross a colon", "Resource", "arn:aws:dynamodb:eu-*1:table/Orders", "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders", false],
  ["? does not match a colon in the first five segments", "Resource", "arn:aws:iam:?111111111111:role/x", "arn:aws:iam::111111111111:role/x", false],
  ["wildcard in the account field", "Resource", "arn:aws:iam::*:role/Get-pics", "arn:aws:iam::111111111111:role/Get-pics", true],
  ["? in a field", "Resource", "arn:aws:iam::11111111111?:role/Get-pics", "arn:aws:iam::111111111112:role/Get-pics", true],
  ["a wildcard service field", "Resource", "arn:aws:*:*:*:*", "arn:aws:sqs:eu-west-1:111111111111:q", true],
  ["every field present but the request is not an ARN", "Resource", "arn:aws:*:*:*:*", "bucket", false],
  ["a trailing * stands for the missing segments", "Resource", "arn:aws:iam::*", "arn:aws:iam::111111111111:role/x", true],
  ["an ARN pattern with too few segments and no trailing * matches nothing", "Resource", "arn:aws:iam::111111111111", "arn:aws:iam::111111111111:role/x", false],
  ["colons inside the resource field", "Resource", "arn:aws:logs:*:*:log-group:app:*", "arn:aws:logs:eu-west-1:111111111111:log-group:app:log-stream:x", true],
  ["a list is OR'ed", "Resource", ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"], "arn:aws:s3:::b/x", true],
  ["NotResource matches what it does not list", "NotResource", "arn:aws:s3:::secret/*", "arn:aws:s3:::public/x", true],
  ["NotResource does not match what it lists", "NotResource", ["arn:aws:s3:::secret/*"], "arn:aws:s3:::secret/x", false],
];

describe("Resource and NotResource", () => {
  it.each(resources)("%s", (_name, element, patterns, resource, expected) => {
    const set = { identityPolicies: [identity("P", [{ Effect: "Allow", Action: "*", [element]: patterns }])] };
    expect(run(set, { principal: USER, resource }).decision).toBe(expected ? "Allow" : "ImplicitDeny");
  });
});

describe("ARN helpers and wildcard compilation", () => {
  it("reads the account from an ARN", () => {
    expect(arnAccount("arn:aws:iam::111111111111:role/x")).toBe("111111111111");
    expect(arnAccount("arn:aws:s3:::bucket")).toBeUndefined();
    expect(arnAccount("arn:aws:s3")).toBeUndefined();
    expect(arnAccount("bucket")).toBeUndefined();
  });
  it("splits an ARN into six fields", () => {
    expect(splitArn("arn:aws:logs:eu-west-1:1:log-group:a:b")).toEqual(["arn", "aws", "logs", "eu-west-1", "1", "log-group:a:b"]);
    expect(splitArn("arn:aws:s3")).toBeNull();
    expect(splitArn("x")).toBeNull();
  });
  it("compiles wildcards with escapes", () => {
    expect(compileWildcard("a\\*b")("a*b")).toBe(true);
    expect(compileWildcard("a\\*b")("axb")).toBe(false);
    expect(compileWildcard("a*b?c")("aXXbYc")).toBe(true);
    expect(compileWildcard("a.b*")("a.bc")).toBe(true);
    expect(compileWildcard("a.b*")("axbc")).toBe(false);
    expect(compileWildcard("x\\\\y")("x\\y")).toBe(true);
    expect(compileWildcard("*\\*")("ab*")).toBe(true);
    expect(compileWildcard("a*\n")("ab\n")).toBe(true);
    expect(hasWildcard("a\\*")).toBe(false);
    expect(literalPattern("a*?\\")).toBe("a\\*\\?\\\\");
    expect(compileArnPattern("arn:aws:s3:::*")("arn:aws:s3:::b")).toBe(true);
    expect(compileArnPattern("arn:aws:*:*:*:x")("arn:aws:s3::")).toBe(false);
  });
});
