import { Prisma } from "@prisma/client";
import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { backupFieldSchemas, backupRowChecks } from "./backup-rows";

/**
 * Workspace backups: every row of the workspace's tables as JSON, in a documented, stable form
 * (`docs/workspace-backup.md`). Console users, their sessions and issued credentials are not
 * part of a workspace and are never exported (no password hash or secret key leaves the console).
 */
export const backupFormat = "roleplay-workspace";
export const backupFormatVersion = 1;

// Tables in dependency order (parents first), each with the key its rows are sorted by, so that
// the same workspace always exports to the same bytes.
const tables = [
  ["Workspace", ["id"]],
  ["Organization", ["id"]],
  ["OrgNode", ["id"]],
  ["OrgPolicy", ["id"]],
  ["Account", ["id"]],
  ["OrgPolicyAttachment", ["id"]],
  ["User", ["id"]],
  ["Group", ["id"]],
  ["GroupMembership", ["userId", "groupId"]],
  ["Role", ["id"]],
  ["ManagedPolicy", ["id"]],
  ["PolicyVersion", ["policyId", "versionId"]],
  ["InlinePolicy", ["id"]],
  ["PolicyAttachment", ["id"]],
  ["InstanceProfile", ["id"]],
  ["Instance", ["id"]],
  ["InstanceProfileAssociation", ["id"]],
  ["EcsCluster", ["id"]],
  ["EcsTask", ["id"]],
  ["Bucket", ["name"]],
  ["S3Object", ["bucketName", "key"]],
  ["ImportRun", ["id"]],
  ["RetiredAwsPolicy", ["arn"]],
  ["AuditEntry", ["id"]],
] as const;
type TableName = (typeof tables)[number][0];
type Row = Record<string, unknown>;

type Delegate = { findMany(args?: unknown): Promise<Row[]>; createMany(args: { data: Row[] }): Promise<unknown>; deleteMany(args?: unknown): Promise<unknown>; count(): Promise<number> };
function delegate(db: Db | Tx, table: TableName): Delegate {
  return (db as unknown as Record<string, Delegate>)[table[0].toLowerCase() + table.slice(1)];
}

const scalarFields = new Map(
  Prisma.dmmf.datamodel.models.map((model) => [model.name, model.fields.filter((f) => f.kind === "scalar").map((f) => ({ name: f.name, type: f.type, required: f.isRequired }))]),
);

function fieldsOf(table: TableName) {
  const fields = scalarFields.get(table);
  if (!fields) throw new Error(`No model ${table} in the Prisma schema`);
  return fields;
}

function compareKeys(keys: readonly string[]) {
  return (a: Row, b: Row) => {
    for (const key of keys) {
      const x = a[key] as string | number;
      const y = b[key] as string | number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };
}

export type WorkspaceBackup = { format: typeof backupFormat; formatVersion: number; tables: Record<TableName, Row[]> };

/** A cell as the file holds it: dates as ISO strings, bytes (object bodies) as base64. */
function exportedValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  return value;
}

/** Reads every workspace table into a backup object (dates as ISO strings, bytes as base64, rows sorted by key). */
export async function exportWorkspace(db: Db | Tx): Promise<WorkspaceBackup> {
  const out = {} as Record<TableName, Row[]>;
  for (const [table, keys] of tables) {
    const fields = fieldsOf(table);
    const rows = await delegate(db, table).findMany();
    out[table] = rows
      .map((row) => Object.fromEntries(fields.map((f) => [f.name, exportedValue(row[f.name])])))
      .sort(compareKeys(keys));
  }
  return { format: backupFormat, formatVersion: backupFormatVersion, tables: out };
}

/** The backup's text: two-space JSON with a final newline; the same workspace gives the same bytes. */
export function serializeBackup(backup: WorkspaceBackup): string {
  return `${JSON.stringify(backup, null, 2)}\n`;
}

// Prisma's Int is a 32-bit integer: anything wider fails to write, or reads back wrong.
const cellSchemas: Record<string, z.ZodType> = {
  String: z.string(),
  Int: z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1),
  Boolean: z.boolean(),
  DateTime: z.iso.datetime({ offset: true }),
  Bytes: z.base64(),
};

function damaged(table: string, index: number, field: string, message: string): AppError {
  return new AppError("InvalidInput", `The backup is damaged at tables.${table}[${index}].${field}: ${message}`);
}

/** Checks one row: each field by its column type, then as the services check it, then across fields. */
function checkRow(table: TableName, row: Row, index: number): void {
  const fields = fieldsOf(table);
  for (const key of Object.keys(row)) if (!fields.some((f) => f.name === key)) throw damaged(table, index, key, "unknown field");
  for (const field of fields) {
    const value = row[field.name] ?? null;
    if (value === null) {
      if (field.required) throw damaged(table, index, field.name, `expected ${field.type}, not null`);
      continue;
    }
    if (!(cellSchemas[field.type] ?? z.unknown()).safeParse(value).success) throw damaged(table, index, field.name, `expected ${field.type}`);
    const rule = backupFieldSchemas[table]?.[field.name];
    const result = rule?.safeParse(value);
    if (result && !result.success) throw damaged(table, index, field.name, result.error.issues[0].message);
  }
  const problem = backupRowChecks[table]?.(row);
  if (problem) throw damaged(table, index, problem[0], problem[1]);
}

