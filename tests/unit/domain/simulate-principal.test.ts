import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { simulatePrincipalRequest } from "../../../lib/simulation/simulate-principal";
import { deleteRolePolicy, putRolePolicy } from "../../../lib/iam/roles";
import { createTestDatabase } from "../support/test-database";

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let t: TestDb;
beforeEach(async () => {
  t = await createTestDatabase();
  await seedDemoWorkspace(t.db);
});
afterEach(async () => t.dispose());

const read = { principalArn: "arn:aws:iam::111111111111:role/Get-pics", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" };

describe("simulate as a principal of the workspace", () => {
  it("answers with the role's policies and the bucket policy, and sees every change at once", async () => {
    const now = new Date("2026-11-27T12:00:00Z");
    const allowed = await simulatePrincipalRequest(t.db, read, now);
    expect(allowed).toMatchObject({ decision: "Allow", allowed: true, principal: "arn:aws:sts::111111111111:assumed-role/Get-pics/roleplay" });
    expect(allowed.deciding[0]).toMatch(/Sid ReadPhotos/);

    const document = (await t.db.inlinePolicy.findFirstOrThrow({ where: { name: "ReadPhotosBucket" } })).document;
    await deleteRolePolicy(t.db, { accountId: "111111111111", roleName: "Get-pics", policyName: "ReadPhotosBucket" }, "test");
    const refused = await simulatePrincipalRequest(t.db, read, now);
    expect(refused).toMatchObject({ decision: "ImplicitDeny", allowed: false, missing: `s3:GetObject on ${read.resource}` });

    await putRolePolicy(t.db, { accountId: "111111111111", roleName: "Get-pics", policyName: "ReadPhotosBucket", document }, "test");
    expect((await simulatePrincipalRequest(t.db, read, now)).decision).toBe("Allow");
  });

  it("the bucket policy's explicit deny applies to principals of other accounts", async () => {
    const answer = await simulatePrincipalRequest(t.db, { ...read, principalArn: "arn:aws:iam::222222222222:role/efgh" }, new Date());
    expect(answer.decision).toBe("ExplicitDeny");
    expect(answer.deciding[0]).toMatch(/DenyOutsideTheAccount/);
  });

  it("refuses an action that no AWS service has", async () => {
    await expect(simulatePrincipalRequest(t.db, { ...read, action: "s3:GetObjekt" }, new Date())).rejects.toThrow(/not an action/);
  });
});
