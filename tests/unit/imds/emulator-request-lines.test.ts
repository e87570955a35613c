/**
 * The emulators say what they decide: after `listening on …`, one line per request on standard
 * output (caller, path or action, decision), and nothing with --quiet. No secret appears in a line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromInstanceMetadata } from "@smithy/credential-provider-imds";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import { createTestDatabase } from "../support/test-database";
import { startRoleplay, type RunningCommand } from "../support/emulators";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { describeStsRequest } from "../../../lib/cli/commands/sts";
import { describeStatus } from "../../../lib/cli/commands/imds";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let imds: RunningCommand;
let quietImds: RunningCommand;
let sts: RunningCommand;
const printed = new Map<RunningCommand, string>();

function collect(command: RunningCommand) {
  printed.set(command, "");
  command.child.stdout!.on("data", (chunk: Buffer) => printed.set(command, printed.get(command)! + chunk.toString()));
}

async function linesOf(command: RunningCommand, count: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const lines = printed.get(command)!.split("\n").filter(Boolean);
    if (lines.length >= count) return lines;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return printed.get(command)!.split("\n").filter(Boolean);
}

async function credentialsFrom(command: RunningCommand): Promise<AwsCredentialIdentity> {
  process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = command.url;
  try {
    return await fromInstanceMetadata({ ec2MetadataV1Disabled: true, timeout: 5000, maxRetries: 0 })();
  } finally {
    delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoWorkspace(database.db);
  [imds, quietImds, sts] = await Promise.all([
    startRoleplay(["imds", "--instance", "cross-account-app", "--port", "0"], database.url),
    startRoleplay(["imds", "--instance", "photos-app", "--port", "0", "--quiet"], database.url),
    startRoleplay(["sts", "--port", "0"], database.url),
  ]);
  for (const command of [imds, quietImds, sts]) collect(command);
}, 60_000);

afterAll(async () => {
  await Promise.all([imds?.stop(), quietImds?.stop(), sts?.stop()]);
  await database?.dispose();
});

describe("one line per request", () => {
  it("imds: the client, the method and path, the status — never the keys it served", async () => {
    const creds = await credentialsFrom(imds);
    const refused = await fetch(`${imds.url}/latest/meta-data/instance-id`);
    expect(refused.status).toBe(401);
    const lines = await linesOf(imds, 4);
    expect(lines.join("\n")).toMatch(/ 127\.0\.0\.1 PUT \/latest\/api\/token 200 OK$/m);
    expect(lines.join("\n")).toMatch(/ 127\.0\.0\.1 GET \/latest\/meta-data\/iam\/security-credentials\/abcd 200 OK$/m);
    expect(lines.at(-1)).toMatch(/ 127\.0\.0\.1 GET \/latest\/meta-data\/instance-id 401 Unauthorized \(IMDSv2 token missing or invalid\)$/);
    expect(lines.join("\n")).not.toContain(creds.secretAccessKey);
    expect(lines.join("\n")).not.toContain(creds.sessionToken!);
  });

  it("sts: the verified caller, the action and role, allowed or the refusal's code", async () => {
    const creds = await credentialsFrom(imds);
    const client = new STSClient({ region: "us-east-1", endpoint: sts.url, credentials: creds, maxAttempts: 1 });
    await client.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/efgh", RoleSessionName: "partner" }));
    await expect(client.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/ops-admin", RoleSessionName: "nope" }))).rejects.toMatchObject({ name: "AccessDenied" });
    const lines = await linesOf(sts, 2);
    expect(lines[0]).toMatch(/ arn:aws:sts::111111111111:assumed-role\/abcd\/i-[0-9a-f]{17} AssumeRole arn:aws:iam::222222222222:role\/efgh → allowed$/);
    expect(lines[1]).toMatch(/ arn:aws:sts::111111111111:assumed-role\/abcd\/i-[0-9a-f]{17} AssumeRole arn:aws:iam::111111111111:role\/ops-admin → refused: AccessDenied$/);
    expect(lines.join("\n")).not.toContain(creds.secretAccessKey);
  });

  it("--quiet prints nothing after the first line", async () => {
    await credentialsFrom(quietImds);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printed.get(quietImds)).toBe("");
  });

  it("the wording of decisions", () => {
    expect(describeStatus(0)).toBe("dropped (instance not running)");
    expect(describeStsRequest({ caller: null, action: "GetCallerIdentity", roleArn: null, status: 403, code: "InvalidClientTokenId" })).toBe("(unsigned) GetCallerIdentity → refused: InvalidClientTokenId");
  });
});
