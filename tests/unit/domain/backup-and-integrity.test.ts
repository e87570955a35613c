import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { configureSqlite, createPrismaClient } from "../../../lib/db/create-client";
import { AppError } from "../../../lib/errors";
import { demoWorkspaceId, seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { importAuthorizationDetails } from "../../../lib/io/import-authorization-details";
import { exportWorkspace, restoreWorkspace, serializeBackup } from "../../../lib/io/workspace-backup";
import { createRole, findRole, updateRole } from "../../../lib/iam/roles";
import { createTestDatabase } from "../support/test-database";
import { appErrorOf } from "../support/app-error";

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let source: TestDb;
let target: TestDb;

beforeEach(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
  await seedDemoWorkspace(source.db);
});
afterEach(async () => {
  await source.dispose();
  await target.dispose();
});

const errorOf = appErrorOf;

describe("workspace backup and restore", () => {
  it("round-trips losslessly: export → restore into an empty database → export gives the same file", async () => {
    const first = serializeBackup(await exportWorkspace(source.db));
    const result = await restoreWorkspace(target.db, first, { actor: "test" });
    expect(result).toMatchObject({ replaced: false, auditEntriesRestored: true });
    const second = serializeBackup(await exportWorkspace(target.db));
    expect(second).toBe(first);
    expect((await findRole(target.db, "111111111111", "Get-pics")).name).toBe("Get-pics");
  });

  it.each([
    ["not JSON", (text: string) => text.slice(0, text.length / 2), /not valid JSON/],
    ["a foreign format", (text: string) => text.replace('"roleplay-workspace"', '"something-else"'), /Not a Roleplay workspace backup/],
    ["a missing table", (text: string) => JSON.stringify({ ...JSON.parse(text), tables: { ...JSON.parse(text).tables, Role: undefined } }), /missing table Role/],
    ["a wrong field type", (text: string) => text.replace('"maxSessionDuration": 3600', '"maxSessionDuration": "an hour"'), /tables\.Role\[\d+\]\.maxSessionDuration: expected Int/],
    ["a dangling foreign key", (text: string) => text.replace(/"accountId": "222222222222"/, '"accountId": "999999999999"'), /./],
  ])("refuses %s and changes nothing", async (_name, damage, message) => {
    await createRole(target.db, { accountId: "111111111111", name: "x", trustPolicy: "{}" }, "t").catch(() => undefined);
    const before = serializeBackup(await exportWorkspace(target.db));
    const damaged = damage(serializeBackup(await exportWorkspace(source.db)));
    const error = await restoreWorkspace(target.db, damaged, { actor: "test" }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeTruthy();
    expect(String((error as Error).message)).toMatch(message);
    expect(serializeBackup(await exportWorkspace(target.db))).toBe(before);
  });

  it("refuses to overwrite a workspace unless asked; replacing keeps the audit log and records the restore", async () => {
    await seedDemoWorkspace(target.db);
    const auditBefore = await target.db.auditEntry.count();
    const backup = serializeBackup(await exportWorkspace(source.db));
    expect((await errorOf(restoreWorkspace(target.db, backup, { actor: "test" }))).code).toBe("EntityAlreadyExists");
    const result = await restoreWorkspace(target.db, backup, { actor: "ana@example.com", replace: true });
    expect(result).toMatchObject({ replaced: true, auditEntriesRestored: false });
    expect(await target.db.auditEntry.count()).toBe(auditBefore + 1);
    expect((await target.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).action).toBe("RestoreWorkspace");
    expect(await target.db.role.count()).toBe(await source.db.role.count());
  });
});

type Backup = { tables: Record<string, Record<string, unknown>[]> };
type Damage = [what: string, table: string, field: string, damage: (b: Backup) => void];
const row = (b: Backup, table: string, match: (r: Record<string, unknown>) => boolean = () => true) => b.tables[table].find(match)!;
const set = (table: string, field: string, value: unknown, match?: (r: Record<string, unknown>) => boolean) => (b: Backup) => void (row(b, table, match)[field] = value);

// Each is a file that once restored and then broke pages: every field is checked as the services
// check it, and a damaged file changes nothing.
const damages: Damage[] = [
  ["a session duration out of range", "Role", "maxSessionDuration", set("Role", "maxSessionDuration", 99_999_999)],
  ["a trust policy that is not JSON", "Role", "trustPolicy", set("Role", "trustPolicy", "not json")],
  ["a trust policy with a repeated key", "Role", "trustPolicy", set("Role", "trustPolicy", '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}')],
  ["a trust policy without a principal", "Role", "trustPolicy", set("Role", "trustPolicy", '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}')],
  ["an inline policy naming a principal", "InlinePolicy", "document", set("InlinePolicy", "document", '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}')],
  ["a policy version with a __proto__ element", "PolicyVersion", "document", set("PolicyVersion", "document", '{"Version":"2012-10-17","Statement":{"__proto__":{},"Effect":"Allow","Action":"*","Resource":"*"}}')],
  ["a bucket policy that is not JSON", "Bucket", "policy", set("Bucket", "policy", "{", (r) => r.policy !== null)],
  ["a negative version", "Role", "version", set("Role", "version", -1)],
  ["a version beyond 32 bits", "User", "version", set("User", "version", 2 ** 40)],
  ["a clock offset beyond 32 bits", "Workspace", "clockOffsetSeconds", set("Workspace", "clockOffsetSeconds", 1e15)],
  ["a hop limit out of range", "Instance", "hopLimit", set("Instance", "hopLimit", 1000)],
  ["an unknown instance state", "Instance", "state", set("Instance", "state", "exploded")],
  ["unknown metadata options", "Instance", "httpTokens", set("Instance", "httpTokens", "sometimes")],
  ["tags that are not JSON", "User", "tags", set("User", "tags", "{")],
  ["tags that break IAM's rules", "InstanceProfile", "tags", set("InstanceProfile", "tags", '[{"Key":"aws:reserved","Value":"x"}]')],
  ["a role name IAM refuses", "Role", "name", (b) => Object.assign(row(b, "Role"), { name: "has space", nameKey: "has space" })],
  ["a name key that is not the lower-cased name", "User", "nameKey", set("User", "nameKey", "someone-else")],
  ["a path without slashes", "Role", "path", set("Role", "path", "no-slash")],
  ["an account id of three digits", "Account", "id", (b) => void (b.tables.Account = [{ ...row(b, "Account"), id: "123" }, ...b.tables.Account.slice(1)])],
  ["a bucket name S3 refuses", "Bucket", "name", set("Bucket", "name", "Not_A_Bucket")],
  ["an unknown association state", "InstanceProfileAssociation", "state", set("InstanceProfileAssociation", "state", "weird")],
  ["an unknown task status", "EcsTask", "lastStatus", set("EcsTask", "lastStatus", "EXPLODED")],
  ["an audit entry whose after is not JSON", "AuditEntry", "after", set("AuditEntry", "after", "{not json")],
  ["an instance id of another form", "Instance", "id", (b) => {
    const instance = row(b, "Instance");
    for (const a of b.tables.InstanceProfileAssociation) if (a.instanceId === instance.id) a.instanceId = "instance-1";
    instance.id = "instance-1";
  }],
];

describe("a restore checks every field as the services do", () => {
  it("a workspace holding imported accounts (real exports, sanitised ids and all) round-trips", async () => {
    const dir = path.join(import.meta.dirname, "..", "..", "fixtures", "authorization-details");
    const files = readdirSync(dir).filter((f) => f.endsWith(".json")).map((name) => ({ name, text: readFileSync(path.join(dir, name), "utf8") }));
    for (const file of files) await importAuthorizationDetails(source.db, { workspaceId: demoWorkspaceId, files: [file], actor: "test" });
    const text = serializeBackup(await exportWorkspace(source.db));
    await restoreWorkspace(target.db, text, { actor: "test" });
    expect(serializeBackup(await exportWorkspace(target.db))).toBe(text);
  }, 120_000);

  it.each(damages)("refuses %s naming the table, row and field, and changes nothing", async (_what, table, field, damage) => {
    const backup = JSON.parse(serializeBackup(await exportWorkspace(source.db))) as Backup;
    damage(backup);
    const error = await errorOf(restoreWorkspace(target.db, JSON.stringify(backup), { actor: "test" }));
    expect(error.code).toBe("InvalidInput");
    expect(error.message).toMatch(new RegExp(`tables\\.${table}\\[\\d+\\]\\.${field}`));
    expect(await target.db.workspace.count()).toBe(0);
    expect(await target.db.auditEntry.count()).toBe(0);
  });

  it("a damaged file over an existing workspace changes nothing either", async () => {
    const before = serializeBackup(await exportWorkspace(source.db));
    const backup = JSON.parse(before) as Backup;
    set("Role", "trustPolicy", "not json")(backup);
    expect((await errorOf(restoreWorkspace(source.db, JSON.stringify(backup), { actor: "test", replace: true }))).code).toBe("InvalidInput");
    expect(serializeBackup(await exportWorkspace(source.db))).toBe(before);
  });

  it("rows that do not fit together (a missing parent) are InvalidInput, not a database error", async () => {
    const backup = JSON.parse(serializeBackup(await exportWorkspace(source.db))) as Backup;
    row(backup, "PolicyAttachment", (r) => r.managedPolicyId !== null).managedPolicyId = "ANPAMISSINGMISSINGMIS";
    const error = await errorOf(restoreWorkspace(target.db, JSON.stringify(backup), { actor: "test" }));
    expect(error.code).toBe("InvalidInput");
    expect(error.message).toMatch(/PolicyAttachment/);
    expect(await target.db.workspace.count()).toBe(0);
  });
});

describe("concurrency: a role edit saved over a newer version is refused", () => {
  it("100 concurrent conflicting edits of one role: exactly one wins per version, the rest get conflicts, no lost update", async () => {
    const db: Db = source.db;
    const role = await findRole(db, "111111111111", "Get-pics");
    const attempts = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => updateRole(db, { accountId: "111111111111", roleName: "Get-pics", expectedVersion: role.version, description: `edit ${i}` }, `editor-${i}`)),
    );
    const winners = attempts.flatMap((a, i) => (a.status === "fulfilled" ? [i] : []));
    expect(winners).toHaveLength(1);
    for (const a of attempts) if (a.status === "rejected") expect((a.reason as AppError).code).toBe("Conflict");
    const saved = await findRole(db, "111111111111", "Get-pics");
    expect(saved.version).toBe(role.version + 1);
    expect(saved.description).toBe(`edit ${winners[0]}`);
    const audited = await db.auditEntry.findMany({ where: { action: "UpdateRole", entityId: role.id } });
    expect(audited).toHaveLength(1);
    expect(audited[0].actor).toBe(`editor-${winners[0]}`);
  });

  it("the conflict shows both versions", async () => {
    const role = await findRole(source.db, "111111111111", "Get-pics");
    await updateRole(source.db, { accountId: "111111111111", roleName: "Get-pics", expectedVersion: role.version, description: "theirs" }, "a");
    const error = await errorOf(updateRole(source.db, { accountId: "111111111111", roleName: "Get-pics", expectedVersion: role.version, description: "mine" }, "b"));
    expect(error.code).toBe("Conflict");
    expect(error.details).toMatchObject({ yourVersion: role.version, currentVersion: role.version + 1, yours: { description: "mine" }, current: { description: "theirs" } });
  });
});

