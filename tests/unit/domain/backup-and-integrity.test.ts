import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { configureSqlite, createPrismaClient } from "../../../lib/db/create-client";
import { AppError } from "../../../lib/errors";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
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
