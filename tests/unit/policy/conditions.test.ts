// Condition operators, as documented in the IAM User Guide:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
import { describe, expect, it } from "vitest";
import { holds } from "./helpers";

type Row = [name: string, condition: unknown, context: Record<string, string | string[]> | undefined, expected: boolean];

const table: Row[] = [
  // String operators: case-sensitive unless IgnoreCase; StringLike with * and ?.
  ["StringEquals matches exactly", { StringEquals: { "aws:PrincipalTag/team": "photos" } }, { "aws:PrincipalTag/team": "photos" }, true],
  ["StringEquals is case-sensitive in values", { StringEquals: { "aws:PrincipalTag/team": "photos" } }, { "aws:PrincipalTag/team": "Photos" }, false],
  ["StringEquals does not treat * as a wildcard", { StringEquals: { "s3:prefix": "home/*" } }, { "s3:prefix": "home/x" }, false],
  ["condition keys are case-insensitive", { StringEquals: { "AWS:PrincipalTag/Team": "photos" } }, { "aws:principaltag/team": "photos" }, true],
  ["several values of one key are OR'ed", { StringEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }, { "aws:RequestedRegion": "eu-central-1" }, true],
  ["several keys are AND'ed", { StringEquals: { "aws:RequestedRegion": "eu-west-1", "aws:PrincipalTag/team": "photos" } }, { "aws:RequestedRegion": "eu-west-1", "aws:PrincipalTag/team": "billing" }, false],
  ["several operators are AND'ed", { StringEquals: { "aws:RequestedRegion": "eu-west-1" }, Bool: { "aws:SecureTransport": "true" } }, { "aws:RequestedRegion": "eu-west-1", "aws:SecureTransport": "false" }, false],
  ["a missing key fails a positive operator", { StringEquals: { "aws:PrincipalTag/team": "photos" } }, undefined, false],
  ["StringNotEquals holds for another value", { StringNotEquals: { "aws:RequestedRegion": "us-east-1" } }, { "aws:RequestedRegion": "eu-west-1" }, true],
  ["StringNotEquals fails for a listed value", { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } }, { "aws:RequestedRegion": "eu-west-1" }, false],
  ["a negated operator holds when the key is missing", { StringNotEquals: { "aws:RequestedRegion": "us-east-1" } }, undefined, true],
  ["StringEqualsIgnoreCase ignores case", { StringEqualsIgnoreCase: { "aws:PrincipalTag/team": "PHOTOS" } }, { "aws:PrincipalTag/team": "photos" }, true],
  ["StringNotEqualsIgnoreCase ignores case", { StringNotEqualsIgnoreCase: { "aws:PrincipalTag/team": "PHOTOS" } }, { "aws:PrincipalTag/team": "photos" }, false],
  ["StringLike with *", { StringLike: { "s3:prefix": "home/*" } }, { "s3:prefix": "home/alice/x" }, true],
  ["StringLike with ?", { StringLike: { "s3:prefix": "home/?" } }, { "s3:prefix": "home/ab" }, false],
  ["StringLike is case-sensitive", { StringLike: { "s3:prefix": "Home/*" } }, { "s3:prefix": "home/x" }, false],
  ["StringLike with an inner wildcard", { StringLike: { "aws:userid": "AROA*:i-*" } }, { "aws:userid": "AROAEXAMPLE:i-0abc" }, true],
  ["StringNotLike holds when nothing matches", { StringNotLike: { "s3:prefix": ["tmp/*", "cache/*"] } }, { "s3:prefix": "home/x" }, true],
  ["StringNotLike fails when one matches", { StringNotLike: { "s3:prefix": ["tmp/*", "cache/*"] } }, { "s3:prefix": "cache/x" }, false],
  ["operator names are read without case", { stringequals: { "aws:PrincipalTag/team": "photos" } }, { "aws:PrincipalTag/team": "photos" }, true],

  // Numeric
  ["NumericEquals", { NumericEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "10.0" }, true],
  ["NumericNotEquals", { NumericNotEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "11" }, true],
  ["NumericLessThan", { NumericLessThan: { "s3:max-keys": 10 } }, { "s3:max-keys": "10" }, false],
  ["NumericLessThanEquals", { NumericLessThanEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "10" }, true],
  ["NumericGreaterThan", { NumericGreaterThan: { "s3:max-keys": "10" } }, { "s3:max-keys": "11" }, true],
  ["NumericGreaterThanEquals", { NumericGreaterThanEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "9" }, false],
  ["a request value that is not a number never matches", { NumericLessThan: { "s3:max-keys": "10" } }, { "s3:max-keys": "few" }, false],

  // Date: ISO 8601 and epoch seconds, compared as instants
  ["DateLessThan with ISO 8601", { DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } }, { "aws:CurrentTime": "2026-11-27T12:00:00Z" }, true],
  ["DateGreaterThan with ISO 8601", { DateGreaterThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } }, { "aws:CurrentTime": "2026-11-27T12:00:00Z" }, false],
  ["DateEquals across time zones", { DateEquals: { "aws:CurrentTime": "2026-11-27T12:00:00Z" } }, { "aws:CurrentTime": "2026-11-27T13:00:00+01:00" }, true],
  ["DateNotEquals", { DateNotEquals: { "aws:CurrentTime": "2026-11-27" } }, { "aws:CurrentTime": "2026-11-27T00:00:00Z" }, false],
  ["DateLessThanEquals with epoch seconds in the policy", { DateLessThanEquals: { "aws:EpochTime": "1798761600" } }, { "aws:EpochTime": "1798761600" }, true],
  ["DateGreaterThanEquals epoch against ISO", { DateGreaterThanEquals: { "aws:CurrentTime": 1767225600 } }, { "aws:CurrentTime": "2026-01-01T00:00:00Z" }, true],
  ["a time without a zone is UTC", { DateEquals: { "aws:CurrentTime": "2026-01-01T00:00:00" } }, { "aws:CurrentTime": "1767225600" }, true],
  ["a request value that is not a date never matches", { DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } }, { "aws:CurrentTime": "yesterday" }, false],

  // Bool
  ["Bool true", { Bool: { "aws:SecureTransport": "true" } }, { "aws:SecureTransport": "true" }, true],
  ["Bool with a JSON boolean, values without case", { Bool: { "aws:MultiFactorAuthPresent": false } }, { "aws:MultiFactorAuthPresent": "FALSE" }, true],
  ["Bool false does not match a missing key", { Bool: { "aws:MultiFactorAuthPresent": "false" } }, undefined, false],
  ["BoolIfExists matches a missing key", { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }, undefined, true],

  // Binary
  ["BinaryEquals compares base64", { BinaryEquals: { "key": "QmluYXJ5VmFsdWVJbkJhc2U2NA==" } }, { key: "QmluYXJ5VmFsdWVJbkJhc2U2NA==" }, true],
  ["BinaryEquals differs", { BinaryEquals: { "key": "QmluYXJ5" } }, { key: "QmluYXJz" }, false],

  // IP addresses, IPv4 and IPv6
  ["IpAddress in an IPv4 range", { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, { "aws:SourceIp": "203.0.113.7" }, true],
  ["IpAddress outside an IPv4 range", { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, { "aws:SourceIp": "203.0.114.7" }, false],
  ["IpAddress with an odd prefix", { IpAddress: { "aws:SourceIp": "10.0.0.0/13" } }, { "aws:SourceIp": "10.7.255.255" }, true],
  ["IpAddress with an odd prefix, just outside", { IpAddress: { "aws:SourceIp": "10.0.0.0/13" } }, { "aws:SourceIp": "10.8.0.0" }, false],
  ["IpAddress with a single host", { IpAddress: { "aws:SourceIp": "192.0.2.1" } }, { "aws:SourceIp": "192.0.2.1" }, true],
  ["IpAddress /0 matches every IPv4", { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, { "aws:SourceIp": "198.51.100.1" }, true],
  ["IpAddress in an IPv6 range", { IpAddress: { "aws:SourceIp": "2001:DB8:1234:5678::/64" } }, { "aws:SourceIp": "2001:db8:1234:5678::abcd" }, true],
  ["IpAddress outside an IPv6 range", { IpAddress: { "aws:SourceIp": "2001:db8:1234:5678::/64" } }, { "aws:SourceIp": "2001:db8:1234:5679::1" }, false],
  ["IpAddress with an IPv6 odd prefix", { IpAddress: { "aws:SourceIp": "2001:db8::/35" } }, { "aws:SourceIp": "2001:db8:1fff::1" }, true],
  ["IPv4 never matches an IPv6 range", { IpAddress: { "aws:SourceIp": "::/0" } }, { "aws:SourceIp": "192.0.2.1" }, false],
  ["IpAddress with an embedded IPv4 in IPv6", { IpAddress: { "aws:SourceIp": "::ffff:192.0.2.0/120" } }, { "aws:SourceIp": "::ffff:192.0.2.9" }, true],
  ["NotIpAddress holds outside the ranges", { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } }, { "aws:SourceIp": "198.51.100.7" }, true],
  ["NotIpAddress fails inside a range", { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } }, { "aws:SourceIp": "2001:db8::1" }, false],
  ["a request value that is not an IP never matches", { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, { "aws:SourceIp": "localhost" }, false],
  ["a malformed policy range matches nothing", { IpAddress: { "aws:SourceIp": ["300.1.1.1/8", "1.2.3.4/33", "1:2:3", "::1::2"] } }, { "aws:SourceIp": "1.2.3.4" }, false],

  // ARN operators: ArnEquals and ArnLike both match field by field with wildcards, case-sensitive
  ["ArnEquals", { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:topic" } }, { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:topic" }, true],
  ["ArnLike with per-field wildcards", { ArnLike: { "aws:SourceArn": "arn:aws:sns:*:111111111111:*" } }, { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:topic" }, true],
  ["ArnLike: a wildcard does not cross a field separator", { ArnLike: { "aws:SourceArn": "arn:aws:sns:*:topic" } }, { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:topic" }, false],
  ["ArnLike: * in the region does not reach into the account", { ArnLike: { "aws:SourceArn": "arn:aws:sns:eu-*:topic" } }, { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:topic" }, false],
  ["ArnLike is case-sensitive", { ArnLike: { "aws:SourceArn": "arn:aws:sns:*:111111111111:Topic" } }, { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:topic" }, false],
  ["ArnLike: a value that is not an ARN does not match", { ArnLike: { "aws:SourceArn": "arn:aws:sns:*:*:*" } }, { "aws:SourceArn": "topic" }, false],
  ["ArnNotEquals", { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/Admin" } }, { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/Dev" }, true],
  ["ArnNotLike fails on a match", { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin*" } }, { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/AdminOps" }, false],

  // Null: "true" means the key must be absent, "false" that it must be present
  ["Null true with the key absent", { Null: { "aws:TokenIssueTime": "true" } }, undefined, true],
  ["Null true with the key present", { Null: { "aws:TokenIssueTime": "true" } }, { "aws:TokenIssueTime": "2026-11-27T00:00:00Z" }, false],
  ["Null false with the key present", { Null: { "aws:TokenIssueTime": "false" } }, { "aws:TokenIssueTime": "2026-11-27T00:00:00Z" }, true],
  ["Null false with the key absent", { Null: { "aws:TokenIssueTime": false } }, undefined, false],
  ["Null: an empty list counts as absent", { Null: { "aws:TagKeys": "true" } }, { "aws:TagKeys": [] }, true],

  // ...IfExists: a missing key makes the condition true; a present key is tested as usual
  ["StringEqualsIfExists with the key missing", { StringEqualsIfExists: { "ec2:InstanceType": "t3.micro" } }, undefined, true],
  ["StringEqualsIfExists with another value", { StringEqualsIfExists: { "ec2:InstanceType": "t3.micro" } }, { "ec2:InstanceType": "m5.large" }, false],
  ["NumericLessThanIfExists with the key present", { NumericLessThanIfExists: { "s3:max-keys": "10" } }, { "s3:max-keys": "5" }, true],
  ["ArnLikeIfExists with the key missing", { ArnLikeIfExists: { "aws:SourceArn": "arn:aws:sns:*:*:x" } }, undefined, true],

  // Set qualifiers on multivalued keys
  ["ForAnyValue: one request value matches", { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team", "env"] } }, { "aws:TagKeys": ["owner", "team"] }, true],
  ["ForAnyValue: no request value matches", { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team", "env"] } }, { "aws:TagKeys": ["owner"] }, false],
  ["ForAnyValue: a missing key is false", { "ForAnyValue:StringEquals": { "aws:TagKeys": "team" } }, undefined, false],
  ["ForAnyValue: an empty set is false", { "ForAnyValue:StringEquals": { "aws:TagKeys": "team" } }, { "aws:TagKeys": [] }, false],
  ["ForAllValues: every request value matches", { "ForAllValues:StringLike": { "aws:TagKeys": ["team", "env*"] } }, { "aws:TagKeys": ["team", "env-stage"] }, true],
  ["ForAllValues: one request value does not", { "ForAllValues:StringLike": { "aws:TagKeys": ["team", "env*"] } }, { "aws:TagKeys": ["team", "owner"] }, false],
  ["ForAllValues: a missing key is true", { "ForAllValues:StringEquals": { "aws:TagKeys": "team" } }, undefined, true],
  ["ForAllValues: an empty set is true", { "ForAllValues:StringEquals": { "aws:TagKeys": "team" } }, { "aws:TagKeys": [] }, true],
  ["ForAllValues:StringNotEquals: no request value is listed", { "ForAllValues:StringNotEquals": { "aws:TagKeys": ["secret"] } }, { "aws:TagKeys": ["team", "env"] }, true],
  ["ForAllValues:StringNotEquals: one is listed", { "ForAllValues:StringNotEquals": { "aws:TagKeys": ["secret"] } }, { "aws:TagKeys": ["team", "secret"] }, false],
  ["ForAnyValue:StringNotLike: one request value is outside the list", { "ForAnyValue:StringNotLike": { "aws:TagKeys": ["team", "env*"] } }, { "aws:TagKeys": ["team", "owner"] }, true],
  ["ForAnyValue:StringNotLike: all are inside", { "ForAnyValue:StringNotLike": { "aws:TagKeys": ["team", "env*"] } }, { "aws:TagKeys": ["team", "env1"] }, false],
  ["ForAnyValue:StringNotEquals on a missing key is false", { "ForAnyValue:StringNotEquals": { "aws:TagKeys": "x" } }, undefined, false],
  ["ForAllValues:StringNotLike on a missing key is true", { "ForAllValues:StringNotLike": { "aws:TagKeys": "x" } }, undefined, true],
  ["ForAnyValue with IfExists on a missing key", { "ForAnyValue:StringEqualsIfExists": { "aws:TagKeys": "team" } }, undefined, true],
  ["ForAnyValue over a single string value", { "ForAnyValue:StringEquals": { "aws:TagKeys": "team" } }, { "aws:TagKeys": "team" }, true],
  ["ForAllValues with numbers", { "ForAllValues:NumericLessThan": { "x:sizes": "10" } }, { "x:sizes": ["1", "9"] }, true],
  ["a plain operator over a multivalued key needs one value to match", { StringEquals: { "aws:TagKeys": "team" } }, { "aws:TagKeys": ["owner", "team"] }, true],
  ["a plain negated operator over a multivalued key needs none to match", { StringNotEquals: { "aws:TagKeys": "team" } }, { "aws:TagKeys": ["owner", "team"] }, false],
  ["a plain negated operator over a multivalued key with none matching", { StringNotEquals: { "aws:TagKeys": "team" } }, { "aws:TagKeys": ["owner"] }, true],
];

describe("condition operators", () => {
  it.each(table)("%s", (_name, condition, context, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });
});
