/**
 * `roleplay api` end to end with the unmodified AWS SDK for JavaScript v3 (client-s3, client-iam,
 * client-ec2, client-sts), the real server on port 0 over a seeded temporary workspace: the seed's
 * stories through the endpoint, refusals in AWS's codes, and the decision log entry of each.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromInstanceMetadata } from "@smithy/credential-provider-imds";
import type { AwsCredentialIdentity } from "@smithy/types";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { DeleteObjectCommand, GetBucketPolicyCommand, GetObjectCommand, HeadObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { AddRoleToInstanceProfileCommand, CreateAccessKeyCommand, CreateInstanceProfileCommand, CreateRoleCommand, DeleteRoleCommand, GetRoleCommand, GetRolePolicyCommand, GetUserCommand, IAMClient, IAMServiceException, ListAccessKeysCommand, PutRolePolicyCommand, SimulatePrincipalPolicyCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { DescribeIamInstanceProfileAssociationsCommand, DescribeInstancesCommand, EC2Client, EC2ServiceException, RunInstancesCommand, StopInstancesCommand } from "@aws-sdk/client-ec2";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from "@aws-sdk/client-sts";
import { createTestDatabase } from "../support/test-database";
import { seedDemoWorkspace, demoWorkspaceId, mainAccount } from "../../../lib/seed/seed-demo-workspace";
import { catJpeg } from "../../../lib/seed/cat-jpeg";
import { createApiServer } from "../../../lib/api/api-server";
import { createImdsServer } from "../../../lib/imds/imds-server";
import { createAccessKey } from "../../../lib/iam/access-keys";
import { putObject } from "../../../lib/s3/objects";
import { currentComputeCredentials } from "../../../lib/creds/role-sessions";
import { accountClockNow, advanceWorkspaceClock } from "../../../lib/creds/workspace-clock";
import { listDecisions, getDecision, type DecisionRecord } from "../../../lib/api/decision-log";
import type { Db } from "../../../lib/db/create-client";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let api: ReturnType<typeof createApiServer>;
let endpoint: string;
const imdsServers: Server[] = [];
const decisions: DecisionRecord[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The credentials an SDK on the instance gets from its metadata service (IMDSv2). */
async function instanceCredentials(name: string): Promise<AwsCredentialIdentity> {
  const instance = (await db.instance.findMany()).find((i) => i.tags.includes(`"${name}"`))!;
  const server = createImdsServer({ db, instanceId: instance.id });
  imdsServers.push(server);
  process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = await listen(server);
  try {
    return await fromInstanceMetadata({ ec2MetadataV1Disabled: true, timeout: 5000, maxRetries: 0 })();
  } finally {
    delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
  }
}

const config = (credentials: AwsCredentialIdentity) => ({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });
const s3 = (credentials: AwsCredentialIdentity) => new S3Client({ ...config(credentials), forcePathStyle: true });
const iam = (credentials: AwsCredentialIdentity) => new IAMClient(config(credentials));
const ec2 = (credentials: AwsCredentialIdentity) => new EC2Client(config(credentials));
const sts = (credentials: AwsCredentialIdentity) => new STSClient(config(credentials));

async function userKey(name: string): Promise<AwsCredentialIdentity> {
  const key = await createAccessKey(db, { accountId: mainAccount, userName: name }, "test");
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

/** How the SDK reports a refusal: its exception name, the wire code AWS sent, the HTTP status. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; code: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof S3ServiceException || error instanceof IAMServiceException || error instanceof EC2ServiceException || error instanceof STSServiceException) {
      const wire = (error as { Code?: string; Error?: { Code?: string } }).Error?.Code ?? (error as { Code?: string }).Code ?? error.name;
      return { name: error.name, code: wire, status: error.$metadata.httpStatusCode, message: error.message };
    }
    throw error;
  }
  throw new Error("the call succeeded");
}

/** The decision the endpoint logged last for this operation and caller (as it reported it, then as stored). */
async function lastDecision(operation: string, caller?: string) {
  const reported = decisions.filter((d) => d.operation === operation && (!caller || d.caller.includes(caller))).at(-1);
  await api.closeLog();
  const stored = (await listDecisions(db, demoWorkspaceId, { take: 500 })).find((d) => d.operation === operation && (!caller || d.caller.includes(caller)));
  return { reported, stored };
}

let photos: AwsCredentialIdentity;
let alice: AwsCredentialIdentity;
let bob: AwsCredentialIdentity;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemoWorkspace(db);
  api = createApiServer({ db, workspaceId: demoWorkspaceId, onDecision: (d) => decisions.push(d), onError: (e) => console.error(e) });
  endpoint = await listen(api);
  photos = await instanceCredentials("photos-app");
  alice = await userKey("alice");
  bob = await userKey("bob");
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => api?.close(resolve));
  await api?.closeLog();
  await Promise.all(imdsServers.map((s) => new Promise((resolve) => s.close(resolve))));
  await database?.dispose();
});

