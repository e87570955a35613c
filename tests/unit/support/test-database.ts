import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { configureSqlite, createPrismaClient, type Db } from "../../../lib/db/create-client";
import { migrateDatabase } from "../../../lib/db/migrate";
import { createAccount } from "../../../lib/iam/accounts";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { afterEach, beforeEach } from "vitest";

let template: string | undefined;

/** A migrated, empty SQLite file of the test's own (copied from one migrated template per worker). */
export async function createTestDatabase(): Promise<{ db: Db; url: string; file: string; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "roleplay-test-"));
  if (!template) {
    template = path.join(mkdtempSync(path.join(tmpdir(), "roleplay-template-")), "template.db");
    migrateDatabase(template);
  }
  const file = path.join(dir, "workspace.db");
  copyFileSync(template, file);
  const url = `file:${file}`;
  const db = createPrismaClient(url);
  await configureSqlite(db);
  return {
    db,
    url,
    file,
    dispose: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A test database holding workspace `w` with one empty account. */
export async function createTestAccountDatabase(accountId: string) {
  const database = await createTestDatabase();
  await database.db.workspace.create({ data: { id: "w", name: "test" } });
  await createAccount(database.db, { id: accountId, name: "Test", workspaceId: "w" }, "test");
  return database;
}

/**
 * For each test of the calling suite, a fresh database seeded with the demo's stories, handed to
 * `use` (and disposed of after the test).
 */
export function seededDemoPerTest(use: (db: Db) => void): void {
  let dispose: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const database = await createTestDatabase();
    await seedDemoWorkspace(database.db);
    dispose = database.dispose;
    use(database.db);
  });
  afterEach(async () => {
    await dispose?.();
  });
}
