import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { configureSqlite, createPrismaClient, type Db } from "../db/create-client";
import { migrateDatabase } from "../db/migrate";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { exportWorkspace, restoreWorkspace, serializeBackup } from "../io/workspace-backup";
import { seedDemoWorkspace } from "../seed/seed-demo-workspace";
import {
  demoWorkspaceName,
  sqliteFiles,
  workspaceBasePath,
  workspaceDatabasePath,
  workspaceNameSchema,
  workspacesDirectory,
} from "./workspace-files";

/**
 * The classroom's workspaces: create (from the demo, empty, another workspace, an export or a
 * lab), reset to the state they were created from, rename, delete, and assign console users.
 * `control` is the main database's client (people and the directory); each workspace's model is
 * its own file, opened with `openWorkspaceDb`.
 */

export type WorkspaceSource = { kind: "demo" } | { kind: "empty" } | { kind: "workspace"; name: string } | { kind: "file"; name: string; text: string };

export type WorkspaceSummary = {
  name: string;
  accounts: string[];
  /** Each account's name, by id. */
  accountNames: Record<string, string>;
  lab: string | null;
  members: string[];
  source: string;
  createdAt: string;
  createdBy: string;
};

export function parseWorkspaceName(name: string): string {
  const parsed = workspaceNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("InvalidInput", `${JSON.stringify(name)} is not a workspace name: ${parsed.error.issues[0].message}.`);
  return parsed.data;
}

/** Opens workspace `name`'s file (migrated, WAL, foreign keys on). The caller disconnects it. */
export async function openWorkspaceDb(mainDatabasePath: string, name: string): Promise<Db> {
  const db = createPrismaClient(`file:${workspaceDatabasePath(mainDatabasePath, name)}`);
  await configureSqlite(db);
  return db;
}

async function withWorkspaceDb<T>(mainDatabasePath: string, name: string, body: (db: Db) => Promise<T>): Promise<T> {
  const db = await openWorkspaceDb(mainDatabasePath, name);
  try {
    return await body(db);
  } finally {
    await db.$disconnect();
  }
}

/** The directory entry of `name`, or `NoSuchEntity`. */
export async function requireWorkspace(control: Db, name: string) {
  const entry = await control.classroomWorkspace.findUnique({ where: { name }, include: { members: { include: { user: { select: { email: true } } } } } });
  if (!entry) throw new AppError("NoSuchEntity", `There is no workspace named ${name} (see roleplay workspace list).`);
  return entry;
}

/** The accounts of a workspace file, by id, read without Prisma (listing a class opens many). */
function accountsIn(file: string): { id: string; name: string }[] {
  if (!existsSync(file)) return [];
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare(`SELECT id, name FROM "Account" ORDER BY id`).all() as { id: string; name: string }[];
  } catch {
    return [];
  } finally {
    sqlite.close();
  }
}

export async function listWorkspaces(control: Db, mainDatabasePath: string, only?: readonly string[]): Promise<WorkspaceSummary[]> {
  const entries = await control.classroomWorkspace.findMany({
    where: only ? { name: { in: [...only] } } : undefined,
    orderBy: [{ createdAt: "asc" }, { name: "asc" }],
    include: { members: { include: { user: { select: { email: true } } } } },
  });
  return entries.map((entry) => {
    const accounts = accountsIn(workspaceDatabasePath(mainDatabasePath, entry.name));
    return {
      name: entry.name,
      accounts: accounts.map((a) => a.id),
      accountNames: Object.fromEntries(accounts.map((a) => [a.id, a.name])),
      lab: entry.lab,
      members: entry.members.map((m) => m.user.email).sort(),
      source: entry.source,
      createdAt: entry.createdAt.toISOString(),
      createdBy: entry.createdBy,
    };
  });
}

function describeSource(source: WorkspaceSource, lab?: string): string {
  if (lab) return `lab:${lab}`;
  if (source.kind === "workspace") return `workspace:${source.name}`;
  if (source.kind === "file") return `file:${path.basename(source.name)}`;
  return source.kind;
}

