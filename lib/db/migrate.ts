import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { projectRoot } from "../env";

/**
 * Applies the committed Prisma migrations in-process with better-sqlite3.
 *
 * Why not `prisma migrate deploy`: its JS schema engine reports SQLite's busy answer (and other
 * driver failures) as an opaque "External error id#0", gives up at once instead of waiting, and
 * costs a 2–3 s child process per database. This writes the same `_prisma_migrations` rows
 * (checksum = SHA-256 of migration.sql), so Prisma's own tools still see a migrated database.
 * All pending migrations apply in one IMMEDIATE transaction: a failure leaves the file as it was.
 */

const committedDir = path.join(projectRoot, "prisma", "migrations");

const migrationsTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** The committed migration folder names, oldest first. */
export function committedMigrations(dir = committedDir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function appliedMigrations(sqlite: Database.Database): Set<string> {
  const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
  if (!table) return new Set();
  const rows = sqlite
    .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
    .all() as { migration_name: string }[];
  return new Set(rows.map((r) => r.migration_name));
}

/** The committed migrations not yet applied to the database file (all of them when it is new). */
export function pendingMigrations(databasePath: string): string[] {
  const all = committedMigrations();
  if (!existsSync(databasePath)) return all;
  const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const applied = appliedMigrations(sqlite);
    return all.filter((name) => !applied.has(name));
  } finally {
    sqlite.close();
  }
}

const prismaTimestamp = (date: Date) => date.toISOString().replace("Z", "+00:00");

/** Applies every pending migration to the file (created when missing); returns the names applied. */
export function migrateDatabase(databasePath: string, dir = committedDir): string[] {
  // A fresh clone has no data/ folder yet (Prisma's engine reported this as "External error").
  mkdirSync(path.dirname(databasePath), { recursive: true });
  const sqlite = new Database(databasePath);
  try {
    // Wait for a briefly held lock (a console or emulator writing) instead of failing at once.
    sqlite.pragma("busy_timeout = 15000");
    // Table rebuilds in the migrations drop and recreate referenced tables: checked at the end.
    sqlite.pragma("foreign_keys = OFF");
    try {
      sqlite.exec("BEGIN IMMEDIATE");
      sqlite.exec(migrationsTable);
      // Read under the write lock: another process may have migrated since we looked.
      const applied = appliedMigrations(sqlite);
      const pending = committedMigrations(dir).filter((name) => !applied.has(name));
      const record = sqlite.prepare(
        `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
      );
      for (const name of pending) {
        const script = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
        const startedAt = prismaTimestamp(new Date());
        try {
          sqlite.exec(script);
        } catch (error) {
          throw new Error(`migration ${name} failed: ${(error as Error).message}`);
        }
        record.run(randomUUID(), createHash("sha256").update(script).digest("hex"), prismaTimestamp(new Date()), name, startedAt);
      }
      const broken = sqlite.pragma("foreign_key_check") as { table: string }[];
      if (broken.length) throw new Error(`migrations left ${broken.length} rows with broken references (first in ${broken[0].table})`);
      sqlite.exec("COMMIT");
      return pending;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      const busy = /database is locked|SQLITE_BUSY/i.test(String((error as Error).message));
      throw new Error(
        busy
          ? `Migrating ${databasePath} failed: the database is in use. Stop the console (and any roleplay imds/sts) using it, then run setup again.`
          : `Migrating ${databasePath} failed: ${(error as Error).message}`,
      );
    }
  } finally {
    sqlite.close();
  }
}
