import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { readEnv } from "../env";
import { demoWorkspaceName, workspaceDatabasePath, workspaceNameSchema } from "../workspaces/workspace-files";

/**
 * `--workspace NAME` for every command that reads or changes the model (classroom.md): resolved
 * once, here, into DATABASE_URL (the workspace's own file) and ROLEPLAY_WORKSPACE, and taken out of
 * the arguments, so each command keeps using "the database" and cannot reach another workspace.
 * Without the option a command works in `demo`, the main file, as before workspaces.
 */

const modelCommands = new Set(["iam", "ec2", "import", "imds", "sts", "api", "paths", "who-can", "lab"]);
// Commands whose own --workspace says "read the workspace, not files": they keep the option (their
// file's one Workspace row has the workspace's name).
const keepsOption = new Set(["paths", "who-can", "import"]);
// Verbs of these commands that name their workspace positionally (workspace create NAME, …).
const modelVerbs: Record<string, Set<string>> = { workspace: new Set(["export", "restore"]), lab: new Set(["check", "solve"]) };

export type WorkspaceOptionResult = { argv: string[] } | { error: string; status: number };

/** Takes `--workspace NAME` (or `--workspace=NAME`) out of `argv` and points the environment at it. */
export function applyWorkspaceOption(command: string, argv: string[], env: NodeJS.ProcessEnv = process.env): WorkspaceOptionResult {
  const verbs = modelVerbs[command];
  if (!modelCommands.has(command) && !verbs) return { argv };
  if (verbs && !verbs.has(argv[0] ?? "")) return { argv };
  let name: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === "--workspace") {
      name = argv[++i];
      if (name === undefined) return { error: `roleplay ${command}: --workspace needs a workspace name`, status: usageStatus(command) };
      if (keepsOption.has(command)) rest.push(arg, name);
    } else if (arg.startsWith("--workspace=")) {
      name = arg.slice("--workspace=".length);
      if (keepsOption.has(command)) rest.push(arg);
    } else rest.push(arg);
  }
  if (name === undefined) {
    env.ROLEPLAY_WORKSPACE ??= demoWorkspaceName;
    return { argv: rest };
  }
  const parsed = workspaceNameSchema.safeParse(name);
  if (!parsed.success) return { error: `roleplay ${command}: --workspace ${JSON.stringify(name)}: ${parsed.error.issues[0].message}`, status: usageStatus(command) };
  const main = readEnv(env).databasePath;
  if (!knownWorkspace(main, name)) return { error: `roleplay ${command}: there is no workspace named ${name} (see roleplay workspace list)`, status: usageStatus(command) };
  env.DATABASE_URL = `file:${workspaceDatabasePath(main, name)}`;
  env.ROLEPLAY_WORKSPACE = name;
  return { argv: rest };
}

// The AWS CLI's usage status for iam and ec2 (aws-cli.md); 2 elsewhere (classroom.md).
const usageStatus = (command: string) => (command === "iam" || command === "ec2" ? 252 : 2);

function knownWorkspace(mainDatabasePath: string, name: string): boolean {
  if (!existsSync(mainDatabasePath)) return name === demoWorkspaceName;
  const sqlite = new Database(mainDatabasePath, { readonly: true, fileMustExist: true });
  try {
    const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'ClassroomWorkspace'").get();
    if (!table) return name === demoWorkspaceName;
    return sqlite.prepare(`SELECT 1 FROM "ClassroomWorkspace" WHERE name = ?`).get(name) !== undefined || name === demoWorkspaceName;
  } finally {
    sqlite.close();
  }
}
