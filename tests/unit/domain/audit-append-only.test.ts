import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";

// The audit log is append-only in the database itself, whatever SQL reaches it. SQLite's REPLACE
// deletes the conflicting row without firing DELETE triggers (unless recursive_triggers is on),
// so the table must refuse a second row with an existing id at INSERT time.
type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let t: TestDb;
let sqlite: Database.Database;

beforeEach(async () => {
  t = await createTestDatabase();
  await t.db.$disconnect();
  sqlite = new Database(t.file);
  sqlite.prepare(`INSERT INTO "AuditEntry" ("id", "at", "actor", "action", "entityType", "entityId") VALUES (1, 0, 'admin', 'CreateRole', 'Role', 'AROA1')`).run();
});
afterEach(async () => {
  sqlite.close();
  await t.dispose();
});

const entry = () => sqlite.prepare(`SELECT "actor", "action" FROM "AuditEntry" WHERE "id" = 1`).get();
const insertAs = (verb: string) => sqlite.prepare(`${verb} INTO "AuditEntry" ("id", "at", "actor", "action", "entityType", "entityId") VALUES (1, 0, 'intruder', 'Nothing', 'Role', 'AROA1')`);

describe("the audit log refuses every rewrite, in raw SQL", () => {
  it.each(["INSERT OR REPLACE", "REPLACE"])("%s over an existing entry is refused and the entry stays", (verb) => {
    expect(() => insertAs(verb).run()).toThrow(/append-only/);
    expect(entry()).toEqual({ actor: "admin", action: "CreateRole" });
  });

  it("an upsert over an existing entry is refused", () => {
    expect(() =>
      sqlite.prepare(`INSERT INTO "AuditEntry" ("id", "at", "actor", "action", "entityType", "entityId") VALUES (1, 0, 'x', 'y', 'Role', 'z') ON CONFLICT("id") DO UPDATE SET "actor" = 'intruder'`).run(),
    ).toThrow(/append-only/);
    expect(entry()).toEqual({ actor: "admin", action: "CreateRole" });
  });

  it("refuses UPDATE and DELETE, even with recursive triggers on", () => {
    sqlite.pragma("recursive_triggers = ON");
    expect(() => sqlite.prepare(`UPDATE "AuditEntry" SET "actor" = 'intruder'`).run()).toThrow(/append-only/);
    expect(() => sqlite.prepare(`DELETE FROM "AuditEntry"`).run()).toThrow(/append-only/);
    expect(() => insertAs("INSERT OR REPLACE").run()).toThrow(/append-only/);
    expect(entry()).toEqual({ actor: "admin", action: "CreateRole" });
  });

  it("still appends new entries, with a given id or the next one", () => {
    sqlite.prepare(`INSERT INTO "AuditEntry" ("id", "at", "actor", "action", "entityType", "entityId") VALUES (7, 0, 'a', 'b', 'Role', 'c')`).run();
    sqlite.prepare(`INSERT INTO "AuditEntry" ("at", "actor", "action", "entityType", "entityId") VALUES (0, 'a', 'b', 'Role', 'c')`).run();
    expect(sqlite.prepare(`SELECT "id" FROM "AuditEntry" ORDER BY "id"`).pluck().all()).toEqual([1, 7, 8]);
  });
});
