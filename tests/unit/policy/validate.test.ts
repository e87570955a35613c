/**
 * One case per finding code, with the line and column the finding must point at. Behaviours follow
 * the IAM Access Analyzer policy check reference and the IAM JSON policy reference:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import { describe, expect, it } from "vitest";
import { validatePolicy, type FindingCode, type PolicyType } from "../../../lib/policy/validate";
import { FINDING_CODES } from "../../../lib/policy/validate-findings";

/** A policy written one line per array entry, so positions in the cases are easy to read. */
const lines = (...rows: string[]) => rows.join("\n");

/** A one-statement policy; the statement's elements start on line 3, column 5. */
const statement = (...elements: string[]) =>
  lines('{ "Version": "2012-10-17", "Statement": [', "  {", ...elements.map((e, i) => `    ${e}${i < elements.length - 1 ? "," : ""}`), "  }", "] }");

interface Case {
  name: string;
  text: string;
  type?: PolicyType;
  code: FindingCode;
  line: number;
  column: number;
  message?: RegExp;
}

const cases: Case[] = [
  { name: "broken JSON points at the unexpected character", text: lines("{", '  "Version": "2012-10-17"', '  "Statement": []', "}"), code: "JSON_SYNTAX", line: 3, column: 3 },
  {
    name: "a key twice in one object (AWS rejects it)",
    text: statement('"Effect": "Allow"', '"Effect": "Deny"', '"Action": "s3:GetObject"', '"Resource": "*"'),
    code: "DUPLICATE_KEY",
    line: 4,
    column: 5,
  },
  { name: "unknown top-level element", text: lines("{", '  "Version": "2012-10-17",', '  "Statements": []', "}"), code: "UNKNOWN_ELEMENT", line: 3, column: 3, message: /Did you mean "Statement"/ },
  {
    name: "unknown statement element, with the nearest name",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"', '"Conditon": {}'),
    code: "UNKNOWN_ELEMENT",
    line: 6,
    column: 5,
    message: /Did you mean "Condition"/,
  },
  { name: "element names are case-sensitive", text: statement('"effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"'), code: "UNKNOWN_ELEMENT", line: 3, column: 5, message: /case-sensitive/ },
  { name: "Effect of the wrong type", text: statement('"Effect": true', '"Action": "s3:GetObject"', '"Resource": "*"'), code: "WRONG_TYPE", line: 3, column: 15 },
  { name: "Action of the wrong type", text: statement('"Effect": "Allow"', '"Action": {"s3": "GetObject"}', '"Resource": "*"'), code: "WRONG_TYPE", line: 4, column: 15 },
  { name: "Version that is not one of the two dates", text: lines('{ "Version": "2024-01-01",', '  "Statement": { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } }'), code: "INVALID_VERSION", line: 1, column: 14 },
  { name: "no Statement", text: lines("{", '  "Version": "2012-10-17"', "}"), code: "MISSING_STATEMENT", line: 1, column: 1 },
  { name: "no Effect", text: statement('"Action": "s3:GetObject"', '"Resource": "*"'), code: "MISSING_EFFECT", line: 2, column: 3 },
  { name: "Effect with the wrong case", text: statement('"Effect": "allow"', '"Action": "s3:GetObject"', '"Resource": "*"'), code: "INVALID_EFFECT", line: 3, column: 15, message: /write "Allow"/ },
  { name: "no Action", text: statement('"Effect": "Allow"', '"Resource": "*"'), code: "MISSING_ACTION", line: 2, column: 3 },
  { name: "no Resource in an identity policy", text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"'), code: "MISSING_RESOURCE", line: 2, column: 3 },
  {
    name: "Action and NotAction together",
    text: statement('"Effect": "Deny"', '"Action": "s3:GetObject"', '"NotAction": "s3:PutObject"', '"Resource": "*"'),
    code: "UNSUPPORTED_ELEMENT_COMBINATION",
    line: 5,
    column: 5,
  },
  {
    name: "Principal in an identity policy",
    text: statement('"Effect": "Allow"', '"Principal": "*"', '"Action": "s3:GetObject"', '"Resource": "*"'),
    code: "UNSUPPORTED_PRINCIPAL",
    line: 4,
    column: 5,
  },
  {
    name: "no Principal in a trust policy",
    type: "trust",
    text: statement('"Effect": "Allow"', '"Action": "sts:AssumeRole"'),
    code: "MISSING_PRINCIPAL",
    line: 2,
    column: 3,
  },
  {
    name: "no Principal in a resource-based policy",
    type: "resource",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "arn:aws:s3:::bucket/*"'),
    code: "MISSING_PRINCIPAL",
    line: 2,
    column: 3,
  },
  {
    name: "a principal type that does not exist",
    type: "trust",
    text: statement('"Effect": "Allow"', '"Principal": {"Services": "ec2.amazonaws.com"}', '"Action": "sts:AssumeRole"'),
    code: "INVALID_PRINCIPAL",
    line: 4,
    column: 19,
  },
  {
    name: "a malformed AWS principal",
    type: "trust",
    text: statement('"Effect": "Allow"', '"Principal": {"AWS": "abcd"}', '"Action": "sts:AssumeRole"'),
    code: "INVALID_PRINCIPAL",
    line: 4,
    column: 26,
  },
  {
    name: "two statements with one Sid",
    text: lines(
      '{ "Version": "2012-10-17", "Statement": [',
      '  { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },',
      '  { "Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*" }',
      "] }",
    ),
    code: "DUPLICATE_SID",
    line: 3,
    column: 12,
  },
  { name: "a Sid with a space in an identity policy", text: statement('"Sid": "Read photos"', '"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"'), code: "INVALID_SID", line: 3, column: 12 },
  { name: "an action without a service prefix", text: statement('"Effect": "Allow"', '"Action": "GetObject"', '"Resource": "*"'), code: "INVALID_ACTION_FORMAT", line: 4, column: 15 },
  {
    name: "an unknown service, with the nearest prefix",
    text: statement('"Effect": "Allow"', '"Action": ["s3:GetObject", "sts:AssumeRole", "ec3:RunInstances"]', '"Resource": "*"'),
    code: "UNKNOWN_SERVICE",
    line: 4,
    column: 50,
    message: /Did you mean "ec2:RunInstances"/,
  },
  {
    name: "an unknown action, with the nearest name",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObjct"', '"Resource": "*"'),
    code: "UNKNOWN_ACTION",
    line: 4,
    column: 15,
    message: /Did you mean "s3:GetObject"/,
  },
  { name: "a wildcard that matches no action", text: statement('"Effect": "Allow"', '"Action": "s3:Fetch*"', '"Resource": "*"'), code: "UNKNOWN_ACTION", line: 4, column: 15 },
  {
    name: "a trust policy granting something other than role assumption",
    type: "trust",
    text: statement('"Effect": "Allow"', '"Principal": {"Service": "ec2.amazonaws.com"}', '"Action": ["sts:AssumeRole", "s3:GetObject"]'),
    code: "UNSUPPORTED_TRUST_ACTION",
    line: 5,
    column: 34,
  },
  {
    name: "a trust policy anyone may assume",
    type: "trust",
    text: statement('"Effect": "Allow"', '"Principal": {"AWS": "*"}', '"Action": "sts:AssumeRole"'),
    code: "PUBLIC_PRINCIPAL",
    line: 4,
    column: 5,
  },
  { name: "a resource that is not an ARN", text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "amzn-s3-demo-bucket/*"'), code: "INVALID_ARN", line: 5, column: 17 },
  {
    name: "s3:GetObject on a bucket ARN fits no resource type (objects are bucket/key)",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "arn:aws:s3:::amzn-s3-demo-bucket"'),
    code: "RESOURCE_TYPE_MISMATCH",
    line: 5,
    column: 17,
    message: /object/,
  },
  {
    name: "s3:ListBucket beside s3:GetObject on objects only",
    text: statement('"Effect": "Allow"', '"Action": ["s3:GetObject", "s3:ListBucket"]', '"Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"'),
    code: "RESOURCE_TYPE_MISMATCH",
    line: 4,
    column: 32,
    message: /bucket/,
  },
  {
    name: "an unknown condition operator, with the nearest name",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"', '"Condition": {"IpAdress": {"aws:SourceIp": "203.0.113.0/24"}}'),
    code: "UNKNOWN_OPERATOR",
    line: 6,
    column: 19,
    message: /IpAddress/,
  },
  {
    name: "NullIfExists does not exist",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"', '"Condition": {"NullIfExists": {"aws:SourceIp": "true"}}'),
    code: "UNKNOWN_OPERATOR",
    line: 6,
    column: 19,
  },
  {
    name: "an unknown condition key",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"', '"Condition": {"StringEquals": {"aws:SourceIpAddress": "1"}}'),
    code: "UNKNOWN_CONDITION_KEY",
    line: 6,
    column: 36,
  },
  {
    name: "a service key none of the actions supports",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"', '"Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}'),
    code: "CONDITION_KEY_NOT_APPLICABLE",
    line: 6,
    column: 36,
  },
  {
    name: "a tag key the action does not support",
    text: statement('"Effect": "Allow"', '"Action": "sts:GetCallerIdentity"', '"Resource": "*"', '"Condition": {"StringEquals": {"aws:RequestTag/team": "web"}}'),
    code: "CONDITION_KEY_NOT_APPLICABLE",
    line: 6,
    column: 36,
  },
  {
    name: "a Date operator with a value that is not a date",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"', '"Condition": {"DateLessThan": {"aws:CurrentTime": "tomorrow"}}'),
    code: "CONDITION_VALUE_TYPE",
    line: 6,
    column: 55,
  },
  {
    name: "a Numeric operator with a value that is not a number",
    text: statement('"Effect": "Allow"', '"Action": "s3:ListBucket"', '"Resource": "*"', '"Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}'),
    code: "CONDITION_VALUE_TYPE",
    line: 6,
    column: 54,
  },
  {
    name: "Bool with a value other than true or false",
    text: statement('"Effect": "Deny"', '"Action": "s3:*"', '"Resource": "*"', '"Condition": {"Bool": {"aws:SecureTransport": "no"}}'),
    code: "CONDITION_VALUE_TYPE",
    line: 6,
    column: 51,
  },
  {
    name: "IpAddress with a value that is no address",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"', '"Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.300"]}}'),
    code: "CONDITION_VALUE_TYPE",
    line: 6,
    column: 68,
  },
  {
    name: "a String operator on an IP key",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"', '"Condition": {"StringEquals": {"aws:SourceIp": "203.0.113.1"}}'),
    code: "CONDITION_OPERATOR_MISMATCH",
    line: 6,
    column: 19,
    message: /IpAddress/,
  },
  {
    name: "a multivalued key without ForAnyValue/ForAllValues",
    text: statement('"Effect": "Allow"', '"Action": "ec2:CreateTags"', '"Resource": "*"', '"Condition": {"StringEquals": {"aws:TagKeys": "team"}}'),
    code: "CONDITION_SET_OPERATOR",
    line: 6,
    column: 36,
  },
  {
    name: "ForAllValues on a single-valued key",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"', '"Condition": {"ForAllValues:StringEquals": {"aws:PrincipalAccount": "111111111111"}}'),
    code: "CONDITION_SET_OPERATOR",
    line: 6,
    column: 19,
  },
  {
    name: "Bool with two values",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"', '"Condition": {"Bool": {"aws:SecureTransport": ["true", "false"]}}'),
    code: "CONDITION_MULTIPLE_BOOLEAN",
    line: 6,
    column: 51,
  },
  {
    name: "iam:PassRole on every role",
    text: statement('"Effect": "Allow"', '"Action": "iam:PassRole"', '"Resource": "*"', '"Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}'),
    code: "PASS_ROLE_WILDCARD_RESOURCE",
    line: 5,
    column: 17,
  },
  {
    name: "iam:PassRole on one role, any service",
    text: statement('"Effect": "Allow"', '"Action": "iam:PassRole"', '"Resource": "arn:aws:iam::111111111111:role/Get-pics"'),
    code: "PASS_ROLE_WITHOUT_SERVICE_CONDITION",
    line: 4,
    column: 15,
  },
  { name: "Allow with NotAction", text: statement('"Effect": "Allow"', '"NotAction": "iam:*"', '"Resource": "*"'), code: "ALLOW_WITH_NOT_ACTION", line: 4, column: 5 },
  {
    name: "Allow with NotResource",
    text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"NotResource": "arn:aws:s3:::secret/*"'),
    code: "ALLOW_WITH_NOT_RESOURCE",
    line: 5,
    column: 5,
  },
  {
    name: "Allow with NotPrincipal",
    type: "resource",
    text: statement('"Effect": "Allow"', '"NotPrincipal": {"AWS": "arn:aws:iam::111111111111:root"}', '"Action": "s3:GetObject"', '"Resource": "arn:aws:s3:::b/*"'),
    code: "ALLOW_WITH_NOT_PRINCIPAL",
    line: 4,
    column: 5,
  },
  {
    name: "policy variables without Version are literal text",
    text: lines("{", '  "Statement": { "Effect": "Allow", "Action": "s3:GetObject",', '    "Resource": "arn:aws:s3:::home/${aws:username}/*" } }'),
    code: "MISSING_VERSION_WITH_VARIABLES",
    line: 3,
    column: 17,
  },
  {
    name: "policy variables under Version 2008-10-17 are literal text",
    text: lines('{ "Version": "2008-10-17",', '  "Statement": { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*" } }'),
    code: "MISSING_VERSION_WITH_VARIABLES",
    line: 2,
    column: 75,
  },
  { name: "an unclosed policy variable", text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "arn:aws:s3:::home/${aws:username/*"'), code: "INVALID_VARIABLE", line: 5, column: 17 },
  { name: "no Version at all", text: lines("{", '  "Statement": { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }', "}"), code: "MISSING_VERSION", line: 1, column: 1 },
  {
    name: "an action another entry already covers",
    text: statement('"Effect": "Allow"', '"Action": ["s3:Get*", "s3:GetObject"]', '"Resource": "*"'),
    code: "REDUNDANT_ACTION",
    line: 4,
    column: 27,
    message: /"s3:Get\*"/,
  },
  { name: "an empty Action list, which IAM refuses", text: statement('"Effect": "Allow"', '"Action": []', '"Resource": "*"'), code: "EMPTY_ELEMENT", line: 4, column: 15, message: /^Action must not be empty/ },
  { name: "an empty list of condition values", text: statement('"Effect": "Allow"', '"Action": "s3:GetObject"', '"Resource": "*"', '"Condition": { "StringEquals": { "aws:username": [] } }'), code: "EMPTY_ARRAY", line: 6, column: 54 },
  { name: "an empty Statement, which IAM refuses", text: lines('{ "Version": "2012-10-17",', '  "Statement": [] }'), type: "trust", code: "EMPTY_STATEMENT", line: 2, column: 16, message: /^Statement must not be empty/ },
];

describe("validatePolicy: one finding per code, at the right line and column", () => {
  it.each(cases)("$code: $name", ({ text, type, code, line, column, message }) => {
    const findings = validatePolicy(text, { policyType: type ?? "identity" });
    const finding = findings.find((f) => f.code === code);
    expect(finding, JSON.stringify(findings, null, 2)).toBeDefined();
    expect({ line: finding!.line, column: finding!.column }).toEqual({ line, column });
    expect(finding!.severity).toBe(FINDING_CODES[code]);
    if (message) expect(finding!.message).toMatch(message);
  });

  it("covers every code but the size quota (tested below) and the save check (tests/unit/designer/editor-flags-refusals.test.ts)", () => {
    const tested = new Set(cases.map((c) => c.code));
    const untested = Object.keys(FINDING_CODES).filter((code) => !tested.has(code as FindingCode) && code !== "POLICY_SIZE_EXCEEDED" && code !== "REFUSED_ON_SAVE");
    expect(untested).toEqual([]);
  });
});

/** A policy of `statements` copies of one statement; each adds its non-white-space characters. */
function sized(statements: number, type: "identity" | "trust" = "identity"): string {
  const one =
    type === "trust"
      ? '{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}'
      : '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket-photos/*"}';
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${Array(statements).fill(one).join(",\n    ")}\n  ]\n}`;
}

describe("size quotas (IAM and STS quotas page: white space is not counted)", () => {
  const size = (text: string) => text.replace(/\s+/g, "").length;
  it.each([
    ["a trust policy over 2,048 characters", "trust" as PolicyType, sized(30, "trust"), undefined, undefined, true],
    ["a trust policy under 2,048 characters", "trust" as PolicyType, sized(20, "trust"), undefined, undefined, false],
    ["a managed policy over 6,144 characters", "identity" as PolicyType, sized(70), undefined, undefined, true],
    ["a managed policy under 6,144 characters", "identity" as PolicyType, sized(60), undefined, undefined, false],
    ["an inline role policy held to 10,240 characters", "identity" as PolicyType, sized(70), "role-inline" as const, undefined, false],
    ["an inline role policy over the aggregate with the others", "identity" as PolicyType, sized(70), "role-inline" as const, 5000, true],
    ["an inline user policy over 2,048 characters", "identity" as PolicyType, sized(30), "user-inline" as const, undefined, true],
    ["a group's inline policies over 5,120 characters", "identity" as PolicyType, sized(60), "group-inline" as const, undefined, true],
  ])("%s", (_name, policyType, text, sizeLimit, otherInlineCharacters, exceeded) => {
    const findings = validatePolicy(text, { policyType, sizeLimit, otherInlineCharacters });
    expect(findings.some((f) => f.code === "POLICY_SIZE_EXCEEDED")).toBe(exceeded);
  });
  it("counts characters without white space between tokens, as IAM does", async () => {
    const { countPolicyCharacters } = await import("../../../lib/policy/validate-size");
    const text = sized(3);
    expect(countPolicyCharacters(text)).toBe(size(text));
    expect(countPolicyCharacters('{ "a b": 1 }')).toBe('{"a b":1}'.length);
  });
  it("reports at line 1, column 1", () => {
    const finding = validatePolicy(sized(30, "trust"), { policyType: "trust" }).find((f) => f.code === "POLICY_SIZE_EXCEEDED");
    expect(finding).toEqual(expect.objectContaining({ line: 1, column: 1, severity: "ERROR" }));
  });
  it("sizeLimit: false turns the check off", () => {
    expect(validatePolicy(sized(30, "trust"), { policyType: "trust", sizeLimit: false }).some((f) => f.code === "POLICY_SIZE_EXCEEDED")).toBe(false);
  });
});
