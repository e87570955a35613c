import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { createRole, deleteRole, findRole, putRolePolicy, attachRolePolicy, detachRolePolicy, deleteRolePolicy } from "../../../lib/iam/roles";
import { addRoleToInstanceProfile, createInstanceProfile, deleteInstanceProfile, removeRoleFromInstanceProfile } from "../../../lib/iam/instance-profiles";
import { createPolicy, createPolicyVersion, deletePolicy, setDefaultPolicyVersion } from "../../../lib/iam/managed-policies";
import { createUser, attachUserPolicy } from "../../../lib/iam/users";
import { createTestAccountDatabase } from "../support/test-database";
import { appErrorOf } from "../support/app-error";

const ec2Trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const readBucket = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] });
const actor = "test";
const account = "123456789012";

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await appErrorOf(promise);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
  return error;
}

let db: Db;
let dispose: () => Promise<void>;

// A fresh workspace file per test: no test sees another's rows.
beforeEach(async () => {
  ({ db, dispose } = await createTestAccountDatabase(account));
});
afterEach(async () => dispose());

describe("role names and paths follow IAM's rules (CreateRole API reference)", () => {
  it.each([
    ["a".repeat(64), true],
    ["a".repeat(65), false],
    ["web+app=1,x.y@z_-", true],
    ["has space", false],
    ["slash/not", false],
    ["", false],
  ])("role name %j accepted: %s", async (name, ok) => {
    const attempt = createRole(db, { accountId: account, name, trustPolicy: ec2Trust }, actor);
    if (ok) await expect(attempt).resolves.toMatchObject({ name });
    else await expect(attempt).rejects.toThrow();
  });

  it.each([["/", true], ["/service-role/", true], ["/a/b/", true], ["no-slash", false], ["/missing-end", false], ["//", false]])("path %j accepted: %s", async (path, ok) => {
    const attempt = createRole(db, { accountId: account, name: "r", path, trustPolicy: ec2Trust }, actor);
    if (ok) await expect(attempt).resolves.toMatchObject({ path });
    else await expect(attempt).rejects.toThrow(/Path/);
  });

  it("refuses a second role whose name differs only in case (EntityAlreadyExists)", async () => {
    await createRole(db, { accountId: account, name: "Get-pics", trustPolicy: ec2Trust }, actor);
    await expectAppError(createRole(db, { accountId: account, name: "GET-PICS", trustPolicy: ec2Trust }, actor), "EntityAlreadyExists", /Get-pics/);
    expect((await findRole(db, account, "get-pics")).name).toBe("Get-pics");
  });

  it("refuses a max session duration outside 1 to 12 hours", async () => {
    await expect(createRole(db, { accountId: account, name: "r", trustPolicy: ec2Trust, maxSessionDuration: 43201 }, actor)).rejects.toThrow(/43200/);
  });
});

describe("policy documents are checked on write", () => {
  it("reports broken JSON as MalformedPolicyDocument with line and column, and writes nothing", async () => {
    const error = await expectAppError(createRole(db, { accountId: account, name: "r", trustPolicy: '{\n  "Version": "2012-10-17",\n  "Statement": [\n}' }, actor), "MalformedPolicyDocument");
    expect(error.details).toMatchObject({ line: 4, column: 1 });
    expect(await db.role.count()).toBe(0);
    expect(await db.auditEntry.count({ where: { action: "CreateRole" } })).toBe(0);
  });

  it("reports a bad Effect with its JSON pointer and position", async () => {
    const bad = '{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"s3:*","Resource":"*"}]}';
    const error = await expectAppError(createRole(db, { accountId: account, name: "r", trustPolicy: bad }, actor), "MalformedPolicyDocument", /Effect/);
    expect(error.details).toMatchObject({ pointer: "/Statement/0/Effect", line: 1 });
  });

  it("counts the trust policy against 2,048 characters, white space not counted (IAM quotas)", async () => {
    const statements = Array.from({ length: 40 }, (_, i) => ({ Sid: `S${i}`, Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" }));
    const big = JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 8);
    await expectAppError(createRole(db, { accountId: account, name: "r", trustPolicy: big }, actor), "LimitExceeded", /2048/);
    const fits = JSON.stringify({ Version: "2012-10-17", Statement: statements.slice(0, 10) }, null, 40);
    expect(fits.length).toBeGreaterThan(2048);
    await expect(createRole(db, { accountId: account, name: "r", trustPolicy: fits }, actor)).resolves.toBeTruthy();
  });

  it("keeps a role's inline policies within 10,240 characters in total", async () => {
    await createRole(db, { accountId: account, name: "r", trustPolicy: ec2Trust }, actor);
    const resources = Array.from({ length: 120 }, (_, i) => `arn:aws:s3:::bucket-number-${i}/*`);
    const big = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: resources }] });
    await putRolePolicy(db, { accountId: account, roleName: "r", policyName: "one", document: big }, actor);
    await putRolePolicy(db, { accountId: account, roleName: "r", policyName: "two", document: big }, actor);
    await expectAppError(putRolePolicy(db, { accountId: account, roleName: "r", policyName: "three", document: big }, actor), "LimitExceeded", /10240/);
    expect(await db.inlinePolicy.count()).toBe(2);
  });
});

