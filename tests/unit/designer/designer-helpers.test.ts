import { describe, expect, it } from "vitest";
import { anyInAccount, arnFields, buildArn, readArn } from "../../../lib/designer/arn-builder";
import { describeClause, describeConditions, operatorsForKeyType } from "../../../lib/designer/condition-text";
import { checkDraftAccess, previewDraft, trustPrincipals } from "../../../lib/designer/draft-preview";
import { trustPolicyFor } from "../../../lib/designer/trust-templates";
import { readPrincipal, writePrincipal } from "../../../lib/designer/principal-view";
import { validatePolicy } from "../../../lib/policy/validate";

const bucketFormat = "arn:${Partition}:s3:::${BucketName}";
const instanceFormat = "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}";

describe("ARN builder", () => {
  it("offers one field per placeholder, the partition fixed to aws", () => {
    expect(arnFields(instanceFormat)).toEqual([
      { name: "Region", kind: "region" },
      { name: "Account", kind: "account" },
      { name: "InstanceId", kind: "name" },
    ]);
  });

  it("builds the ARN live, empty fields meaning any", () => {
    expect(buildArn(bucketFormat, { BucketName: "amzn-s3-demo-bucket-photos" })).toBe("arn:aws:s3:::amzn-s3-demo-bucket-photos");
    expect(buildArn(instanceFormat, { Region: "us-east-1" })).toBe("arn:aws:ec2:us-east-1:*:instance/*");
    expect(anyInAccount(instanceFormat, "111111111111")).toBe("arn:aws:ec2:*:111111111111:instance/*");
  });

  it("reads an ARN back into its fields, or says it does not fit", () => {
    expect(readArn(instanceFormat, "arn:aws:ec2:us-east-1:111111111111:instance/*")).toEqual({ Region: "us-east-1", Account: "111111111111", InstanceId: "" });
    expect(readArn(bucketFormat, "arn:aws:iam::111111111111:role/x")).toBeUndefined();
    // A bucket-level field never spans "/": object ARNs belong to the object type only.
    expect(readArn(bucketFormat, "arn:aws:s3:::photos/*")).toBeUndefined();
    expect(readArn("arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::photos/2026/*")).toEqual({ BucketName: "photos", ObjectName: "2026/*" });
  });
});

describe("conditions in plain English", () => {
  it("joins the values of one key with OR and keys with AND", () => {
    const text = describeConditions([
      { operator: "IpAddress", qualifier: "", ifExists: false, key: "aws:SourceIp", values: ["10.0.0.0/8", "192.0.2.0/24"] },
      { operator: "Bool", qualifier: "", ifExists: false, key: "aws:SecureTransport", values: ["true"] },
    ]);
    expect(text.sentence).toBe("Only when aws:SourceIp is in “10.0.0.0/8” or “192.0.2.0/24” AND aws:SecureTransport is “true”.");
    expect(text.clauses[0].join).toBe("or");
  });

  it("says a negated operator with several values excludes all of them", () => {
    expect(describeClause({ operator: "StringNotEquals", qualifier: "", ifExists: false, key: "aws:PrincipalTag/team", values: ["a", "b"] }).sentence).toBe("aws:PrincipalTag/team is not any of “a” or “b”");
  });

  it("spells out ForAllValues passing on an empty request, IfExists and Null", () => {
    const all = describeClause({ operator: "StringEquals", qualifier: "ForAllValues", ifExists: false, key: "aws:TagKeys", values: ["team"] });
    expect(all.sentence).toBe("every value of aws:TagKeys is “team”");
    expect(all.note).toContain("also true when the request has no value");
    expect(describeClause({ operator: "StringLike", qualifier: "", ifExists: true, key: "s3:prefix", values: ["home/*"] }).sentence).toBe("s3:prefix matches “home/*”, or s3:prefix is not in the request");
    expect(describeClause({ operator: "Null", qualifier: "", ifExists: false, key: "aws:MultiFactorAuthAge", values: ["true"] }).sentence).toBe("aws:MultiFactorAuthAge is absent from the request");
  });

  it("offers the operators that suit a key's type", () => {
    expect(operatorsForKeyType("IPAddress")).toEqual(["IpAddress", "NotIpAddress", "Null"]);
    expect(operatorsForKeyType("ArrayOfString")).toContain("StringLike");
  });
});

