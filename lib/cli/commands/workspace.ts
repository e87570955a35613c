import { readFileSync, writeFileSync } from "node:fs";
import { parseVerbCommand } from "../verb-command";
import { readEnv } from "../../env";
import { isAppError } from "../../errors";
import { cliActor } from "../../audit/cli-actor";
import type { Db } from "../../db/create-client";
import type { WorkspaceSource, WorkspaceSummary } from "../../workspaces/workspace-store";

const help = `Usage:
  roleplay workspace list [--format text|json]
  roleplay workspace create NAME [--from demo|empty|WORKSPACE|FILE.json] [--lab LAB]
                                           a new workspace (default: a fresh copy of the demo's stories);
                                           --lab starts it from that lab's starting state
  roleplay workspace reset NAME            back to the state it was created from (its audit log is kept)
  roleplay workspace rename NAME NEW_NAME
  roleplay workspace delete NAME
  roleplay workspace assign NAME EMAIL...  console users (trainees) who may work in it; --remove takes them off
  roleplay workspace export FILE [--workspace NAME]
                                           write the workspace to FILE ("-" for standard output)
  roleplay workspace restore FILE [--replace] [--workspace NAME]
                                           restore FILE into the workspace: an empty database is migrated and
                                           filled as it was; --replace overwrites an existing workspace
                                           (its audit log is kept and records the restore)

NAME is 1–64 characters of A-Za-z0-9._- ; the seeded workspace is demo. Each workspace is its own
SQLite file beside DATABASE_URL's, so the same account id lives in many workspaces.
The backup format is documented in docs/workspace-backup.md. A damaged file changes nothing.`;

