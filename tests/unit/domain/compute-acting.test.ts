import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { AppError } from "../../../lib/errors";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { administratorOf, resolveActingPrincipal } from "../../../lib/authz/principal-policies";
import { changeInstanceStateAs, runInstancesAs } from "../../../lib/compute/run-instances-as";
import { associateInstanceProfileAs, describeInstanceProfileAssociations, disassociateInstanceProfileAs, replaceInstanceProfileAs } from "../../../lib/compute/profile-associations";
import { addRoleToInstanceProfileAs } from "../../../lib/iam/iam-calls-as";
import { runTaskAs } from "../../../lib/compute/run-task-as";
import { askWorkload, describeWorkload, previewAssumeRole, summarizeWorkload, workloadAccessMatrix } from "../../../lib/compute/workload-permissions";
import { createInstanceProfile } from "../../../lib/iam/instance-profiles";
import { createRole, updateAssumeRolePolicy } from "../../../lib/iam/roles";
import { createTestDatabase } from "../support/test-database";

const a = "111111111111";
const alice = `arn:aws:iam::${a}:user/alice`;
const bob = `arn:aws:iam::${a}:user/bob`;
const now = new Date("2026-11-27T12:00:00Z");
const actor = "test";

let db: Db;
let dispose: () => Promise<void>;

beforeEach(async () => {
  ({ db, dispose } = await createTestDatabase());
  await seedDemoWorkspace(db);
});
afterEach(async () => dispose());

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function instanceNamed(name: string) {
  const rows = await db.instance.findMany({ where: { accountId: a } });
  return rows.find((r) => r.tags.includes(`"${name}"`))!;
}

async function auditCount() {
  return db.auditEntry.count();
}

describe("RunInstances as a principal: ec2:RunInstances and iam:PassRole (the seed's Alice story)", () => {
  it("alice, with the broad PassRole, launches with the powerful ops-admin role", async () => {
    const principal = await resolveActingPrincipal(db, alice);
    const out = await runInstancesAs(db, { accountId: a, instanceProfile: "ops-admin", tags: [{ Key: "Name", Value: "alice-box" }] }, principal, actor, now);
    expect(out.profile?.roleArn).toBe(`arn:aws:iam::${a}:role/ops-admin`);
    expect(out.checks.map((c) => c.action)).toEqual(["ec2:RunInstances", "ec2:RunInstances", "iam:PassRole"]);
    expect(out.checks[2].context["iam:PassedToService"]).toBe("ec2.amazonaws.com");
    expect(out.checks[2].context["iam:AssociatedResourceArn"]).toBe(`arn:aws:ec2:us-east-1:${a}:instance/${out.instance.id}`);
    expect(out.instance.launchedBy).toBe(alice);
  });

  it("bob is refused ops-admin with UnauthorizedOperation naming iam:PassRole, and nothing is written", async () => {
    const principal = await resolveActingPrincipal(db, bob);
    const before = await db.instance.count();
    const audits = await auditCount();
    const error = await failure(runInstancesAs(db, { accountId: a, instanceProfile: "ops-admin" }, principal, actor, now));
    expect(error.code).toBe("UnauthorizedOperation");
    expect(error.message).toMatch(/^You are not authorized to perform this operation\. User: arn:aws:iam::111111111111:user\/bob is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111111111111:role\/ops-admin because no identity-based policy allows the iam:PassRole action\. Encoded authorization failure message: /);
    expect(String(error.details?.explanation)).toMatch(/Missing permission: iam:PassRole on arn:aws:iam::111111111111:role\/ops-admin/);
    expect(String(error.details?.explanation)).toMatch(/Nearest statement: .*LaunchWithGetPicsOnly.*Resource 'arn:aws:iam::111111111111:role\/Get-pics' does not match/);
    expect(await db.instance.count()).toBe(before);
    expect(await auditCount()).toBe(audits);
  });

  it("bob may launch with Get-pics", async () => {
    const out = await runInstancesAs(db, { accountId: a, instanceProfile: `arn:aws:iam::${a}:instance-profile/Get-pics` }, await resolveActingPrincipal(db, bob), actor, now);
    expect(out.profile?.name).toBe("Get-pics");
  });

  it("a principal without ec2:RunInstances is refused on the EC2 action itself", async () => {
    const error = await failure(runInstancesAs(db, { accountId: a }, await resolveActingPrincipal(db, `arn:aws:iam::${a}:role/Get-pics`), actor, now));
    expect(error.code).toBe("UnauthorizedOperation");
    expect(error.message).toMatch(/User: arn:aws:sts::111111111111:assumed-role\/Get-pics\/roleplay is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-east-1:111111111111:instance\/i-/);
  });

  it("the administrator (root) may pass any role", async () => {
    const out = await runInstancesAs(db, { accountId: a, instanceProfile: "ops-admin" }, await administratorOf(db, a), actor, now);
    expect(out.instance.launchedBy).toBe(`arn:aws:iam::${a}:root`);
  });

  it("an unknown profile is InvalidParameterValue, by name and by ARN", async () => {
    const root = await administratorOf(db, a);
    expect((await failure(runInstancesAs(db, { accountId: a, instanceProfile: "nope" }, root, actor, now))).message).toBe("Value (nope) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name");
    const byArn = await failure(runInstancesAs(db, { accountId: a, instanceProfile: `arn:aws:iam::${a}:instance-profile/nope` }, root, actor, now));
    expect(byArn.code).toBe("InvalidParameterValue");
    expect(byArn.message).toMatch(/iamInstanceProfile\.arn is invalid/);
  });

  it("PassRole conditions see iam:PassedToService: a PassRole limited to Lambda does not let one launch", async () => {
    await createRole(db, { accountId: a, name: "launcher", trustPolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: "sts:AssumeRole" }] }) }, actor);
    const { putRolePolicy } = await import("../../../lib/iam/roles");
    await putRolePolicy(db, { accountId: a, roleName: "launcher", policyName: "p", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" }, { Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } }] }) }, actor);
    const error = await failure(runInstancesAs(db, { accountId: a, instanceProfile: "Get-pics" }, await resolveActingPrincipal(db, `arn:aws:iam::${a}:role/launcher`), actor, now));
    expect(error.code).toBe("UnauthorizedOperation");
    expect(String(error.details?.explanation)).toMatch(/iam:PassedToService/);
  });
});

