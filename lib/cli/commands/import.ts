/**
 * `roleplay import FILE... [--workspace ID]`: imports get-account-authorization-details files into
 * the workspace database (DATABASE_URL). Progress on standard error, a summary on standard output.
 * Exit status 0 on success (also when nothing changed), 2 when a file cannot be read or imported.
 */
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { readEnv } from "../../env";
import { isAppError } from "../../errors";
import type { ImportFile, ImportKind } from "../../io/import-authorization-details";

const USAGE = `Usage: roleplay import FILE... [--workspace ID]

Imports the output of \`aws iam get-account-authorization-details\` (one file per account) into the
workspace database named by DATABASE_URL: accounts, users, groups, roles, instance profiles,
policies. Importing the same file again changes nothing; a failure changes nothing.
  --workspace  the workspace to import into (needed when the database holds several)
Every account the files name (nested ARNs included) must be new or in that workspace.
Exit status: 0 imported (or already up to date), 2 a file could not be read or imported.`;

const LABELS: Record<ImportKind, string> = { accounts: "accounts", policies: "policies", groups: "groups", users: "users", roles: "roles", instanceProfiles: "instance profiles" };

export async function run(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const paths: string[] = [];
  let workspaceId: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--workspace" || arg.startsWith("--workspace=")) {
      workspaceId = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      if (!workspaceId) return fail("--workspace needs an id");
    } else if (arg.startsWith("--")) return fail(`unknown option '${arg}'`);
    else paths.push(arg);
  }
  if (paths.length === 0) return fail("missing FILE");

  const files: ImportFile[] = [];
  for (const path of paths) {
    try {
      files.push({ name: path, text: await readFile(path, "utf8") });
    } catch (error) {
      console.error(`roleplay import: cannot read ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
      return 2;
    }
  }

  // Prisma and the importer load only past --help, usage errors and unreadable files.
  const [{ configureSqlite, createPrismaClient }, { importAuthorizationDetails }] = await Promise.all([
    import("../../db/create-client"),
    import("../../io/import-authorization-details"),
  ]);
  const db = createPrismaClient(readEnv().databaseUrl);
  try {
    await configureSqlite(db);
    if (!workspaceId) {
      // Guessing among several workspaces could merge the files into the wrong one.
      const workspaces = await db.workspace.findMany({ orderBy: { createdAt: "asc" }, select: { id: true } });
      if (workspaces.length === 0) {
        console.error("roleplay import: the database has no workspace yet; run `roleplay setup` first");
        return 2;
      }
      if (workspaces.length > 1) return fail(`the database holds ${workspaces.length} workspaces (${workspaces.map((w) => w.id).join(", ")}); name one with --workspace`);
      workspaceId = workspaces[0].id;
    }
    const tty = process.stderr.isTTY;
    let last = "";
    const result = await importAuthorizationDetails(db, {
      workspaceId,
      files,
      actor: `roleplay import (${userInfo().username})`,
      onProgress: (p) => {
        const line = `roleplay import: ${p.file}: ${p.phase} ${p.done}/${p.total}`;
        if (tty) process.stderr.write(`\r\x1b[2K${line}`);
        else if (p.done === p.total && line !== last) process.stderr.write(`${line}\n`);
        last = line;
      },
    });
    if (tty) process.stderr.write("\r\x1b[2K");
    for (const f of result.files) {
      for (const w of f.warnings) console.error(`roleplay import: warning: ${w.file} at ${w.path}: ${w.message}`);
      const parts = (Object.keys(LABELS) as ImportKind[])
        .filter((k) => f.counts[k].created + f.counts[k].updated + f.counts[k].unchanged > 0)
        .map((k) => `${LABELS[k]} ${f.counts[k].created} new, ${f.counts[k].updated} updated, ${f.counts[k].unchanged} unchanged`);
      console.log(`${f.file} (accounts ${f.accounts.join(", ")}): ${f.importRunId === null ? "already up to date" : `imported as run ${f.importRunId}`}; ${parts.join("; ")}`);
    }
    return 0;
  } catch (error) {
    if (isAppError(error)) {
      console.error(`roleplay import: ${error.message}\nNothing was imported.`);
      return 2;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

function fail(message: string): number {
  console.error(`roleplay import: ${message}\n\n${USAGE}`);
  return 2;
}
