import { describe, expect, it } from "vitest";
import { findResourceType, listResourceTypes, matchResourceTypes, resourceFitsType } from "../../../lib/catalog/resource-types";

const names = (service: string, arn: string) => matchResourceTypes(service, arn).map((t) => t.name);

describe("ARN formats from the reference", () => {
  it("S3 object format", () => {
    expect(findResourceType("s3", "object")?.arnFormat).toBe("arn:${Partition}:s3:::${BucketName}/${ObjectName}");
    expect(listResourceTypes("iam").map((t) => t.name)).toContain("role");
  });
});

describe("matchResourceTypes: which resource types a Resource can name, most specific first", () => {
  it.each([
    ["s3", "arn:aws:s3:::amzn-s3-demo-bucket1", ["bucket"]],
    ["s3", "arn:aws:s3:::amzn-s3-demo-bucket1/*", ["object"]],
    ["s3", "arn:aws:s3:::amzn-s3-demo-bucket-photos/2026/cat.jpg", ["object"]],
    ["iam", "arn:aws:iam::222222222222:role/efgh", ["role"]],
    ["iam", "arn:aws:iam::111111111111:role/path/to/abcd", ["role"]],
    ["iam", "arn:aws:iam::*:role/*", ["role"]],
    ["iam", "arn:aws:iam::account-id:role/Get-pics", ["role"]],
    ["dynamodb", "arn:aws:dynamodb:us-east-1:111111111111:table/Books", ["table"]],
    ["dynamodb", "arn:aws:dynamodb:us-east-1:111111111111:table/Books/index/*", ["index"]],
    ["ec2", "arn:aws:ec2:*:*:instance/*", ["instance"]],
    ["s3", "arn:aws:iam::111111111111:role/abcd", []],
  ])("%s %s → %j", (service, arn, expected) => {
    expect(names(service, arn)).toEqual(expected);
  });
  it("a policy variable may hold anything, but a / after it rules out the bucket", () => {
    expect(names("s3", "arn:aws:s3:::${aws:username}/*")).toContain("object");
    expect(names("s3", "arn:aws:s3:::${aws:username}/*")).not.toContain("bucket");
  });
  it("a trailing * after the account runs past the colons (arn:aws:iam::*)", () => {
    expect(names("iam", "arn:aws:iam::*")).toContain("role");
  });
  it("a concrete Lambda version ARN lists the most specific type first", () => {
    expect(names("lambda", "arn:aws:lambda:us-east-1:111111111111:function:resize:1")[0]).not.toBe("function");
  });
});

describe("resourceFitsType", () => {
  it.each([
    ["arn:aws:s3:::bucket", "s3", "object", false],
    ["arn:aws:s3:::bucket/*", "s3", "bucket", false],
    ["arn:aws:s3:::bucket/*", "s3", "object", true],
    ["*", "s3", "bucket", true],
    ["arn:aws:s3:::bucket", "s3", "nope", false],
    // AWS-owned resources have no account: arn:aws:ssm:*::document/AWS-RunShellScript.
    ["arn:aws:ssm:*::document/AWS-*", "ssm", "document", true],
    ["arn:aws:s3:::*", "s3", "bucket", true],
    ["arn:aws:s3:::*", "s3", "object", true],
  ])("%s fits %s/%s: %s", (resource, service, type, fits) => {
    expect(resourceFitsType(resource, service, type)).toBe(fits);
  });
});
