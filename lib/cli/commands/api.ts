/**
 * `roleplay api [--port 4566] [--host 127.0.0.1] [--workspace NAME] [--log]`: an AWS-compatible
 * endpoint (IAM, STS, EC2, S3) over one workspace, for the AWS CLI and SDKs (shared contract
 * contracts/aws-api.md).
 */
import { readEnv } from "../../env";
import { parseServerFlags, serveUntilSignal } from "./serve-until-signal";

const help = `Usage: roleplay api [--port 4566] [--host 127.0.0.1] [--workspace NAME] [--log]

Serves IAM, STS and EC2 (Query protocol) and S3 (REST, path-style) on one port, for unmodified
AWS CLI and SDK code; the service is the one the request's SigV4 credential scope names:
  aws --endpoint-url http://127.0.0.1:4566 s3api get-object --bucket amzn-s3-demo-bucket-photos --key cat.jpg cat.jpg
  new S3Client({ endpoint: "http://127.0.0.1:4566", forcePathStyle: true })
Requests are signed with credentials Roleplay issued (IMDS, ECS task, AssumeRole) or a user's
access key (roleplay iam create-access-key --user-name alice). Every call is decided by the
policy evaluator as its caller and kept in the workspace's decision log (the console's
"Decision log" page).

Options:
  --port       TCP port (default 4566; 0 picks a free one)
  --host       address to bind (default 127.0.0.1, loopback only)
  --workspace  the workspace to serve, by name or id (default: the first one created)
  --log        print each decision as one JSON line on standard output
  -h, --help`;

export async function run(argv: string[]): Promise<number> {
  const printLog = argv.includes("--log");
  const flags = parseServerFlags("api", argv.filter((a) => a !== "--log"), help, 4566, ["workspace"] as const);
  if (typeof flags === "number") return flags;
  const { port, host, options } = flags;
  // Prisma and the servers load only past --help and flag errors.
  const [{ configureSqlite, createPrismaClient }, { createApiServer }, { decisionLine }] = await Promise.all([import("../../db/create-client"), import("../../api/api-server"), import("../../api/decision-log")]);
  const db = createPrismaClient(readEnv().databaseUrl);
  await configureSqlite(db);
  const workspaces = await db.workspace.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } });
  const wanted = options.workspace;
  const workspace = wanted === undefined ? workspaces[0] : workspaces.find((w) => w.id === wanted || w.name === wanted);
  if (!workspace) {
    console.error(
      workspaces.length === 0
        ? "roleplay api: the database has no workspace yet: run `npx roleplay setup` first"
        : `roleplay api: no workspace is named '${wanted}'; the database holds: ${workspaces.map((w) => `${w.name} (id ${w.id})`).join(", ")}`,
    );
    await db.$disconnect();
    return 2;
  }
  const server = createApiServer({
    db,
    workspaceId: workspace.id,
    onDecision: printLog ? (record) => process.stdout.write(`${decisionLine(record)}\n`) : undefined,
    onError: (error) => console.error(`roleplay api: ${(error as Error).stack ?? String(error)}`),
  });
  return serveUntilSignal(server, db, host, port, "api", server.closeLog);
}