describe("instance lifecycle as a principal", () => {
  it("stop, start and terminate need their EC2 action; terminated instances refuse with IncorrectState", async () => {
    const root = await administratorOf(db, a);
    const photos = await instanceNamed("photos-app");
    const refused = await failure(changeInstanceStateAs(db, { accountId: a, instanceId: photos.id, operation: "stop" }, await resolveActingPrincipal(db, alice), actor, now));
    expect(refused.code).toBe("UnauthorizedOperation");
    expect(refused.message).toMatch(/ec2:StopInstances/);
    expect((await changeInstanceStateAs(db, { accountId: a, instanceId: photos.id, operation: "stop" }, root, actor, now)).current).toBe("stopped");
    expect((await changeInstanceStateAs(db, { accountId: a, instanceId: photos.id, operation: "start" }, root, actor, now)).current).toBe("running");
    await changeInstanceStateAs(db, { accountId: a, instanceId: photos.id, operation: "terminate" }, root, actor, now);
    expect((await failure(changeInstanceStateAs(db, { accountId: a, instanceId: photos.id, operation: "start" }, root, actor, now))).code).toBe("IncorrectState");
  });

  it("an unknown instance is InvalidInstanceID.NotFound", async () => {
    const error = await failure(changeInstanceStateAs(db, { accountId: a, instanceId: "i-0123456789abcdef0", operation: "stop" }, await administratorOf(db, a), actor, now));
    expect(error.code).toBe("InvalidInstanceID.NotFound");
    expect(error.message).toBe("The instance ID 'i-0123456789abcdef0' does not exist");
  });
});

