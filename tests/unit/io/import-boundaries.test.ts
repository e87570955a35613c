// What an import may touch: only the target workspace's accounts (every ARN of the file is checked,
// nested ones included), only entities IAM itself would accept (names, paths, tags), and the
// database only briefly: everything is prepared before one short write transaction, so other
// writers are not blocked while a large file is read and compared.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configureSqlite, createPrismaClient, type Db } from "../../../lib/db/create-client";
import { createRole } from "../../../lib/iam/roles";
import { createPolicy } from "../../../lib/iam/managed-policies";
import { addRoleToInstanceProfile, createInstanceProfile } from "../../../lib/iam/instance-profiles";
import { advanceWorkspaceClock } from "../../../lib/creds/workspace-clock";
import { generateAuthorizationDetails } from "../../../lib/io/generate-authorization-details";
import { importAuthorizationDetails, type ImportFile } from "../../../lib/io/import-authorization-details";
import { appErrorOf } from "../support/app-error";
import { createTestDatabase } from "../support/test-database";

const mine = "111111111111";
const theirs = "444455556666";
const actor = "trainee@example.com";
const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const readS3 = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };

let db: Db;
let url: string;
let dispose: () => Promise<void>;

beforeEach(async () => {
  ({ db, url, dispose } = await createTestDatabase());
  await db.workspace.create({ data: { id: "lab-1", name: "Trainee's lab" } });
  await db.workspace.create({ data: { id: "lab-2", name: "Someone else's lab" } });
  await db.account.create({ data: { id: mine, name: "Mine", workspaceId: "lab-1" } });
  await db.account.create({ data: { id: theirs, name: "Theirs", workspaceId: "lab-2" } });
  await createRole(db, { accountId: theirs, name: "victim", trustPolicy: JSON.stringify(trust) }, "owner");
  await createInstanceProfile(db, { accountId: theirs, name: "victim-profile" }, "owner");
  await addRoleToInstanceProfile(db, { accountId: theirs, instanceProfileName: "victim-profile", roleName: "victim" }, "owner");
  await createPolicy(db, { accountId: theirs, name: "victim-policy", document: JSON.stringify(readS3) }, "owner");
});
afterEach(() => dispose());

type Role = Record<string, unknown>;
const role = (extra: Role = {}): Role => ({ RoleName: "app", Path: "/", Arn: `arn:aws:iam::${mine}:role/app`, AssumeRolePolicyDocument: trust, ...extra });
const file = (content: Record<string, unknown>, name = "details.json"): ImportFile => ({ name, text: JSON.stringify(content) });

/** Every row that could change, for "nothing was written" checks. */
async function everything() {
  const [accounts, roles, profiles, policies, attachments, inline, audit, runs] = await Promise.all([
    db.account.findMany({ orderBy: { id: "asc" } }),
    db.role.findMany({ orderBy: { id: "asc" } }),
    db.instanceProfile.findMany({ orderBy: { id: "asc" } }),
    db.managedPolicy.findMany({ orderBy: { id: "asc" } }),
    db.policyAttachment.findMany({ orderBy: { id: "asc" } }),
    db.inlinePolicy.findMany({ orderBy: { id: "asc" } }),
    db.auditEntry.count(),
    db.importRun.count(),
  ]);
  return { accounts, roles, profiles, policies, attachments, inline, audit, runs };
}