describe("photos-app (Get-pics through its metadata service)", () => {
  it("reads cat.jpg byte for byte, with S3's headers", async () => {
    const answer = await s3(photos).send(new GetObjectCommand({ Bucket: "amzn-s3-demo-bucket-photos", Key: "cat.jpg" }));
    const bytes = Buffer.from(await answer.Body!.transformToByteArray());
    expect(bytes.equals(catJpeg())).toBe(true);
    expect(answer.ContentType).toBe("image/jpeg");
    expect(answer.ContentLength).toBe(catJpeg().length);
    expect(answer.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const { reported, stored } = await lastDecision("GetObject", "assumed-role/Get-pics/");
    expect(reported).toMatchObject({ decision: "Allow", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", status: 200 });
    expect(reported!.deciding).toContain("ReadPhotos");
    expect(stored).toMatchObject({ decision: "Allow", service: "s3" });
  });

  it("lists the bucket (ListObjectsV2) and may read a range of the photo", async () => {
    const listed = await s3(photos).send(new ListObjectsV2Command({ Bucket: "amzn-s3-demo-bucket-photos" }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(["cat.jpg"]);
    expect(listed.KeyCount).toBe(1);
    const head = await s3(photos).send(new GetObjectCommand({ Bucket: "amzn-s3-demo-bucket-photos", Key: "cat.jpg", Range: "bytes=0-3" }));
    expect(Buffer.from(await head.Body!.transformToByteArray()).toString("hex")).toBe("ffd8ffdb");
    expect(head.ContentRange).toBe(`bytes 0-3/${catJpeg().length}`);
  });

  it("cannot write: PutObject is AccessDenied (403), and the log says no identity policy allows it", async () => {
    const refused = await failure(s3(photos).send(new PutObjectCommand({ Bucket: "amzn-s3-demo-bucket-photos", Key: "dog.jpg", Body: "woof" })));
    expect(refused).toMatchObject({ name: "AccessDenied", status: 403 });
    expect(refused.message).toContain("is not authorized to perform: s3:PutObject");
    const { reported, stored } = await lastDecision("PutObject", "assumed-role/Get-pics/");
    expect(reported).toMatchObject({ decision: "ImplicitDeny", action: "s3:PutObject", status: 403, errorCode: "AccessDenied" });
    expect(reported!.explanation.summary).toContain("Missing permission: s3:PutObject");
    expect(stored).toMatchObject({ decision: "ImplicitDeny", errorCode: "AccessDenied" });
    expect(await db.s3Object.count({ where: { key: "dog.jpg" } })).toBe(0);
  });

  it("a missing key is AccessDenied without s3:ListBucket and NoSuchKey with it", async () => {
    expect(await failure(s3(photos).send(new GetObjectCommand({ Bucket: "amzn-s3-demo-bucket-photos", Key: "nope.jpg" })))).toMatchObject({ name: "NoSuchKey", status: 404 });
    const task = await db.role.findFirstOrThrow({ where: { name: "photos-thumbnailer-task" } });
    const taskCreds = await currentComputeCredentials(db, { role: task, source: "ecs-task", sourceId: "0123456789abcdef0123456789abcdef", now: await accountClockNow(db, mainAccount, new Date()) });
    const thumbnailer = s3({ accessKeyId: taskCreds.accessKeyId, secretAccessKey: taskCreds.secretAccessKey, sessionToken: taskCreds.sessionToken });
    expect(await failure(thumbnailer.send(new GetObjectCommand({ Bucket: "amzn-s3-demo-bucket-photos", Key: "originals/nope.jpg" })))).toMatchObject({ name: "AccessDenied", status: 403 });
  });

  it("its STS GetCallerIdentity is its session on the instance", async () => {
    const who = await sts(photos).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toMatch(/^arn:aws:sts::111111111111:assumed-role\/Get-pics\/i-[0-9a-f]{17}$/);
    const { reported } = await lastDecision("GetCallerIdentity");
    expect(reported).toMatchObject({ decision: "Allow", deciding: "needs no permission", service: "sts" });
  });
});

describe("alice and bob with long-term access keys", () => {
  it("alice launches an instance with ops-admin (PassRole to EC2 allowed); bob cannot", async () => {
    const launched = await ec2(alice).send(new RunInstancesCommand({ ImageId: "ami-0c02fb55956c7d316", InstanceType: "t3.micro", MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: "ops-admin" }, TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "alice-ops" }] }] }));
    const instance = launched.Instances![0];
    expect(instance.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(instance.IamInstanceProfile?.Arn).toBe("arn:aws:iam::111111111111:instance-profile/ops-admin");
    expect(instance.State?.Name).toBe("pending");
    expect(instance.Tags).toEqual([{ Key: "Name", Value: "alice-ops" }]);
    expect(launched.OwnerId).toBe("111111111111");
    const allowed = await lastDecision("RunInstances", "user/alice");
    expect(allowed.reported).toMatchObject({ decision: "Allow", action: "ec2:RunInstances" });
    expect(allowed.reported!.explanation.checks.map((c) => c.action)).toEqual(["ec2:RunInstances", "ec2:RunInstances", "iam:PassRole"]);

    const refused = await failure(ec2(bob).send(new RunInstancesCommand({ ImageId: "ami-0c02fb55956c7d316", MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: "ops-admin" } })));
    expect(refused.name).toBe("UnauthorizedOperation");
    expect(refused.status).toBe(403);
    expect(refused.message).toContain("iam:PassRole on resource: arn:aws:iam::111111111111:role/ops-admin");
    expect(refused.message).toContain("Encoded authorization failure message:");
    const denied = await lastDecision("RunInstances", "user/bob");
    expect(denied.reported).toMatchObject({ decision: "ImplicitDeny", action: "iam:PassRole", resource: "arn:aws:iam::111111111111:role/ops-admin", errorCode: "UnauthorizedOperation" });
    expect(denied.stored).toMatchObject({ decision: "ImplicitDeny", action: "iam:PassRole" });

    const withGetPics = await ec2(bob).send(new RunInstancesCommand({ ImageId: "ami-0c02fb55956c7d316", MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: "Get-pics" } }));
    expect(withGetPics.Instances![0].IamInstanceProfile?.Arn).toBe("arn:aws:iam::111111111111:instance-profile/Get-pics");
  });

  it("alice describes instances and associations in the credential scope's region", async () => {
    const described = await ec2(alice).send(new DescribeInstancesCommand({ Filters: [{ Name: "tag:Name", Values: ["alice-ops"] }] }));
    expect(described.Reservations).toHaveLength(1);
    const instance = described.Reservations![0].Instances![0];
    expect(instance.State).toEqual({ Code: 16, Name: "running" });
    expect(instance.MetadataOptions?.HttpTokens).toBe("required");
    const associations = await ec2(alice).send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: "instance-id", Values: [instance.InstanceId!] }] }));
    expect(associations.IamInstanceProfileAssociations?.[0]).toMatchObject({ InstanceId: instance.InstanceId, State: "associated", IamInstanceProfile: { Arn: "arn:aws:iam::111111111111:instance-profile/ops-admin" } });
    expect(await failure(ec2(alice).send(new StopInstancesCommand({ InstanceIds: [instance.InstanceId!] })))).toMatchObject({ name: "UnauthorizedOperation" });
    const dry = await failure(ec2(alice).send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, DryRun: true })));
    expect(dry.name).toBe("DryRunOperation");
  });

  it("the ops-admin instance's credentials then do what alice cannot: IAM (the escalation, through the API)", async () => {
    const aliceGetUser = await failure(iam(alice).send(new GetUserCommand({})));
    expect(aliceGetUser).toMatchObject({ name: "AccessDenied", status: 403 });
    const instance = (await db.instance.findMany()).find((i) => i.tags.includes("alice-ops"))!;
    const role = await db.role.findFirstOrThrow({ where: { name: "ops-admin" } });
    const set = await currentComputeCredentials(db, { role, source: "instance", sourceId: instance.id, now: await accountClockNow(db, mainAccount, new Date()) });
    const opsAdmin = iam({ accessKeyId: set.accessKeyId, secretAccessKey: set.secretAccessKey, sessionToken: set.sessionToken });
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    const created = await opsAdmin.send(new CreateRoleCommand({ RoleName: "made-by-api", AssumeRolePolicyDocument: trust, Description: "through the endpoint" }));
    expect(created.Role?.Arn).toBe("arn:aws:iam::111111111111:role/made-by-api");
    const fetched = await opsAdmin.send(new GetRoleCommand({ RoleName: "made-by-api" }));
    expect(JSON.parse(decodeURIComponent(fetched.Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(trust));
    const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
    await opsAdmin.send(new PutRolePolicyCommand({ RoleName: "made-by-api", PolicyName: "read", PolicyDocument: document }));
    const inline = await opsAdmin.send(new GetRolePolicyCommand({ RoleName: "made-by-api", PolicyName: "read" }));
    expect(JSON.parse(decodeURIComponent(inline.PolicyDocument!))).toEqual(JSON.parse(document));
    await opsAdmin.send(new CreateInstanceProfileCommand({ InstanceProfileName: "made-by-api" }));
    await opsAdmin.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "made-by-api", RoleName: "made-by-api" }));
    expect(await failure(opsAdmin.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "made-by-api", RoleName: "ops-admin" })))).toMatchObject({ code: "LimitExceeded", status: 409 });
    expect(await failure(opsAdmin.send(new DeleteRoleCommand({ RoleName: "made-by-api" })))).toMatchObject({ code: "DeleteConflict", status: 409 });
    expect(await failure(opsAdmin.send(new GetRoleCommand({ RoleName: "no-such-role" })))).toMatchObject({ code: "NoSuchEntity", status: 404 });
    expect(await failure(opsAdmin.send(new CreateRoleCommand({ RoleName: "bad", AssumeRolePolicyDocument: "{" })))).toMatchObject({ code: "MalformedPolicyDocument" });

    const simulated = await opsAdmin.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: "arn:aws:iam::111111111111:user/bob", ActionNames: ["iam:PassRole"], ResourceArns: ["arn:aws:iam::111111111111:role/ops-admin", "arn:aws:iam::111111111111:role/Get-pics"] }));
    expect(simulated.EvaluationResults?.map((r) => r.EvalDecision)).toEqual(["implicitDeny", "allowed"]);

    const key = await opsAdmin.send(new CreateAccessKeyCommand({ UserName: "bob" }));
    expect(key.AccessKey?.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(key.AccessKey?.SecretAccessKey).toHaveLength(40);
    expect(await failure(opsAdmin.send(new CreateAccessKeyCommand({ UserName: "bob" })))).toMatchObject({ code: "LimitExceeded" });
    const listed = await opsAdmin.send(new ListAccessKeysCommand({ UserName: "bob" }));
    expect(listed.AccessKeyMetadata?.map((k) => k.Status)).toEqual(["Active", "Active"]);
    const fresh = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
    expect((await sts(fresh).send(new GetCallerIdentityCommand({}))).Arn).toBe("arn:aws:iam::111111111111:user/bob");
    await opsAdmin.send(new UpdateAccessKeyCommand({ UserName: "bob", AccessKeyId: fresh.accessKeyId, Status: "Inactive" }));
    expect(await failure(sts(fresh).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "InvalidClientTokenId", status: 403 });
  });
});

