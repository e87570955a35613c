// Reading get-account-authorization-details files: every sample, the quirks of real exports, and
// malformed files refused with the file and the JSON path.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuthorizationDetailsError, readAuthorizationDetails } from "../../../lib/io/read-authorization-details";
import { reviewInputFromSnapshots } from "../../../lib/io/snapshot-review-input";

export const samplesDir = join(import.meta.dirname, "..", "..", "fixtures", "authorization-details");
const sample = (name: string) => readAuthorizationDetails(readFileSync(join(samplesDir, name), "utf8"), name);
const V = "2012-10-17";
const trust = { Version: V, Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const roleEntry = (extra: Record<string, unknown> = {}) => ({
  Path: "/",
  RoleName: "app",
  RoleId: "AROAEXAMPLE000000001",
  Arn: "arn:aws:iam::111111111111:role/app",
  CreateDate: "2024-01-02T03:04:05Z",
  AssumeRolePolicyDocument: trust,
  RolePolicyList: [],
  AttachedManagedPolicies: [],
  InstanceProfileList: [],
  ...extra,
});
const file = (content: unknown) => JSON.stringify(content);

function readError(text: string, name = "bad.json"): AuthorizationDetailsError {
  try {
    readAuthorizationDetails(text, name);
  } catch (error) {
    if (error instanceof AuthorizationDetailsError) return error;
    throw error;
  }
  throw new Error("expected the file to be refused");
}

describe("the sample files", () => {
  it("cloudsplaining-example: two accounts, every entity, the Python-style dates", () => {
    const s = sample("cloudsplaining-example.json");
    expect(s.accounts).toEqual(["200611803367", "012345678901"]);
    expect([s.users.length, s.groups.length, s.roles.length, s.policies.length]).toEqual([44, 5, 78, 84]);
    const obama = s.users.find((u) => u.name === "obama")!;
    expect(obama.account).toBe("012345678901");
    expect(obama.inline).toEqual([]);
    expect(s.roles[0].createdAt?.toISOString()).toMatch(/^20\d\d-\d\d-\d\dT/);
    expect(s.instanceProfiles.map((p) => p.name).sort()).toContain("privesc-high-priv-service-profile");
    expect(s.warnings).toEqual([]);
  });

  it("cloudsplaining-test-example: the default version among several is the one kept as default", () => {
    const s = sample("cloudsplaining-test-example-authz-details.json");
    const codeCommit = s.policies.find((p) => p.name === "AWSCodeCommitPowerUser")!;
    expect(codeCommit.versions.map((v) => `${v.versionId}:${v.isDefault}`)).toEqual(["v11:true", "v10:false"]);
    expect(codeCommit.defaultVersionId).toBe("v11");
    expect(codeCommit.awsManaged).toBe(true);
  });

  it("cloudmapper demo: placeholder `aws` accounts in ARNs are taken as the file's account, with a warning naming the path", () => {
    const s = sample("cloudmapper-demo-iam-get-account-authorization-details.json");
    expect(s.accounts).toEqual(["123456789012"]);
    expect(s.users.map((u) => u.arn)).toEqual(["arn:aws:iam::123456789012:user/USER_WITH_BAD_INLINE_POLICY", "arn:aws:iam::123456789012:user/USER"]);
    expect(s.warnings[0]).toMatchObject({ path: "$.UserDetailList[0].Arn" });
    expect(s.roles.find((r) => r.name === "bad_role")!.iamPath).toBe("/");
  });

  it("iamspy: a role's permissions boundary resolves from the file's Policies, even a fabricated AWS-managed one", () => {
    const s = sample("iamspy-role-boundary-allow.json");
    expect(s.roles[0].boundary).toEqual({ arn: "arn:aws:iam::aws:policy/InvokingAllowed", path: "$.RoleDetailList[0].PermissionsBoundary.PermissionsBoundaryArn" });
    const { input, warnings } = reviewInputFromSnapshots([s]);
    expect(warnings).toEqual([]);
    expect(input.roles[0].boundary?.name).toBe("InvokingAllowed");
  });
});

describe("quirks of real exports", () => {
  it("dates with or without T", () => {
    const s = readAuthorizationDetails(file({ RoleDetailList: [roleEntry({ CreateDate: "2019-12-12 12:55:41+00:00" }), roleEntry({ RoleName: "b", Arn: "arn:aws:iam::111111111111:role/b", CreateDate: "2019-12-12T12:55:41Z" })] }), "f.json");
    expect(s.roles.map((r) => r.createdAt?.toISOString())).toEqual(["2019-12-12T12:55:41.000Z", "2019-12-12T12:55:41.000Z"]);
  });

  it("URL-encoded policy documents, as the raw API returns them", () => {
    const inline = { Version: V, Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };
    const s = readAuthorizationDetails(
      file({ RoleDetailList: [roleEntry({ AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)), RolePolicyList: [{ PolicyName: "p", PolicyDocument: encodeURIComponent(JSON.stringify(inline)) }] })] }),
      "f.json",
    );
    expect(s.roles[0].trust.document).toEqual(trust);
    expect(s.roles[0].inline[0].document).toEqual(inline);
  });

  it("AWS-managed policies referenced but absent come from the managed-policy data; unknown ones are warnings naming the path", () => {
    const s = readAuthorizationDetails(
      file({
        RoleDetailList: [
          roleEntry({
            AttachedManagedPolicies: [
              { PolicyName: "ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
              { PolicyName: "Nope", PolicyArn: "arn:aws:iam::aws:policy/NoSuchPolicyAnywhere" },
            ],
          }),
        ],
      }),
      "f.json",
    );
    const { input, warnings } = reviewInputFromSnapshots([s]);
    expect(input.roles[0].policies.map((p) => p.name)).toEqual(["ReadOnlyAccess"]);
    expect(warnings).toEqual([{ file: "f.json", path: "$.RoleDetailList[0].AttachedManagedPolicies[1].PolicyArn", message: expect.stringContaining("NoSuchPolicyAnywhere") }]);
  });

  it("users without UserPolicyList, and groups resolved by name for their members", () => {
    const s = readAuthorizationDetails(
      file({
        UserDetailList: [{ UserName: "u", Arn: "arn:aws:iam::111111111111:user/u", GroupList: ["g"], AttachedManagedPolicies: [] }],
        GroupDetailList: [{ GroupName: "g", Arn: "arn:aws:iam::111111111111:group/g", GroupPolicyList: [{ PolicyName: "gp", PolicyDocument: { Version: V, Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }] } }], AttachedManagedPolicies: [] }],
      }),
      "f.json",
    );
    const { input } = reviewInputFromSnapshots([s]);
    expect(input.users[0].policies.map((p) => `${p.name} (${p.from})`)).toEqual(["gp (group g (inline))"]);
  });
});