const otherWorkspaceArns: [string, Record<string, unknown>, string][] = [
  [
    "an instance profile of the other workspace's account (it would detach its role and tag it)",
    { RoleDetailList: [role({ InstanceProfileList: [{ InstanceProfileName: "victim-profile", Arn: `arn:aws:iam::${theirs}:instance-profile/victim-profile`, Roles: [{ RoleName: "app" }], Tags: [{ Key: "owned", Value: "yes" }] }] })] },
    "$.RoleDetailList[0].InstanceProfileList[0].Arn",
  ],
  [
    "a new instance profile in the other workspace's account",
    { RoleDetailList: [role({ InstanceProfileList: [{ InstanceProfileName: "planted", Arn: `arn:aws:iam::${theirs}:instance-profile/planted` }] })] },
    "$.RoleDetailList[0].InstanceProfileList[0].Arn",
  ],
  [
    "a role of the other workspace listed in an instance profile",
    { RoleDetailList: [role({ InstanceProfileList: [{ InstanceProfileName: "app", Arn: `arn:aws:iam::${mine}:instance-profile/app`, Roles: [{ RoleName: "victim", Arn: `arn:aws:iam::${theirs}:role/victim` }] }] })] },
    "$.RoleDetailList[0].InstanceProfileList[0].Roles[0].Arn",
  ],
  [
    "an attached policy of the other workspace's account",
    { RoleDetailList: [role({ AttachedManagedPolicies: [{ PolicyName: "victim-policy", PolicyArn: `arn:aws:iam::${theirs}:policy/victim-policy` }] })] },
    "$.RoleDetailList[0].AttachedManagedPolicies[0].PolicyArn",
  ],
  [
    "a permissions boundary of the other workspace's account",
    { UserDetailList: [{ UserName: "u", Arn: `arn:aws:iam::${mine}:user/u`, PermissionsBoundary: { PermissionsBoundaryArn: `arn:aws:iam::${theirs}:policy/victim-policy` } }] },
    "$.UserDetailList[0].PermissionsBoundary.PermissionsBoundaryArn",
  ],
  [
    "a group's attached policy of the other workspace's account",
    { GroupDetailList: [{ GroupName: "g", Arn: `arn:aws:iam::${mine}:group/g`, AttachedManagedPolicies: [{ PolicyArn: `arn:aws:iam::${theirs}:policy/victim-policy` }] }] },
    "$.GroupDetailList[0].AttachedManagedPolicies[0].PolicyArn",
  ],
  [
    "a customer-managed policy of the other workspace's account",
    { Policies: [{ PolicyName: "victim-policy", Arn: `arn:aws:iam::${theirs}:policy/victim-policy`, DefaultVersionId: "v1", PolicyVersionList: [{ VersionId: "v1", IsDefaultVersion: true, Document: readS3 }] }] },
    "$.Policies[0].Arn",
  ],
  ["a role of the other workspace's account", { RoleDetailList: [role({ RoleName: "victim", Arn: `arn:aws:iam::${theirs}:role/victim` })] }, "$.RoleDetailList[0].Arn"],
];

