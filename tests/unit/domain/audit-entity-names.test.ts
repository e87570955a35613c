/** The audit log names entities by name and links each to its page, not by internal id. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { listAuditEntries } from "../../../lib/audit/list-audit";
import { auditEntityKey, auditEntityTypeLabel, nameAuditEntities } from "../../../lib/audit/audit-entity-names";
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
  return entries.filter((e) => e.entityType === entityType).map((e) => ({ entityId: e.entityId, ...names.get(auditEntityKey(e.entityType, e.entityId))! })).find((n) => match(n.name));
}

describe("audit entity names", () => {
  it.each([
    ["Role", "Get-pics", "/111111111111/roles/Get-pics"],
    ["User", "alice", "/111111111111/users/alice"],
    ["InstanceProfile", "ops-admin", "/111111111111/instance-profiles/ops-admin"],
    ["Instance", "photos-app", "/111111111111/instances/"],
    ["Bucket", "amzn-s3-demo-bucket-photos", "/111111111111/buckets/amzn-s3-demo-bucket-photos"],
    ["Account", "Partner data", "/222222222222"],
    ["EcsCluster", "photos-cluster", "/111111111111/ecs-tasks"],
  ])("%s %s links to its page", async (type, name, href) => {
    const entity = await named(type, (n) => n === name);
    expect(entity, `${type} ${name}`).toBeDefined();
    expect(entity!.href!.startsWith(href)).toBe(true);
    if (type !== "Bucket") expect(entity!.name).not.toBe(entity!.entityId);
  });

  it("shows AWS's id beside the name, never the console's database key nor an id the name already says", async () => {
    expect((await named("Role", (n) => n === "Get-pics"))!.id).toMatch(/^AROA/);
    expect((await named("Account", (n) => n === "Photos (production)"))!.id).toBe("111111111111");
    expect((await named("EcsCluster", (n) => n === "photos-cluster"))!.id).toBeNull();
    expect((await named("Bucket", (n) => n === "amzn-s3-demo-bucket-photos"))!.id).toBeNull();
  });

  it.each([
    ["EcsTask", "ECS task"],
    ["ManagedPolicy", "managed policy"],
    ["S3Object", "S3 object"],
    ["InstanceProfile", "instance profile"],
    ["SomethingNew", "something new"],
  ])("entity type %s reads %s", (type, words) => {
    expect(auditEntityTypeLabel(type)).toBe(words);
  });

  it("a deleted role keeps the name its entries recorded, without a link", async () => {
    await createRole(db, { accountId: "111111111111", name: "short-lived", trustPolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }, "test");
    await deleteRole(db, { accountId: "111111111111", roleName: "short-lived" }, "test");
    const entity = await named("Role", (n) => n === "short-lived");
    expect(entity).toMatchObject({ name: "short-lived", href: null });
    expect(entity!.entityId).toMatch(/^AROA/);
    expect(entity!.id).toBe(entity!.entityId);
  });
});
