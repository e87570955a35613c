// `roleplay import` with several workspaces in one database: it never guesses the target, and a
// file naming another workspace's account changes nothing there.
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
  db = createPrismaClient(env.DATABASE_URL);
  await configureSqlite(db);
  await db.workspace.create({ data: { id: "lab-2", name: "Second lab" } });
}, 120_000);
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("roleplay import with several workspaces", () => {
  it("asks which workspace instead of taking the first one", { timeout: 120_000 }, () => {
    const file = join(dir, "lab.json");
    writeFileSync(file, details("777777777777"));
    const result = roleplay(["import", file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("name one with --workspace");
    expect(roleplay(["import", file, "--workspace", "lab-2"]).status).toBe(0);
  });

  it("refuses an instance profile in the demo workspace's account when importing into another, changing nothing", { timeout: 120_000 }, async () => {
    const file = join(dir, "sneaky.json");
    writeFileSync(file, details("888888888888", "111111111111"));
    const before = await db.instanceProfile.findFirstOrThrow({ where: { accountId: "111111111111", name: "Get-pics" } });
    const audit = await db.auditEntry.count();
    const result = roleplay(["import", file, "--workspace", "lab-2"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("$.RoleDetailList[0].InstanceProfileList[0].Arn: account 111111111111 belongs to another workspace");
    expect(result.stderr).toContain("Nothing was imported.");
    expect(await db.instanceProfile.findFirstOrThrow({ where: { accountId: "111111111111", name: "Get-pics" } })).toEqual(before);
    expect(await db.account.findUnique({ where: { id: "888888888888" } })).toBeNull();
    expect(await db.auditEntry.count()).toBe(audit);
  });
});
