/**
 * End to end with the real AWS SDK for JavaScript: `roleplay imds` and `roleplay sts` as child
 * processes on a seeded temporary database; credentials from @smithy/credential-provider-imds
 * (IMDSv1 fallback disabled), AssumeRole and GetCallerIdentity through @aws-sdk/client-sts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromInstanceMetadata } from "@smithy/credential-provider-imds";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import { createTestDatabase } from "../support/test-database";
import { runRoleplay, startRoleplay, type RunningCommand } from "../support/emulators";
import { seedDemoWorkspace, demoWorkspaceId } from "../../../lib/seed/seed-demo-workspace";
import { updateAssumeRolePolicy } from "../../../lib/iam/roles";
import { launchInstance } from "../../../lib/compute/instances";
import { advanceWorkspaceClock } from "../../../lib/creds/workspace-clock";
import type { Db } from "../../../lib/db/create-client";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let photos: RunningCommand;
let crossAccount: RunningCommand;
let sts: RunningCommand;

async function instanceCredentials(imds: RunningCommand): Promise<AwsCredentialIdentity> {
  process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.url;
  try {
    return await fromInstanceMetadata({ ec2MetadataV1Disabled: true, timeout: 5000, maxRetries: 0 })();
  } finally {
    delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
  }
}

function stsClient(credentials: AwsCredentialIdentity): STSClient {
  return new STSClient({ region: "us-east-1", endpoint: sts.url, credentials, maxAttempts: 1 });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemoWorkspace(db);
  [photos, crossAccount, sts] = await Promise.all([
    startRoleplay(["imds", "--instance", "photos-app", "--port", "0"], database.url),
    startRoleplay(["imds", "--instance", "cross-account-app", "--port", "0"], database.url),
    startRoleplay(["sts", "--port", "0"], database.url),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([photos?.stop(), crossAccount?.stop(), sts?.stop()]);
  await database?.dispose();
});

describe("roleplay imds and sts with the real SDK", () => {
  it("prints exactly `listening on http://HOST:PORT` on loopback", () => {
    expect(photos.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("serves photos-app's Get-pics credentials to fromInstanceMetadata over IMDSv2", async () => {
    const creds = await instanceCredentials(photos);
    expect(creds.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds.secretAccessKey).toHaveLength(40);
    expect(creds.sessionToken).toBeTruthy();
    expect(creds.expiration!.getTime() - Date.now()).toBeGreaterThan(5 * 3600 * 1000);
    const who = await stsClient(creds).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe("111111111111");
    expect(who.Arn).toMatch(/^arn:aws:sts::111111111111:assumed-role\/Get-pics\/i-[0-9a-f]{17}$/);
    expect(who.UserId).toMatch(/^AROA[A-Z2-7]{17}:i-[0-9a-f]{17}$/);
  });

  it("lets abcd (cross-account-app) assume efgh in 222222222222, and efgh's session call STS as itself", async () => {
    const creds = await instanceCredentials(crossAccount);
    const out = await stsClient(creds).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/efgh", RoleSessionName: "partner-read" }));
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::222222222222:assumed-role/efgh/partner-read");
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(55 * 60 * 1000);
    const efgh = stsClient({ accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! });
    const who = await efgh.send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe("arn:aws:sts::222222222222:assumed-role/efgh/partner-read");
    expect(who.Account).toBe("222222222222");
  });

  it("refuses photos-app's Get-pics (no sts:AssumeRole permission, not trusted) with AWS's AccessDenied message", async () => {
    const creds = await instanceCredentials(photos);
    const error = await stsClient(creds)
      .send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/efgh", RoleSessionName: "sneaky" }))
      .catch((e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } });
    expect(error).toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    expect((error as Error).message).toMatch(/^User: arn:aws:sts::111111111111:assumed-role\/Get-pics\/i-[0-9a-f]{17} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/efgh$/);
  });

  it("refuses a chained AssumeRole asking for more than one hour", async () => {
    const creds = await instanceCredentials(crossAccount);
    await expect(stsClient(creds).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/efgh", RoleSessionName: "long", DurationSeconds: 7200 }))).rejects.toMatchObject({
      name: "ValidationError",
      message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    });
  });

  it("refuses a tampered signature with SignatureDoesNotMatch", async () => {
    const creds = await instanceCredentials(crossAccount);
    const client = stsClient(creds);
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> };
        request.headers.authorization = request.headers.authorization.replace(/Signature=([0-9a-f])/, (_, c: string) => `Signature=${c === "0" ? "1" : "0"}`);
        return next(args);
      },
      { step: "deserialize", name: "tamperSignature" },
    );
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "SignatureDoesNotMatch", $metadata: { httpStatusCode: 403 } });
  });

  it("refuses an unknown access key with InvalidClientTokenId", async () => {
    const client = stsClient({ accessKeyId: "ASIAAAAAAAAAAAAAAAAA", secretAccessKey: "x".repeat(40), sessionToken: "nope" });
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "InvalidClientTokenId" });
  });

  it("denies abcd → efgh once efgh's trust statement is removed (read live, no restart)", async () => {
    await updateAssumeRolePolicy(
      db,
      { accountId: "222222222222", roleName: "efgh", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }) },
      "test",
    );
    const creds = await instanceCredentials(crossAccount);
    await expect(stsClient(creds).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/efgh", RoleSessionName: "partner-read" }))).rejects.toMatchObject({
      name: "AccessDenied",
      message: expect.stringMatching(/^User: arn:aws:sts::111111111111:assumed-role\/abcd\/i-[0-9a-f]{17} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/efgh$/),
    });
  });

  it("rotates: moving the workspace clock serves a new set before the old one expires, and the old one then expires", async () => {
    const first = await instanceCredentials(photos);
    const again = await instanceCredentials(photos);
    expect(again.accessKeyId).toBe(first.accessKeyId);
    // 5 h 01 min later: 59 min left on the first set, so a new set is published.
    await advanceWorkspaceClock(db, demoWorkspaceId, 5 * 3600 + 60, "test", new Date());
    const second = await instanceCredentials(photos);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.expiration!.getTime()).toBeGreaterThan(first.expiration!.getTime());
    // The old set is still good until its own Expiration…
    await expect(stsClient(first).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: "111111111111" });
    // …and refused once the clock passes it.
    await advanceWorkspaceClock(db, demoWorkspaceId, 3600, "test", new Date());
    await expect(stsClient(first).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "ExpiredToken" });
    await expect(stsClient(second).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: "111111111111" });
  });

  it("the SDK gets no credentials when EC2 is not trusted: AssumeRoleUnauthorizedAccess is not a key set", async () => {
    const original = (await db.role.findFirstOrThrow({ where: { name: "Get-pics" } })).trustPolicy;
    await updateAssumeRolePolicy(db, { accountId: "111111111111", roleName: "Get-pics", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }, "test");
    try {
      await expect(instanceCredentials(photos)).rejects.toThrow("Invalid response received from instance metadata service");
    } finally {
      await updateAssumeRolePolicy(db, { accountId: "111111111111", roleName: "Get-pics", document: original }, "test");
    }
    await expect(instanceCredentials(photos)).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) });
  });

  it("the SDK gets no credentials when HttpEndpoint=disabled, nor when the profile is disassociated", async () => {
    const instance = await db.instance.findFirstOrThrow({ where: { tags: { contains: "photos-app" } } });
    await db.instance.update({ where: { id: instance.id }, data: { httpEndpoint: "disabled" } });
    try {
      await expect(instanceCredentials(photos)).rejects.toThrow();
    } finally {
      await db.instance.update({ where: { id: instance.id }, data: { httpEndpoint: "enabled" } });
    }
    const association = await db.instanceProfileAssociation.findFirstOrThrow({ where: { instanceId: instance.id, state: "associated" } });
    await db.instanceProfileAssociation.update({ where: { id: association.id }, data: { state: "disassociated" } });
    try {
      await expect(instanceCredentials(photos)).rejects.toThrow();
    } finally {
      await db.instanceProfileAssociation.update({ where: { id: association.id }, data: { state: "associated" } });
    }
  });

  it("exits non-zero naming the instance and listing valid ones when --instance is unknown", async () => {
    const result = await runRoleplay(["imds", "--instance", "no-such-app", "--port", "0"], database.url);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("no-such-app");
    expect(result.stderr).toContain("photos-app");
    expect(result.stderr).toMatch(/i-[0-9a-f]{17}/);
  });

  it("refuses an ambiguous Name tag, asking for the instance id", async () => {
    await launchInstance(db, { accountId: "111111111111", tags: [{ Key: "Name", Value: "twin" }], launchedBy: "arn:aws:iam::111111111111:root" }, "test");
    await launchInstance(db, { accountId: "111111111111", tags: [{ Key: "Name", Value: "twin" }], launchedBy: "arn:aws:iam::111111111111:root" }, "test");
    const result = await runRoleplay(["imds", "--instance", "twin", "--port", "0"], database.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("2 instances have the Name tag 'twin'; name one by its id");
  });

  it.each(["SIGINT", "SIGTERM"] as const)("ends cleanly (exit 0) on %s", async (signal) => {
    const imds = await startRoleplay(["imds", "--instance", "photos-app", "--port", "0"], database.url);
    const exited = new Promise<number | null>((resolve) => imds.child.once("exit", resolve));
    imds.child.kill(signal);
    expect(await exited).toBe(0);
  });

  it("rejects a bad --port and a missing --instance with usage errors", async () => {
    expect((await runRoleplay(["imds", "--instance", "photos-app", "--port", "99999"], database.url)).code).toBe(2);
    expect((await runRoleplay(["imds"], database.url)).stderr).toContain("--instance is required");
    expect((await runRoleplay(["sts", "--port", "x"], database.url)).code).toBe(2);
  });
});
