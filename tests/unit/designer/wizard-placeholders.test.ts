/** The wizard's placeholders say what an empty field will become. */
import { describe, expect, it } from "vitest";
import { buildArn } from "../../../lib/designer/arn-builder";
import { suggestSid } from "../../../lib/designer/sid-suggestion";
import type { AccessLevel } from "../../../lib/catalog/access-level";

describe("the ARN preview", () => {
  const table = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}";

  it("takes the account the Account field's placeholder shows when the field is empty", () => {
    expect(buildArn(table, {}, { Account: "111111111111" })).toBe("arn:aws:dynamodb:*:111111111111:table/*");
  });

  it("keeps what the person typed over the placeholder", () => {
    expect(buildArn(table, { Account: "222222222222", TableName: "orders" }, { Account: "111111111111" })).toBe("arn:aws:dynamodb:*:222222222222:table/orders");
  });

  it("leaves fields without a placeholder value as any", () => {
    expect(buildArn(table, { Account: " " })).toBe("arn:aws:dynamodb:*:*:table/*");
  });
});

describe("the Sid placeholder says what the statement is for", () => {
  const levels: Record<string, AccessLevel> = { GetObject: "Read", GetObjectVersion: "Read", PutObject: "Write", ListBucket: "List" };
  const levelOf = (name: string) => levels[name];
  const allow = (...actions: string[]) => ({ effect: "Allow" as const, actionElement: "Action" as const, actions });

  it.each([
    ["one action", allow("s3:GetObject"), {}, "AllowS3GetObject"],
    ["actions of one access level", allow("s3:GetObject", "s3:GetObjectVersion"), { levelOf }, "AllowS3Read"],
    ["actions of several levels", allow("s3:GetObject", "s3:PutObject", "s3:ListBucket"), { levelOf }, "AllowS3"],
    ["a verb pattern", allow("ec2:Describe*"), {}, "AllowEc2Describe"],
    ["a whole service", allow("dynamodb:*"), {}, "AllowDynamodbAll"],
    ["two services", allow("s3:GetObject", "kms:Decrypt"), {}, "AllowS3AndKms"],
    ["every action", allow("*"), {}, "AllowEverything"],
    ["a Deny", { ...allow("iam:CreateUser"), effect: "Deny" as const }, {}, "DenyIamCreateUser"],
    ["NotAction", { ...allow("iam:*"), actionElement: "NotAction" as const }, {}, "AllowIamExceptListed"],
    ["a trust statement for EC2", allow("sts:AssumeRole"), { principal: "ec2" }, "AllowEc2AssumeRole"],
    ["a trust statement for a role", allow("sts:AssumeRole"), { principal: "abcd" }, "AllowAbcdAssumeRole"],
    ["a new statement", allow(), { index: 1 }, "AllowStatement2"],
  ])("%s", (_, view, options, sid) => {
    const suggestion = suggestSid(view, options);
    expect(suggestion).toBe(sid);
    expect(suggestion).toMatch(/^[A-Za-z0-9]+$/);
  });

  it("differs between statements of different purposes", () => {
    expect(new Set([suggestSid(allow("s3:GetObject")), suggestSid(allow("s3:PutObject")), suggestSid(allow("iam:PassRole"))]).size).toBe(3);
  });
});
