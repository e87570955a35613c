import "server-only";
import { readEnv } from "../env";
import { AppError } from "../errors";
import { demoWorkspaceName, workspaceDatabasePath } from "../workspaces/workspace-files";
import { configureSqlite, createPrismaClient, type Db } from "./create-client";

// One client per database file per server process; a globalThis slot survives hot reloads in
// development.
const globalForPrisma = globalThis as unknown as {
  roleplayPrisma?: Promise<Db>;
  roleplayWorkspaces?: Map<string, { createdAt: number; db: Promise<Db> }>;
};

async function open(databaseUrl: string): Promise<Db> {
  const db = createPrismaClient(databaseUrl);
  await configureSqlite(db);
  return db;
}

/** The console's main database: its people, the workspace directory, and the demo workspace. */
export function getDb(): Promise<Db> {
  globalForPrisma.roleplayPrisma ??= open(readEnv().databaseUrl);
  return globalForPrisma.roleplayPrisma;
}

/**
 * The client of workspace `name`'s own file; `NoSuchEntity` when the directory has no such
 * workspace. A workspace deleted and made again under its name gets a new client (the directory
 * entry's creation time is part of the key).
 */
export async function getWorkspaceDbByName(name: string): Promise<Db> {
  const main = await getDb();
  if (name === demoWorkspaceName) return main;
  const entry = await main.classroomWorkspace.findUnique({ where: { name }, select: { createdAt: true } });
  if (!entry) throw new AppError("NoSuchEntity", `There is no workspace named ${name}.`);
  const clients = (globalForPrisma.roleplayWorkspaces ??= new Map());
  const cached = clients.get(name);
  if (cached && cached.createdAt === entry.createdAt.getTime()) return cached.db;
  if (cached) void cached.db.then((old: Db) => old.$disconnect()).catch(() => undefined);
  const db = open(`file:${workspaceDatabasePath(readEnv().databasePath, name)}`);
  clients.set(name, { createdAt: entry.createdAt.getTime(), db });
  return db;
}
