import type { Db, Tx } from "./create-client";

/** Runs `fn` in a transaction: a new one on a client, the caller's own when given one. */
export async function inTransaction<T>(db: Db | Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ("$transaction" in db && typeof db.$transaction === "function") {
    return (db as Db).$transaction((tx) => fn(tx), { timeout: 60_000 });
  }
  return fn(db);
}
