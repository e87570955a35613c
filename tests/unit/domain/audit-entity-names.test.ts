/** The audit log names entities by name and links each to its page, not by internal id. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { listAuditEntries } from "../../../lib/audit/list-audit";
import { auditEntityKey, nameAuditEntities } from "../../../lib/audit/audit-entity-names";
import { createRole, deleteRole } from "../../../lib/iam/roles";
import type { Db } from "../../../lib/db/create-client";

let db: Db;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await createTestDatabase());
  await seedDemoWorkspace(db);
}, 60_000);
afterAll(async () => dispose());

async function named(entityType: string, match: (name: string) => boolean) {
  const { entries } = await listAuditEntries(db, { limit: 200 });
  const names = await nameAuditEntities(db, entries);
  return entries.filter((e) => e.entityType === entityType).map((e) => ({ id: e.entityId, ...names.get(auditEntityKey(e.entityType, e.entityId))! })).find((n) => match(n.name));
}

describe("audit entity names", () => {
  it.each([
    ["Role", "Get-pics", "/111111111111/roles/Get-pics"],
    ["User", "alice", "/111111111111/users/alice"],
    ["InstanceProfile", "ops-admin", "/111111111111/instance-profiles/ops-admin"],
    ["Instance", "photos-app", "/111111111111/instances/"],
    ["Bucket", "amzn-s3-demo-bucket-photos", "/111111111111/buckets/amzn-s3-demo-bucket-photos"],
    ["Account", "Partner data (222222222222)", "/222222222222"],
  ])("%s %s links to its page", async (type, name, href) => {
    const entity = await named(type, (n) => n === name);
    expect(entity, `${type} ${name}`).toBeDefined();
    expect(entity!.href!.startsWith(href)).toBe(true);
    if (type !== "Bucket") expect(entity!.name).not.toBe(entity!.id);
  });

  it("a deleted role keeps the name its entries recorded, without a link", async () => {
    await createRole(db, { accountId: "111111111111", name: "short-lived", trustPolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }, "test");
    await deleteRole(db, { accountId: "111111111111", roleName: "short-lived" }, "test");
    const entity = await named("Role", (n) => n === "short-lived");
    expect(entity).toMatchObject({ name: "short-lived", href: null });
    expect(entity!.id).toMatch(/^AROA/);
  });
});
