import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";

export type Db = PrismaClient;
/** A Prisma client or an interactive transaction: what every service takes first. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/**
 * Opens the SQLite workspace at `databaseUrl` with WAL journaling and foreign keys on, so that
 * readers never block the writer and a crash mid-write leaves the previous state intact.
 */
export function createPrismaClient(databaseUrl: string): Db {
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl });
  return new PrismaClient({ adapter });
}

export async function configureSqlite(db: Db): Promise<void> {
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  await db.$queryRawUnsafe("PRAGMA busy_timeout = 15000");
}