describe("integrity: a process killed mid-restore leaves the previous state", () => {
  it("kills a restore of a large workspace while it writes; the database opens and holds the old state", async () => {
    // A big backup: the demo plus thousands of audit entries, so the transaction takes a while.
    const backup = await exportWorkspace(source.db);
    const audit = backup.tables.AuditEntry;
    const last = audit[audit.length - 1];
    for (let i = 1; i <= 60_000; i++) audit.push({ ...last, id: (last.id as number) + i, entityId: `bulk-${i}` });
    const file = path.join(path.dirname(target.file), "big-backup.json");
    writeFileSync(file, serializeBackup(backup));
    await target.db.$disconnect();

    const child = spawn(process.execPath, ["bin/roleplay.mjs", "workspace", "restore", file], { env: { ...process.env, DATABASE_URL: target.url }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    // Wait until the transaction has begun writing (the WAL file grows), then kill it hard.
    const { statSync, existsSync } = await import("node:fs");
    const wal = `${target.file}-wal`;
    const started = Date.now();
    let writing = false;
    while (!writing && Date.now() - started < 150_000) {
      writing = existsSync(wal) && statSync(wal).size > 64 * 1024;
      if (!writing) await new Promise((r) => setTimeout(r, 5));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    expect(writing).toBe(true);
    expect(output).not.toContain("rows restored");

    const reopened = createPrismaClient(target.url);
    await configureSqlite(reopened);
    expect(await reopened.workspace.count()).toBe(0);
    expect(await reopened.auditEntry.count()).toBe(0);
    await reopened.$disconnect();
    target.db = createPrismaClient(target.url);
  }, 180_000);
});
