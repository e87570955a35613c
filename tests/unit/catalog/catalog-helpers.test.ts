import { describe, expect, it } from "vitest";
import { conditionKeysForAction } from "../../../lib/catalog/action-condition-keys";
import { tokenizeArnFormat, tokenizePolicyResource, tokensIntersect } from "../../../lib/catalog/arn-pattern";
import { listGlobalConditionKeys, listServiceConditionKeys } from "../../../lib/catalog/condition-keys";
import { nearestName } from "../../../lib/catalog/nearest-name";

describe("condition keys per action, service and globally", () => {
  it("s3:ListBucket supports s3:prefix (Numeric s3:max-keys too)", () => {
    const keys = conditionKeysForAction("s3:ListBucket");
    expect(keys).toContainEqual(expect.objectContaining({ name: "s3:prefix", type: "String" }));
    expect(keys).toContainEqual(expect.objectContaining({ name: "s3:max-keys", type: "Numeric" }));
  });
  it("iam:PassRole supports iam:PassedToService", () => {
    expect(conditionKeysForAction("iam:PassRole").map((k) => k.name)).toContain("iam:PassedToService");
  });
  it("ec2:RunInstances supports resource tags through its resource types", () => {
    expect(conditionKeysForAction("ec2:RunInstances").map((k) => k.name)).toContain("aws:ResourceTag/${TagKey}");
  });
  it("unknown actions have none", () => {
    expect(conditionKeysForAction("s3:Nope")).toEqual([]);
  });
  it("lists service and global keys with types", () => {
    expect(listServiceConditionKeys("sts")).toContainEqual(expect.objectContaining({ name: "sts:ExternalId", type: "String" }));
    expect(listGlobalConditionKeys()).toContainEqual(expect.objectContaining({ name: "aws:SourceIp", type: "IPAddress", global: true }));
    expect(listGlobalConditionKeys()).toContainEqual(expect.objectContaining({ name: "aws:PrincipalTag/tag-key" }));
  });
});

describe("ARN pattern intersection", () => {
  const fits = (resource: string, format: string, extended = false) => tokensIntersect(tokenizePolicyResource(resource), tokenizeArnFormat(format, extended));
  it.each([
    ["arn:aws:s3:::b/k", "arn:${Partition}:s3:::${BucketName}/${ObjectName}", false, true],
    ["arn:aws:s3:::b", "arn:${Partition}:s3:::${BucketName}/${ObjectName}", false, false],
    ["arn:aws:s3:::b/*", "arn:${Partition}:s3:::${BucketName}", true, false],
    ["arn:aws:s3:::b/*", "arn:${Partition}:s3:::${BucketName}", false, true],
    ["arn:aws:ec2:*:*:instance/*", "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}", false, true],
    ["arn:aws:ec2:*:*:volume/*", "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}", false, false],
    ["arn:aws:ec2:us-east-?:*:instance/i-*", "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}", false, true],
    ["*", "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", false, true],
    ["arn:aws:iam::*", "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", false, true],
    ["arn:aws:iam::1:role/a", "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}", false, false],
  ])("%s ∩ %s (ends before /: %s) → %s", (resource, format, extended, expected) => {
    expect(fits(resource, format, extended)).toBe(expected);
  });
});

describe("nearestName", () => {
  it.each([
    ["GetObjct", ["GetObject", "PutObject"], "GetObject"],
    ["ec3", ["ec2", "ecs", "s3"], "ec2"],
    ["Conditon", ["Condition", "Action"], "Condition"],
    ["zzzzzzzz", ["GetObject"], undefined],
  ])("%s → %s", (name, candidates, expected) => {
    expect(nearestName(name, candidates as string[])).toBe(expected);
  });
});
