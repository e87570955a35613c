/**
 * Every operation of the contract through the unmodified SDK clients, as an administrator user
 * (AdministratorAccess) with a long-term key: the answers parse into the SDK's shapes (EC2's
 * lower-camel XML, IAM's members, S3's headers), and the lifecycle rules of the shared services
 * hold through the endpoint (IncorrectState, one association per instance, DeleteConflict).
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, HeadObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteAccessKeyCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  UpdateAssumeRolePolicyCommand,
  AddRoleToInstanceProfileCommand,
  CreateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import {
  AssociateIamInstanceProfileCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  DisassociateIamInstanceProfileCommand,
  EC2Client,
  ReplaceIamInstanceProfileAssociationCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { createTestDatabase } from "../support/test-database";
import { awsErrorCode } from "../support/aws-error-code";
import { seedDemoWorkspace, demoWorkspaceId, mainAccount } from "../../../lib/seed/seed-demo-workspace";
import { createApiServer } from "../../../lib/api/api-server";
import { createAccessKey } from "../../../lib/iam/access-keys";
import { attachUserPolicy, createUser } from "../../../lib/iam/users";
import { putBucketPolicy } from "../../../lib/s3/buckets";
import type { Db } from "../../../lib/db/create-client";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let api: ReturnType<typeof createApiServer>;
let config: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number };

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemoWorkspace(db);
  await createUser(db, { accountId: mainAccount, name: "admin" }, "test");
  await attachUserPolicy(db, { accountId: mainAccount, userName: "admin", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, "test");
  const key = await createAccessKey(db, { accountId: mainAccount, userName: "admin" }, "test");
  api = createApiServer({ db, workspaceId: demoWorkspaceId });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  config = { region: "us-east-1", endpoint: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, maxAttempts: 1 };
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => api?.close(resolve));
  await api?.closeLog();
  await database?.dispose();
});

const code = awsErrorCode;

describe("EC2 through the endpoint", () => {
  it("instance lifecycle: stop, start, terminate, with EC2's state codes and IncorrectState", async () => {
    const ec2 = new EC2Client(config);
    const launched = await ec2.send(new RunInstancesCommand({ MinCount: 2, MaxCount: 2, InstanceType: "t3.nano", MetadataOptions: { HttpTokens: "optional", HttpPutResponseHopLimit: 1 } }));
    expect(launched.Instances).toHaveLength(2);
    expect(launched.Instances![0].MetadataOptions).toMatchObject({ HttpTokens: "optional", HttpPutResponseHopLimit: 1, HttpEndpoint: "enabled" });
    const id = launched.Instances![0].InstanceId!;
    const stopped = await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(stopped.StoppingInstances?.[0]).toEqual({ InstanceId: id, CurrentState: { Code: 64, Name: "stopping" }, PreviousState: { Code: 16, Name: "running" } });
    const started = await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    expect(started.StartingInstances?.[0].CurrentState).toEqual({ Code: 0, Name: "pending" });
    const terminated = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(terminated.TerminatingInstances?.[0].CurrentState?.Name).toBe("shutting-down");
    expect(await code(ec2.send(new StartInstancesCommand({ InstanceIds: [id] })))).toBe("IncorrectState");
    expect(await code(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] })))).toBe("InvalidInstanceID.NotFound");
    const described = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["terminated"] }] }));
    expect(described.Reservations?.flatMap((r) => r.Instances!.map((i) => i.InstanceId))).toEqual([id]);
  });

  it("profile associations: associate, one per instance, replace, disassociate, describe", async () => {
    const ec2 = new EC2Client(config);
    const id = (await ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1 }))).Instances![0].InstanceId!;
    const associated = await ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: "Get-pics" } }));
    expect(associated.IamInstanceProfileAssociation).toMatchObject({ InstanceId: id, State: "associating", IamInstanceProfile: { Arn: "arn:aws:iam::111111111111:instance-profile/Get-pics" } });
    expect(associated.IamInstanceProfileAssociation?.AssociationId).toMatch(/^iip-assoc-[0-9a-f]{17}$/);
    expect(await code(ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: "abcd" } })))).toBe("IncorrectState");
    const replaced = await ec2.send(new ReplaceIamInstanceProfileAssociationCommand({ AssociationId: associated.IamInstanceProfileAssociation!.AssociationId!, IamInstanceProfile: { Arn: "arn:aws:iam::111111111111:instance-profile/abcd" } }));
    expect(replaced.IamInstanceProfileAssociation?.IamInstanceProfile?.Arn).toBe("arn:aws:iam::111111111111:instance-profile/abcd");
    const listed = await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: "instance-id", Values: [id] }] }));
    expect(listed.IamInstanceProfileAssociations?.map((a) => a.State)).toEqual(["associated"]);
    const gone = await ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: replaced.IamInstanceProfileAssociation!.AssociationId! }));
    expect(gone.IamInstanceProfileAssociation?.State).toBe("disassociating");
    expect(await code(ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: "no-such-profile" } })))).toBe("InvalidParameterValue");
  });
});

describe("IAM through the endpoint", () => {
  it("roles, policies and instance profiles, with IAM's rules", async () => {
    const iam = new IAMClient(config);
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    await iam.send(new CreateRoleCommand({ RoleName: "tour", Path: "/app/", AssumeRolePolicyDocument: trust, Tags: [{ Key: "team", Value: "photos" }], MaxSessionDuration: 7200 }));
    const roles = await iam.send(new ListRolesCommand({ PathPrefix: "/app/" }));
    expect(roles.Roles?.map((r) => [r.RoleName, r.Arn, r.MaxSessionDuration])).toEqual([["tour", "arn:aws:iam::111111111111:role/app/tour", 7200]]);
    expect(await code(iam.send(new CreateRoleCommand({ RoleName: "TOUR", AssumeRolePolicyDocument: trust })))).toBe("EntityAlreadyExists");
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "tour", PolicyDocument: trust.replace("ec2", "ecs-tasks") }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "tour", PolicyName: "p", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }] }) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "tour", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "tour" }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "tour", RoleName: "tour" }));
    const profile = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: "tour" }));
    expect(profile.InstanceProfile?.Roles?.map((r) => r.RoleName)).toEqual(["tour"]);
    expect(await code(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: "tour" })))).toBe("DeleteConflict");
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: "tour", RoleName: "tour" }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: "tour" }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: "tour", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: "tour", PolicyName: "p" }));
    await iam.send(new DeleteRoleCommand({ RoleName: "tour" }));
    expect(await db.role.count({ where: { name: "tour" } })).toBe(0);
  });

  it("users and their access keys (the caller's own when no UserName is given)", async () => {
    const iam = new IAMClient(config);
    expect((await iam.send(new GetUserCommand({}))).User?.Arn).toBe("arn:aws:iam::111111111111:user/admin");
    expect((await iam.send(new GetUserCommand({ UserName: "alice" }))).User?.Tags).toEqual([{ Key: "team", Value: "photos" }]);
    const key = await iam.send(new CreateAccessKeyCommand({}));
    expect(key.AccessKey?.UserName).toBe("admin");
    expect((await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toHaveLength(2);
    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: key.AccessKey!.AccessKeyId! }));
    expect(await code(iam.send(new DeleteAccessKeyCommand({ AccessKeyId: key.AccessKey!.AccessKeyId! })))).toBe("NoSuchEntity");
  });
});

describe("S3 through the endpoint", () => {
  it("lists with delimiters and continuation, heads objects, and owns bucket policies", async () => {
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    for (const key of ["a/1.txt", "a/2.txt", "b/1.txt", "c.txt", "d.txt"]) await s3.send(new PutObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: key, Body: key }));
    const top = await s3.send(new ListObjectsV2Command({ Bucket: "amzn-s3-demo-bucket1", Delimiter: "/" }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["a/", "b/"]);
    expect(top.Contents?.map((c) => c.Key)).toEqual(["c.txt", "d.txt"]);
    const first = await s3.send(new ListObjectsV2Command({ Bucket: "amzn-s3-demo-bucket1", MaxKeys: 2 }));
    expect(first.IsTruncated).toBe(true);
    const rest = await s3.send(new ListObjectsV2Command({ Bucket: "amzn-s3-demo-bucket1", ContinuationToken: first.NextContinuationToken }));
    expect([...first.Contents!, ...rest.Contents!].map((c) => c.Key)).toEqual(["a/1.txt", "a/2.txt", "b/1.txt", "c.txt", "d.txt"]);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: "amzn-s3-demo-bucket1", StartAfter: "b/1.txt" }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(["c.txt", "d.txt"]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: "c.txt" }));
    expect(head.ContentLength).toBe(5);
    expect(await code(s3.send(new HeadObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: "zzz" })))).toBe("NotFound");
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(["amzn-s3-demo-bucket-photos", "amzn-s3-demo-bucket1"]);
    expect(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: "amzn-s3-demo-bucket-photos" }))).Policy!).Statement[0].Sid).toBe("DenyOutsideTheAccount");
    expect(await code(s3.send(new GetBucketPolicyCommand({ Bucket: "amzn-s3-demo-bucket1" })))).toBe("NoSuchBucketPolicy");
    // Another account's bucket: refused unless its policy grants; granted, still only its owner may read the policy.
    expect(await code(s3.send(new GetBucketPolicyCommand({ Bucket: "amzn-s3-demo-bucket2" })))).toBe("AccessDenied");
    const grant = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "s3:GetBucketPolicy", Resource: "arn:aws:s3:::amzn-s3-demo-bucket2" }] };
    await putBucketPolicy(db, { accountId: "222222222222", bucketName: "amzn-s3-demo-bucket2", document: JSON.stringify(grant) }, "test");
    expect(await code(s3.send(new GetBucketPolicyCommand({ Bucket: "amzn-s3-demo-bucket2" })))).toBe("MethodNotAllowed");
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: "amzn-s3-demo-bucket-photos" }));
    expect(await code(s3.send(new GetBucketPolicyCommand({ Bucket: "amzn-s3-demo-bucket-photos" })))).toBe("NoSuchBucketPolicy");
  });
});

describe("limits", () => {
  it("an object over 16 MiB is EntityTooLarge, and nothing is stored", async () => {
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const big = Buffer.alloc(16 * 1024 * 1024 + 1, 1);
    expect(await code(s3.send(new PutObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: "big.bin", Body: big })))).toBe("EntityTooLarge");
    expect(await db.s3Object.count({ where: { key: "big.bin" } })).toBe(0);
  });
});
