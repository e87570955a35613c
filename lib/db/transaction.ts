import type { Db, Tx } from "./create-client";

/**
 * Runs `fn` in a transaction: a new one on a client, the caller's own when given one. The new
 * transaction takes SQLite's write lock first (a no-op write, as BEGIN IMMEDIATE would): a
 * transaction that reads first and writes later cannot wait for another process's writer (SQLite
 * answers SQLITE_BUSY at once to keep its snapshot), while one that asks for the lock up front
 * waits for it (busy_timeout).
 */
export async function inTransaction<T>(db: Db | Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ("$transaction" in db && typeof db.$transaction === "function") {
    return (db as Db).$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe('UPDATE "Workspace" SET "id" = "id" WHERE 0');
        return fn(tx);
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }
  return fn(db);
}