/** The state a fresh copy of the seeded stories starts in, as an export (seeded in a scratch file). */
async function freshDemoExport(mainDatabasePath: string): Promise<string> {
  const scratch = path.join(workspacesDirectory(mainDatabasePath), `.demo-${process.pid}-${Date.now()}.db`);
  mkdirSync(path.dirname(scratch), { recursive: true });
  migrateDatabase(scratch);
  const db = createPrismaClient(`file:${scratch}`);
  try {
    await configureSqlite(db);
    await seedDemoWorkspace(db);
    return serializeBackup(await exportWorkspace(db));
  } finally {
    await db.$disconnect();
    for (const file of sqliteFiles(scratch)) rmSync(file, { force: true });
  }
}

/**
 * Creates workspace `name` from `source` (then `prepare`, e.g. a lab's starting steps), records
 * the state for reset, and enters it in the directory. Built in a scratch file first: a failure
 * leaves no workspace behind.
 */
export async function createWorkspace(
  control: Db,
  mainDatabasePath: string,
  input: { name: string; source: WorkspaceSource; lab?: string; prepare?: (db: Db) => Promise<void>; actor: Actor },
): Promise<WorkspaceSummary> {
  const name = parseWorkspaceName(input.name);
  const release = claimName(mainDatabasePath, name);
  try {
    return await createClaimed(control, mainDatabasePath, { ...input, name });
  } finally {
    release();
  }
}

/**
 * Claims `name` for one creation at a time across the console's processes and the CLI (an
 * exclusive lock file); a claim whose process is gone is taken over.
 */
