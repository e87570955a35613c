// Who-can over the demo workspace, with answers checked by hand against the seed's policies
// (lib/seed/demo-policies.ts): who may read a photo, pass ops-admin to EC2, or assume ops-admin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { loadWorkspaceReviewInput } from "../../../lib/io/workspace-review-input";
import { whoCan, whoCanContext, whoCanJson, whoCanRequestContext } from "../../../lib/authz/who-can";
import type { ReviewInput } from "../../../lib/review/review-input";
import { createTestDatabase } from "../support/test-database";

const A = "arn:aws:iam::111111111111:";
const now = new Date("2026-11-27T12:00:00Z");
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let input: ReviewInput;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoWorkspace(t.db);
  input = await loadWorkspaceReviewInput(t.db, "demo");
});
afterAll(async () => t.dispose());

const principals = (list: { principal: string }[]) => list.map((p) => p.principal);

describe("who can, on the demo workspace", () => {
  it("s3:GetObject on a photo: alice (s3:*) and Get-pics (ReadPhotos); efgh is denied by the bucket policy", () => {
    const answer = whoCan(input, { action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" }, { now });
    expect(answer.resourceAccount).toBe("111111111111");
    expect(answer.resourcePolicy).toBe("Bucket policy of amzn-s3-demo-bucket-photos");
    expect(answer.evaluated).toBe(input.users.length + input.roles.length);
    expect(principals(answer.allowed)).toEqual([`${A}role/Get-pics`, `${A}user/alice`]);
    expect(answer.allowed[0].decisive).toEqual([{ policy: "ReadPhotosBucket", kind: "identity", statement: 1, sid: "ReadPhotos" }]);
    expect(answer.allowed[1].decisive).toEqual([{ policy: "LaunchInstancesAndUseS3", kind: "identity", statement: 1, sid: "UseS3" }]);
    expect(principals(answer.explicitlyDenied)).toEqual(["arn:aws:iam::222222222222:role/efgh"]);
    expect(answer.explicitlyDenied[0].decisive).toEqual([{ policy: "Bucket policy of amzn-s3-demo-bucket-photos", kind: "resource", statement: 0, sid: "DenyOutsideTheAccount" }]);
  });

  it("the thumbnailer task role reads originals only: a narrower key changes the answer", () => {
    const answer = whoCan(input, { action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/originals/cat.jpg" }, { now });
    expect(principals(answer.allowed)).toEqual([`${A}role/Get-pics`, `${A}role/photos-thumbnailer-task`, `${A}user/alice`]);
  });

  it("iam:PassRole on ops-admin to EC2: alice (any role to EC2) and ops-admin itself (IAMFullAccess); bob only Get-pics", () => {
    const question = { action: "iam:PassRole", resource: `${A}role/ops-admin`, context: { "iam:PassedToService": "ec2.amazonaws.com" } };
    const answer = whoCan(input, question, { now });
    expect(answer.resourcePolicy).toBeUndefined();
    expect(principals(answer.allowed)).toEqual([`${A}role/ops-admin`, `${A}user/alice`]);
    expect(answer.allowed[1].decisive).toEqual([{ policy: "ConsoleLaunchWithAnyRole", kind: "identity", statement: 0, sid: "IamPassRole" }]);
    expect(answer.explicitlyDenied).toEqual([]);
    // Passed to another service, alice's condition no longer holds.
    const toLambda = whoCan(input, { ...question, context: { "iam:PassedToService": "lambda.amazonaws.com" } }, { now });
    expect(principals(toLambda.allowed)).toEqual([`${A}role/ops-admin`]);
    // Bob may pass Get-pics (without any condition).
    const getPics = whoCan(input, { ...question, resource: `${A}role/Get-pics` }, { now });
    expect(principals(getPics.allowed)).toEqual([`${A}role/ops-admin`, `${A}user/alice`, `${A}user/bob`]);
  });

  it("sts:AssumeRole on ops-admin: its trust policy admits only EC2, so no user or role may", () => {
    const answer = whoCan(input, { action: "sts:AssumeRole", resource: `${A}role/ops-admin` }, { now });
    expect(answer.resourcePolicy).toBe("Trust policy of role ops-admin");
    expect(answer.allowed).toEqual([]);
    expect(answer.explicitlyDenied).toEqual([]);
  });

  it("sts:AssumeRole across accounts: abcd may assume efgh (its policy allows, efgh's trust names it)", () => {
    const answer = whoCan(input, { action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/efgh" }, { now });
    expect(answer.resourceAccount).toBe("222222222222");
    expect(principals(answer.allowed)).toEqual([`${A}role/abcd`]);
    expect(answer.allowed[0].decisive.map((d) => d.kind).sort()).toEqual(["identity", "resource"]);
  });

  it("fills in the keys AWS sets per caller: a condition on aws:PrincipalTag and aws:username holds per principal", () => {
    const withTags: ReviewInput = {
      ...input,
      users: input.users.map((u) =>
        u.name !== "bob"
          ? u
          : {
              ...u,
              policies: [
                ...u.policies,
                {
                  key: "test#tagged",
                  name: "OwnPrefixIfPhotos",
                  document: {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/home/${aws:username}/*", Condition: { StringEquals: { "aws:PrincipalTag/team": "photos", "aws:userid": u.uniqueId } } }],
                  },
                },
              ],
            },
      ),
    };
    const own = whoCan(withTags, { action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/home/bob/a.jpg" }, { now });
    expect(principals(own.allowed)).toContain(`${A}user/bob`);
    const other = whoCan(withTags, { action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/home/carol/a.jpg" }, { now });
    expect(principals(other.allowed)).not.toContain(`${A}user/bob`);
    // --context overrides a key AWS set, whatever its case.
    const retagged = whoCan(withTags, { action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/home/bob/a.jpg", context: { "aws:principaltag/team": "video" } }, { now });
    expect(principals(retagged.allowed)).not.toContain(`${A}user/bob`);
  });

  it("aws:SourceIp given with the question meets an IP condition of the bucket policy", () => {
    const denyOutside: ReviewInput = {
      ...input,
      buckets: input.buckets!.map((b) =>
        b.name !== "amzn-s3-demo-bucket1"
          ? b
          : { ...b, policy: { key: "test#ip", name: "ip", document: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }] } } },
      ),
    };
    const question = { action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket1/a" };
    const noIp = whoCan(denyOutside, question, { now });
    expect(principals(noIp.explicitlyDenied)).toEqual(principals(noIp.explicitlyDenied).sort());
    expect(principals(noIp.allowed)).toEqual([]);
    const inside = whoCan(denyOutside, { ...question, context: { "aws:SourceIp": "10.1.2.3" } }, { now });
    expect(principals(inside.allowed)).toEqual([`${A}role/abcd`, `${A}user/alice`]);
    expect(inside.explicitlyDenied).toEqual([]);
  });

  it("a shared review context answers several questions alike", () => {
    const review = whoCanContext(input);
    const first = whoCan(input, { action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" }, { now, review });
    const again = whoCan(input, { action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" }, { now, review });
    expect(again).toEqual(first);
  });

  it("JSON per the contract: principal ARNs, types, 0-based statements; denied principals as ARNs", () => {
    const json = whoCanJson(whoCan(input, { action: "s3:getobject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" }, { now }));
    expect(Object.keys(json)).toEqual(["action", "resource", "evaluated", "allowed", "explicitlyDenied"]);
    expect(json.action).toBe("s3:GetObject");
    expect(json.allowed[0]).toEqual({ principal: `${A}role/Get-pics`, type: "role", decisive: [{ policy: "ReadPhotosBucket", kind: "identity", statement: 1, sid: "ReadPhotos" }] });
    expect(json.explicitlyDenied).toEqual(["arn:aws:iam::222222222222:role/efgh"]);
  });
});

describe("who-can questions it refuses", () => {
  it.each([
    [{ action: "s3:GetObjekt", resource: "arn:aws:s3:::b/k" }, /s3:GetObjekt is not an action/],
    [{ action: "s3:GetObject", resource: "bucket/key" }, /bucket\/key is not an ARN/],
    [{ action: "s3:GetObject", resource: "arn:aws:s3:::" }, /is not an ARN/],
    [{ action: "s3:GetObject", resource: "arn:aws:s3:::b/k", resourceAccount: "12" }, /12-digit/],
  ])("%j", (question, message) => {
    expect(() => whoCan(input, question, { now })).toThrow(message);
  });
});

describe("who-can's order", () => {
  it("sorts principals by ARN in plain string order (upper case before lower case), users and roles together", () => {
    const everything = { key: "all", name: "All", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] } };
    const role = (name: string) => ({ kind: "role" as const, arn: `arn:aws:iam::333333333333:role/${name}`, account: "333333333333", name, policies: [everything], groups: [], trust: { key: `t-${name}`, name: "trust", document: { Version: "2012-10-17", Statement: [] } }, instanceProfiles: [] });
    const user = (name: string) => ({ kind: "user" as const, arn: `arn:aws:iam::333333333333:user/${name}`, account: "333333333333", name, policies: [everything], groups: [] });
    const small: ReviewInput = { accounts: ["333333333333"], users: [user("bob"), user("Ann")], roles: [role("beta"), role("Zeta"), role("alpha")], instanceProfiles: [], instances: [] };
    const answer = whoCan(small, { action: "s3:GetObject", resource: "arn:aws:s3:::b/k", resourceAccount: "333333333333" }, { now });
    expect(principals(answer.allowed)).toEqual([
      "arn:aws:iam::333333333333:role/Zeta",
      "arn:aws:iam::333333333333:role/alpha",
      "arn:aws:iam::333333333333:role/beta",
      "arn:aws:iam::333333333333:user/Ann",
      "arn:aws:iam::333333333333:user/bob",
    ]);
    expect(answer.evaluated).toBe(5);
  });

  it("a role's keys are its session's; without a unique id aws:userid is left out rather than made up", () => {
    const opsAdmin = input.roles.find((r) => r.name === "ops-admin")!;
    const context = whoCanRequestContext(opsAdmin, now);
    expect(context).toMatchObject({ "aws:PrincipalArn": `${A}role/ops-admin`, "aws:PrincipalType": "AssumedRole", "aws:userid": `${opsAdmin.uniqueId}:who-can`, "aws:PrincipalTag/story": "Alice", "aws:SecureTransport": "true", "aws:CurrentTime": "2026-11-27T12:00:00Z" });
    expect(context["aws:MultiFactorAuthPresent"]).toBeUndefined();
    expect(context["aws:username"]).toBeUndefined();
    expect(whoCanRequestContext({ ...opsAdmin, uniqueId: undefined }, now)["aws:userid"]).toBeUndefined();
  });
});
