/**
 * `roleplay sts [--port 4566] [--host 127.0.0.1]`: the STS Query API (AssumeRole,
 * GetCallerIdentity) for SDK code holding credentials Roleplay issued.
 */
import { parseArgs } from "node:util";
import { readEnv } from "../../env";
import { configureSqlite, createPrismaClient } from "../../db/create-client";
import { createStsServer } from "../../sts/sts-server";
import { parsePort, serveUntilSignal } from "./serve-until-signal";

const help = `Usage: roleplay sts [--port 4566] [--host 127.0.0.1]

Serves AWS STS's Query API — AssumeRole and GetCallerIdentity — to SDKs configured with
  endpoint: "http://127.0.0.1:4566" (AWS_ENDPOINT_URL_STS=http://127.0.0.1:4566)
Requests must be signed (SigV4) with credentials Roleplay issued, e.g. from \`roleplay imds\`.
Decisions are made by the policy evaluator on the workspace database (DATABASE_URL).

Options:
  --port   TCP port (default 4566; 0 picks a free one)
  --host   address to bind (default 127.0.0.1, loopback only)
  -h, --help`;

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: "string" }, host: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true }));
  } catch (error) {
    console.error(`roleplay sts: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    console.log(help);
    return 0;
  }
  const port = parsePort(values.port, 4566);
  if (port === null) {
    console.error(`roleplay sts: --port must be a number from 0 to 65535 (got '${values.port}')`);
    return 2;
  }
  const host = values.host ?? "127.0.0.1";
  const db = createPrismaClient(readEnv().databaseUrl);
  await configureSqlite(db);
  const server = createStsServer({ db, onError: (error) => console.error(`roleplay sts: ${(error as Error).stack ?? String(error)}`) });
  return serveUntilSignal(server, db, host, port, "sts");
}
