import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { seededRandom } from "../iam/ids";
import { arns } from "../iam/arns";
import { createAccount } from "../iam/accounts";
import { attachRolePolicy, createRole, putRolePolicy } from "../iam/roles";
import { attachUserPolicy, createUser, putUserPolicy } from "../iam/users";
import { addUserToGroup, createGroup } from "../iam/groups";
import { createPolicy } from "../iam/managed-policies";
import { addRoleToInstanceProfile, createInstanceProfile } from "../iam/instance-profiles";
import { policyText } from "../iam/policy-document";
import { launchInstance } from "../compute/instances";
import { createCluster, runTask } from "../compute/ecs";
import { createBucket, putBucketPolicy } from "../s3/buckets";
import { putObject } from "../s3/objects";
import { catJpeg, catJpegContentType, catJpegKey } from "./cat-jpeg";
import * as policies from "./demo-policies";

export const demoWorkspaceId = "demo";
export const mainAccount = "111111111111";
export const partnerAccount = "222222222222";
const actor = "roleplay setup (demo seed)";

/**
 * Seeds the demo workspace with the seed document's three stories — Get-pics (and the photo it
 * reads, cat.jpg), Alice's PassRole escalation, the abcd → efgh cross-account chain — plus an ECS
 * task with its own role. One
 * transaction: a failure leaves the database empty. Ids are deterministic.
 */
