// `roleplay import --workspace NAME`: the import lands in that workspace's own file, and nothing of
// another workspace (demo's accounts of the same ids included) changes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureSqlite, createPrismaClient, type Db } from "../../../lib/db/create-client";

const root = join(import.meta.dirname, "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "import-cli-workspaces-"));
const env = { DATABASE_URL: `file:${join(dir, "w.db")}` };
let db: Db;

function roleplay(args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "bin", "roleplay.mjs"), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const details = (account: string, profileAccount = account) =>
  JSON.stringify({
    RoleDetailList: [
      { RoleName: "app", Path: "/", Arn: `arn:aws:iam::${account}:role/app`, AssumeRolePolicyDocument: trust, InstanceProfileList: [{ InstanceProfileName: "Get-pics", Arn: `arn:aws:iam::${profileAccount}:instance-profile/Get-pics` }] },
    ],
  });

beforeAll(async () => {
  expect(roleplay(["setup"]).status).toBe(0);
  expect(roleplay(["workspace", "create", "lab-2", "--from", "empty"]).status).toBe(0);
  db = createPrismaClient(env.DATABASE_URL);
  await configureSqlite(db);
}, 120_000);
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("roleplay import into a workspace of the class", () => {
  it("imports into the workspace --workspace names (its own file); an unknown one is refused", { timeout: 120_000 }, async () => {
    const file = join(dir, "lab.json");
    writeFileSync(file, details("777777777777"));
    expect(roleplay(["import", file, "--workspace", "lab-2"]).status).toBe(0);
    expect(await db.account.findUnique({ where: { id: "777777777777" } })).toBeNull();
    const lab = createPrismaClient(`file:${join(dir, "w-workspaces", "lab-2.db")}`);
    try {
      expect(await lab.account.findMany({ select: { id: true, workspaceId: true } })).toEqual([{ id: "777777777777", workspaceId: "lab-2" }]);
    } finally {
      await lab.$disconnect();
    }
    expect(roleplay(["import", file, "--workspace", "nowhere"]).status).toBe(2);
  });

  it("an account id of demo is another sandbox in another workspace: importing there leaves demo's as it was", { timeout: 120_000 }, async () => {
    const file = join(dir, "same-ids.json");
    writeFileSync(file, details("111111111111"));
    const before = await db.instanceProfile.findFirstOrThrow({ where: { accountId: "111111111111", name: "Get-pics" } });
    const audit = await db.auditEntry.count();
    const result = roleplay(["import", file, "--workspace", "lab-2"]);
    expect(result.status, result.stderr).toBe(0);
    expect(await db.instanceProfile.findFirstOrThrow({ where: { accountId: "111111111111", name: "Get-pics" } })).toEqual(before);
    expect(await db.role.findFirst({ where: { accountId: "111111111111", name: "app" } })).toBeNull();
    expect(await db.auditEntry.count()).toBe(audit);
    const lab = createPrismaClient(`file:${join(dir, "w-workspaces", "lab-2.db")}`);
    try {
      expect(await lab.role.count({ where: { accountId: "111111111111", name: "app" } })).toBe(1);
    } finally {
      await lab.$disconnect();
    }
  });
});