describe("abcd chains into efgh across accounts", () => {
  it("cross-account-app assumes efgh in 222222222222 and reads bucket2; abcd alone cannot", async () => {
    await putObject(db, { bucketName: "amzn-s3-demo-bucket2", key: "partner/report.csv", body: Buffer.from("id,value\n1,42\n"), contentType: "text/csv" }, "test", new Date());
    const abcd = await instanceCredentials("cross-account-app");
    expect(await failure(s3(abcd).send(new GetObjectCommand({ Bucket: "amzn-s3-demo-bucket2", Key: "partner/report.csv" })))).toMatchObject({ name: "AccessDenied" });
    const assumed = await sts(abcd).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/efgh", RoleSessionName: "partner" }));
    expect(assumed.AssumedRoleUser?.Arn).toBe("arn:aws:sts::222222222222:assumed-role/efgh/partner");
    const assumeLog = await lastDecision("AssumeRole");
    expect(assumeLog.reported).toMatchObject({ decision: "Allow", action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/efgh" });
    expect(assumeLog.reported!.deciding).toContain("efghTrustPolicy");
    const efgh = s3({ accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! });
    const listed = await efgh.send(new ListObjectsV2Command({ Bucket: "amzn-s3-demo-bucket2", Prefix: "partner/", Delimiter: "/" }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(["partner/report.csv"]);
    const report = await efgh.send(new GetObjectCommand({ Bucket: "amzn-s3-demo-bucket2", Key: "partner/report.csv" }));
    expect(await report.Body!.transformToString()).toBe("id,value\n1,42\n");
    const buckets = await efgh.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((b) => b.Name)).toEqual(["amzn-s3-demo-bucket2"]);
    const { reported } = await lastDecision("GetObject", "assumed-role/efgh/partner");
    expect(reported).toMatchObject({ decision: "Allow", caller: "arn:aws:sts::222222222222:assumed-role/efgh/partner" });
  });
});

describe("bucket policies take part in decisions", () => {
  it("alice (s3:*) writes, reads and deletes in bucket1; a bucket policy Deny then refuses her", async () => {
    const client = s3(alice);
    await client.send(new PutObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: "notes/a b+c.txt", Body: "hello", ContentType: "text/plain", Metadata: { owner: "alice" } }));
    const head = await client.send(new HeadObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: "notes/a b+c.txt" }));
    expect(head.Metadata).toEqual({ owner: "alice" });
    expect(head.ContentType).toBe("text/plain");
    const deny = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "NoNotes", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket1/notes/*" }] });
    await client.send(new PutBucketPolicyCommand({ Bucket: "amzn-s3-demo-bucket1", Policy: deny }));
    expect(JSON.parse((await client.send(new GetBucketPolicyCommand({ Bucket: "amzn-s3-demo-bucket1" }))).Policy!)).toEqual(JSON.parse(deny));
    const refused = await failure(client.send(new GetObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: "notes/a b+c.txt" })));
    expect(refused).toMatchObject({ name: "AccessDenied", status: 403 });
    expect(refused.message).toContain("explicit deny in a resource-based policy");
    const { reported } = await lastDecision("GetObject", "user/alice");
    expect(reported).toMatchObject({ decision: "ExplicitDeny" });
    expect(reported!.deciding).toContain("NoNotes");
    expect(await failure(client.send(new PutBucketPolicyCommand({ Bucket: "amzn-s3-demo-bucket1", Policy: "{\"Version\":\"2012-10-17\"}" })))).toMatchObject({ name: "MalformedPolicy", status: 400 });
    await client.send(new DeleteObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: "notes/a b+c.txt" }));
    expect(await db.s3Object.count({ where: { bucketName: "amzn-s3-demo-bucket1" } })).toBe(0);
  });

  it("a streamed upload (aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER with its CRC32 trailer) is stored as sent", async () => {
    const { Readable } = await import("node:stream");
    const client = s3(alice);
    await client.send(new PutObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: "streamed.txt", Body: Readable.from([Buffer.from("hello "), Buffer.from("stream")]), ContentLength: 12 }));
    const back = await client.send(new GetObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: "streamed.txt" }));
    expect(await back.Body!.transformToString()).toBe("hello stream");
    expect(back.ContentEncoding).toBeUndefined();
    await client.send(new DeleteObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: "streamed.txt" }));
  });

  it("an unknown bucket is NoSuchBucket", async () => {
    expect(await failure(s3(alice).send(new ListObjectsV2Command({ Bucket: "no-such-bucket-here" })))).toMatchObject({ name: "NoSuchBucket", status: 404 });
  });
});

describe("refusals in AWS's codes, each in the decision log", () => {
  it("a tampered signature is SignatureDoesNotMatch (S3 and the Query services)", async () => {
    const wrong = { ...alice, secretAccessKey: `${alice.secretAccessKey.slice(0, -1)}${alice.secretAccessKey.endsWith("A") ? "B" : "A"}` };
    expect(await failure(s3(wrong).send(new ListBucketsCommand({})))).toMatchObject({ name: "SignatureDoesNotMatch", status: 403 });
    expect(await failure(sts(wrong).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "SignatureDoesNotMatch", status: 403 });
    expect(await failure(ec2(wrong).send(new DescribeInstancesCommand({})))).toMatchObject({ name: "SignatureDoesNotMatch" });
    const { reported } = await lastDecision("DescribeInstances", alice.accessKeyId);
    expect(reported).toMatchObject({ decision: "Unauthenticated", errorCode: "SignatureDoesNotMatch", caller: `access key ${alice.accessKeyId}` });
  });

  it("an unknown key is InvalidClientTokenId (S3: InvalidAccessKeyId)", async () => {
    const unknown = { accessKeyId: "AKIAAAAAAAAAAAAAAAAA", secretAccessKey: "x".repeat(40) };
    expect(await failure(iam(unknown).send(new GetUserCommand({})))).toMatchObject({ name: "InvalidClientTokenId", status: 403 });
    expect(await failure(s3(unknown).send(new GetObjectCommand({ Bucket: "amzn-s3-demo-bucket-photos", Key: "cat.jpg" })))).toMatchObject({ name: "InvalidAccessKeyId", status: 403 });
    const { reported, stored } = await lastDecision("GetObject", "AKIAAAAAAAAAAAAAAAAA");
    expect(reported).toMatchObject({ decision: "Unauthenticated", errorCode: "InvalidAccessKeyId" });
    expect(stored).toMatchObject({ decision: "Unauthenticated" });
  });

  it("an expired session is ExpiredToken", async () => {
    const role = await db.role.findFirstOrThrow({ where: { name: "abcd" } });
    const session = await currentComputeCredentials(db, { role, source: "instance", sourceId: "i-0000000000000dead", now: await accountClockNow(db, mainAccount, new Date()) });
    const creds = { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken };
    expect((await sts(creds).send(new GetCallerIdentityCommand({}))).Account).toBe("111111111111");
    await advanceWorkspaceClock(db, demoWorkspaceId, 7 * 3600, "test", new Date());
    try {
      expect(await failure(sts(creds).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "ExpiredToken", status: 400 });
      expect(await failure(s3(creds).send(new ListBucketsCommand({})))).toMatchObject({ name: "ExpiredToken", status: 400 });
      const { reported } = await lastDecision("ListBuckets", session.accessKeyId);
      expect(reported).toMatchObject({ decision: "Unauthenticated", errorCode: "ExpiredToken" });
    } finally {
      await db.workspace.update({ where: { id: demoWorkspaceId }, data: { clockOffsetSeconds: 0 } });
    }
  });

  it("a replayed STS request is refused; an S3 request sent twice is answered twice (the AWS CLI signs identical requests alike); a presigned URL works until it expires", async () => {
    const url = new URL(endpoint);
    const signer = new SignatureV4({ credentials: alice, region: "us-east-1", service: "s3", sha256: Sha256, uriEscapePath: false });
    const request = new HttpRequest({ method: "GET", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/amzn-s3-demo-bucket-photos/cat.jpg", headers: { host: url.host } });
    const presigned = await signer.presign(request, { expiresIn: 60 });
    const link = `${endpoint}${presigned.path}?${new URLSearchParams(presigned.query as Record<string, string>).toString()}`;
    for (let i = 0; i < 2; i++) {
      const answer = await fetch(link);
      expect(answer.status).toBe(200);
      expect(Buffer.from(await answer.arrayBuffer()).equals(catJpeg())).toBe(true);
    }
    const signed = await signer.sign(new HttpRequest({ ...request, headers: { host: url.host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } }));
    expect((await fetch(`${endpoint}${signed.path}`, { headers: signed.headers })).status).toBe(200);
    expect((await fetch(`${endpoint}${signed.path}`, { headers: signed.headers })).status).toBe(200);
    const stsSigner = new SignatureV4({ credentials: alice, region: "us-east-1", service: "sts", sha256: Sha256 });
    const body = "Action=GetCallerIdentity&Version=2011-06-15";
    const sts = await stsSigner.sign(new HttpRequest({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", headers: { host: url.host, "content-type": "application/x-www-form-urlencoded" }, body }));
    expect((await fetch(`${endpoint}/`, { method: "POST", headers: sts.headers, body })).status).toBe(200);
    const replay = await fetch(`${endpoint}/`, { method: "POST", headers: sts.headers, body });
    expect(replay.status).toBe(403);
    expect(await replay.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    const expired = await signer.presign(request, { expiresIn: 1, signingDate: new Date(Date.now() - 120_000) });
    const stale = await fetch(`${endpoint}${expired.path}?${new URLSearchParams(expired.query as Record<string, string>).toString()}`);
    expect(stale.status).toBe(403);
    expect(await stale.text()).toContain("Request has expired");
  });

  it("a chunked upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) is verified chunk by chunk", async () => {
    const { createHash, createHmac } = await import("node:crypto");
    const url = new URL(endpoint);
    const data = Buffer.alloc(70_000, "a");
    const chunks = [data.subarray(0, 65_536), data.subarray(65_536), Buffer.alloc(0)];
    const hmac = (key: Buffer | string, text: string) => createHmac("sha256", key).update(text).digest();
    const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
    const upload = async (objectKey: string, tamper: boolean) => {
      const encodedLength = chunks.reduce((n, c) => n + c.length.toString(16).length + ";chunk-signature=".length + 64 + 4 + c.length, 0);
      const signer = new SignatureV4({ credentials: alice, region: "us-east-1", service: "s3", sha256: Sha256, uriEscapePath: false });
      const seed = await signer.sign(
        new HttpRequest({
          method: "PUT",
          protocol: "http:",
          hostname: url.hostname,
          port: Number(url.port),
          path: `/amzn-s3-demo-bucket1/${objectKey}`,
          headers: { host: url.host, "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "content-encoding": "aws-chunked", "x-amz-decoded-content-length": String(data.length), "content-length": String(encodedLength) },
        }),
      );
      const amzDate = String(seed.headers["x-amz-date"]);
      const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
      const key = hmac(hmac(hmac(hmac(`AWS4${alice.secretAccessKey}`, amzDate.slice(0, 8)), "us-east-1"), "s3"), "aws4_request");
      let previous = /Signature=([0-9a-f]{64})/.exec(String(seed.headers.authorization))![1];
      const parts: Buffer[] = [];
      for (const chunk of chunks) {
        const signature = hmac(key, ["AWS4-HMAC-SHA256-PAYLOAD", amzDate, scope, previous, sha(""), sha(chunk)].join("\n")).toString("hex");
        previous = signature;
        const sent = tamper && chunk.length ? Buffer.from(chunk).fill("b", 0, 1) : chunk;
        parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${signature}\r\n`), sent, Buffer.from("\r\n"));
      }
      return fetch(`${endpoint}${seed.path}`, { method: "PUT", headers: seed.headers, body: Buffer.concat(parts) });
    };
    expect((await upload("chunked.bin", false)).status).toBe(200);
    const stored = await db.s3Object.findUniqueOrThrow({ where: { bucketName_key: { bucketName: "amzn-s3-demo-bucket1", key: "chunked.bin" } } });
    expect(Buffer.from(stored.body).equals(data)).toBe(true);
    expect(stored.contentType).toBe("binary/octet-stream");
    const tampered = await upload("tampered.bin", true);
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    expect(await db.s3Object.count({ where: { key: "tampered.bin" } })).toBe(0);
  });
});