describe("deletion conflicts mirror AWS (DeleteConflict)", () => {
  it("refuses to delete a role still in an instance profile or holding policies, naming what holds it", async () => {
    await createRole(db, { accountId: account, name: "Get-pics", trustPolicy: ec2Trust }, actor);
    await putRolePolicy(db, { accountId: account, roleName: "Get-pics", policyName: "Read", document: readBucket }, actor);
    await createInstanceProfile(db, { accountId: account, name: "Get-pics-profile" }, actor);
    await addRoleToInstanceProfile(db, { accountId: account, instanceProfileName: "Get-pics-profile", roleName: "Get-pics" }, actor);
    const error = await expectAppError(deleteRole(db, { accountId: account, roleName: "Get-pics" }, actor), "DeleteConflict");
    expect(error.message).toContain("instance profile Get-pics-profile");
    expect(error.message).toContain("inline policy Read");

    await removeRoleFromInstanceProfile(db, { accountId: account, instanceProfileName: "Get-pics-profile", roleName: "Get-pics" }, actor);
    await deleteRolePolicy(db, { accountId: account, roleName: "Get-pics", policyName: "Read" }, actor);
    await deleteRole(db, { accountId: account, roleName: "Get-pics" }, actor);
    await expectAppError(findRole(db, account, "Get-pics"), "NoSuchEntity");
  });

  it("refuses to delete an instance profile that holds a role", async () => {
    await createRole(db, { accountId: account, name: "r", trustPolicy: ec2Trust }, actor);
    await createInstanceProfile(db, { accountId: account, name: "p" }, actor);
    await addRoleToInstanceProfile(db, { accountId: account, instanceProfileName: "p", roleName: "r" }, actor);
    await expectAppError(deleteInstanceProfile(db, { accountId: account, instanceProfileName: "p" }, actor), "DeleteConflict", /remove roles/);
  });

  it("refuses to delete a customer-managed policy while attached", async () => {
    const policy = await createPolicy(db, { accountId: account, name: "P", document: readBucket }, actor);
    await createUser(db, { accountId: account, name: "alice" }, actor);
    await attachUserPolicy(db, { accountId: account, userName: "alice", policyArn: policy.arn }, actor);
    await expectAppError(deletePolicy(db, { accountId: account, policyArn: policy.arn }, actor), "DeleteConflict", /user alice/);
  });
});

describe("limits mirror AWS (LimitExceeded)", () => {
  it("an instance profile holds one role: a second is refused", async () => {
    await createRole(db, { accountId: account, name: "one", trustPolicy: ec2Trust }, actor);
    await createRole(db, { accountId: account, name: "two", trustPolicy: ec2Trust }, actor);
    await createInstanceProfile(db, { accountId: account, name: "p" }, actor);
    await addRoleToInstanceProfile(db, { accountId: account, instanceProfileName: "p", roleName: "one" }, actor);
    await expectAppError(addRoleToInstanceProfile(db, { accountId: account, instanceProfileName: "p", roleName: "two" }, actor), "LimitExceeded", /InstanceSessionsPerInstanceProfile: 1/);
    expect((await db.instanceProfile.findFirstOrThrow()).roleId).toBe((await findRole(db, account, "one")).id);
  });

  it("a managed policy keeps at most five versions, one default", async () => {
    const policy = await createPolicy(db, { accountId: account, name: "P", document: readBucket }, actor);
    for (let i = 2; i <= 5; i++) await createPolicyVersion(db, { accountId: account, policyArn: policy.arn, document: readBucket, setAsDefault: i === 3 }, actor);
    await expectAppError(createPolicyVersion(db, { accountId: account, policyArn: policy.arn, document: readBucket }, actor), "LimitExceeded", /5 versions/);
    expect(await db.policyVersion.count()).toBe(5);
    expect((await db.managedPolicy.findFirstOrThrow()).defaultVersionId).toBe("v3");
    await setDefaultPolicyVersion(db, { accountId: account, policyArn: policy.arn, versionId: "v5" }, actor);
    expect((await db.managedPolicy.findFirstOrThrow()).defaultVersionId).toBe("v5");
  });

  it("attaches AWS-managed policies by ARN from the data package, and refuses unknown ones", async () => {
    await createRole(db, { accountId: account, name: "r", trustPolicy: ec2Trust }, actor);
    await attachRolePolicy(db, { accountId: account, roleName: "r", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, actor);
    await expectAppError(attachRolePolicy(db, { accountId: account, roleName: "r", policyArn: "arn:aws:iam::aws:policy/NoSuchPolicyEver" }, actor), "NoSuchEntity");
    await detachRolePolicy(db, { accountId: account, roleName: "r", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, actor);
    expect(await db.policyAttachment.count()).toBe(0);
  });
});

describe("the audit log", () => {
  it("records each mutation with its actor and before/after", async () => {
    await createRole(db, { accountId: account, name: "r", trustPolicy: ec2Trust }, "alice@example.com");
    await putRolePolicy(db, { accountId: account, roleName: "r", policyName: "p", document: readBucket }, "bob@example.com");
    const entries = await db.auditEntry.findMany({ where: { entityType: "Role" }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actor])).toEqual([["CreateRole", "alice@example.com"], ["PutRolePolicy", "bob@example.com"]]);
    expect(JSON.parse(entries[1].after!)).toMatchObject({ policyName: "p" });
  });

  it("is append-only: the database refuses updates and deletes", async () => {
    const entry = await db.auditEntry.findFirstOrThrow();
    await expect(db.auditEntry.update({ where: { id: entry.id }, data: { actor: "someone else" } })).rejects.toThrow(/append-only/);
    await expect(db.auditEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
  });
});