describe("malformed files are refused naming the file and the JSON path", () => {
  it.each([
    ["not JSON", "{ nope", "$", /not valid JSON/],
    ["not an export", file({ hello: 1 }), "$", /not a get-account-authorization-details export/],
    ["a role without a name", file({ RoleDetailList: [roleEntry({ RoleName: undefined })] }), "$.RoleDetailList[0].RoleName", /./],
    ["a bad date", file({ RoleDetailList: [roleEntry({ CreateDate: "yesterday" })] }), "$.RoleDetailList[0].CreateDate", /not a date/],
    ["a document that is not JSON", file({ RoleDetailList: [roleEntry({ AssumeRolePolicyDocument: "%7Bbroken" })] }), "$.RoleDetailList[0].AssumeRolePolicyDocument", /neither JSON nor URL-encoded/],
    [
      "a statement breaking the grammar",
      file({ RoleDetailList: [roleEntry({ RolePolicyList: [{ PolicyName: "p", PolicyDocument: { Version: V, Statement: [{ Effect: "Maybe", Action: "s3:*", Resource: "*" }] } }] })] }),
      "$.RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[0].Effect",
      /Effect must be/,
    ],
    [
      "a policy without a default version",
      file({ Policies: [{ PolicyName: "p", Arn: "arn:aws:iam::111111111111:policy/p", DefaultVersionId: "v3", PolicyVersionList: [{ VersionId: "v1", IsDefaultVersion: false, Document: { Version: V, Statement: [] } }, { VersionId: "v2", IsDefaultVersion: false, Document: { Version: V, Statement: [] } }] }] }),
      "$.Policies[0].PolicyVersionList",
      /no default version/,
    ],
  ])("%s", (_, text, path, message) => {
    const error = readError(text, "exports/bad.json");
    expect(error.file).toBe("exports/bad.json");
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`exports/bad.json: ${path}: `)).toBe(true);
  });
});
