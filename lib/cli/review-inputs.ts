/**
 * What the analysis commands (review, paths, who-can) read: authorization-details files, or a
 * workspace of the database, as the review's input. Each answer is the input or a one-line reason
 * the command prints after its own name. Modules load lazily so usage errors stay fast.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { ReviewInput } from "../review/review-input";

/** Reads `aws iam get-account-authorization-details` files; warnings are "FILE at PATH: message". */
export async function readReviewInputFiles(files: string[]): Promise<{ input: ReviewInput; warnings: string[] } | string> {
  const [{ AuthorizationDetailsError, readAuthorizationDetails }, { reviewInputFromSnapshots }] = await Promise.all([import("../io/read-authorization-details"), import("../io/snapshot-review-input")]);
  const snapshots = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      return `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`;
    }
    try {
      snapshots.push(readAuthorizationDetails(text, file));
    } catch (error) {
      if (error instanceof AuthorizationDetailsError) return `cannot read ${error.file} at ${error.path}: ${error.message.slice(error.file.length + error.path.length + 4)}`;
      throw error;
    }
  }
  const { input, warnings } = reviewInputFromSnapshots(snapshots);
  return { input, warnings: warnings.map((w) => `${w.file} at ${w.path}: ${w.message}`) };
}

/**
 * A workspace of DATABASE_URL's database (by id or name; without one, the only workspace there is)
 * as the review's input, with the workspace clock's time.
 */
export async function loadReviewInputWorkspace(name: string | undefined): Promise<{ input: ReviewInput; now: Date } | string> {
  const { readEnv } = await import("../env");
  const env = readEnv();
  if (!existsSync(env.databasePath)) return `no workspace database at ${env.databasePath}: run \`npx roleplay setup\` first`;
  // Prisma and better-sqlite3 load only past usage errors.
  const [{ configureSqlite, createPrismaClient }, { loadWorkspaceReviewInput }, { clockNow }] = await Promise.all([
    import("../db/create-client"),
    import("../io/workspace-review-input"),
    import("../creds/workspace-clock"),
  ]);
  const db = createPrismaClient(env.databaseUrl);
  try {
    await configureSqlite(db);
    const workspaces = await db.workspace.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, clockOffsetSeconds: true, clockPausedAt: true } });
    const workspace = name === undefined ? (workspaces.length === 1 ? workspaces[0] : undefined) : (workspaces.find((w) => w.id === name) ?? workspaces.find((w) => w.name === name));
    const ids = workspaces.map((w) => w.id).join(", ") || "none: run `npx roleplay setup`";
    if (!workspace) return name === undefined ? `name the workspace with --workspace (there are: ${ids})` : `no workspace '${name}' (there are: ${ids})`;
    return { input: await loadWorkspaceReviewInput(db, workspace.id), now: clockNow(workspace, new Date()) };
  } finally {
    await db.$disconnect();
  }
}