const verbs = ["list", "create", "reset", "rename", "delete", "assign", "export", "restore"] as const;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseVerbCommand({
    command: "workspace",
    argv,
    verbs,
    options: { replace: { type: "boolean" }, remove: { type: "boolean" }, from: { type: "string" }, lab: { type: "string" } },
    help,
  });
  if (typeof parsed === "number") return parsed;
  const { verb, format } = parsed;
  const values = parsed.values as { replace?: boolean; remove?: boolean; from?: string; lab?: string };
  const positionals = parsed.positionals;
  const needed: Record<string, number> = { list: 0, create: 1, reset: 1, rename: 2, delete: 1, assign: 2, export: 1, restore: 1 };
  if (positionals.length < needed[verb] || (verb !== "assign" && positionals.length > needed[verb])) {
    console.error(`roleplay workspace ${verb}: expected ${needed[verb] === 0 ? "no arguments" : ["NAME", "NAME NEW_NAME", "NAME EMAIL..."][verb === "rename" ? 1 : verb === "assign" ? 2 : 0].replace("NAME", verb === "export" || verb === "restore" ? "FILE" : "NAME")}\n\n${help}`);
    return 2;
  }
  const env = readEnv();
  let restoreText: string | undefined;
  let sourceText: string | undefined;
  if (verb === "restore") {
    try {
      restoreText = readFileSync(positionals[0] === "-" ? 0 : positionals[0], "utf8");
    } catch (error) {
      console.error(`roleplay workspace restore: cannot read ${positionals[0]}: ${(error as Error).message}`);
      return 2;
    }
  }
  const from = values.from;
  if (verb === "create" && from?.endsWith(".json")) {
    try {
      sourceText = readFileSync(from, "utf8");
    } catch (error) {
      console.error(`roleplay workspace create: cannot read ${from}: ${(error as Error).message}`);
      return 2;
    }
  }

  // Prisma and better-sqlite3 load only past --help and usage errors.
  const [{ configureSqlite, createPrismaClient }, { migrateDatabase, pendingMigrations }, backupIo, store] = await Promise.all([
    import("../../db/create-client"),
    import("../../db/migrate"),
    import("../../io/workspace-backup"),
    import("../../workspaces/workspace-store"),
  ]);
  if (pendingMigrations(env.databasePath).length) migrateDatabase(env.databasePath);
  const db = createPrismaClient(env.databaseUrl);
  const actor = cliActor();
  try {
    await configureSqlite(db);
    switch (verb) {
      case "export": {
        const file = positionals[0];
        const backup = backupIo.serializeBackup(await backupIo.exportWorkspace(db));
        if (file === "-") process.stdout.write(backup);
        else {
          writeFileSync(file, backup);
          console.error(`roleplay workspace export: wrote ${file} (${Buffer.byteLength(backup)} bytes)`);
        }
        return 0;
      }
      case "restore": {
        const result = await backupIo.restoreWorkspace(db, restoreText!, { replace: values.replace, actor, asWorkspace: env.workspace });
        console.log(`roleplay workspace restore: ${result.rows} rows restored${result.replaced ? ", replacing the previous workspace" : ""}${result.auditEntriesRestored ? "" : " (the existing audit log was kept)"}`);
        return 0;
      }
      case "list": {
        const list = await store.listWorkspaces(db, env.databasePath);
        if (format === "json") console.log(JSON.stringify(list.map(({ name, accounts, lab, members }) => ({ name, accounts, lab, members }))));
        else printList(list);
        return 0;
      }
      case "create": {
        const source: WorkspaceSource =
          from === undefined || from === "demo"
            ? { kind: "demo" }
            : from === "empty"
              ? { kind: "empty" }
              : sourceText !== undefined
                ? { kind: "file", name: from, text: sourceText }
                : { kind: "workspace", name: from };
        const lab = values.lab;
        const prepare = lab ? await labStart(lab) : undefined;
        const created = await store.createWorkspace(db, env.databasePath, { name: positionals[0], source, lab, prepare, actor });
        console.log(`roleplay workspace create: created ${created.name} (${created.accounts.length} account${created.accounts.length === 1 ? "" : "s"}${lab ? `, lab ${lab}` : ""})`);
        return 0;
      }
      case "reset": {
        const reset = await store.resetWorkspace(db, env.databasePath, positionals[0], actor);
        console.log(`roleplay workspace reset: ${reset.name} is back to its starting state (${reset.source})`);
        return 0;
      }
      case "rename": {
        const renamed = await store.renameWorkspace(db, env.databasePath, positionals[0], positionals[1], actor);
        console.log(`roleplay workspace rename: ${positionals[0]} is now ${renamed.name}`);
        return 0;
      }
      case "delete": {
        await store.deleteWorkspace(db, env.databasePath, positionals[0], actor);
        console.log(`roleplay workspace delete: deleted ${positionals[0]}`);
        return 0;
      }
      case "assign": {
        const members = await store.assignWorkspaceMembers(db, positionals[0], positionals.slice(1), { remove: values.remove, actor });
        console.log(`roleplay workspace assign: ${positionals[0]} members: ${members.join(", ") || "(none)"}`);
        return 0;
      }
    }
    return 2;
  } catch (error) {
    if (isAppError(error)) {
      console.error(`roleplay workspace ${verb}: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

/** The lab's starting steps, to run on the new workspace's file. */
async function labStart(id: string): Promise<(db: Db) => Promise<void>> {
  const { AppError } = await import("../../errors");
  const labs = await import("../../labs");
  const lab = await labs.findLab(id);
  if (!lab) throw new AppError("NoSuchEntity", `There is no lab named ${id} (see roleplay lab list).`);
  return async (db) => {
    await labs.applyLabStart(db, lab);
  };
}

function printList(list: WorkspaceSummary[]): void {
  if (list.length === 0) {
    console.log("No workspaces. Create one: roleplay workspace create NAME");
    return;
  }
  const rows = list.map((w) => [w.name, w.accounts.join(",") || "-", w.lab ?? "-", w.members.join(",") || "-"]);
  const header = ["NAME", "ACCOUNTS", "LAB", "MEMBERS"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
}
