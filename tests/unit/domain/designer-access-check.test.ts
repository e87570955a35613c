import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPolicyDraftAccess } from "../../../lib/iam/designer-preview";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { createTestDatabase } from "../support/test-database";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoWorkspace(t.db);
});
afterAll(async () => t.dispose());

const readPhotos = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/*" }] });

describe("the designer's 'can this role do…' uses the same keys and resource side as every door", () => {
  it("a role still being designed reads the photos bucket: its session carries the account keys the bucket policy checks", async () => {
    const answer = await checkPolicyDraftAccess(
      t.db,
      { accountId: "111111111111", target: { kind: "new-role", roleName: "Get-pics-2", policyName: "ReadPhotos" }, text: readPhotos, action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" },
      new Date("2026-12-01T00:00:00Z"),
    );
    expect(answer.decision).toBe("Allow");
  });

  it("a saved role's draft is decided with the bucket policy too (another account's bucket denies outsiders)", async () => {
    const answer = await checkPolicyDraftAccess(
      t.db,
      { accountId: "222222222222", target: { kind: "inline", roleName: "efgh", policyName: "ReadPhotos" }, text: readPhotos, action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" },
      new Date("2026-12-01T00:00:00Z"),
    );
    expect(answer.decision).toBe("ExplicitDeny");
  });
});
