import "server-only";
import { readEnv } from "../env";
import { configureSqlite, createPrismaClient, type Db } from "./create-client";

// One client per server process; a globalThis slot survives hot reloads in development.
const globalForPrisma = globalThis as unknown as { roleplayPrisma?: Promise<Db> };

async function open(): Promise<Db> {
  const db = createPrismaClient(readEnv().databaseUrl);
  await configureSqlite(db);
  return db;
}

/** The console's Prisma client. */
export function getDb(): Promise<Db> {
  globalForPrisma.roleplayPrisma ??= open();
  return globalForPrisma.roleplayPrisma;
}
