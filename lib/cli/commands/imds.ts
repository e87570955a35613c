/**
 * `roleplay imds --instance <id|Name> [--port 1338] [--host 127.0.0.1]`: serves one instance's
 * metadata service so real SDK code can run "on" it (../shared/contracts/imds.md).
 */
import { readEnv } from "../../env";
import { parseServerFlags, serveUntilSignal } from "./serve-until-signal";

const help = `Usage: roleplay imds --instance <instance-id | Name tag> [--port 1338] [--host 127.0.0.1] [--quiet]

Serves the instance metadata service (IMDS) of one simulated EC2 instance, so that AWS SDK and
CLI code receives the instance role's temporary credentials. Point SDKs at it with
  AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:1338
It reads the workspace database (DATABASE_URL) on every request, and prints one line per request
on standard output after the first (listening on …): the client, the method and path, the status.

Options:
  --instance  the instance id (i-…) or its Name tag (required)
  --port      TCP port (default 1338; 0 picks a free one)
  --host      address to bind (default 127.0.0.1, loopback only)
  --quiet     print no line per request
  -h, --help`;

export async function run(argv: string[]): Promise<number> {
  const quiet = argv.includes("--quiet");
  const flags = parseServerFlags("imds", argv.filter((a) => a !== "--quiet"), help, 1338, ["instance"] as const);
  if (typeof flags === "number") return flags;
  const { port, host } = flags;
  const values = flags.options;
  if (!values.instance) {
    console.error(`roleplay imds: --instance is required\n\n${help}`);
    return 2;
  }
  const env = readEnv();
  // Prisma and the server load only past --help and flag errors.
  const [{ configureSqlite, createPrismaClient }, { findInstancesByIdOrName, listInstanceChoices }, { createImdsServer }] = await Promise.all([
    import("../../db/create-client"),
    import("../../imds/instance-metadata"),
    import("../../imds/imds-server"),
  ]);
  const db = createPrismaClient(env.databaseUrl);
  try {
    await configureSqlite(db);
    const matches = await findInstancesByIdOrName(db, values.instance);
    if (matches.length !== 1) {
      const choices = await listInstanceChoices(db);
      const list = choices.map((c) => `  ${c.id}  ${c.name ?? "(no Name tag)"}  ${c.state}  account ${c.accountId}`).join("\n");
      const why = matches.length === 0 ? `no instance has the id or Name tag '${values.instance}'` : `${matches.length} instances have the Name tag '${values.instance}'; name one by its id`;
      console.error(
        `roleplay imds: ${why} in ${env.databasePath}.\n` +
          (choices.length
            ? `Instances in this workspace (id, Name, state, account):\n${list}\n`
            : `This workspace has no instances; run \`npx roleplay setup\` to seed the demo, or launch one in the console.\n`) +
          `The console's "EC2 instances" page lists them too.`,
      );
      await db.$disconnect();
      return 1;
    }
    const server = createImdsServer({
      db,
      instanceId: matches[0].id,
      onError: (error) => console.error(`roleplay imds: ${(error as Error).stack ?? String(error)}`),
      onNotice: noticeOnce(),
      onRequest: quiet ? undefined : (r) => process.stdout.write(`${new Date().toISOString()} ${r.client} ${r.method} ${r.path} ${describeStatus(r.status)}\n`),
    });
    return serveUntilSignal(server, db, host, port, "imds");
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
}

const statusWords: Record<number, string> = { 0: "dropped (instance not running)", 200: "200 OK", 400: "400 Bad Request", 401: "401 Unauthorized (IMDSv2 token missing or invalid)", 403: "403 Forbidden", 404: "404 Not Found", 405: "405 Method Not Allowed", 500: "500 Internal Server Error" };

/** The status a request got, in words. */
export function describeStatus(status: number): string {
  return statusWords[status] ?? String(status);
}

/** Prints a notice when it changes, not once per request. */
function noticeOnce(): (message: string) => void {
  let last = "";
  return (message) => {
    if (message === last) return;
    last = message;
    console.error(`roleplay imds: ${message}`);
  };
}