export async function seedDemoWorkspace(db: Db | Tx): Promise<void> {
  const random = seededRandom(20261127);
  await inTransaction(db, async (tx) => {
    await tx.workspace.create({ data: { id: demoWorkspaceId, name: "Demo workspace" } });
    await createAccount(tx, { id: mainAccount, name: "Photos (production)", workspaceId: demoWorkspaceId }, actor);
    await createAccount(tx, { id: partnerAccount, name: "Partner data", workspaceId: demoWorkspaceId }, actor);
    const a = mainAccount;
    const text = policyText;

    // Story 1: Get-pics — an EC2 role reading one bucket, on a running instance.
    await createBucket(tx, { accountId: a, name: "amzn-s3-demo-bucket-photos", tags: [{ Key: "story", Value: "Get-pics" }] }, actor);
    await putBucketPolicy(tx, { accountId: a, bucketName: "amzn-s3-demo-bucket-photos", document: text(policies.photosBucketPolicy(a)) }, actor);
    await putObject(tx, { bucketName: "amzn-s3-demo-bucket-photos", key: catJpegKey, body: catJpeg(), contentType: catJpegContentType }, actor, new Date());
    await createRole(tx, { accountId: a, name: "Get-pics", description: "Lets applications on EC2 read the photos bucket", trustPolicy: text(policies.ec2TrustPolicy), tags: [{ Key: "story", Value: "Get-pics" }] }, actor, random);
    await putRolePolicy(tx, { accountId: a, roleName: "Get-pics", policyName: "ReadPhotosBucket", document: text(policies.getPicsPermissions) }, actor);
    await createInstanceProfile(tx, { accountId: a, name: "Get-pics" }, actor, random);
    await addRoleToInstanceProfile(tx, { accountId: a, instanceProfileName: "Get-pics", roleName: "Get-pics" }, actor);

    // Story 2: Alice can pass any role to EC2 — including ops-admin, which is more than she is.
    await createPolicy(tx, { accountId: a, name: "ConsoleLaunchWithAnyRole", description: "The seed's broad PassRole: any role, to EC2 only", document: text(policies.consoleLaunchWithAnyRole) }, actor, random);
    await createPolicy(tx, { accountId: a, name: "LaunchWithGetPicsOnly", description: "The seed's safe PassRole: only Get-pics", document: text(policies.launchWithGetPicsOnly(a)) }, actor, random);
    await createGroup(tx, { accountId: a, name: "developers" }, actor, random);
    await createUser(tx, { accountId: a, name: "alice", tags: [{ Key: "team", Value: "photos" }] }, actor, random);
    await putUserPolicy(tx, { accountId: a, userName: "alice", policyName: "LaunchInstancesAndUseS3", document: text(policies.launchInstancesAndUseS3) }, actor);
    await attachUserPolicy(tx, { accountId: a, userName: "alice", policyArn: arns.policy(a, "/", "ConsoleLaunchWithAnyRole") }, actor);
    await createUser(tx, { accountId: a, name: "bob", tags: [{ Key: "team", Value: "photos" }] }, actor, random);
    await attachUserPolicy(tx, { accountId: a, userName: "bob", policyArn: arns.policy(a, "/", "LaunchWithGetPicsOnly") }, actor);
    await addUserToGroup(tx, { accountId: a, groupName: "developers", userName: "alice" }, actor);
    await addUserToGroup(tx, { accountId: a, groupName: "developers", userName: "bob" }, actor);
    await createRole(tx, { accountId: a, name: "ops-admin", description: "Operations automation: full IAM and DynamoDB. Whoever can pass it to EC2 can become it.", trustPolicy: text(policies.ec2TrustPolicy), tags: [{ Key: "story", Value: "Alice" }] }, actor, random);
    await attachRolePolicy(tx, { accountId: a, roleName: "ops-admin", policyArn: "arn:aws:iam::aws:policy/IAMFullAccess" }, actor);
    await attachRolePolicy(tx, { accountId: a, roleName: "ops-admin", policyArn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess" }, actor);
    await createInstanceProfile(tx, { accountId: a, name: "ops-admin" }, actor, random);
    await addRoleToInstanceProfile(tx, { accountId: a, instanceProfileName: "ops-admin", roleName: "ops-admin" }, actor);

    await launchInstance(
      tx,
      { accountId: a, instanceType: "t3.small", instanceProfile: "Get-pics", tags: [{ Key: "Name", Value: "photos-app" }], metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", hopLimit: 2 }, launchedBy: arns.user(a, "/", "bob") },
      actor,
      random,
    );

    // Story 3: cross-account — abcd on an instance in 111111111111 assumes efgh in 222222222222.
    await createBucket(tx, { accountId: a, name: "amzn-s3-demo-bucket1" }, actor);
    await createRole(tx, { accountId: a, name: "abcd", description: "Instance role that also reads a partner bucket through efgh", trustPolicy: text(policies.abcdTrust), tags: [{ Key: "story", Value: "cross-account" }] }, actor, random);
    await putRolePolicy(tx, { accountId: a, roleName: "abcd", policyName: "ReadBucket1AndAssumeEfgh", document: text(policies.abcdPermissions) }, actor);
    await createInstanceProfile(tx, { accountId: a, name: "abcd" }, actor, random);
    await addRoleToInstanceProfile(tx, { accountId: a, instanceProfileName: "abcd", roleName: "abcd" }, actor);
    await launchInstance(
      tx,
      { accountId: a, instanceType: "t3.micro", instanceProfile: "abcd", tags: [{ Key: "Name", Value: "cross-account-app" }], metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", hopLimit: 2 }, launchedBy: arns.accountRoot(a) },
      actor,
      random,
    );
    const p = partnerAccount;
    await createBucket(tx, { accountId: p, name: "amzn-s3-demo-bucket2" }, actor);
    await createRole(tx, { accountId: p, name: "efgh", description: "Partner role that abcd may assume to read bucket2", trustPolicy: text(policies.efghTrust), tags: [{ Key: "story", Value: "cross-account" }] }, actor, random);
    await putRolePolicy(tx, { accountId: p, roleName: "efgh", policyName: "ReadBucket2", document: text(policies.efghPermissions) }, actor);

    // ECS: the task carries its own least-privilege role, distinct from the container instances' role.
    await createRole(tx, { accountId: a, name: "ecsInstanceRole", description: "Role of the cluster's container instances", trustPolicy: text(policies.ec2TrustPolicy) }, actor, random);
    await attachRolePolicy(tx, { accountId: a, roleName: "ecsInstanceRole", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role" }, actor);
    await createInstanceProfile(tx, { accountId: a, name: "ecsInstanceRole" }, actor, random);
    await addRoleToInstanceProfile(tx, { accountId: a, instanceProfileName: "ecsInstanceRole", roleName: "ecsInstanceRole" }, actor);
    await createRole(tx, { accountId: a, name: "ecsTaskExecutionRole", description: "Lets ECS pull images and write logs for the task", trustPolicy: text(policies.ecsTasksTrustPolicy) }, actor, random);
    await attachRolePolicy(tx, { accountId: a, roleName: "ecsTaskExecutionRole", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" }, actor);
    await createRole(tx, { accountId: a, name: "photos-thumbnailer-task", description: "The thumbnailer task's own role: read originals, write thumbnails", trustPolicy: text(policies.ecsTasksTrustPolicy), tags: [{ Key: "story", Value: "ECS" }] }, actor, random);
    await putRolePolicy(tx, { accountId: a, roleName: "photos-thumbnailer-task", policyName: "Thumbnails", document: text(policies.thumbnailerTaskPermissions) }, actor);
    await createCluster(tx, { accountId: a, name: "photos-cluster", containerInstanceProfileName: "ecsInstanceRole" }, actor);
    await runTask(tx, { accountId: a, clusterName: "photos-cluster", taskDefinition: "photos-thumbnailer:3", taskRoleName: "photos-thumbnailer-task", executionRoleName: "ecsTaskExecutionRole", startedBy: arns.user(a, "/", "bob") }, actor, random);
  });
}
