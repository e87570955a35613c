import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readEnv } from "../../env";
import { isAppError } from "../../errors";
import { cliActor } from "../../audit/cli-actor";

const help = `Usage:
  roleplay workspace export FILE            write the workspace (DATABASE_URL) to FILE ("-" for standard output)
  roleplay workspace restore FILE [--replace]
                                           restore FILE into the database: an empty one is migrated and
                                           filled as it was; --replace overwrites an existing workspace
                                           (its audit log is kept and records the restore)

The format is documented in docs/workspace-backup.md. A damaged file changes nothing.`;

export async function run(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { replace: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    console.error(`roleplay workspace: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  const file = parsed.positionals[0];
  if (!verb || parsed.values.help || verb === "--help") {
    console.log(help);
    return verb ? 0 : 2;
  }
  if ((verb !== "export" && verb !== "restore") || !file) {
    console.error(`roleplay workspace: expected 'export FILE' or 'restore FILE'\n\n${help}`);
    return 2;
  }
  const env = readEnv();
  let text: string | undefined;
  if (verb === "restore") {
    try {
      text = readFileSync(file === "-" ? 0 : file, "utf8");
    } catch (error) {
      console.error(`roleplay workspace restore: cannot read ${file}: ${(error as Error).message}`);
      return 2;
    }
  }
  // Prisma and better-sqlite3 load only past --help and usage errors.
  const [{ configureSqlite, createPrismaClient }, { migrateDatabase, pendingMigrations }, { exportWorkspace, restoreWorkspace, serializeBackup }] = await Promise.all([
    import("../../db/create-client"),
    import("../../db/migrate"),
    import("../../io/workspace-backup"),
  ]);
  if (pendingMigrations(env.databasePath).length) migrateDatabase(env.databasePath);
  const db = createPrismaClient(env.databaseUrl);
  try {
    await configureSqlite(db);
    if (verb === "export") {
      const backup = serializeBackup(await exportWorkspace(db));
      if (file === "-") process.stdout.write(backup);
      else writeFileSync(file, backup);
      if (file !== "-") console.error(`roleplay workspace export: wrote ${file} (${Buffer.byteLength(backup)} bytes)`);
      return 0;
    }
    const result = await restoreWorkspace(db, text!, { replace: parsed.values.replace, actor: cliActor() });
    console.log(`roleplay workspace restore: ${result.rows} rows restored${result.replaced ? ", replacing the previous workspace" : ""}${result.auditEntriesRestored ? "" : " (the existing audit log was kept)"}`);
    return 0;
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