describe("trusted-entity wizard", () => {
  it.each([
    [{ kind: "ec2" as const }, "Service: ec2.amazonaws.com"],
    [{ kind: "ecs-task" as const }, "Service: ecs-tasks.amazonaws.com"],
    [{ kind: "lambda" as const }, "Service: lambda.amazonaws.com"],
    [{ kind: "account" as const, accountId: "222222222222", externalId: "x-123", requireMfa: true }, "AWS: arn:aws:iam::222222222222:root"],
  ])("starts %o from a valid trust policy naming %s", (entity, principal) => {
    const text = trustPolicyFor(entity);
    expect(validatePolicy(text, { policyType: "trust" }).filter((f) => f.severity === "ERROR")).toEqual([]);
    expect(trustPrincipals(text)).toEqual([principal]);
  });

  it("puts the external id and MFA requirement into conditions", () => {
    const document = JSON.parse(trustPolicyFor({ kind: "account", accountId: "222222222222", externalId: "x-123", requireMfa: true }));
    expect(document.Statement[0].Condition).toEqual({ StringEquals: { "sts:ExternalId": "x-123" }, Bool: { "aws:MultiFactorAuthPresent": "true" } });
  });
});

describe("draft preview", () => {
  const saved = { Version: "2012-10-17", Statement: [{ Sid: "List", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::photos" }] };
  const draft = JSON.stringify({ Version: "2012-10-17", Statement: [saved.Statement[0], { Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::photos/*" }] }, null, 2);
  const context = { saved: [{ name: "photos", document: saved }], draftName: "photos" };

  it("says which statement grants new access, and which access", () => {
    const preview = previewDraft(context, saved, draft);
    expect(preview.statements.map((s) => s.status)).toEqual(["unchanged", "added"]);
    expect(preview.statements[0].changes).toEqual([]);
    expect(preview.statements[1].changes).toMatchObject([{ service: "s3", level: "Read", before: "None", after: "Limited", change: "gained" }]);
    expect(preview.changes).toMatchObject([{ service: "s3", level: "Read", change: "gained" }]);
    expect(preview.statements[1]).toMatchObject({ newAccess: [{ action: "s3:GetObject", resources: ["arn:aws:s3:::photos/*"] }], newAccessCount: 1 });
    expect(preview).toMatchObject({ newAccess: [{ action: "s3:GetObject", resources: ["arn:aws:s3:::photos/*"] }], newAccessCount: 1 });
    expect(preview.statements[1].lines.from).toBeGreaterThan(preview.statements[0].lines.to);
  });

  it("lists statements the draft removes", () => {
    const preview = previewDraft(context, saved, JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] }));
    expect(preview.removedStatements).toEqual([{ sid: "List", index: 0 }]);
    expect(preview.statements[0].status).toBe("added");
  });

  it("answers can-this-role-do with the deciding statement's lines in the draft", () => {
    const check = checkDraftAccess({ ...context, roleSessionArn: "arn:aws:sts::111111111111:assumed-role/Get-pics-2/designer" }, draft, { action: "s3:GetObject", resource: "arn:aws:s3:::photos/cat.jpg" });
    expect(check.decision).toBe("Allow");
    expect(check.deciding).toMatchObject([{ policy: "photos", statement: 1, sid: "Read", inDraft: true }]);
    expect(check.deciding[0].lines!.from).toBeGreaterThan(1);
    const denied = checkDraftAccess({ ...context, roleSessionArn: "arn:aws:sts::111111111111:assumed-role/Get-pics-2/designer" }, draft, { action: "s3:PutObject", resource: "arn:aws:s3:::photos/cat.jpg" });
    expect(denied.decision).toBe("ImplicitDeny");
  });
});

describe("trust principals in the visual editor", () => {
  it("reads principals as rows and writes them back in their own form", () => {
    const original = { Service: "ec2.amazonaws.com", AWS: ["arn:aws:iam::222222222222:root"] };
    const rows = readPrincipal(original)!;
    expect(rows).toEqual([{ kind: "Service", value: "ec2.amazonaws.com" }, { kind: "AWS", value: "arn:aws:iam::222222222222:root" }]);
    expect(writePrincipal(rows, original)).toBe(original);
    expect(writePrincipal([...rows, { kind: "Service", value: "ecs-tasks.amazonaws.com" }], original)).toEqual({ Service: ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"], AWS: ["arn:aws:iam::222222222222:root"] });
    expect(writePrincipal([rows[0]], original)).toEqual({ Service: "ec2.amazonaws.com" });
    expect(writePrincipal(readPrincipal("*")!, "*")).toBe("*");
  });
});
