/**
 * `npx roleplay api --port 0 --log` as a child process: the contract's first line, one JSON line
 * per request on standard output, and the AWS CLI v2 (Debian's `awscli`, /usr/bin/aws) driving it
 * unmodified with only --endpoint-url. Without an AWS CLI v2 those tests skip, saying so.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { runRoleplay, startRoleplay, type RunningCommand } from "../support/emulators";
import { seedDemoWorkspace, mainAccount } from "../../../lib/seed/seed-demo-workspace";
import { catJpeg } from "../../../lib/seed/cat-jpeg";
import { createAccessKey } from "../../../lib/iam/access-keys";
import { currentComputeCredentials } from "../../../lib/creds/role-sessions";
import { accountClockNow } from "../../../lib/creds/workspace-clock";
import type { Db } from "../../../lib/db/create-client";

const awsPath = "/usr/bin/aws";
const awsVersion = existsSync(awsPath) ? spawnSync(awsPath, ["--version"], { encoding: "utf8" }).stdout ?? "" : "";
const hasAwsCliV2 = /^aws-cli\/2\./.test(awsVersion);
if (!hasAwsCliV2) {
  console.warn(`AWS CLI v2 tests skipped: ${existsSync(awsPath) ? `${awsPath} is ${awsVersion.trim() || "unreadable"}, not v2` : `${awsPath} is missing`} (scripts/ensure-awscli.mjs installs Debian's awscli when apt offers a 2.x).`);
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let api: RunningCommand;
let stdout = "";
let dir: string;
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
let alice: Creds;
let bob: Creds;
let photos: Creds;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemoWorkspace(db);
  const [a, b] = [await createAccessKey(db, { accountId: mainAccount, userName: "alice" }, "test"), await createAccessKey(db, { accountId: mainAccount, userName: "bob" }, "test")];
  alice = { accessKeyId: a.AccessKeyId, secretAccessKey: a.SecretAccessKey };
  bob = { accessKeyId: b.AccessKeyId, secretAccessKey: b.SecretAccessKey };
  const instance = (await db.instance.findMany()).find((i) => i.tags.includes("photos-app"))!;
  const role = await db.role.findFirstOrThrow({ where: { name: "Get-pics" } });
  const set = await currentComputeCredentials(db, { role, source: "instance", sourceId: instance.id, now: await accountClockNow(db, mainAccount, new Date()) });
  photos = { accessKeyId: set.accessKeyId, secretAccessKey: set.secretAccessKey, sessionToken: set.sessionToken };
  api = await startRoleplay(["api", "--port", "0", "--log"], database.url);
  api.child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  dir = mkdtempSync(path.join(tmpdir(), "roleplay-awscli-"));
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await database?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The JSON lines printed so far, once `count` of them are there. */
async function logLines(count: number): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 100; i++) {
    const lines = stdout.split("\n").filter((l) => l.startsWith("{"));
    if (lines.length >= count) return lines.map((l) => JSON.parse(l));
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected ${count} log lines, got: ${stdout}`);
}

function aws(creds: Creds | undefined, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: dir,
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: path.join(dir, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  };
  if (creds) {
    env.AWS_ACCESS_KEY_ID = creds.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = creds.secretAccessKey;
    if (creds.sessionToken) env.AWS_SESSION_TOKEN = creds.sessionToken;
  }
  return new Promise((resolve) => {
    execFile(awsPath, ["--endpoint-url", api.url, "--output", "json", ...args], { env: env as NodeJS.ProcessEnv, timeout: 60_000, encoding: "utf8" }, (error: Error | null, out: string, err: string) => {
      resolve({ code: error ? Number((error as Error & { code?: number | string }).code ?? 1) : 0, stdout: out, stderr: err });
    });
  });
}

describe("npx roleplay api", () => {
  it("prints `listening on http://127.0.0.1:PORT` first, then one JSON line per request with --log", async () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetch(`${api.url}/amzn-s3-demo-bucket-photos/cat.jpg`);
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain("<Code>AccessDenied</Code>");
    const [line] = await logLines(1);
    expect(line).toMatchObject({ caller: "anonymous", service: "s3", operation: "GetObject", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", decision: "Unauthenticated", status: 403, error: "AccessDenied" });
  });

  it("names an unknown workspace and lists the ones there are", async () => {
    const run = await runRoleplay(["api", "--port", "0", "--workspace", "nope"], database.url);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("there is no workspace named nope (see roleplay workspace list)");
  });

  it("creates alice's access key from the command line: the secret once, in the AWS CLI's shape", async () => {
    const run = await runRoleplay(["iam", "create-access-key", "--user-name", "alice"], database.url);
    expect(run.code).toBe(0);
    const created = JSON.parse(run.stdout).AccessKey;
    expect(created).toMatchObject({ UserName: "alice", Status: "Active" });
    expect(created.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(created.SecretAccessKey).toHaveLength(40);
    const listed = await runRoleplay(["iam", "list-access-keys", "--user-name", "alice"], database.url);
    expect(listed.stdout).not.toContain(created.SecretAccessKey);
    const third = await runRoleplay(["iam", "create-access-key", "--user-name", "alice"], database.url);
    expect(third.code).toBe(254);
    expect(third.stderr).toContain("An error occurred (LimitExceeded) when calling the CreateAccessKey operation: Cannot exceed quota for AccessKeysPerUser: 2");
    const audit = await db.auditEntry.findMany({ where: { action: "CreateAccessKey" } });
    expect(audit.some((e) => (e.after ?? "").includes(created.SecretAccessKey))).toBe(false);
  });
});