describe("instance profile associations (EC2 API: Associate/Replace/DisassociateIamInstanceProfile)", () => {
  it("a second association is IncorrectState; disassociate then associate works; replace swaps the role on a running instance", async () => {
    const root = await administratorOf(db, a);
    const photos = await instanceNamed("photos-app");
    const second = await failure(associateInstanceProfileAs(db, { accountId: a, instanceId: photos.id, instanceProfile: "abcd" }, root, actor, now));
    expect(second.code).toBe("IncorrectState");
    expect(second.message).toBe(`There is an existing association for instance ${photos.id}`);
    const [current] = await describeInstanceProfileAssociations(db, a, { instanceIds: [photos.id] });
    expect(current.State).toBe("associated");
    const replaced = await replaceInstanceProfileAs(db, { accountId: a, associationId: current.AssociationId, instanceProfile: "abcd" }, root, actor, now);
    expect(replaced.State).toBe("associating");
    expect(replaced.IamInstanceProfile.Arn).toBe(`arn:aws:iam::${a}:instance-profile/abcd`);
    expect((await describeWorkload(db, { kind: "instance", accountId: a, instanceId: photos.id }, now)).role?.name).toBe("abcd");
    const gone = await disassociateInstanceProfileAs(db, { accountId: a, associationId: replaced.AssociationId }, root, actor, now);
    expect(gone.State).toBe("disassociating");
    expect(await describeInstanceProfileAssociations(db, a, { instanceIds: [photos.id] })).toEqual([]);
    const again = await associateInstanceProfileAs(db, { accountId: a, instanceId: photos.id, instanceProfile: "Get-pics" }, root, actor, now);
    expect(again.State).toBe("associating");
  });

  it("associating needs ec2:AssociateIamInstanceProfile and PassRole; an unknown profile is InvalidParameterValue; unknown ids are *.NotFound", async () => {
    const root = await administratorOf(db, a);
    const photos = await instanceNamed("photos-app");
    const [current] = await describeInstanceProfileAssociations(db, a, { instanceIds: [photos.id] });
    await disassociateInstanceProfileAs(db, { accountId: a, associationId: current.AssociationId }, root, actor, now);
    const refused = await failure(associateInstanceProfileAs(db, { accountId: a, instanceId: photos.id, instanceProfile: "Get-pics" }, await resolveActingPrincipal(db, bob), actor, now));
    expect(refused.code).toBe("UnauthorizedOperation");
    expect(refused.message).toMatch(/ec2:AssociateIamInstanceProfile/);
    expect((await failure(associateInstanceProfileAs(db, { accountId: a, instanceId: photos.id, instanceProfile: "nope" }, root, actor, now))).code).toBe("InvalidParameterValue");
    expect((await failure(replaceInstanceProfileAs(db, { accountId: a, associationId: "iip-assoc-0123456789abcdef0", instanceProfile: "abcd" }, root, actor, now))).code).toBe("InvalidAssociationID.NotFound");
    expect((await failure(disassociateInstanceProfileAs(db, { accountId: a, associationId: current.AssociationId }, root, actor, now))).code).toBe("IncorrectState");
  });
});

describe("AddRoleToInstanceProfile as a principal", () => {
  it("needs iam:AddRoleToInstanceProfile (AccessDenied), then iam:PassRole; a second role is LimitExceeded", async () => {
    await createInstanceProfile(db, { accountId: a, name: "spare" }, actor);
    const denied = await failure(addRoleToInstanceProfileAs(db, { accountId: a, instanceProfileName: "spare", roleName: "Get-pics" }, await resolveActingPrincipal(db, bob), actor, now));
    expect(denied.code).toBe("AccessDenied");
    expect(denied.message).toBe(`User: ${bob} is not authorized to perform: iam:AddRoleToInstanceProfile on resource: arn:aws:iam::${a}:instance-profile/spare because no identity-based policy allows the iam:AddRoleToInstanceProfile action`);
    const root = await administratorOf(db, a);
    await addRoleToInstanceProfileAs(db, { accountId: a, instanceProfileName: "spare", roleName: "Get-pics" }, root, actor, now);
    expect((await failure(addRoleToInstanceProfileAs(db, { accountId: a, instanceProfileName: "spare", roleName: "abcd" }, root, actor, now))).code).toBe("LimitExceeded");
  });
});

describe("ECS RunTask as a principal", () => {
  it("passing the task role needs iam:PassRole with iam:PassedToService = ecs-tasks.amazonaws.com", async () => {
    const error = await failure(runTaskAs(db, { accountId: a, clusterName: "photos-cluster", taskDefinition: "photos-thumbnailer:4", taskRoleName: "photos-thumbnailer-task" }, await resolveActingPrincipal(db, alice), actor, now));
    expect(error.code).toBe("AccessDeniedException");
    const task = await runTaskAs(db, { accountId: a, clusterName: "photos-cluster", taskDefinition: "photos-thumbnailer:4", taskRoleName: "photos-thumbnailer-task" }, await administratorOf(db, a), actor, now);
    expect(task.startedBy).toBe(`arn:aws:iam::${a}:root`);
  });
});

