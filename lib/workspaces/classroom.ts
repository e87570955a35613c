import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { z } from "zod";
import type { Db } from "../db/create-client";
import { AppError, isAppError } from "../errors";
import type { Actor } from "../audit/record-audit";
import { auditEntityTypeLabel } from "../audit/audit-entity-names";
import { applyLabStart, checkLab, findLab, type LabCheckResult, type LoadedLab } from "../labs";
import { assignWorkspaceMembers, createWorkspace, deleteWorkspace, listWorkspaces, type WorkspaceSource, type WorkspaceSummary } from "./workspace-store";
import { workspaceDatabasePath } from "./workspace-files";
import { classNameSchema, classWorkspaceNames } from "./classroom-names";
import { consoleEntityTypes, directoryActions } from "../audit/workspace-version";

/**
 * The classroom as a trainer runs it: a class (one workspace per trainee, from a lab or the demo,
 * each assigned to its trainee), the last change made in each workspace, and each trainee's
 * progress on the lab's checks.
 */

/** Console roles a trainer may put in a workspace: the ones confined to the workspaces assigned to them. */
export const assignableRoles = ["trainee", "auditor"] as const;

/** The lab `id` (labs/), its starting steps ready to run on a new workspace; `NoSuchEntity` when there is none. */
export function labPreparation(id: string, labsDir?: string): { lab: LoadedLab; prepare: (db: Db) => Promise<void> } {
  const lab = findLab(id, labsDir);
  if (!lab) throw new AppError("NoSuchEntity", `There is no lab named ${id} (see roleplay lab list).`);
  return {
    lab,
    prepare: async (db) => {
      await applyLabStart(db, lab);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The last change of a workspace

/** The newest change in a workspace's audit log, as a trainer reads it: who, what, on which entity, when. */
export type WorkspaceChange = {
  at: string;
  actor: string;
  action: string;
  /** "role Get-pics": the entity's type in words and the name its entry recorded (never an internal id); null when no name was recorded. */
  entity: string | null;
  /** Whether it happened after the workspace was created (entries from its making — a lab's starting steps — are not). */
  sinceCreated: boolean;
};

const nameKeys = ["name", "roleName", "userName", "groupName", "instanceProfileName", "policyName", "bucketName", "taskDefinition"];

type AuditRow = { at: string; actor: string; action: string; entityType: string; entityId: string; before: string | null; after: string | null };

// Entities an entry names by internal id (AROA…, AIDA…), whose name the workspace still holds.
const namedTables: Record<string, string> = { Role: "Role", User: "User", Group: "Group", ManagedPolicy: "ManagedPolicy", InstanceProfile: "InstanceProfile", Account: "Account" };

function recordedEntityName(row: AuditRow): string | null {
  for (const text of [row.after, row.before]) {
    if (!text) continue;
    try {
      const snapshot = JSON.parse(text) as unknown;
      if (!snapshot || typeof snapshot !== "object") continue;
      for (const key of nameKeys) {
        const value = (snapshot as Record<string, unknown>)[key];
        if (typeof value === "string" && value) return value;
      }
    } catch {
      // A snapshot that is not JSON names nothing.
    }
  }
  return null;
}

/**
 * The newest change in the workspace file `file`, read with one indexed query on a read-only
 * connection (a class's overview reads one per workspace); null for a file without changes.
 */
export function readLastChange(file: string, createdAt: Date): WorkspaceChange | null {
  if (!existsSync(file)) return null;
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const placeholders = (list: string[]) => list.map(() => "?").join(", ");
    const row = sqlite
      .prepare(
        `SELECT "at", "actor", "action", "entityType", "entityId", "before", "after" FROM "AuditEntry"
         WHERE "entityType" NOT IN (${placeholders(consoleEntityTypes)}) AND "action" NOT IN (${placeholders(directoryActions)})
         ORDER BY "id" DESC LIMIT 1`,
      )
      .get(...consoleEntityTypes, ...directoryActions) as AuditRow | undefined;
    if (!row) return null;
    const at = new Date(typeof row.at === "number" ? row.at : String(row.at));
    const table = namedTables[row.entityType];
    const current = table ? (sqlite.prepare(`SELECT "name" FROM "${table}" WHERE "id" = ?`).get(row.entityId) as { name: string } | undefined) : undefined;
    const name = recordedEntityName(row) ?? current?.name ?? (row.entityType === "Bucket" ? row.entityId : null);
    return { at: at.toISOString(), actor: row.actor, action: row.action, entity: name ? `${auditEntityTypeLabel(row.entityType)} ${name}` : null, sinceCreated: at.getTime() > createdAt.getTime() };
  } catch {
    return null;
  } finally {
    sqlite.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The Workspaces page

export type WorkspaceOverview = WorkspaceSummary & { lastChange: WorkspaceChange | null };

/** Every workspace of the directory with its accounts, lab, members and last change. */
export async function listWorkspaceOverview(control: Db, mainDatabasePath: string): Promise<WorkspaceOverview[]> {
  const workspaces = await listWorkspaces(control, mainDatabasePath);
  return workspaces.map((w) => ({ ...w, lastChange: readLastChange(workspaceDatabasePath(mainDatabasePath, w.name), new Date(w.createdAt)) }));
}

/** The console users a trainer may assign to workspaces (trainees and auditors), by email. */
export async function listAssignableUsers(control: Db): Promise<{ email: string; role: string; workspaces: string[] }[]> {
  const users = await control.consoleUser.findMany({
    where: { role: { in: [...assignableRoles] } },
    orderBy: { email: "asc" },
    select: { email: true, role: true, workspaces: { select: { workspaceName: true } } },
  });
  return users.map((u) => ({ email: u.email, role: u.role, workspaces: u.workspaces.map((w) => w.workspaceName).sort() }));
}

/**
 * Assigns trainees (and auditors) to workspace `name`, or with `remove` takes anyone off it. Other
 * console roles already reach every workspace: assigning them would mean nothing, so it is refused.
 */
export async function assignTrainees(control: Db, name: string, emails: string[], options: { remove?: boolean; actor: Actor }): Promise<string[]> {
  if (!options.remove) {
    const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
    const others = await control.consoleUser.findMany({ where: { email: { in: wanted }, role: { notIn: [...assignableRoles] } }, select: { email: true, role: true } });
    if (others.length) {
      throw new AppError("InvalidInput", `${others.map((u) => `${u.email} is a console ${u.role}`).join("; ")}: that role reaches every workspace already; only trainees and auditors are assigned. Nobody was assigned.`);
    }
  }
  return assignWorkspaceMembers(control, name, emails, options);
}

// ---------------------------------------------------------------------------------------------
// A class

export const createClassSchema = z.object({
  className: classNameSchema,
  /** A lab id (its starting state), or null for a copy of the demo. */
  lab: z.string().trim().min(1).nullable(),
  trainees: z.array(z.string().trim().toLowerCase().min(1)).min(1, "Pick at least one trainee").max(200, "A class has at most 200 trainees"),
});
export type CreateClassInput = z.infer<typeof createClassSchema>;

export type ClassRowState = "waiting" | "creating" | "created" | "failed" | "removed" | "not made";
export type ClassRow = { email: string; workspace: string; state: ClassRowState; error?: string };
/** What `createClass` reports as it goes: the plan, then each row's state as it changes. */
export type ClassProgress = { type: "plan"; rows: ClassRow[] } | { type: "row"; index: number; row: ClassRow };

/**
 * Checks everything a class needs before making any of it: the class name, the lab, each trainee
 * (an existing trainee or auditor), and that no workspace it would make exists. All problems at
 * once, each on its row.
 */
export async function planClass(control: Db, input: CreateClassInput, labsDir?: string): Promise<{ rows: ClassRow[]; lab?: ReturnType<typeof labPreparation> }> {
  const parsed = createClassSchema.parse(input);
  const lab = parsed.lab ? labPreparation(parsed.lab, labsDir) : undefined;
  const emails = [...new Set(parsed.trainees)];
  const rows: ClassRow[] = classWorkspaceNames(parsed.className, emails).map((r) => ({ ...r, state: "waiting" }));
  const users = await control.consoleUser.findMany({ where: { email: { in: emails } }, select: { email: true, role: true } });
  const existing = new Set((await control.classroomWorkspace.findMany({ where: { name: { in: rows.map((r) => r.workspace) } }, select: { name: true } })).map((w) => w.name));
  for (const row of rows) {
    const user = users.find((u) => u.email === row.email);
    if (!user) row.error = `No console user has the email ${row.email}.`;
    else if (!(assignableRoles as readonly string[]).includes(user.role)) row.error = `${row.email} is a console ${user.role}, not a trainee: only trainees and auditors are given class workspaces.`;
    else if (existing.has(row.workspace)) row.error = `A workspace named ${row.workspace} already exists.`;
    if (row.error) row.state = "not made";
  }
  const problems = rows.filter((r) => r.error);
  if (problems.length) {
    throw new AppError("InvalidInput", `Nothing was created: ${problems.map((r) => r.error).join(" ")}`, { rows: rows.map((r) => (r.error ? r : { ...r, state: "not made" })) });
  }
  return { rows, lab };
}

/** A class made, or why not: on failure every row says what became of it, and nothing of the class is kept. */
export type ClassResult = { ok: true; rows: ClassRow[] } | { ok: false; message: string; rows: ClassRow[]; /** the failure itself, for the server's log when it was not expected */ cause: unknown };

/**
 * Creates class `className`: one workspace per trainee, from the lab's starting state (or the
 * demo), each assigned to its trainee. All or nothing: when one fails, the workspaces already
 * made are deleted again, and the result names the row that failed. `onProgress` hears the plan
 * and every row's change (a workspace takes about a second). Problems found before anything is
 * made (planClass) are thrown as `InvalidInput`.
 */
export async function createClass(
  control: Db,
  mainDatabasePath: string,
  input: CreateClassInput & { actor: Actor; onProgress?: (event: ClassProgress) => void; labsDir?: string },
): Promise<ClassResult> {
  const { rows, lab } = await planClass(control, input, input.labsDir);
  const report = (index: number) => input.onProgress?.({ type: "row", index, row: { ...rows[index] } });
  input.onProgress?.({ type: "plan", rows: rows.map((r) => ({ ...r })) });
  const source: WorkspaceSource = { kind: "demo" };
  // Only what this run made is undone: a workspace of that name made meanwhile by someone else stays.
  const made = new Set<string>();
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    row.state = "creating";
    report(index);
    try {
      await createWorkspace(control, mainDatabasePath, { name: row.workspace, source, lab: lab?.lab.id, prepare: lab?.prepare, actor: input.actor });
      made.add(row.workspace);
      await assignWorkspaceMembers(control, row.workspace, [row.email], { actor: input.actor });
      row.state = "created";
      report(index);
    } catch (error) {
      row.state = "failed";
      row.error = isAppError(error) ? error.message : `Creating ${row.workspace} failed unexpectedly; the server's log has the details.`;
      report(index);
      await undoClass(control, mainDatabasePath, rows, index, made, input.actor, report);
      const message = `The class was not created: ${row.workspace} (${row.email}) failed. ${row.error} ${index > 0 ? `The ${index === 1 ? "workspace" : `${index} workspaces`} made before it ${index === 1 ? "was" : "were"} deleted again.` : ""}`.trim();
      return { ok: false, message, rows: rows.map((r) => ({ ...r })), cause: error };
    }
  }
  return { ok: true, rows: rows.map((r) => ({ ...r })) };
}

/** Deletes what a failed class made (`made`): the rows before `failed`, and the failed one if this run made its workspace. */
async function undoClass(control: Db, mainDatabasePath: string, rows: ClassRow[], failed: number, made: ReadonlySet<string>, actor: Actor, report: (index: number) => void): Promise<void> {
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (index > failed) {
      row.state = "not made";
      report(index);
      continue;
    }
    if (!made.has(row.workspace)) continue;
    await deleteWorkspace(control, mainDatabasePath, row.workspace, actor);
    if (index < failed) {
      row.state = "removed";
      report(index);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The trainer's view

export type ProgressRow = {
  workspace: string;
  members: string[];
  /** The first account of the workspace, where its overview opens. */
  account: string | null;
  lastChange: WorkspaceChange | null;
  passed: number;
  failed: number;
  checks: LabCheckResult[];
  /** Why the checks could not be answered, when they could not. */
  error?: string;
};

export type LabProgress = {
  lab: { id: string; title: string; checks: { id: string; title: string }[] };
  /** When the checks were answered (relative times are from here). */
  checkedAt: string;
  rows: ProgressRow[];
};

/**
 * Every workspace created for lab `labId` (optionally only class `className`'s: names starting
 * `<class>-`) with its members, last change and the lab's checks answered on it. `withDb` lends
 * the workspace's database (the console's cached clients; a test opens and closes files).
 */
export async function labProgress(
  control: Db,
  mainDatabasePath: string,
  input: { labId: string; className?: string; now: Date; labsDir?: string },
  withDb: <T>(workspace: string, body: (db: Db) => Promise<T>) => Promise<T>,
): Promise<LabProgress> {
  const lab = findLab(input.labId, input.labsDir);
  if (!lab) throw new AppError("NoSuchEntity", `There is no lab named ${input.labId} (see roleplay lab list).`);
  const entries = await control.classroomWorkspace.findMany({
    where: { lab: lab.id, ...(input.className ? { name: { startsWith: `${input.className}-` } } : {}) },
    orderBy: [{ name: "asc" }],
    include: { members: { include: { user: { select: { email: true } } } } },
  });
  const rows: ProgressRow[] = [];
  // One workspace at a time: each check asks the evaluator, and the server's two cores serve others too.
  for (const entry of entries) {
    const file = workspaceDatabasePath(mainDatabasePath, entry.name);
    const base = { workspace: entry.name, members: entry.members.map((m) => m.user.email).sort(), lastChange: readLastChange(file, entry.createdAt) };
    try {
      const row = await withDb(entry.name, async (db) => {
        const account = (await db.account.findFirst({ where: { id: lab.account }, select: { id: true } })) ?? (await db.account.findFirst({ orderBy: { id: "asc" }, select: { id: true } }));
        const report = await checkLab(db, lab, entry.name, { realNow: input.now });
        return { account: account?.id ?? null, passed: report.passed, failed: report.failed, checks: report.checks };
      });
      rows.push({ ...base, ...row });
    } catch (error) {
      rows.push({ ...base, account: null, passed: 0, failed: lab.checks.length, checks: [], error: isAppError(error) ? error.message : "Its checks could not be answered: the workspace could not be read." });
    }
  }
  return { lab: { id: lab.id, title: lab.title, checks: lab.checks.map((c) => ({ id: c.id, title: c.title })) }, checkedAt: input.now.toISOString(), rows };
}
