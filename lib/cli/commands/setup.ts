import { parseArgs } from "node:util";
import { readEnv } from "../../env";

const help = `Usage: roleplay setup [--reset]

Migrates the workspace database named by DATABASE_URL (default: data/roleplay.db under the
project) and seeds the demo workspace when it is empty.

Options:
  --reset   delete the database first and start over with a fresh demo workspace
  -h, --help`;

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { reset: { type: "boolean" }, help: { type: "boolean", short: "h" } }, strict: true }));
  } catch (error) {
    console.error(`roleplay setup: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    console.log(help);
    return 0;
  }
  const env = readEnv();
  const started = performance.now();
  // better-sqlite3 and Prisma load only past --help.
  const { setupDatabase } = await import("../../db/setup-database");
  const result = await setupDatabase({ databaseUrl: env.databaseUrl, databasePath: env.databasePath, reset: values.reset });
  const ms = Math.round(performance.now() - started);
  console.log(
    `roleplay setup: ${result.databasePath} ${result.reset ? "created" : result.migrated ? "migrated" : "up to date"}` +
      (result.seeded ? ", demo workspace seeded" : ", workspace already present (kept)") +
      ` in ${ms} ms`,
  );
  if (result.firstAdmin) {
    console.log(
      [
        "",
        "  First administrator (shown once — keep it somewhere safe):",
        `    email:    ${result.firstAdmin.email}`,
        `    password: ${result.firstAdmin.password}`,
        "  Add people with: npx roleplay users add EMAIL --role admin|editor|viewer|trainee|auditor --password-stdin",
        "",
      ].join("\n"),
    );
  }
  return 0;
}
