import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import path from "node:path";
import { projectRoot } from "../env";
import { configureSqlite, createPrismaClient } from "./create-client";
import { seedDemoWorkspace } from "../seed/seed-demo-workspace";
import { addConsoleUser } from "../auth/console-users";
import { generatePassword } from "../auth/passwords";
import { pruneConsoleAuthRecords } from "../auth/sign-in";
import { hashStoredSessionTokens } from "../creds/role-sessions";

/** The administrator a fresh workspace gets; its password is printed once by setup. */
export const firstAdminEmail = "admin@roleplay.local";

export type SetupResult = {
  /** Set when this run created the first administrator: shown once, never stored in clear. */
  firstAdmin?: { email: string; password: string }; databasePath: string; /** whether any migration was applied */ migrated: boolean; seeded: boolean; reset: boolean };

/** Applies the committed migrations with Prisma's JS schema engine (no native download). */
export function migrateDatabase(databaseUrl: string): void {
  const prisma = path.join(projectRoot, "node_modules", "prisma", "build", "index.js");
  const deploy = () =>
    spawnSync(process.execPath, [prisma, "migrate", "deploy"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      encoding: "utf8",
    });
  let result = deploy();
  // The migration engine gives up at once on a file another connection briefly holds (it reports
  // SQLite's busy answer as "External error"): try again a few times before calling it a failure.
  for (let attempt = 1; attempt < 4 && result.status !== 0 && /External error|database is locked|SQLITE_BUSY/.test(result.stdout + result.stderr); attempt++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500 * attempt);
    result = deploy();
  }
  if (result.status !== 0) {
    const busy = /SocketTimeout|database is locked|SQLITE_BUSY/.test(result.stderr);
    throw new Error(
      busy
        ? `Migrating ${databaseUrl} failed: the database is in use. Stop the console (and any roleplay imds/sts) using it, then run setup again.`
        : `Migrating ${databaseUrl} failed:\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** The committed migrations not yet applied to the database file (all of them when it is new). */
export function pendingMigrations(databasePath: string): string[] {
  const all = readdirSync(path.join(projectRoot, "prisma", "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (!existsSync(databasePath)) return all;
  const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return all;
    const applied = new Set(
      (sqlite.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as { migration_name: string }[]).map((r) => r.migration_name),
    );
    return all.filter((name) => !applied.has(name));
  } finally {
    sqlite.close();
  }
}

/**
 * Prepares a workspace database: migrate, then seed the demo workspace when it holds none.
 * `reset` deletes the file first (with its WAL and shared-memory companions).
 */
export async function setupDatabase(options: { databaseUrl: string; databasePath: string; reset?: boolean }): Promise<SetupResult> {
  const { databaseUrl, databasePath } = options;
  if (options.reset) {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(databasePath + suffix, { force: true });
  }
  mkdirSync(path.dirname(databasePath), { recursive: true });
  const existed = existsSync(databasePath);
  // Prisma's migrate takes an exclusive lock; skip it when nothing is pending so that setup runs
  // beside a live console.
  const pending = pendingMigrations(databasePath);
  if (pending.length) migrateDatabase(databaseUrl);
  const db = createPrismaClient(databaseUrl);
  try {
    await configureSqlite(db);
    // Setup runs before every server start: housekeeping of sign-in records and role sessions.
    await pruneConsoleAuthRecords(db, new Date());
    await hashStoredSessionTokens(db);
    const seeded = (await db.workspace.count()) === 0;
    if (seeded) await seedDemoWorkspace(db);
    let firstAdmin: SetupResult["firstAdmin"];
    if ((await db.consoleUser.count()) === 0) {
      firstAdmin = { email: firstAdminEmail, password: generatePassword() };
      await addConsoleUser(db, { email: firstAdmin.email, password: firstAdmin.password, role: "admin" }, "roleplay setup");
    }
    return { firstAdmin, databasePath, migrated: pending.length > 0, seeded, reset: Boolean(options.reset) || !existed };
  } finally {
    await db.$disconnect();
  }
}
