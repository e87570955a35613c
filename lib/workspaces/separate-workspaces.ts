import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { configureSqlite, createPrismaClient } from "../db/create-client";
import { migrateDatabase, pendingMigrations } from "../db/migrate";
import { exportWorkspace, serializeBackup } from "../io/workspace-backup";
import { demoWorkspaceName, sqliteFiles, workspaceBasePath, workspaceDatabasePath, workspacesDirectory } from "./workspace-files";

/**
 * Brings a main database to the classroom's layout, once: before it, one file held every
 * workspace, with account ids unique across them. Now the main file keeps `demo` (the workspace
 * named so, else its oldest, renamed) and every other workspace moves into a file of its own,
 * with its accounts, IAM, instances, sessions, decisions and the audit entries of its accounts.
 * Console users, their assignments and the directory stay in the main file. Also migrates the
 * workspace files when a newer release brings a migration. Returns the workspaces moved out.
 */
export async function separateWorkspaces(mainDatabasePath: string): Promise<string[]> {
  const main = new Database(mainDatabasePath);
  main.pragma("busy_timeout = 15000");
  main.pragma("foreign_keys = ON");
  const moved: string[] = [];
  try {
    const ids = (main.prepare(`SELECT id FROM "Workspace" ORDER BY createdAt, id`).all() as { id: string }[]).map((r) => r.id);
    const directory = new Set((main.prepare(`SELECT name FROM "ClassroomWorkspace"`).all() as { name: string }[]).map((r) => r.name));
    if (ids.length > 0 && !ids.includes(demoWorkspaceName)) {
      // The oldest workspace becomes `demo`: ids cascade to its rows and its assignments.
      main.prepare(`UPDATE "Workspace" SET id = ? WHERE id = ?`).run(demoWorkspaceName, ids[0]);
      main.prepare(`UPDATE "ClassroomWorkspace" SET name = ? WHERE name = ?`).run(demoWorkspaceName, ids[0]);
      ids[0] = demoWorkspaceName;
    }
    if (ids.includes(demoWorkspaceName) && !directory.has(demoWorkspaceName)) {
      main.prepare(`INSERT INTO "ClassroomWorkspace" (name, createdBy, source) VALUES (?, 'roleplay setup', 'demo')`).run(demoWorkspaceName);
    }
    for (const id of ids.filter((w) => w !== demoWorkspaceName)) {
      const target = workspaceDatabasePath(mainDatabasePath, id);
      mkdirSync(workspacesDirectory(mainDatabasePath), { recursive: true });
      for (const file of sqliteFiles(target)) rmSync(file, { force: true });
      main.prepare("VACUUM INTO ?").run(target);
      const copy = new Database(target);
      try {
        copy.pragma("foreign_keys = ON");
        copy.transaction(() => {
          const accounts = `(SELECT id FROM "Account" WHERE workspaceId = ${quote(id)})`;
          deleteAuditEntries(copy, `accountId IS NULL OR accountId NOT IN ${accounts}`);
          copy.prepare(`DELETE FROM "Workspace" WHERE id <> ?`).run(id);
          for (const table of ["ClassroomMember", "ClassroomWorkspace", "ConsoleSession", "SignInAttempt", "ConsoleUser"]) copy.exec(`DELETE FROM "${table}"`);
        })();
      } finally {
        copy.close();
      }
      main.transaction(() => {
        deleteAuditEntries(main, `accountId IN (SELECT id FROM "Account" WHERE workspaceId = ${quote(id)})`);
        main.prepare(`DELETE FROM "Workspace" WHERE id = ?`).run(id);
        if (!directory.has(id)) main.prepare(`INSERT INTO "ClassroomWorkspace" (name, createdBy, source) VALUES (?, 'roleplay setup', 'empty')`).run(id);
      })();
      moved.push(id);
    }
  } finally {
    main.close();
  }
  // Reset returns a moved workspace to the state it had when it moved.
  for (const id of moved) {
    const db = createPrismaClient(`file:${workspaceDatabasePath(mainDatabasePath, id)}`);
    try {
      await configureSqlite(db);
      writeFileSync(workspaceBasePath(mainDatabasePath, id), serializeBackup(await exportWorkspace(db)));
    } finally {
      await db.$disconnect();
    }
  }
  migrateWorkspaceFiles(mainDatabasePath);
  return moved;
}

/** Applies pending migrations to every workspace file in the directory. */
function migrateWorkspaceFiles(mainDatabasePath: string): void {
  const main = new Database(mainDatabasePath, { readonly: true });
  let names: string[];
  try {
    names = (main.prepare(`SELECT name FROM "ClassroomWorkspace"`).all() as { name: string }[]).map((r) => r.name);
  } finally {
    main.close();
  }
  for (const name of names.filter((n) => n !== demoWorkspaceName)) {
    const file = workspaceDatabasePath(mainDatabasePath, name);
    if (existsSync(file) && pendingMigrations(file).length) migrateDatabase(file);
  }
}

/**
 * The audit log refuses deletes (a trigger); moving a workspace's entries to its own file is the
 * one sanctioned exception, done inside the caller's transaction with the trigger put back.
 */
function deleteAuditEntries(sqlite: Database.Database, where: string): void {
  const trigger = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'AuditEntry_no_delete'`).get() as { sql: string } | undefined;
  if (trigger) sqlite.exec(`DROP TRIGGER "AuditEntry_no_delete"`);
  sqlite.exec(`DELETE FROM "AuditEntry" WHERE ${where}`);
  if (trigger) sqlite.exec(trigger.sql);
}

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;
