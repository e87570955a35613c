import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureSqlite, createPrismaClient, type Db } from "../../../lib/db/create-client";
import { migrateDatabase } from "../../../lib/db/migrate";
import { setupDatabase } from "../../../lib/db/setup-database";
import { exportWorkspace, serializeBackup } from "../../../lib/io/workspace-backup";
import { createRole } from "../../../lib/iam/roles";
import { addConsoleUser } from "../../../lib/auth/console-users";
import {
  assignWorkspaceMembers,
  createWorkspace,
  deleteWorkspace,
  listWorkspaces,
  openWorkspaceDb,
  renameWorkspace,
  resetWorkspace,
} from "../../../lib/workspaces/workspace-store";
import { workspaceDatabasePath } from "../../../lib/workspaces/workspace-files";

const actor = "workspace test";
let dir: string;
let mainPath: string;
let control: Db;

const exportOf = async (name: string) => {
  const db = await openWorkspaceDb(mainPath, name);
  try {
    return serializeBackup(await exportWorkspace(db));
  } finally {
    await db.$disconnect();
  }
};
const trustEc2 = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "roleplay-workspaces-"));
  mainPath = path.join(dir, "main.db");
  await setupDatabase({ databaseUrl: `file:${mainPath}`, databasePath: mainPath });
  control = createPrismaClient(`file:${mainPath}`);
  await configureSqlite(control);
}, 60_000);
afterAll(async () => {
  await control.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("workspaces of a class", () => {
  it("the same account id lives in many workspaces, and a change in one leaves every other byte-identical", async () => {
    await createWorkspace(control, mainPath, { name: "alpha", source: { kind: "demo" }, actor });
    await createWorkspace(control, mainPath, { name: "beta", source: { kind: "demo" }, actor });
    const listed = await listWorkspaces(control, mainPath);
    expect(listed.map((w) => [w.name, w.accounts])).toEqual([
      ["demo", ["111111111111", "222222222222"]],
      ["alpha", ["111111111111", "222222222222"]],
      ["beta", ["111111111111", "222222222222"]],
    ]);
    const before = { demo: await exportOf("demo"), beta: await exportOf("beta") };
    const alpha = await openWorkspaceDb(mainPath, "alpha");
    try {
      await createRole(alpha, { accountId: "111111111111", name: "OnlyInAlpha", trustPolicy: trustEc2 }, actor);
    } finally {
      await alpha.$disconnect();
    }
    expect(await exportOf("alpha")).toContain("OnlyInAlpha");
    expect(await exportOf("demo")).toBe(before.demo);
    expect(await exportOf("beta")).toBe(before.beta);
  }, 60_000);

  it("reset puts a workspace back as it was created, keeping its audit log", async () => {
    await resetWorkspace(control, mainPath, "alpha", actor);
    const db = await openWorkspaceDb(mainPath, "alpha");
    try {
      expect(await db.role.findFirst({ where: { name: "OnlyInAlpha" } })).toBeNull();
      expect(await db.auditEntry.count({ where: { action: "RestoreWorkspace" } })).toBe(1);
    } finally {
      await db.$disconnect();
    }
  }, 60_000);

  it("creates from another workspace, from an export and empty; names are checked", async () => {
    await createWorkspace(control, mainPath, { name: "gamma", source: { kind: "workspace", name: "alpha" }, actor });
    await createWorkspace(control, mainPath, { name: "delta", source: { kind: "file", name: "alpha.json", text: await exportOf("alpha") }, actor });
    const empty = await createWorkspace(control, mainPath, { name: "empty.1", source: { kind: "empty" }, actor });
    expect(empty.accounts).toEqual([]);
    for (const name of ["gamma", "delta"]) {
      const db = await openWorkspaceDb(mainPath, name);
      try {
        // The copied Workspace row takes the new workspace's name; its accounts follow.
        expect(await db.workspace.findMany({ select: { id: true } })).toEqual([{ id: name }]);
        expect(await db.account.count({ where: { workspaceId: name } })).toBe(2);
      } finally {
        await db.$disconnect();
      }
    }
    await expect(createWorkspace(control, mainPath, { name: "alpha", source: { kind: "demo" }, actor })).rejects.toThrow(/already exists/);
    await expect(createWorkspace(control, mainPath, { name: "no spaces", source: { kind: "demo" }, actor })).rejects.toThrow(/not a workspace name/);
    await expect(createWorkspace(control, mainPath, { name: "x".repeat(65), source: { kind: "demo" }, actor })).rejects.toThrow(/1–64/);
    await expect(createWorkspace(control, mainPath, { name: "from-nowhere", source: { kind: "workspace", name: "nowhere" }, actor })).rejects.toThrow(/no workspace named nowhere/);
    expect((await listWorkspaces(control, mainPath)).map((w) => w.name)).not.toContain("from-nowhere");
  }, 60_000);

  it("the same name created at once by several callers: one workspace, whole; the others are told it exists", async () => {
    const results = await Promise.allSettled([1, 2, 3].map(() => createWorkspace(control, mainPath, { name: "race", source: { kind: "demo" }, actor })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) expect(String(r.reason)).toMatch(/already exists|being created/);
    const race = (await listWorkspaces(control, mainPath, ["race"]))[0];
    expect(race.accounts).toEqual(["111111111111", "222222222222"]);
    await resetWorkspace(control, mainPath, "race", actor);
    await deleteWorkspace(control, mainPath, "race", actor);
  }, 60_000);

  it("a failing preparation leaves no workspace behind", async () => {
    await expect(
      createWorkspace(control, mainPath, { name: "broken", source: { kind: "demo" }, actor, prepare: async () => Promise.reject(new Error("lab step failed")) }),
    ).rejects.toThrow(/lab step failed/);
    expect((await listWorkspaces(control, mainPath)).map((w) => w.name)).not.toContain("broken");
    expect(() => readFileSync(workspaceDatabasePath(mainPath, "broken"))).toThrow();
  }, 60_000);

  it("assigns trainees, renames and deletes; demo stays", async () => {
    await addConsoleUser(control, { email: "t1@class.test", password: "a-long-password-1", role: "trainee" }, actor);
    expect(await assignWorkspaceMembers(control, "gamma", ["T1@class.test"], { actor })).toEqual(["t1@class.test"]);
    await expect(assignWorkspaceMembers(control, "gamma", ["nobody@class.test"], { actor })).rejects.toThrow(/No console user/);
    const renamed = await renameWorkspace(control, mainPath, "gamma", "gamma-2", actor);
    expect(renamed.members).toEqual(["t1@class.test"]);
    expect(renamed.accounts).toEqual(["111111111111", "222222222222"]);
    await resetWorkspace(control, mainPath, "gamma-2", actor);
    await deleteWorkspace(control, mainPath, "gamma-2", actor);
    expect((await listWorkspaces(control, mainPath)).map((w) => w.name)).not.toContain("gamma-2");
    expect(await control.classroomMember.count()).toBe(0);
    await expect(deleteWorkspace(control, mainPath, "demo", actor)).rejects.toThrow(/cannot be deleted/);
  }, 60_000);
});

describe("an existing database keeps its data as the workspace demo", () => {
  it("moves every other workspace of a pre-classroom file into its own, with its assignments", async () => {
    const old = path.join(dir, "old.db");
    // The schema as it was before the classroom migration.
    const { cpSync, mkdirSync, readdirSync } = await import("node:fs");
    const earlier = path.join(dir, "earlier-migrations");
    mkdirSync(earlier);
    for (const name of readdirSync(path.join("prisma", "migrations")).filter((n) => /^\d/.test(n) && n < "20261204160000")) {
      cpSync(path.join("prisma", "migrations", name), path.join(earlier, name), { recursive: true });
    }
    migrateDatabase(old, earlier);
    const sqlite = new Database(old);
    sqlite.pragma("foreign_keys = ON");
    sqlite.exec(`
      INSERT INTO Workspace (id, name) VALUES ('demo', 'Demo'), ('lab-b', 'Lab B');
      INSERT INTO Account (id, name, workspaceId) VALUES ('111111111111', 'Main', 'demo'), ('333333333333', 'Other', 'lab-b');
      INSERT INTO ConsoleUser (id, email, passwordHash, role) VALUES ('u1', 'tb@class.test', 'x', 'trainee');
      INSERT INTO WorkspaceMember (userId, workspaceId) VALUES ('u1', 'lab-b');
      INSERT INTO AuditEntry (actor, action, accountId, entityType, entityId) VALUES ('a', 'CreateAccount', '111111111111', 'Account', '111111111111'), ('a', 'CreateAccount', '333333333333', 'Account', '333333333333');
    `);
    sqlite.close();
    await setupDatabase({ databaseUrl: `file:${old}`, databasePath: old });
    const main = new Database(old, { readonly: true });
    const moved = new Database(workspaceDatabasePath(old, "lab-b"), { readonly: true });
    try {
      expect(main.prepare("SELECT id FROM Account ORDER BY id").all()).toEqual([{ id: "111111111111" }]);
      expect(moved.prepare("SELECT id, workspaceId FROM Account").all()).toEqual([{ id: "333333333333", workspaceId: "lab-b" }]);
      expect(moved.prepare("SELECT count(*) AS n FROM ConsoleUser").get()).toEqual({ n: 0 });
      expect(moved.prepare("SELECT accountId FROM AuditEntry").all()).toEqual([{ accountId: "333333333333" }]);
      expect(main.prepare("SELECT accountId FROM AuditEntry WHERE action = 'CreateAccount'").all()).toEqual([{ accountId: "111111111111" }]);
      expect(main.prepare("SELECT name FROM ClassroomWorkspace ORDER BY name").all()).toEqual([{ name: "demo" }, { name: "lab-b" }]);
      expect(main.prepare("SELECT userId, workspaceName FROM ClassroomMember").all()).toEqual([{ userId: "u1", workspaceName: "lab-b" }]);
    } finally {
      main.close();
      moved.close();
    }
  }, 60_000);
});

describe("reset keeps what a lab started with", () => {
  it("a long-term access key made by the starting steps is back after a reset (backups leave secrets out)", async () => {
    const { findLab, applyLabStart } = await import("../../../lib/labs");
    const lab = findLab("get-pics-read-only")!;
    await createWorkspace(control, mainPath, { name: "keys", source: { kind: "demo" }, lab: lab.id, prepare: async (db) => void (await applyLabStart(db, lab)), actor });
    const db = await openWorkspaceDb(mainPath, "keys");
    try {
      const before = await db.accessKey.findMany({ orderBy: { accessKeyId: "asc" } });
      expect(before.length).toBeGreaterThan(0);
      await db.accessKey.deleteMany();
      await resetWorkspace(control, mainPath, "keys", actor);
      expect(await db.accessKey.findMany({ orderBy: { accessKeyId: "asc" } })).toEqual(before);
    } finally {
      await db.$disconnect();
    }
  }, 60_000);
});