/** Parses and checks a backup's text; any damage is an `InvalidInput` naming the table, row and field. */
export function parseBackup(text: string): WorkspaceBackup {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError("InvalidInput", `The backup is not valid JSON: ${(error as Error).message}`);
  }
  const envelope = z
    .object({ format: z.literal(backupFormat, { error: `Not a Roleplay workspace backup (format must be "${backupFormat}")` }), formatVersion: z.literal(backupFormatVersion, { error: `Unsupported backup format version (this console reads version ${backupFormatVersion})` }), tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))) })
    .safeParse(value);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    throw new AppError("InvalidInput", `The backup is damaged at ${issue.path.join(".") || "the top level"}: ${issue.message}`);
  }
  const known = new Set<string>(tables.map(([t]) => t));
  for (const name of Object.keys(envelope.data.tables)) if (!known.has(name)) throw new AppError("InvalidInput", `The backup has an unknown table ${name}`);
  const out = {} as Record<TableName, Row[]>;
  for (const [table] of tables) {
    const rows = envelope.data.tables[table];
    if (!rows) throw new AppError("InvalidInput", `The backup is missing table ${table}`);
    rows.forEach((row, index) => checkRow(table, row, index));
    out[table] = rows;
  }
  return { format: backupFormat, formatVersion: backupFormatVersion, tables: out };
}

function toDatabaseRow(table: TableName, row: Row): Row {
  return Object.fromEntries(
    fieldsOf(table).map((f) => {
      const value = row[f.name];
      if (f.type === "DateTime" && typeof value === "string") return [f.name, new Date(value)];
      if (f.type === "Bytes" && typeof value === "string") return [f.name, new Uint8Array(Buffer.from(value, "base64"))];
      return [f.name, value ?? null];
    }),
  );
}

/** Organization nodes reference their parent: insert parents first. */
function parentsFirst(rows: Row[]): Row[] {
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const depth = (row: Row, seen = 0): number => (row.parentId && byId.has(row.parentId as string) && seen < rows.length ? 1 + depth(byId.get(row.parentId as string)!, seen + 1) : 0);
  return [...rows].sort((a, b) => depth(a) - depth(b));
}

// Rows that are each well-formed can still not fit together: a parent missing, a name twice.
function rowsDoNotFit(table: TableName, error: unknown): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || !["P2002", "P2003", "P2004", "P2014"].includes(error.code)) return error;
  const why = error.code === "P2002" ? "a row repeats a unique key (an id, or a name ignoring case)" : "a row refers to a row the backup does not have";
  return new AppError("InvalidInput", `The backup is damaged in tables.${table}: ${why}. Nothing was restored.`);
}

export type RestoreResult = { rows: number; replaced: boolean; auditEntriesRestored: boolean };

/**
 * Restores a backup in one transaction: into an empty database it reproduces the workspace and its
 * audit log exactly (export again gives the same file); over an existing workspace (`replace`) it
 * replaces the model, keeps the existing audit log and records the restore in it. A damaged file,
 * or any failure, changes nothing.
 */
export async function restoreWorkspace(db: Db | Tx, text: string, options: { replace?: boolean; actor: Actor; /** the workspace this file is (its Workspace row takes this id) */ asWorkspace?: string }): Promise<RestoreResult> {
  const backup = parseBackup(text);
  // A workspace file holds one workspace; exports from before the classroom may hold several.
  if (options.asWorkspace && backup.tables.Workspace.length > 1) {
    throw new AppError("InvalidInput", `The backup holds ${backup.tables.Workspace.length} workspaces (${backup.tables.Workspace.map((w) => w.id).join(", ")}); a workspace restores from a backup of one. Restore it into an empty database file instead.`);
  }
  return inTransaction(db, async (tx) => {
    const hasWorkspace = (await tx.workspace.count()) > 0;
    const hasAudit = (await tx.auditEntry.count()) > 0;
    if (hasWorkspace && !options.replace) {
      throw new AppError("EntityAlreadyExists", "This database already holds a workspace; restore with replace to overwrite it (its audit log is kept).");
    }
    if (hasWorkspace) {
      for (const [table] of [...tables].reverse()) if (table !== "AuditEntry") await delegate(tx, table).deleteMany();
    }
    let rows = 0;
    for (const [table] of tables) {
      if (table === "AuditEntry" && hasAudit) continue;
      const data = (table === "OrgNode" ? parentsFirst(backup.tables[table]) : backup.tables[table]).map((row) => toDatabaseRow(table, row));
      try {
        if (table === "OrgNode") for (const row of data) await delegate(tx, table).createMany({ data: [row] });
        else if (data.length) await delegate(tx, table).createMany({ data });
      } catch (error) {
        throw rowsDoNotFit(table, error);
      }
      rows += data.length;
    }
    const restoredId = backup.tables.Workspace[0]?.id as string | undefined;
    if (options.asWorkspace && restoredId !== undefined && restoredId !== options.asWorkspace) {
      // Foreign keys cascade the new id to the workspace's accounts, organizations, imports and decisions.
      await tx.$executeRaw`UPDATE "Workspace" SET "id" = ${options.asWorkspace} WHERE "id" = ${restoredId}`;
    }
    if (hasAudit) {
      await recordAudit(tx, { actor: options.actor, action: "RestoreWorkspace", entityType: "Workspace", entityId: backup.tables.Workspace.map((w) => w.id).join(","), after: { rows, replaced: hasWorkspace } });
    }
    return { rows, replaced: hasWorkspace, auditEntriesRestored: !hasAudit };
  });
}
