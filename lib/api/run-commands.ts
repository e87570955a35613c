/**
 * The exact commands to run unmodified AWS code "on" an instance against the workspace: its
 * metadata service (credentials) and `roleplay api` (every AWS call), with the workspace's
 * DATABASE_URL when it is not the default and `--workspace` for any workspace but demo. Shown on the instance page and in the README.
 */
import type { Db, Tx } from "../db/create-client";
import { readEnv } from "../env";
import { demoWorkspaceName } from "../workspaces/workspace-files";
import { arns } from "../iam/arns";
import { workloadAccessMatrix } from "../compute/workload-permissions";

export type RunCommandsInput = {
  /** The instance's Name tag, or its id. */
  instanceRef: string;
  region: string;
  /** A bucket the instance's code might read, for the example. */
  bucket?: string;
  /** The database URL when it is not the project's default. */
  databaseUrl?: string;
  /** The workspace's name when it is not demo (the emulators' default). */
  workspace?: string;
  ports?: { imds: number; api: number };
};

export type RunCommands = { start: string[]; environment: string[]; cli: string[]; sdk: string[] };

/** A word for a POSIX shell: quoted unless it is plain. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

export function endpointRunCommands(input: RunCommandsInput): RunCommands {
  const ports = input.ports ?? { imds: 1338, api: 4566 };
  const env = input.databaseUrl ? `DATABASE_URL=${shellWord(input.databaseUrl)} ` : "";
  const workspace = input.workspace ? ` --workspace ${shellWord(input.workspace)}` : "";
  const endpoint = `http://127.0.0.1:${ports.api}`;
  return {
    start: [`${env}npx roleplay imds --instance ${shellWord(input.instanceRef)} --port ${ports.imds}${workspace} &`, `${env}npx roleplay api --port ${ports.api}${workspace} --log &`],
    environment: [`export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:${ports.imds}/`, `export AWS_ENDPOINT_URL=${endpoint}`, `export AWS_REGION=${input.region}`],
    cli: [
      `aws --endpoint-url ${endpoint} sts get-caller-identity`,
      ...(input.bucket ? [`aws --endpoint-url ${endpoint} s3 ls s3://${input.bucket}/`] : [`aws --endpoint-url ${endpoint} s3 ls`]),
      ...(input.bucket === "amzn-s3-demo-bucket-photos" ? [`aws --endpoint-url ${endpoint} s3api get-object --bucket amzn-s3-demo-bucket-photos --key cat.jpg cat.jpg`] : []),
    ],
    sdk: [
      `// JavaScript SDK v3: credentials from the instance's metadata service, calls to the endpoint`,
      `import { S3Client, ListObjectsV2Command } from "@aws-sdk/client-s3";`,
      `const s3 = new S3Client({ endpoint: "${endpoint}", forcePathStyle: true });`,
      `console.log(await s3.send(new ListObjectsV2Command({ Bucket: "${input.bucket ?? "BUCKET"}" })));`,
    ],
  };
}

/** The database URL to show in commands: undefined when it is the project's default file. */
export function nonDefaultDatabaseUrl(): string | undefined {
  const current = readEnv().databaseUrl;
  return current === readEnv({}).databaseUrl ? undefined : current;
}

/** The `--workspace` the emulators need to serve this account's workspace, or undefined for demo (their default). */
export async function endpointWorkspaceFor(db: Db | Tx, accountId: string): Promise<string | undefined> {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { workspaceId: true } });
  return account && account.workspaceId !== demoWorkspaceName ? account.workspaceId : undefined;
}

/**
 * A bucket for the example commands that the instance's application may list: of the
 * workspace's buckets (its own account's first, those holding objects before empty ones), the
 * first where the evaluator allows it s3:ListBucket; undefined when it may list none.
 */
export async function exampleBucketFor(db: Db | Tx, accountId: string, instanceId: string, now: Date): Promise<string | undefined> {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { workspaceId: true } });
  const buckets = await db.bucket.findMany({ where: { account: { workspaceId: account.workspaceId } }, select: { name: true, accountId: true, _count: { select: { objects: true } } }, take: 50 });
  buckets.sort((a, b) => Number(b.accountId === accountId) - Number(a.accountId === accountId) || Number(b._count.objects > 0) - Number(a._count.objects > 0) || a.name.localeCompare(b.name));
  if (buckets.length === 0) return undefined;
  // One row of the access matrix: the workload is loaded once, each bucket decided in order.
  const matrix = await workloadAccessMatrix(db, { kind: "instance", accountId, instanceId }, now, { actions: ["s3:ListBucket"], resources: buckets.map((b) => arns.bucket(b.name)) });
  const allowed = matrix.rows[0].cells.findIndex((cell) => cell.decision === "Allow");
  return allowed < 0 ? undefined : buckets[allowed].name;
}