describe("an import reaches only the target workspace", () => {
  it.each(otherWorkspaceArns)("a trainee's file naming %s is refused with AccessDenied, and nothing is written anywhere", async (_what, content, path) => {
    const before = await everything();
    const error = await appErrorOf(importAuthorizationDetails(db, { workspaceId: "lab-1", files: [file(content)], actor, usableWorkspaceIds: ["lab-1"] }));
    expect(error.code).toBe("AccessDenied");
    expect(error.details).toEqual({ file: "details.json", path });
    expect(error.message).toContain("details.json");
    expect(error.message).toContain(theirs);
    expect(error.message).not.toContain("Someone else's lab");
    expect(await everything()).toEqual(before);
  });

  it.each(otherWorkspaceArns)("anyone else's file naming %s is refused too (import it into its own workspace)", async (_what, content, path) => {
    const before = await everything();
    const error = await appErrorOf(importAuthorizationDetails(db, { workspaceId: "lab-1", files: [file(content)], actor: "admin" }));
    expect(error.code).toBe("InvalidInput");
    expect(error.details).toEqual({ file: "details.json", path });
    expect(error.message).toMatch(/belongs to another workspace/);
    expect(await everything()).toEqual(before);
  });

  it("a trainee may not import into a workspace not assigned to them", async () => {
    const error = await appErrorOf(importAuthorizationDetails(db, { workspaceId: "lab-2", files: [file({ RoleDetailList: [role()] })], actor, usableWorkspaceIds: ["lab-1"] }));
    expect(error.code).toBe("AccessDenied");
  });

  it("a nested ARN must name the account of the entity that holds it (IAM attaches nothing across accounts)", async () => {
    const before = await everything();
    const content = { RoleDetailList: [role({ AttachedManagedPolicies: [{ PolicyArn: "arn:aws:iam::999999999999:policy/elsewhere" }] })] };
    const error = await appErrorOf(importAuthorizationDetails(db, { workspaceId: "lab-1", files: [file(content)], actor, usableWorkspaceIds: ["lab-1"] }));
    expect(error.code).toBe("InvalidInput");
    expect(error.details).toEqual({ file: "details.json", path: "$.RoleDetailList[0].AttachedManagedPolicies[0].PolicyArn" });
    expect(await everything()).toEqual(before);
  });

  it("AWS-managed policies and the file's own accounts are fine", async () => {
    const content = {
      RoleDetailList: [
        role({
          AttachedManagedPolicies: [{ PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { PolicyArn: `arn:aws:iam::${mine}:policy/mine` }],
          PermissionsBoundary: { PermissionsBoundaryArn: `arn:aws:iam::${mine}:policy/mine` },
          InstanceProfileList: [{ InstanceProfileName: "app", Arn: `arn:aws:iam::${mine}:instance-profile/app`, Roles: [{ RoleName: "app", Arn: `arn:aws:iam::${mine}:role/app` }] }],
        }),
      ],
      Policies: [{ PolicyName: "mine", Arn: `arn:aws:iam::${mine}:policy/mine`, DefaultVersionId: "v1", PolicyVersionList: [{ VersionId: "v1", IsDefaultVersion: true, Document: readS3 }] }],
    };
    const result = await importAuthorizationDetails(db, { workspaceId: "lab-1", files: [file(content)], actor, usableWorkspaceIds: ["lab-1"] });
    expect(result.files[0].counts.roles.created).toBe(1);
    const app = await db.role.findFirstOrThrow({ where: { accountId: mine, name: "app" }, include: { attachments: true, instanceProfiles: true } });
    expect(app.attachments.map((a) => a.policyArn).sort()).toEqual(["arn:aws:iam::111111111111:policy/mine", "arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    expect(app.instanceProfiles.map((p) => p.name)).toEqual(["app"]);
  });
});

describe("an import follows IAM's rules for names, paths and tags, as every other door does", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["a role name with a space", { RoleDetailList: [role({ RoleName: "my role" })] }, "$.RoleDetailList[0].RoleName"],
    ["a role name of 65 characters", { RoleDetailList: [role({ RoleName: "r".repeat(65) })] }, "$.RoleDetailList[0].RoleName"],
    ["a user name with a slash", { UserDetailList: [{ UserName: "a/b", Arn: `arn:aws:iam::${mine}:user/a/b` }] }, "$.UserDetailList[0].UserName"],
    ["a group name with a star", { GroupDetailList: [{ GroupName: "ops*", Arn: `arn:aws:iam::${mine}:group/ops` }] }, "$.GroupDetailList[0].GroupName"],
    ["a path with //", { RoleDetailList: [role({ Path: "/a//b/" })] }, "$.RoleDetailList[0].Path"],
    ["a path with a space", { RoleDetailList: [role({ Path: "/a b/" })] }, "$.RoleDetailList[0].Path"],
    ["a reserved aws: tag key", { RoleDetailList: [role({ Tags: [{ Key: "aws:owner", Value: "x" }] })] }, "$.RoleDetailList[0].Tags[0].Key"],
    ["a tag value of 257 characters", { RoleDetailList: [role({ Tags: [{ Key: "k", Value: "v".repeat(257) }] })] }, "$.RoleDetailList[0].Tags[0].Value"],
    ["a tag key used twice", { RoleDetailList: [role({ Tags: [{ Key: "k", Value: "1" }, { Key: "k", Value: "2" }] })] }, "$.RoleDetailList[0].Tags"],
    ["51 tags", { RoleDetailList: [role({ Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) })] }, "$.RoleDetailList[0].Tags"],
    ["a user tag with a character AWS refuses", { UserDetailList: [{ UserName: "u", Arn: `arn:aws:iam::${mine}:user/u`, Tags: [{ Key: "k", Value: "<script>" }] }] }, "$.UserDetailList[0].Tags[0].Value"],
    ["an instance profile name with a space", { RoleDetailList: [role({ InstanceProfileList: [{ InstanceProfileName: "my profile", Arn: `arn:aws:iam::${mine}:instance-profile/x` }] })] }, "$.RoleDetailList[0].InstanceProfileList[0].InstanceProfileName"],
    ["an instance profile tag with a reserved key", { RoleDetailList: [role({ InstanceProfileList: [{ InstanceProfileName: "p", Arn: `arn:aws:iam::${mine}:instance-profile/p`, Tags: [{ Key: "aws:x", Value: "y" }] }] })] }, "$.RoleDetailList[0].InstanceProfileList[0].Tags[0].Key"],
    ["an inline policy name with a space", { RoleDetailList: [role({ RolePolicyList: [{ PolicyName: "read s3", PolicyDocument: readS3 }] })] }, "$.RoleDetailList[0].RolePolicyList[0].PolicyName"],
    ["a managed policy name with a colon", { Policies: [{ PolicyName: "a:b", Arn: `arn:aws:iam::${mine}:policy/ab`, PolicyVersionList: [{ VersionId: "v1", IsDefaultVersion: true, Document: readS3 }] }] }, "$.Policies[0].PolicyName"],
    ["a maximum session duration of 13 hours", { RoleDetailList: [role({ MaxSessionDuration: 13 * 3600 })] }, "$.RoleDetailList[0].MaxSessionDuration"],
    ["a description with a control character", { RoleDetailList: [role({ Description: "bell\u0007" })] }, "$.RoleDetailList[0].Description"],
    ["the same role twice (names are unique ignoring case)", { RoleDetailList: [role(), role({ RoleName: "APP", Arn: `arn:aws:iam::${mine}:role/APP` })] }, "$.RoleDetailList[1].RoleName"],
  ];

  it.each(cases)("%s is refused naming the file and the JSON path; nothing is written", async (_what, content, path) => {
    const before = await everything();
    const error = await appErrorOf(importAuthorizationDetails(db, { workspaceId: "lab-1", files: [file(content, "bad.json")], actor }));
    expect(error.code).toBe("InvalidInput");
    expect(error.details).toEqual({ file: "bad.json", path });
    expect(error.message).toContain("bad.json");
    expect(error.message).toContain(path);
    expect(await everything()).toEqual(before);
  });

  it("an imported role's page data reads back: its tags pass the same validation on the way out", async () => {
    await importAuthorizationDetails(db, { workspaceId: "lab-1", files: [file({ RoleDetailList: [role({ Tags: [{ Key: "team", Value: "photos" }] })] })], actor });
    const { getRoleDetail } = await import("../../../lib/iam/roles");
    expect((await getRoleDetail(db, mine, "app")).tags).toEqual([{ Key: "team", Value: "photos" }]);
  });
});