describe("effective permissions seen from the instance and the task", () => {
  it("photos-app reads the photos bucket, cannot write it, and has no IAM", async () => {
    const photos = await instanceNamed("photos-app");
    const ref = { kind: "instance" as const, accountId: a, instanceId: photos.id };
    const read = await askWorkload(db, ref, { action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" }, now);
    expect(read.decision).toBe("Allow");
    expect(read.context["ec2:SourceInstanceARN"]).toBe(`arn:aws:ec2:us-east-1:${a}:instance/${photos.id}`);
    expect((await askWorkload(db, ref, { action: "s3:PutObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" }, now)).decision).toBe("ImplicitDeny");
    const { summary } = await summarizeWorkload(db, ref, now);
    expect(summary?.services.map((s) => s.service)).toEqual(["s3"]);
    const matrix = await workloadAccessMatrix(db, ref, now);
    const get = matrix.rows.find((r) => r.action === "s3:GetObject")!;
    const col = matrix.columns.findIndex((c) => c.label === "amzn-s3-demo-bucket-photos");
    expect(get.cells[col]).toMatchObject({ decision: "Allow", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/*" });
    expect(matrix.rows.find((r) => r.action === "dynamodb:Scan")!.cells[col].decision).toBe("n/a");
  });

  it("a role whose trust policy does not admit ec2.amazonaws.com gives the instance no credentials (AssumeRoleUnauthorizedAccess)", async () => {
    const photos = await instanceNamed("photos-app");
    await updateAssumeRolePolicy(db, { accountId: a, roleName: "Get-pics", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }, actor);
    const ref = { kind: "instance" as const, accountId: a, instanceId: photos.id };
    const workload = await describeWorkload(db, ref, now);
    expect(workload.trust?.allowed).toBe(false);
    expect(workload.trust?.code).toBe("AssumeRoleUnauthorizedAccess");
    expect(workload.sessionArn).toBeNull();
    expect((await askWorkload(db, ref, { action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" }, now)).noCredentials).toMatch(/AssumeRoleUnauthorizedAccess/);
  });

  it("the task acts with its task role, not the container instances' role", async () => {
    const task = await db.ecsTask.findFirstOrThrow();
    const ref = { kind: "task" as const, accountId: a, taskId: task.id };
    const workload = await describeWorkload(db, ref, now);
    expect(workload.role?.name).toBe("photos-thumbnailer-task");
    expect(workload.instanceRole?.name).toBe("ecsInstanceRole");
    expect(workload.trust?.allowed).toBe(true);
    expect((await askWorkload(db, ref, { action: "s3:PutObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/thumbnails/a.jpg" }, now)).decision).toBe("Allow");
    expect((await askWorkload(db, ref, { action: "ecs:RegisterContainerInstance", resource: "*" }, now)).decision).toBe("ImplicitDeny");
  });

  it("abcd may assume efgh: both sides allow; without the trust statement it is refused; chaining caps at one hour", async () => {
    const instance = await instanceNamed("cross-account-app");
    const ref = { kind: "instance" as const, accountId: a, instanceId: instance.id };
    const ok = await previewAssumeRole(db, ref, "arn:aws:iam::222222222222:role/efgh", now);
    expect(ok.decision).toBe("Allow");
    expect(ok.callerSide.allowed).toBe(true);
    expect(ok.trustSide.allowed).toBe(true);
    expect(ok.maxDurationSeconds).toBe(3600);
    const col = ok.session!.matrix.columns.findIndex((c) => c.label === "amzn-s3-demo-bucket2");
    expect(ok.session!.matrix.rows.find((r) => r.action === "s3:GetObject")!.cells[col].decision).toBe("Allow");
    await updateAssumeRolePolicy(db, { accountId: "222222222222", roleName: "efgh", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }, actor);
    const refused = await previewAssumeRole(db, ref, "arn:aws:iam::222222222222:role/efgh", now);
    expect(refused.decision).toBe("ImplicitDeny");
    expect(refused.callerSide.allowed).toBe(true);
    expect(refused.trustSide.allowed).toBe(false);
    expect(refused.session).toBeNull();
  });
});

describe("more rules", () => {
  it("EC2 conditions see ec2:NewInstanceProfile: a policy allowing association only of Get-pics refuses abcd", async () => {
    await createRole(db, { accountId: a, name: "operator", trustPolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: "sts:AssumeRole" }] }) }, actor);
    const { putRolePolicy } = await import("../../../lib/iam/roles");
    await putRolePolicy(db, { accountId: a, roleName: "operator", policyName: "p", document: JSON.stringify({ Version: "2012-10-17", Statement: [
      { Effect: "Allow", Action: ["ec2:AssociateIamInstanceProfile", "ec2:DisassociateIamInstanceProfile"], Resource: "*", Condition: { ArnEquals: { "ec2:NewInstanceProfile": `arn:aws:iam::${a}:instance-profile/Get-pics` } } },
      { Effect: "Allow", Action: "ec2:DisassociateIamInstanceProfile", Resource: "*" },
      { Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } },
    ] }) }, actor);
    const operator = await resolveActingPrincipal(db, `arn:aws:iam::${a}:role/operator`);
    const photos = await instanceNamed("photos-app");
    const [current] = await describeInstanceProfileAssociations(db, a, { instanceIds: [photos.id] });
    await disassociateInstanceProfileAs(db, { accountId: a, associationId: current.AssociationId }, operator, actor, now);
    const refused = await failure(associateInstanceProfileAs(db, { accountId: a, instanceId: photos.id, instanceProfile: "abcd" }, operator, actor, now));
    expect(refused.code).toBe("UnauthorizedOperation");
    expect(String(refused.details?.explanation)).toMatch(/ec2:NewInstanceProfile/);
    expect((await associateInstanceProfileAs(db, { accountId: a, instanceId: photos.id, instanceProfile: "Get-pics" }, operator, actor, now)).State).toBe("associating");
  });

  it("associating with a terminated instance is IncorrectState", async () => {
    const root = await administratorOf(db, a);
    const photos = await instanceNamed("photos-app");
    await changeInstanceStateAs(db, { accountId: a, instanceId: photos.id, operation: "terminate" }, root, actor, now);
    expect((await failure(associateInstanceProfileAs(db, { accountId: a, instanceId: photos.id, instanceProfile: "abcd" }, root, actor, now))).code).toBe("IncorrectState");
  });

  it("a task role that does not trust ecs-tasks.amazonaws.com gives the task no credentials", async () => {
    await updateAssumeRolePolicy(db, { accountId: a, roleName: "photos-thumbnailer-task", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }, actor);
    const task = await db.ecsTask.findFirstOrThrow();
    const workload = await describeWorkload(db, { kind: "task", accountId: a, taskId: task.id }, now);
    expect(workload.trust).toMatchObject({ allowed: false, code: "AssumeRoleUnauthorizedAccess" });
    const matrix = await workloadAccessMatrix(db, { kind: "task", accountId: a, taskId: task.id }, now);
    expect(matrix.rows.flatMap((r) => r.cells).every((c) => c.decision !== "Allow")).toBe(true);
  });

  it("a principal acts only in its own account", async () => {
    const error = await failure(runInstancesAs(db, { accountId: "222222222222" }, await resolveActingPrincipal(db, alice), actor, now));
    expect(error.code).toBe("InvalidInput");
  });

  it("group policies count: a user gets its groups' permissions", async () => {
    const { putGroupPolicy } = await import("../../../lib/iam/groups");
    await putGroupPolicy(db, { accountId: a, groupName: "developers", policyName: "stop", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:StopInstances", Resource: "*" }] }) }, actor);
    const photos = await instanceNamed("photos-app");
    expect((await changeInstanceStateAs(db, { accountId: a, instanceId: photos.id, operation: "stop" }, await resolveActingPrincipal(db, bob), actor, now)).current).toBe("stopped");
  });
});

describe("explicit denies", () => {
  it("an explicit Deny on PassRole wins over alice's broad Allow, and the explanation names the denying statement", async () => {
    const { putUserPolicy } = await import("../../../lib/iam/users");
    await putUserPolicy(db, { accountId: a, userName: "alice", policyName: "NoAdminRoles", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "NoOpsAdmin", Effect: "Deny", Action: "iam:PassRole", Resource: `arn:aws:iam::${a}:role/ops-admin` }] }) }, actor);
    const error = await failure(runInstancesAs(db, { accountId: a, instanceProfile: "ops-admin" }, await resolveActingPrincipal(db, alice), actor, now));
    expect(error.code).toBe("UnauthorizedOperation");
    expect(error.message).toMatch(/is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111111111111:role\/ops-admin with an explicit deny in an identity-based policy\./);
    expect(String(error.details?.explanation)).toMatch(/^Explicitly denied: iam:PassRole on .*Sid NoOpsAdmin/);
  });
});