function claimName(mainDatabasePath: string, name: string): () => void {
  const dir = path.join(workspacesDirectory(mainDatabasePath), ".creating");
  mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, `${name}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lock, "utf8"));
      if (holder && processAlive(holder)) break;
      rmSync(lock, { force: true });
    }
  }
  throw new AppError("EntityAlreadyExists", `A workspace named ${name} is being created right now; try again in a moment.`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function createClaimed(
  control: Db,
  mainDatabasePath: string,
  input: { name: string; source: WorkspaceSource; lab?: string; prepare?: (db: Db) => Promise<void>; actor: Actor },
): Promise<WorkspaceSummary> {
  const name = input.name;
  if (await control.classroomWorkspace.findUnique({ where: { name } })) throw new AppError("EntityAlreadyExists", `A workspace named ${name} already exists.`);
  let sourceText: string | undefined;
  if (input.source.kind === "workspace") {
    const from = input.source.name;
    await requireWorkspace(control, from);
    sourceText = await withWorkspaceDb(mainDatabasePath, from, async (db) => serializeBackup(await exportWorkspace(db)));
  } else if (input.source.kind === "file") {
    sourceText = input.source.text;
  }

  const directory = workspacesDirectory(mainDatabasePath);
  mkdirSync(directory, { recursive: true });
  const target = workspaceDatabasePath(mainDatabasePath, name);
  // Built in a folder no workspace name can reach (names hold no "/"), under a name of its own.
  const scratch = path.join(directory, ".creating", `${randomUUID()}.db`);
  let placed = false;
  for (const file of sqliteFiles(scratch)) rmSync(file, { force: true });
  try {
    migrateDatabase(scratch);
    const db = createPrismaClient(`file:${scratch}`);
    let baseText: string;
    let baseKeys: string;
    try {
      await configureSqlite(db);
      if (input.source.kind === "demo") {
        await seedDemoWorkspace(db);
        await db.$executeRaw`UPDATE "Workspace" SET "id" = ${name} WHERE "id" = ${demoWorkspaceName}`;
      } else if (input.source.kind === "empty") {
        await db.workspace.create({ data: { id: name, name } });
      } else {
        await restoreWorkspace(db, sourceText!, { actor: input.actor, asWorkspace: name });
      }
      if (input.prepare) await input.prepare(db);
      baseText = serializeBackup(await exportWorkspace(db));
      baseKeys = JSON.stringify(await db.accessKey.findMany({ orderBy: { accessKeyId: "asc" } }));
      await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    } finally {
      await db.$disconnect();
    }
    for (const file of sqliteFiles(target)) rmSync(file, { force: true });
    renameSync(scratch, target);
    placed = true;
    writeFileSync(workspaceBasePath(mainDatabasePath, name), baseText);
    writeFileSync(baseKeysPath(mainDatabasePath, name), baseKeys);
    const source = describeSource(input.source, input.lab);
    await control.$transaction(async (tx) => {
      await tx.classroomWorkspace.create({ data: { name, source, lab: input.lab ?? null, createdBy: input.actor } });
      await recordAudit(tx, { actor: input.actor, action: "CreateWorkspace", entityType: "Workspace", entityId: name, after: { source, lab: input.lab ?? null } });
    });
  } catch (error) {
    // Only what this creation made: the target and its reset state exist only if it got that far.
    for (const file of [...sqliteFiles(scratch), ...(placed ? [...sqliteFiles(target), workspaceBasePath(mainDatabasePath, name), baseKeysPath(mainDatabasePath, name)] : [])]) rmSync(file, { force: true });
    throw error;
  }
  return (await listWorkspaces(control, mainDatabasePath, [name]))[0];
}

/**
 * Puts workspace `name` back in the state it was created from (the demo: a fresh seed). Its audit
 * log is kept and records the reset, so a trainer still sees what happened before.
 */
export async function resetWorkspace(control: Db, mainDatabasePath: string, name: string, actor: Actor): Promise<WorkspaceSummary> {
  const entry = await requireWorkspace(control, name);
  const basePath = workspaceBasePath(mainDatabasePath, name);
  let baseText: string;
  if (existsSync(basePath)) baseText = readFileSync(basePath, "utf8");
  else if (entry.source === "demo") baseText = await freshDemoExport(mainDatabasePath);
  else throw new AppError("NoSuchEntity", `The state workspace ${name} was created from is missing (${basePath}); it cannot be reset.`);
  const keysPath = baseKeysPath(mainDatabasePath, name);
  const keys = existsSync(keysPath) ? (JSON.parse(readFileSync(keysPath, "utf8")) as StoredAccessKey[]) : [];
  await withWorkspaceDb(mainDatabasePath, name, async (db) => {
    await restoreWorkspace(db, baseText, { replace: true, actor, asWorkspace: name });
    // Backups carry no secrets, so the access keys the workspace started with (a lab's) come from
    // their own file: its users are back, their keys with them.
    await db.accessKey.deleteMany();
    if (keys.length) await db.accessKey.createMany({ data: keys.map((k) => ({ ...k, createdAt: new Date(k.createdAt), lastUsedAt: k.lastUsedAt ? new Date(k.lastUsedAt) : null })) });
  });
  await control.$transaction((tx) => recordAudit(tx, { actor, action: "ResetWorkspace", entityType: "Workspace", entityId: name, after: { source: entry.source } }));
  return (await listWorkspaces(control, mainDatabasePath, [name]))[0];
}

type StoredAccessKey = { accessKeyId: string; secretAccessKey: string; userId: string; accountId: string; status: string; createdAt: string; lastUsedAt: string | null; lastUsedService: string | null; lastUsedRegion: string | null };

/** The long-term access keys workspace `name` was created with (backups leave secrets out). */
const baseKeysPath = (mainDatabasePath: string, name: string) => workspaceBasePath(mainDatabasePath, name).replace(/\.base\.json$/, ".base-keys.json");

/** Deletes workspace `name`: its file, its reset state and its assignments. `demo` stays. */
export async function deleteWorkspace(control: Db, mainDatabasePath: string, name: string, actor: Actor): Promise<void> {
  if (name === demoWorkspaceName) throw new AppError("DeleteConflict", "The demo workspace lives in the console's own database and cannot be deleted; reset it instead.");
  await requireWorkspace(control, name);
  await control.$transaction(async (tx) => {
    await tx.classroomWorkspace.delete({ where: { name } });
    await recordAudit(tx, { actor, action: "DeleteWorkspace", entityType: "Workspace", entityId: name });
  });
  for (const file of [...sqliteFiles(workspaceDatabasePath(mainDatabasePath, name)), workspaceBasePath(mainDatabasePath, name), baseKeysPath(mainDatabasePath, name)]) rmSync(file, { force: true });
  rmSync(`${workspaceDatabasePath(mainDatabasePath, name)}-review`, { recursive: true, force: true });
}

/** Renames workspace `name` (its file, reset state, Workspace row and assignments follow). */
export async function renameWorkspace(control: Db, mainDatabasePath: string, name: string, newName: string, actor: Actor): Promise<WorkspaceSummary> {
  const to = parseWorkspaceName(newName);
  if (name === demoWorkspaceName || to === demoWorkspaceName) throw new AppError("InvalidInput", "The demo workspace keeps its name.");
  await requireWorkspace(control, name);
  if (await control.classroomWorkspace.findUnique({ where: { name: to } })) throw new AppError("EntityAlreadyExists", `A workspace named ${to} already exists.`);
  await withWorkspaceDb(mainDatabasePath, name, async (db) => {
    await db.$executeRaw`UPDATE "Workspace" SET "id" = ${to} WHERE "id" = ${name}`;
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  });
  for (const suffix of ["", "-wal", "-shm"]) {
    const from = workspaceDatabasePath(mainDatabasePath, name) + suffix;
    if (existsSync(from)) renameSync(from, workspaceDatabasePath(mainDatabasePath, to) + suffix);
  }
  const base = workspaceBasePath(mainDatabasePath, name);
  if (existsSync(base)) {
    // The reset state names the workspace too: rewrite it under the new name.
    const text = readFileSync(base, "utf8").replaceAll(`"id": ${JSON.stringify(name)}`, `"id": ${JSON.stringify(to)}`).replaceAll(`"workspaceId": ${JSON.stringify(name)}`, `"workspaceId": ${JSON.stringify(to)}`);
    writeFileSync(workspaceBasePath(mainDatabasePath, to), text);
    rmSync(base, { force: true });
  }
  if (existsSync(baseKeysPath(mainDatabasePath, name))) renameSync(baseKeysPath(mainDatabasePath, name), baseKeysPath(mainDatabasePath, to));
  rmSync(`${workspaceDatabasePath(mainDatabasePath, name)}-review`, { recursive: true, force: true });
  await control.$transaction(async (tx) => {
    await tx.classroomWorkspace.update({ where: { name }, data: { name: to } });
    await recordAudit(tx, { actor, action: "RenameWorkspace", entityType: "Workspace", entityId: to, before: { name }, after: { name: to } });
  });
  return (await listWorkspaces(control, mainDatabasePath, [to]))[0];
}

/** Assigns console users (by email) to workspace `name`; `remove` takes them off instead. */
export async function assignWorkspaceMembers(control: Db, name: string, emails: string[], options: { remove?: boolean; actor: Actor }): Promise<string[]> {
  await requireWorkspace(control, name);
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  if (wanted.length === 0) throw new AppError("InvalidInput", "Name at least one console user's email.");
  if (wanted.length > 500) throw new AppError("InvalidInput", `Assign at most 500 people at once (${wanted.length} given).`);
  const users = await control.consoleUser.findMany({ where: { email: { in: wanted } }, select: { id: true, email: true } });
  const missing = wanted.filter((email) => !users.some((u) => u.email === email));
  if (missing.length) throw new AppError("NoSuchEntity", `No console user with email ${missing.join(", ")}; nobody was ${options.remove ? "unassigned" : "assigned"}.`);
  await control.$transaction(async (tx) => {
    for (const user of users) {
      if (options.remove) await tx.classroomMember.deleteMany({ where: { userId: user.id, workspaceName: name } });
      else await tx.classroomMember.upsert({ where: { userId_workspaceName: { userId: user.id, workspaceName: name } }, create: { userId: user.id, workspaceName: name }, update: {} });
    }
    await recordAudit(tx, { actor: options.actor, action: options.remove ? "UnassignWorkspace" : "AssignWorkspace", entityType: "Workspace", entityId: name, after: { users: wanted } });
  });
  const entry = await requireWorkspace(control, name);
  return entry.members.map((m) => m.user.email).sort();
}
