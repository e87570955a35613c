import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { committedMigrations, migrateDatabase, pendingMigrations } from "../../../lib/db/migrate";

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "roleplay-migrate-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("migrateDatabase", () => {
  it("applies every committed migration once, recording Prisma's checksum rows", () => {
    const file = path.join(scratch(), "not-yet", "fresh.db"); // its folder too is made
    expect(migrateDatabase(file)).toEqual(committedMigrations());
    expect(pendingMigrations(file)).toEqual([]);
    expect(migrateDatabase(file)).toEqual([]);
    const sqlite = new Database(file, { readonly: true });
    const rows = sqlite.prepare("SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name").all() as {
      migration_name: string; checksum: string; finished_at: string; applied_steps_count: number }[];
    expect(rows.map((r) => r.migration_name)).toEqual(committedMigrations());
    const first = rows[0];
    const script = readFileSync(path.join("prisma", "migrations", first.migration_name, "migration.sql"), "utf8");
    expect(first.checksum).toBe(createHash("sha256").update(script).digest("hex"));
    expect(first.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'Workspace'").get()).toEqual({ n: 1 });
    sqlite.close();
  });

  it("a failing migration leaves the file exactly as it was, earlier pending ones included", () => {
    const root = scratch();
    const migrations = path.join(root, "migrations");
    const [first, second] = committedMigrations();
    cpSync(path.join("prisma", "migrations", first), path.join(migrations, first), { recursive: true });
    const file = path.join(root, "partial.db");
    migrateDatabase(file, migrations);
    cpSync(path.join("prisma", "migrations", second), path.join(migrations, second), { recursive: true });
    mkdirSync(path.join(migrations, "29990101000000_broken"));
    writeFileSync(path.join(migrations, "29990101000000_broken", "migration.sql"), "CREATE TABLE Nope (id TEXT);\nTHIS IS NOT SQL;\n");
    expect(() => migrateDatabase(file, migrations)).toThrow(/migration 29990101000000_broken failed: .*syntax error/);
    const sqlite = new Database(file, { readonly: true });
    expect((sqlite.prepare("SELECT migration_name FROM _prisma_migrations").all() as { migration_name: string }[]).map((r) => r.migration_name)).toEqual([first]);
    expect(sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'Nope'").get()).toEqual({ n: 0 });
    sqlite.close();
  });

  it("waits for another process's write lock instead of failing at once", async () => {
    const file = path.join(scratch(), "busy.db");
    // Another process takes the write lock, says so, and lets go 1.5 s later.
    const holder = spawn(process.execPath, ["-e", `
      const Database = require("better-sqlite3");
      const db = new Database(${JSON.stringify(file)});
      db.exec("CREATE TABLE Hold (id INTEGER)");
      db.exec("BEGIN IMMEDIATE"); db.exec("INSERT INTO Hold VALUES (1)");
      console.log("held");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      db.exec("COMMIT"); db.close();`], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => holder.stdout.on("data", (chunk) => String(chunk).includes("held") && resolve()));
    expect(migrateDatabase(file)).toEqual(committedMigrations());
    await new Promise((resolve) => holder.on("exit", resolve));
  }, 30_000);
});
