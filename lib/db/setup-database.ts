import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../env";
import { configureSqlite, createPrismaClient } from "./create-client";
import { seedDemoWorkspace } from "../seed/seed-demo-workspace";

export type SetupResult = { databasePath: string; migrated: boolean; seeded: boolean; reset: boolean };

/** Applies the committed migrations with Prisma's JS schema engine (no native download). */
export function migrateDatabase(databaseUrl: string): void {
  const prisma = path.join(projectRoot, "node_modules", "prisma", "build", "index.js");
  const result = spawnSync(process.execPath, [prisma, "migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`Migrating ${databaseUrl} failed:\n${result.stdout}\n${result.stderr}`);
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
  migrateDatabase(databaseUrl);
  const db = createPrismaClient(databaseUrl);
  try {
    await configureSqlite(db);
    const seeded = (await db.workspace.count()) === 0;
    if (seeded) await seedDemoWorkspace(db);
    return { databasePath, migrated: true, seeded, reset: Boolean(options.reset) || !existed };
  } finally {
    await db.$disconnect();
  }
}