describe("an import holds the write lock only briefly", () => {
  it("writes its batched rows as Prisma writes them: dates in Prisma's text form, so date filters and ordering agree", async () => {
    const start = new Date(Date.now() - 1000);
    await importAuthorizationDetails(db, { workspaceId: "lab-1", files: [generated(3)], actor });
    await createRole(db, { accountId: mine, name: "by-the-console", trustPolicy: JSON.stringify(trust) }, "console");
    const stored = await db.$queryRaw<{ name: string; createdAt: string; updatedAt: string; version: string }[]>`SELECT name, CAST(createdAt AS TEXT) AS createdAt, CAST(updatedAt AS TEXT) AS updatedAt, CAST(version AS TEXT) AS version FROM Role WHERE accountId = ${mine} ORDER BY name`;
    const prismaForm = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
    for (const row of stored) {
      expect(row.createdAt, row.name).toMatch(prismaForm);
      expect(row.updatedAt, row.name).toMatch(prismaForm);
      expect(row.version).toBe("1");
    }
    const entries = await db.auditEntry.findMany({ where: { at: { gte: start }, action: "ImportRole" } });
    expect(entries).toHaveLength(3);
    const role = await db.role.findFirstOrThrow({ where: { accountId: mine, name: "role-0" }, include: { inlinePolicies: true } });
    expect(role.createdAt.toISOString()).toBe("2024-05-01T10:00:00.000Z");
    expect(role.updatedAt.getTime()).toBeGreaterThanOrEqual(start.getTime());
  });

  const generated = (roles: number) => file({ ...generateAuthorizationDetails({ seed: 7, account: mine, roles, users: 20, groups: 5 }) }, "generated.json");

  async function otherConnection() {
    const other = createPrismaClient(url);
    await configureSqlite(other);
    return other;
  }

  it("another writer (an admin moving the clock) succeeds while a large file is being prepared, and the import still applies", async () => {
    const other = await otherConnection();
    let clockChange: Promise<unknown> | undefined;
    try {
      const result = await importAuthorizationDetails(db, {
        workspaceId: "lab-1",
        files: [generated(300)],
        actor,
        onProgress: (p) => {
          if (p.phase === "roles" && p.done === 150 && !clockChange) {
            clockChange = advanceWorkspaceClock(other, "lab-1", 60, "admin@example.com", new Date()).then(
              (view) => ({ ok: true, view }),
              (error: unknown) => ({ ok: false, error: String(error) }),
            );
            return clockChange.then(() => undefined);
          }
        },
      });
      expect(clockChange).toBeDefined();
      expect(await clockChange).toMatchObject({ ok: true });
      expect(result.files[0].counts.roles.created).toBe(300);
      expect((await db.workspace.findUniqueOrThrow({ where: { id: "lab-1" } })).clockOffsetSeconds).toBe(60);
      expect(await db.role.count({ where: { accountId: mine } })).toBe(300);
    } finally {
      await other.$disconnect();
    }
  });

  it("a change made while the file was prepared is seen: the import is prepared again and applies on top of it", async () => {
    const other = await otherConnection();
    let created = false;
    try {
      const result = await importAuthorizationDetails(db, {
        workspaceId: "lab-1",
        files: [generated(40)],
        actor,
        onProgress: async (p) => {
          if (p.phase === "roles" && p.done === 20 && !created) {
            created = true;
            await createRole(other, { accountId: mine, name: "role-3", path: "/elsewhere/", trustPolicy: JSON.stringify(trust) }, "someone else");
          }
        },
      });
      expect(created).toBe(true);
      expect(result.files[0].counts.roles).toEqual({ created: 39, updated: 1, unchanged: 0 });
      const role3 = await db.role.findFirstOrThrow({ where: { accountId: mine, name: "role-3" } });
      expect(role3.path).not.toBe("/elsewhere/");
      expect(await db.role.count({ where: { accountId: mine } })).toBe(40);
    } finally {
      await other.$disconnect();
    }
  });
});
