import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askWorkload } from "../../../lib/compute/workload-permissions";
import { putRolePolicy } from "../../../lib/iam/roles";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { createTestDatabase } from "../support/test-database";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let ref: { kind: "instance"; accountId: string; instanceId: string };
const now = new Date("2026-12-01T10:00:00Z");
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoWorkspace(t.db);
  const instance = await t.db.instance.findFirstOrThrow({ where: { tags: { contains: "photos-app" } } });
  ref = { kind: "instance", accountId: "111111111111", instanceId: instance.id };
});
afterAll(async () => t.dispose());

describe("'can this app do…' on an instance", () => {
  it("refuses a resource that is not an ARN, saying what it would be", async () => {
    await expect(askWorkload(t.db, ref, { action: "s3:GetObject", resource: "acme-app-data/uploads/a.png" }, now)).rejects.toThrow(/not an ARN; an S3 object is arn:aws:s3:::acme-app-data\/uploads\/a.png/);
  });

  it("takes condition context: a source-IP condition decides with the key given", async () => {
    await putRolePolicy(t.db, {
      accountId: "111111111111",
      roleName: "Get-pics",
      policyName: "OfficeOnly",
      document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }] }),
    }, "test");
    const resource = "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg";
    expect((await askWorkload(t.db, ref, { action: "s3:GetObject", resource, context: { "aws:SourceIp": "203.0.113.7" } }, now)).decision).toBe("Allow");
    expect((await askWorkload(t.db, ref, { action: "s3:GetObject", resource, context: { "aws:SourceIp": "198.51.100.1" } }, now)).decision).toBe("ExplicitDeny");
  });
});