describe.skipIf(!hasAwsCliV2)("the AWS CLI v2 (Debian's awscli) against the endpoint", () => {
  it("sts get-caller-identity as alice", async () => {
    const run = await aws(alice, ["sts", "get-caller-identity"]);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).Arn).toBe("arn:aws:iam::111111111111:user/alice");
  });

  it("photos-app's credentials: s3api get-object of cat.jpg, then put-object is AccessDenied", async () => {
    const target = path.join(dir, "cat.jpg");
    const got = await aws(photos, ["s3api", "get-object", "--bucket", "amzn-s3-demo-bucket-photos", "--key", "cat.jpg", target]);
    expect(got.stderr).toBe("");
    expect(JSON.parse(got.stdout)).toMatchObject({ ContentType: "image/jpeg", ContentLength: catJpeg().length });
    expect(readFileSync(target).equals(catJpeg())).toBe(true);
    const put = await aws(photos, ["s3api", "put-object", "--bucket", "amzn-s3-demo-bucket-photos", "--key", "dog.jpg", "--body", target]);
    expect(put.code).toBe(254);
    expect(put.stderr).toContain("An error occurred (AccessDenied) when calling the PutObject operation");
  });

  it("alice: s3 cp up and down, s3 ls, s3 presign", async () => {
    const file = path.join(dir, "hello.txt");
    writeFileSync(file, "hello from the aws cli\n");
    expect((await aws(alice, ["s3", "cp", file, "s3://amzn-s3-demo-bucket1/docs/hello.txt"])).code).toBe(0);
    const listed = await aws(alice, ["s3", "ls", "s3://amzn-s3-demo-bucket1/docs/"]);
    expect(listed.stdout).toContain("hello.txt");
    const down = await aws(alice, ["s3", "cp", "s3://amzn-s3-demo-bucket1/docs/hello.txt", "-"]);
    expect(down.stdout).toBe("hello from the aws cli\n");
    const presigned = await aws(alice, ["s3", "presign", "s3://amzn-s3-demo-bucket1/docs/hello.txt", "--expires-in", "60"]);
    const link = presigned.stdout.trim();
    expect(link.startsWith(api.url)).toBe(true);
    expect(await (await fetch(link)).text()).toBe("hello from the aws cli\n");
  });

  it("alice: a 10 MiB s3 cp goes up in parts (multipart), s3 cp copies in the bucket, s3 rm --recursive and s3api delete-objects delete", async () => {
    const file = path.join(dir, "big.bin");
    const data = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4096) data.writeUInt32BE(i, i);
    writeFileSync(file, data);
    const up = await aws(alice, ["s3", "cp", file, "s3://amzn-s3-demo-bucket1/big/big.bin"]);
    expect(up.stderr).toBe("");
    const head = JSON.parse((await aws(alice, ["s3api", "head-object", "--bucket", "amzn-s3-demo-bucket1", "--key", "big/big.bin"])).stdout);
    // The CLI's 8 MiB parts: two of them, hence S3's multipart ETag "…-2".
    expect(head).toMatchObject({ ContentLength: data.length });
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    const copied = await aws(alice, ["s3", "cp", "s3://amzn-s3-demo-bucket1/big/big.bin", "s3://amzn-s3-demo-bucket1/big/copy.bin"]);
    expect(copied.stderr).toBe("");
    const back = path.join(dir, "copy.bin");
    expect((await aws(alice, ["s3", "cp", "s3://amzn-s3-demo-bucket1/big/copy.bin", back])).code).toBe(0);
    expect(readFileSync(back).equals(data)).toBe(true);
    const removed = await aws(alice, ["s3", "rm", "--recursive", "s3://amzn-s3-demo-bucket1/big/"]);
    expect(removed.stdout).toContain("delete: s3://amzn-s3-demo-bucket1/big/copy.bin");
    expect((await aws(alice, ["s3", "ls", "s3://amzn-s3-demo-bucket1/big/"])).stdout).toBe("");
    const small = path.join(dir, "small.txt");
    writeFileSync(small, "small\n");
    for (const key of ["batch/1.txt", "batch/2.txt"]) expect((await aws(alice, ["s3", "cp", small, `s3://amzn-s3-demo-bucket1/${key}`])).code).toBe(0);
    const batch = await aws(alice, ["s3api", "delete-objects", "--bucket", "amzn-s3-demo-bucket1", "--delete", JSON.stringify({ Objects: [{ Key: "batch/1.txt" }, { Key: "batch/2.txt" }] })]);
    expect(JSON.parse(batch.stdout).Deleted.map((d: { Key: string }) => d.Key).sort()).toEqual(["batch/1.txt", "batch/2.txt"]);
    const allowed = async (operations: string[]) => {
      for (let i = 0; i < 100; i++) {
        if ((await logLines(1)).some((l) => operations.includes(String(l.operation)) && l.decision === "Allow")) return true;
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    };
    for (const operation of ["CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "DeleteObject", "DeleteObjects"]) expect(await allowed([operation]), operation).toBe(true);
    expect(await allowed(["CopyObject", "UploadPartCopy"])).toBe(true);
  });

  it("bob's ec2 run-instances with ops-admin is UnauthorizedOperation; with Get-pics it launches", async () => {
    const refused = await aws(bob, ["ec2", "run-instances", "--image-id", "ami-0c02fb55956c7d316", "--iam-instance-profile", "Name=ops-admin"]);
    expect(refused.code).toBe(254);
    expect(refused.stderr).toContain("An error occurred (UnauthorizedOperation) when calling the RunInstances operation");
    const launched = await aws(bob, ["ec2", "run-instances", "--image-id", "ami-0c02fb55956c7d316", "--iam-instance-profile", "Name=Get-pics"]);
    expect(launched.stderr).toBe("");
    expect(JSON.parse(launched.stdout).Instances[0].IamInstanceProfile.Arn).toBe("arn:aws:iam::111111111111:instance-profile/Get-pics");
  });

  it("an unknown key is InvalidClientTokenId; a tampered secret is SignatureDoesNotMatch", async () => {
    const unknown = await aws({ accessKeyId: "AKIAAAAAAAAAAAAAAAAB", secretAccessKey: "y".repeat(40) }, ["iam", "get-user"]);
    expect(unknown.stderr).toContain("An error occurred (InvalidClientTokenId) when calling the GetUser operation");
    const tampered = await aws({ ...alice, secretAccessKey: `${alice.secretAccessKey.slice(0, -1)}${alice.secretAccessKey.endsWith("A") ? "B" : "A"}` }, ["sts", "get-caller-identity"]);
    expect(tampered.stderr).toContain("An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation");
    const lines = await logLines(1);
    expect(lines.some((l) => l.error === "InvalidClientTokenId" && l.decision === "Unauthenticated")).toBe(true);
    expect(lines.some((l) => l.error === "SignatureDoesNotMatch" && l.operation === "GetCallerIdentity")).toBe(true);
  });
});
