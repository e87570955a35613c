/**
 * `roleplay sts [--port 4566] [--host 127.0.0.1]`: the STS Query API (AssumeRole,
 * GetCallerIdentity) for SDK code holding credentials Roleplay issued.
 */
import { readEnv } from "../../env";
import { parseServerFlags, serveUntilSignal } from "./serve-until-signal";

const help = `Usage: roleplay sts [--port 4566] [--host 127.0.0.1] [--quiet]

Serves AWS STS's Query API — AssumeRole and GetCallerIdentity — to SDKs configured with
  endpoint: "http://127.0.0.1:4566" (AWS_ENDPOINT_URL_STS=http://127.0.0.1:4566)
Requests must be signed (SigV4) with credentials Roleplay issued, e.g. from \`roleplay imds\`.
Decisions are made by the policy evaluator on the workspace database (DATABASE_URL); each is
printed as one line on standard output after the first (listening on …): the caller, the action
(and role), and the decision.

Options:
  --port   TCP port (default 4566; 0 picks a free one)
  --host   address to bind (default 127.0.0.1, loopback only)
  --quiet  print no line per request
  -h, --help`;

export async function run(argv: string[]): Promise<number> {
  const quiet = argv.includes("--quiet");
  const flags = parseServerFlags("sts", argv.filter((a) => a !== "--quiet"), help, 4566);
  if (typeof flags === "number") return flags;
  const { port, host } = flags;
  // Prisma and the SigV4 code load only past --help and flag errors.
  const [{ configureSqlite, createPrismaClient }, { createStsServer }] = await Promise.all([import("../../db/create-client"), import("../../sts/sts-server")]);
  const db = createPrismaClient(readEnv().databaseUrl);
  await configureSqlite(db);
  const server = createStsServer({
    db,
    onError: (error) => console.error(`roleplay sts: ${(error as Error).stack ?? String(error)}`),
    onRequest: quiet ? undefined : (r) => process.stdout.write(`${new Date().toISOString()} ${describeStsRequest(r)}\n`),
  });
  return serveUntilSignal(server, db, host, port, "sts");
}

/** "CALLER ACTION [ROLE] → DECISION", the line printed per request (no secret ever appears in it). */
export function describeStsRequest(r: { caller: string | null; action: string | null; roleArn: string | null; status: number; code: string | null }): string {
  const decision = r.status === 200 ? "allowed" : `refused: ${r.code ?? r.status}`;
  return `${r.caller ?? "(unsigned)"} ${r.action ?? "(no Action)"}${r.roleArn ? ` ${r.roleArn}` : ""} → ${decision}`;
}
