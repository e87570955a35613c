import { describe, expect, it } from "vitest";
import { conditionKeyListed, findConditionKey } from "../../../lib/catalog/condition-keys";

describe("findConditionKey: service keys, global aws: keys, placeholders, web identity keys", () => {
  it.each([
    ["s3:prefix", "String", false],
    ["S3:Prefix", "String", false],
    ["s3:max-keys", "Numeric", false],
    ["iam:PassedToService", "String", false],
    ["aws:SourceIp", "IPAddress", true],
    ["aws:CurrentTime", "Date", true],
    ["aws:EpochTime", "Date", true],
    ["aws:MultiFactorAuthAge", "Numeric", true],
    ["aws:SecureTransport", "Bool", true],
    ["aws:PrincipalArn", "ARN", true],
    ["aws:PrincipalTag/team", "String", true],
    ["aws:ResourceTag/Project", "String", true],
    ["aws:TagKeys", "ArrayOfString", true],
    ["aws:PrincipalOrgPaths", "ArrayOfString", true],
    ["ec2:ResourceTag/Name", "String", false],
    ["s3:ExistingObjectTag/classification", "String", false],
    ["saml:aud", "String", false],
    ["accounts.google.com:aud", "String", false],
  ])("%s is %s (global %s)", (name, type, global) => {
    expect(findConditionKey(name)).toEqual(expect.objectContaining({ type, global }));
  });
  it.each(["s3:nope", "aws:nope", "nope:key", "aws:PrincipalTag/", "noColon"])("%s is unknown", (name) => {
    expect(findConditionKey(name)).toBeUndefined();
  });
});

describe("conditionKeyListed", () => {
  it.each([
    ["aws:RequestTag/team", ["aws:RequestTag/${TagKey}"], true],
    ["s3:prefix", ["s3:prefix", "s3:delimiter"], true],
    ["S3:PREFIX", ["s3:prefix"], true],
    ["s3:ExistingObjectTag/x", ["s3:ExistingObjectTag/<key>"], true],
    ["s3:prefix", [], false],
    ["aws:RequestTag/", ["aws:RequestTag/${TagKey}"], false],
  ])("%s in %j: %s", (key, list, listed) => {
    expect(conditionKeyListed(key, list)).toBe(listed);
  });
});
