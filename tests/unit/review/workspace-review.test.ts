// The review over the seeded demo workspace: the seed's Alice story, and the organization's SCPs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { loadWorkspaceReviewInput } from "../../../lib/io/workspace-review-input";
import { reviewPassRole } from "../../../lib/review/review-pass-role";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { createTestDatabase } from "../support/test-database";

const A = "arn:aws:iam::111111111111:";
let db: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await createTestDatabase());
  await seedDemoWorkspace(db);
});
afterAll(() => dispose());

describe("the review of the demo workspace", () => {
  it("finds Alice's escalation to ops-admin through EC2, and none for bob", async () => {
    const result = reviewPassRole(await loadWorkspaceReviewInput(db, "demo"), { details: true });
    const alice = result.escalations.filter((e) => e.principal === `${A}user/alice`);
    expect(alice.map((e) => e.role)).toContain(`${A}role/ops-admin`);
    const opsAdmin = alice.find((e) => e.role === `${A}role/ops-admin`)!;
    expect(opsAdmin.gained.services.slice(0, 2)).toEqual(["iam", "dynamodb"]);
    expect(opsAdmin.levels?.some((l) => l.service === "iam" && l.level === "Permissions management")).toBe(true);
    expect(result.escalations.filter((e) => e.principal === `${A}user/bob`)).toEqual([]);
    expect(result.grants.find((g) => g.principal === `${A}user/bob` && g.service === "ec2.amazonaws.com")).toMatchObject({ role: `${A}role/Get-pics`, trusted: true, launch: ["ec2:RunInstances"] });
    const identity = result.identities!.find((i) => i.arn === `${A}role/ops-admin`)!;
    expect(identity).toMatchObject({ kind: "role", trustedServices: ["ec2.amazonaws.com"], admin: false });
    expect(result.findings[0]).toMatchObject({ kind: "escalation", principal: `${A}user/alice` });
  });

  it("an SCP on the account's OU that denies PassRole removes every grant of the account", async () => {
    await db.organization.create({ data: { id: "o-test", workspaceId: "demo", managementAccountId: "222222222222" } });
    await db.orgNode.create({ data: { id: "r-root", organizationId: "o-test", kind: "ROOT", name: "Root" } });
    await db.orgNode.create({ data: { id: "ou-prod", organizationId: "o-test", kind: "OU", name: "Production", parentId: "r-root" } });
    await db.account.update({ where: { id: "111111111111" }, data: { orgNodeId: "ou-prod" } });
    const full = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    const noPass = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "iam:PassRole", Resource: "*" }] });
    await db.orgPolicy.create({ data: { id: "p-full", organizationId: "o-test", kind: "SCP", name: "FullAWSAccess", document: full, attachments: { create: [{ nodeId: "r-root" }, { nodeId: "ou-prod" }, { accountId: "111111111111" }] } } });
    const before = reviewPassRole(await loadWorkspaceReviewInput(db, "demo"));
    expect(before.grants.some((g) => g.principal === `${A}user/alice`)).toBe(true);
    await db.orgPolicy.create({ data: { id: "p-nopass", organizationId: "o-test", kind: "SCP", name: "NoPassRole", document: noPass, attachments: { create: [{ nodeId: "ou-prod" }] } } });
    const after = reviewPassRole(await loadWorkspaceReviewInput(db, "demo"));
    expect(after.grants.filter((g) => g.principal.startsWith(A))).toEqual([]);
    expect(after.escalations).toEqual([]);
  });
});
