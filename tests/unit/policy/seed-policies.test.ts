// The seed's policies (AWS IAM User Guide, "Using an IAM role to grant permissions to applications
// running on Amazon EC2 instances": https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
// and "Grant a user permissions to pass a role": https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).
import { describe, expect, it } from "vitest";
import type { EvaluationRequest, PolicySet } from "../../../lib/policy/evaluate";
import { refs, run, V } from "./helpers";

const A = "111111111111";
const B = "222222222222";

const getPicsTrust = { name: "Get-pics-trust", document: { Version: V, Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] } };
const getPicsPermissions = {
  name: "Get-pics-read-photos",
  document: { Version: V, Statement: [{ Sid: "ReadPhotos", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::amzn-s3-demo-bucket-photos", "arn:aws:s3:::amzn-s3-demo-bucket-photos/*"] }] },
};
const broadPassRole = {
  name: "LaunchWithAnyRole",
  document: {
    Version: V,
    Statement: [
      { Sid: "IamPassRole", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } },
      { Sid: "ListEc2AndListInstanceProfiles", Effect: "Allow", Action: ["iam:ListInstanceProfiles", "ec2:Describe*", "ec2:Search*", "ec2:Get*"], Resource: "*" },
    ],
  },
};
const specificPassRole = {
  name: "LaunchWithGetPics",
  document: {
    Version: V,
    Statement: [
      { Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" },
      { Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${A}:role/Get-pics` },
    ],
  },
};
const s3Statements = (bucket: string) => [
  { Sid: "AllowAccountLevelS3Actions", Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:GetAccountPublicAccessBlock", "s3:ListAccessPoints", "s3:ListAllMyBuckets"], Resource: "arn:aws:s3:::*" },
  { Sid: "AllowListAndReadS3ActionOnMyBucket", Effect: "Allow", Action: ["s3:Get*", "s3:List*"], Resource: [`arn:aws:s3:::${bucket}/*`, `arn:aws:s3:::${bucket}`] },
];
const abcd = {
  name: "abcd-permissions",
  document: { Version: V, Statement: [...s3Statements("amzn-s3-demo-bucket1"), { Sid: "AllowIPToAssumeCrossAccountRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${B}:role/efgh` }] },
};
const abcdTrust = { name: "abcd-trust", document: { Version: V, Statement: [{ Sid: "abcdTrustPolicy", Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }] } };
const efgh = { name: "efgh-permissions", document: { Version: V, Statement: s3Statements("amzn-s3-demo-bucket2") } };
const efghTrust = { name: "efgh-trust", document: { Version: V, Statement: [{ Sid: "efghTrustPolicy", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: `arn:aws:iam::${A}:role/abcd` } }] } };

const getPics = `arn:aws:sts::${A}:assumed-role/Get-pics/i-0abc123`;
const alice = `arn:aws:iam::${A}:user/alice`;
const abcdSession = `arn:aws:sts::${A}:assumed-role/abcd/i-0abc123`;
const efghSession = `arn:aws:sts::${B}:assumed-role/efgh/abcd-session`;

type Row = [name: string, set: PolicySet, request: EvaluationRequest, decision: string, decisive: string[]];
const rows: Row[] = [
  ["Get-pics: EC2 may assume the role (trust policy)", { resourcePolicy: getPicsTrust }, { principal: "ec2.amazonaws.com", action: "sts:AssumeRole", resource: `arn:aws:iam::${A}:role/Get-pics` }, "Allow", ["Get-pics-trust#0"]],
  ["Get-pics: nobody else may assume it", { resourcePolicy: getPicsTrust }, { principal: alice, action: "sts:AssumeRole", resource: `arn:aws:iam::${A}:role/Get-pics` }, "ImplicitDeny", []],
  ["Get-pics: the app reads a photo", { identityPolicies: [getPicsPermissions] }, { principal: getPics, action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", resourceAccount: A }, "Allow", ["Get-pics-read-photos#0"]],
  ["Get-pics: the app lists the bucket", { identityPolicies: [getPicsPermissions] }, { principal: getPics, action: "s3:ListBucket", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos", resourceAccount: A }, "Allow", ["Get-pics-read-photos#0"]],
  ["Get-pics: read-only, no writes", { identityPolicies: [getPicsPermissions] }, { principal: getPics, action: "s3:PutObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", resourceAccount: A }, "ImplicitDeny", []],
  ["Get-pics: no other bucket", { identityPolicies: [getPicsPermissions] }, { principal: getPics, action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket1/x", resourceAccount: A }, "ImplicitDeny", []],
  ["Alice, broad PassRole: passing any role to EC2", { identityPolicies: [broadPassRole] }, { principal: alice, action: "iam:PassRole", resource: `arn:aws:iam::${A}:role/Admin`, context: { "iam:PassedToService": "ec2.amazonaws.com" } }, "Allow", ["LaunchWithAnyRole#0"]],
  ["Alice, broad PassRole: not to another service", { identityPolicies: [broadPassRole] }, { principal: alice, action: "iam:PassRole", resource: `arn:aws:iam::${A}:role/Admin`, context: { "iam:PassedToService": "lambda.amazonaws.com" } }, "ImplicitDeny", []],
  ["Alice, broad PassRole: not without iam:PassedToService", { identityPolicies: [broadPassRole] }, { principal: alice, action: "iam:PassRole", resource: `arn:aws:iam::${A}:role/Admin` }, "ImplicitDeny", []],
  ["Alice, broad PassRole: listing instance profiles", { identityPolicies: [broadPassRole] }, { principal: alice, action: "iam:ListInstanceProfiles", resource: "*" }, "Allow", ["LaunchWithAnyRole#1"]],
  ["Alice, broad PassRole: ec2:Describe*", { identityPolicies: [broadPassRole] }, { principal: alice, action: "ec2:DescribeInstances", resource: "*" }, "Allow", ["LaunchWithAnyRole#1"]],
  ["Alice, broad PassRole: cannot run instances", { identityPolicies: [broadPassRole] }, { principal: alice, action: "ec2:RunInstances", resource: `arn:aws:ec2:eu-west-1:${A}:instance/*` }, "ImplicitDeny", []],
  ["Alice, specific PassRole: Get-pics", { identityPolicies: [specificPassRole] }, { principal: alice, action: "iam:PassRole", resource: `arn:aws:iam::${A}:role/Get-pics` }, "Allow", ["LaunchWithGetPics#1"]],
  ["Alice, specific PassRole: not another role", { identityPolicies: [specificPassRole] }, { principal: alice, action: "iam:PassRole", resource: `arn:aws:iam::${A}:role/Admin` }, "ImplicitDeny", []],
  ["Alice, specific PassRole: RunInstances", { identityPolicies: [specificPassRole] }, { principal: alice, action: "ec2:RunInstances", resource: `arn:aws:ec2:eu-west-1:${A}:instance/*` }, "Allow", ["LaunchWithGetPics#0"]],
  ["Alice, specific PassRole, as in the seed with the literal 'account-id'", { identityPolicies: [{ ...specificPassRole, document: { ...specificPassRole.document, Statement: [specificPassRole.document.Statement[0], { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::account-id:role/Get-pics" }] } }] }, { principal: alice, action: "iam:PassRole", resource: `arn:aws:iam::${A}:role/Get-pics` }, "ImplicitDeny", []],
  ["abcd: EC2 may assume abcd", { resourcePolicy: abcdTrust }, { principal: "ec2.amazonaws.com", action: "sts:AssumeRole", resource: `arn:aws:iam::${A}:role/abcd` }, "Allow", ["abcd-trust#0"]],
  ["abcd: reads its own bucket", { identityPolicies: [abcd] }, { principal: abcdSession, action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket1/a.txt", resourceAccount: A }, "Allow", ["abcd-permissions#1"]],
  ["abcd: lists all buckets", { identityPolicies: [abcd] }, { principal: abcdSession, action: "s3:ListAllMyBuckets", resource: "arn:aws:s3:::*", resourceAccount: A }, "Allow", ["abcd-permissions#0"]],
  ["abcd: assumes efgh across accounts (identity + trust)", { identityPolicies: [abcd], resourcePolicy: efghTrust }, { principal: abcdSession, action: "sts:AssumeRole", resource: `arn:aws:iam::${B}:role/efgh` }, "Allow", ["abcd-permissions#2", "efgh-trust#0"]],
  ["abcd: without efgh's trust, no cross-account assume", { identityPolicies: [abcd] }, { principal: abcdSession, action: "sts:AssumeRole", resource: `arn:aws:iam::${B}:role/efgh` }, "ImplicitDeny", []],
  ["abcd: without its sts:AssumeRole statement, the trust alone is not enough", { identityPolicies: [{ ...abcd, document: { Version: V, Statement: s3Statements("amzn-s3-demo-bucket1") } }], resourcePolicy: efghTrust }, { principal: abcdSession, action: "sts:AssumeRole", resource: `arn:aws:iam::${B}:role/efgh` }, "ImplicitDeny", []],
  ["efgh's trust does not admit another role of account 111111111111", { identityPolicies: [abcd], resourcePolicy: efghTrust }, { principal: `arn:aws:sts::${A}:assumed-role/other/s`, action: "sts:AssumeRole", resource: `arn:aws:iam::${B}:role/efgh` }, "ImplicitDeny", []],
  ["efgh: reads bucket2", { identityPolicies: [efgh] }, { principal: efghSession, action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket2/x", resourceAccount: B }, "Allow", ["efgh-permissions#1"]],
  ["efgh: cannot read bucket1", { identityPolicies: [efgh] }, { principal: efghSession, action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket1/x", resourceAccount: B }, "ImplicitDeny", []],
  ["efgh: cannot assume further roles", { identityPolicies: [efgh] }, { principal: efghSession, action: "sts:AssumeRole", resource: `arn:aws:iam::${B}:role/other` }, "ImplicitDeny", []],
];

describe("the seed's policies", () => {
  it.each(rows)("%s", (_name, set, request, decision, decisive) => {
    // The resource account comes from the ARN unless the row names it (S3 ARNs carry none).
    const result = run(set, { resourceAccount: undefined, ...request });
    expect(result.decision).toBe(decision);
    expect(refs(result)).toEqual(decisive);
  });
});
