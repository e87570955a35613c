import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { migrateDatabase, pendingMigrations } from "./migrate";
import { separateWorkspaces } from "../workspaces/separate-workspaces";
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
  // Migrating takes the write lock; skip it when nothing is pending so that setup runs beside a
  // live console.
  const pending = pendingMigrations(databasePath);
  if (pending.length) migrateDatabase(databasePath);
  const db = createPrismaClient(databaseUrl);
  try {
    await configureSqlite(db);
    // Setup runs before every server start: housekeeping of sign-in records and role sessions.
    await pruneConsoleAuthRecords(db, new Date());
    await hashStoredSessionTokens(db);
    const seeded = (await db.workspace.count()) === 0;
    if (seeded) await seedDemoWorkspace(db);
    // One file per workspace: older databases move their other workspaces out; `demo` enters the directory.
    await separateWorkspaces(databasePath);
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
