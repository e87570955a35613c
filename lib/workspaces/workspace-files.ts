import path from "node:path";
import { z } from "zod";

/**
 * Where workspaces live. The main database file (DATABASE_URL) holds the console's people, the
 * directory of workspaces, and the `demo` workspace; every other workspace is a SQLite file of
 * the same schema beside it, in `<main>-workspaces/NAME.db`, with the state it was created from
 * (for reset) in `NAME.base.json`.
 */

export const demoWorkspaceName = "demo";

export const workspaceNameSchema = z
  .string()
  .min(1, "A workspace name is 1–64 characters")
  .max(64, "A workspace name is 1–64 characters")
  .regex(/^[A-Za-z0-9._-]+$/, "A workspace name uses only letters, digits, '.', '_' and '-'")
  .refine((name) => name !== "." && name !== "..", "A workspace name cannot be '.' or '..'");

export function workspacesDirectory(mainDatabasePath: string): string {
  const parsed = path.parse(mainDatabasePath);
  return path.join(parsed.dir, `${parsed.name}-workspaces`);
}

/** The SQLite file holding workspace `name` (the main file for `demo`). */
export function workspaceDatabasePath(mainDatabasePath: string, name: string): string {
  return name === demoWorkspaceName ? mainDatabasePath : path.join(workspacesDirectory(mainDatabasePath), `${name}.db`);
}

/** The export of the state workspace `name` was created from. */
export function workspaceBasePath(mainDatabasePath: string, name: string): string {
  return path.join(workspacesDirectory(mainDatabasePath), `${name}.base.json`);
}

/** A SQLite file with its WAL, shared-memory and journal companions. */
export const sqliteFiles = (file: string) => ["", "-wal", "-shm", "-journal"].map((suffix) => file + suffix);
