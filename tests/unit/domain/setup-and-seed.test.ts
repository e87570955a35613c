import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureSqlite, createPrismaClient, type Db } from "../../../lib/db/create-client";
import { setupDatabase } from "../../../lib/db/setup-database";
import { getRoleDetail } from "../../../lib/iam/roles";
import { getInstanceDetail } from "../../../lib/compute/instances";
import { listRoles } from "../../../lib/lists/roles";
import { listInstances } from "../../../lib/lists/instances";
import { listTasks } from "../../../lib/lists/ecs-tasks";
import { ecsTaskListSpec, instanceListSpec, roleListSpec } from "../../../lib/lists/list-specs";
import { readListQuery } from "../../../lib/lists/list-query";
import { getUserDetail } from "../../../lib/iam/users";
import { getBucketDetail } from "../../../lib/s3/buckets";

const dir = mkdtempSync(path.join(tmpdir(), "roleplay-setup-"));
const databasePath = path.join(dir, "workspace.db");
const databaseUrl = `file:${databasePath}`;
let db: Db;

beforeAll(async () => {
  const result = await setupDatabase({ databaseUrl, databasePath });
  expect(result.seeded).toBe(true);
  db = createPrismaClient(databaseUrl);
  await configureSqlite(db);
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("roleplay setup", () => {
  it("is idempotent: a second run migrates and keeps the workspace as it is", async () => {
    const before = await db.auditEntry.count();
    const result = await setupDatabase({ databaseUrl, databasePath });
    expect(result.seeded).toBe(false);
    expect(await db.auditEntry.count()).toBe(before);
  });

  it("puts SQLite in WAL mode", async () => {
    const rows = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(rows[0].journal_mode).toBe("wal");
  });

  it("the CLI honours DATABASE_URL and --reset starts over", () => {
    const own = path.join(dir, "cli.db");
    const run = (args: string[]) => spawnSync(process.execPath, ["bin/roleplay.mjs", "setup", ...args], { env: { ...process.env, DATABASE_URL: `file:${own}` }, encoding: "utf8" });
    const first = run([]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("demo workspace seeded");
    expect(run([]).stdout).toContain("already present");
    expect(run(["--reset"]).stdout).toContain("demo workspace seeded");
    const bad = run(["--bogus"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option");
  });
});

describe("the seeded demo workspace tells the seed's stories", () => {
  it("story 1: Get-pics trusts EC2, reads the photos bucket, and runs on photos-app with IMDSv2 required", async () => {
    const role = await getRoleDetail(db, "111111111111", "Get-pics");
    expect(role.trustPolicy.services).toEqual(["ec2.amazonaws.com"]);
    expect(JSON.stringify(role.inlinePolicies[0].document)).toContain("arn:aws:s3:::amzn-s3-demo-bucket-photos");
    expect(role.instanceProfiles.map((p) => p.name)).toEqual(["Get-pics"]);
    const [app] = role.instanceProfiles[0].instances;
    expect(app).toMatchObject({ name: "photos-app", state: "running", associationState: "associated" });
    expect(app.id).toMatch(/^i-[0-9a-f]{17}$/);
    const instance = await getInstanceDetail(db, "111111111111", app.id);
    expect(instance.metadataOptions.httpTokens).toBe("required");
    expect(instance.role?.name).toBe("Get-pics");
    expect((await getBucketDetail(db, "111111111111", "amzn-s3-demo-bucket-photos")).name).toBe("amzn-s3-demo-bucket-photos");
  });

  it("story 2: alice holds the broad PassRole, bob only Get-pics, and ops-admin carries IAM and DynamoDB", async () => {
    const alice = await getUserDetail(db, "111111111111", "alice");
    const broad = alice.attachedPolicies.find((p) => p.name === "ConsoleLaunchWithAnyRole");
    expect(broad && JSON.parse(broad.text).Statement[0]).toMatchObject({ Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } });
    expect(JSON.stringify(alice.inlinePolicies)).toContain("ec2:RunInstances");
    const bob = await getUserDetail(db, "111111111111", "bob");
    expect(JSON.parse(bob.attachedPolicies[0].text).Statement[1]).toEqual({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::111111111111:role/Get-pics" });
    const opsAdmin = await getRoleDetail(db, "111111111111", "ops-admin");
    expect(opsAdmin.attachedPolicies.map((p) => p.arn).sort()).toEqual(["arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess", "arn:aws:iam::aws:policy/IAMFullAccess"]);
    expect(opsAdmin.instanceProfiles.map((p) => p.name)).toEqual(["ops-admin"]);
  });

  it("story 3: abcd may assume efgh in 222222222222, whose trust names abcd; an instance runs as abcd", async () => {
    const abcd = await getRoleDetail(db, "111111111111", "abcd");
    expect(JSON.stringify(abcd.inlinePolicies[0].document)).toContain("arn:aws:iam::222222222222:role/efgh");
    expect(abcd.instanceProfiles[0].instances).toHaveLength(1);
    const efgh = await getRoleDetail(db, "222222222222", "efgh");
    expect(efgh.trustPolicy.aws).toEqual(["arn:aws:iam::111111111111:role/abcd"]);
    expect(JSON.stringify(efgh.inlinePolicies[0].document)).toContain("amzn-s3-demo-bucket2");
    expect((await listRoles(db, "222222222222", readListQuery(roleListSpec, {}))).rows.map((r) => r.name)).toEqual(["efgh"]);
  });

  it("ECS: the task carries its own task role, distinct from the container instances' role", async () => {
    const [task] = (await listTasks(db, "111111111111", readListQuery(ecsTaskListSpec, {}))).rows;
    expect(task.taskRoleName).toBe("photos-thumbnailer-task");
    expect(task.executionRoleName).toBe("ecsTaskExecutionRole");
    expect(task.instanceRoleName).toBe("ecsInstanceRole");
    expect((await listInstances(db, "111111111111", readListQuery(instanceListSpec, {}))).rows.map((i) => i.name).sort()).toEqual(["cross-account-app", "photos-app"]);
  });
});
