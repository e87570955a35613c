// The simulator's guards against questions AWS never asks: an action paired with a resource of a
// type it does not act on (the catalog's resource types), and iam:PassRole without the
// iam:PassedToService key AWS always sends with it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { simulateBatch } from "../../../lib/simulation/simulate-batch";
import { resourceMismatch } from "../../../lib/catalog/action-resource-fit";
import { passRoleContext, withPassedToService } from "../../../components/simulator/simulation-state";
import { createTestDatabase } from "../support/test-database";

const role = "arn:aws:iam::111111111111:role/ops-admin";
const photo = "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg";

describe("does the action act on the resource?", () => {
  it.each([
    ["s3:GetObject", photo, true],
    ["s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket-photos/*", true],
    ["s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket-photos", true],
    ["iam:PassRole", role, true],
    ["sts:AssumeRole", "arn:aws:iam::222222222222:role/efgh", true],
    ["ec2:RunInstances", "arn:aws:ec2:us-east-1:111111111111:instance/i-0abc", true],
    ["s3:GetObject", "*", true],
    ["s3:GetObject", role, false],
    ["s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket-photos", false],
    ["iam:PassRole", photo, false],
    ["s3:ListAllMyBuckets", "arn:aws:s3:::amzn-s3-demo-bucket-photos", false],
  ])("%s on %s: %s", (action, resource, fits) => {
    expect(resourceMismatch(action, resource) === undefined).toBe(fits);
  });

  it("says why in words: what the ARN is, and the types the action acts on with their ARN formats", () => {
    expect(resourceMismatch("s3:GetObject", role)).toBe(
      "s3:GetObject does not act on a role of IAM (arn:aws:iam::111111111111:role/ops-admin): it acts on resources of type object (arn:${Partition}:s3:::${BucketName}/${ObjectName}) or accesspointobject (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}). Simulated, the pair could only be an implicit deny that says nothing about the caller.",
    );
    expect(resourceMismatch("s3:ListAllMyBuckets", "arn:aws:s3:::b")).toMatch(/acts on no particular resource: AWS authorizes it on "\*"/);
  });

  it("claims nothing about an action the catalog does not know", () => {
    expect(resourceMismatch("s3:NoSuchAction", role)).toBeUndefined();
  });
});

describe("a simulation marks the pairs that do not fit", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemoWorkspace(t.db);
  });
  afterAll(async () => t.dispose());

  it("alice (s3:* on *) is 'allowed' s3:GetObject on a role ARN: the row says the pair is meaningless", async () => {
    const result = await simulateBatch(t.db, { accountId: "111111111111", caller: { kind: "user", arn: "arn:aws:iam::111111111111:user/alice" }, actions: ["s3:GetObject"], resources: [photo, role] }, new Date("2026-11-27T12:00:00Z"));
    expect(result.rows.map((r) => [r.resource, r.decision, r.mismatch === undefined])).toEqual([
      [photo, "Allow", true],
      [role, "Allow", false],
    ]);
    expect(result.rows[1].mismatch).toMatch(/^s3:GetObject does not act on a role of IAM/);
  });
});

describe("iam:PassRole and iam:PassedToService", () => {
  const none = { set: {}, unset: [] };
  it("asks for the key when the simulation has iam:PassRole and no service", () => {
    expect(passRoleContext({ actions: ["s3:GetObject", "IAM:passrole"], edits: none })).toEqual({ asks: true });
    expect(passRoleContext({ actions: ["s3:GetObject"], edits: none })).toEqual({ asks: false });
  });

  it("one click sets the service, replacing any other spelling of the key and undoing its removal", () => {
    const edits = withPassedToService({ set: { "IAM:PassedToService": "lambda.amazonaws.com", "aws:SourceIp": "198.51.100.7" }, unset: ["iam:passedtoservice"] }, "ec2.amazonaws.com");
    expect(edits).toEqual({ set: { "aws:SourceIp": "198.51.100.7", "iam:PassedToService": "ec2.amazonaws.com" }, unset: [] });
    expect(passRoleContext({ actions: ["iam:PassRole"], edits })).toEqual({ asks: true, service: "ec2.amazonaws.com" });
  });
});
