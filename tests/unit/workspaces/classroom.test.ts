import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureSqlite, createPrismaClient, type Db } from "../../../lib/db/create-client";
import { migrateDatabase } from "../../../lib/db/migrate";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { addConsoleUser } from "../../../lib/auth/console-users";
import { applyLabSolution, findLab } from "../../../lib/labs";
import { createWorkspace, openWorkspaceDb } from "../../../lib/workspaces/workspace-store";
import { workspaceDatabasePath, workspacesDirectory } from "../../../lib/workspaces/workspace-files";
import {
  assignTrainees,
  createClass,
  labProgress,
  listAssignableUsers,
  listWorkspaceOverview,
  planClass,
  readLastChange,
  type ClassProgress,
} from "../../../lib/workspaces/classroom";
import { classWorkspaceNames } from "../../../lib/workspaces/classroom-names";
import { appErrorOf } from "../support/app-error";

const actor = "trainer@example.com";
const labId = "trust-nobody";
let dir: string;
let mainPath: string;
let control: Db;

const withDb = async <T,>(name: string, body: (db: Db) => Promise<T>): Promise<T> => {
  const db = await openWorkspaceDb(mainPath, name);
  try {
    return await body(db);
  } finally {
    await db.$disconnect();
  }
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "roleplay-classroom-"));
  mainPath = path.join(dir, "main.db");
  migrateDatabase(mainPath);
  control = createPrismaClient(`file:${mainPath}`);
  await configureSqlite(control);
  await seedDemoWorkspace(control);
  await control.classroomWorkspace.create({ data: { name: "demo", source: "demo" } });
  for (const [email, role] of [
    ["ana@school.test", "trainee"],
    ["bo.li+iam@school.test", "trainee"],
    ["ana@other.test", "auditor"],
    ["carla@school.test", "trainee"],
    ["dan@school.test", "trainee"],
    ["boss@school.test", "admin"],
  ] as const) {
    await addConsoleUser(control, { email, role, password: "a-long-password-1", workspaceIds: [] }, "test");
  }
}, 60_000);
afterAll(async () => {
  await control.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("class workspace names", () => {
  it.each([
    ["the email's local part after the class name", "iam-101", ["ana@school.test"], ["iam-101-ana"]],
    ["lower case, other characters as one '-'", "c", ["Bo.Li+IAM@school.test", "émile@x.test"], ["c-bo.li-iam", "c-mile"]],
    ["the same local part twice: -2", "c", ["ana@a.test", "ana@b.test", "ana@c.test"], ["c-ana", "c-ana-2", "c-ana-3"]],
    ["nothing usable left: trainee", "c", ["+++@x.test"], ["c-trainee"]],
    ["cut to 64 characters", "x".repeat(40), [`${"y".repeat(40)}@x.test`], [`${"x".repeat(40)}-${"y".repeat(23)}`]],
  ])("%s", (_what, className, emails, expected) => {
    const names = classWorkspaceNames(className, emails).map((r) => r.workspace);
    expect(names).toEqual(expected);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(64);
  });
});

describe("a class", () => {
  it("is checked whole before anything is made: unknown people, non-trainees and taken names, each on its row", async () => {
    await createWorkspace(control, mainPath, { name: "taken-carla", source: { kind: "empty" }, actor });
    const before = await control.classroomWorkspace.count();
    const error = await appErrorOf(planClass(control, { className: "taken", lab: labId, trainees: ["carla@school.test", "nobody@school.test", "boss@school.test", "dan@school.test"] }));
    expect(error.code).toBe("InvalidInput");
    expect(error.message).toMatch(/^Nothing was created: /);
    expect((error.details!.rows as { email: string; error?: string }[]).map((r) => [r.email, r.error ?? null])).toEqual([
      ["carla@school.test", "A workspace named taken-carla already exists."],
      ["nobody@school.test", "No console user has the email nobody@school.test."],
      ["boss@school.test", "boss@school.test is a console admin, not a trainee: only trainees and auditors are given class workspaces."],
      ["dan@school.test", null],
    ]);
    const noLab = await appErrorOf(planClass(control, { className: "c", lab: "no-such-lab", trainees: ["dan@school.test"] }));
    expect([noLab.code, noLab.message]).toEqual(["NoSuchEntity", "There is no lab named no-such-lab (see roleplay lab list)."]);
    expect(await control.classroomWorkspace.count()).toBe(before);
  });

  it("makes one workspace per trainee from the lab, each assigned to its trainee, reporting every step", async () => {
    const events: ClassProgress[] = [];
    const result = await createClass(control, mainPath, { className: "iam-101", lab: labId, trainees: ["ana@school.test", "bo.li+iam@school.test", "ana@other.test"], actor, onProgress: (e) => events.push(e) });
    expect(result).toEqual({
      ok: true,
      rows: [
        { email: "ana@school.test", workspace: "iam-101-ana", state: "created" },
        { email: "bo.li+iam@school.test", workspace: "iam-101-bo.li-iam", state: "created" },
        { email: "ana@other.test", workspace: "iam-101-ana-2", state: "created" },
      ],
    });
    expect(events.map((e) => (e.type === "plan" ? `plan ${e.rows.length}` : `${e.index} ${e.row.state}`))).toEqual(["plan 3", "0 creating", "0 created", "1 creating", "1 created", "2 creating", "2 created"]);
    const overview = await listWorkspaceOverview(control, mainPath);
    const made = overview.filter((w) => w.name.startsWith("iam-101-"));
    expect(made.map((w) => [w.name, w.lab, w.members])).toEqual([
      ["iam-101-ana", labId, ["ana@school.test"]],
      ["iam-101-bo.li-iam", labId, ["bo.li+iam@school.test"]],
      ["iam-101-ana-2", labId, ["ana@other.test"]],
    ]);
    // The lab's starting steps are the newest entries, but no change since the workspace was made.
    for (const w of made) expect(w.lastChange?.sinceCreated).toBe(false);
    expect((await listAssignableUsers(control)).find((u) => u.email === "ana@school.test")).toEqual({ email: "ana@school.test", role: "trainee", workspaces: ["iam-101-ana"] });
  }, 120_000);

  it("shows the trainer each trainee's checks, failing at the start, and passing after that trainee's fix alone", async () => {
    const lab = findLab(labId)!;
    const start = await labProgress(control, mainPath, { labId, className: "iam-101", now: new Date() }, withDb);
    expect(start.lab).toEqual({ id: labId, title: lab.title, checks: lab.checks.map((c) => ({ id: c.id, title: c.title })) });
    expect(start.rows.map((r) => r.workspace)).toEqual(["iam-101-ana", "iam-101-ana-2", "iam-101-bo.li-iam"]);
    for (const row of start.rows) {
      expect(row.failed, row.workspace).toBeGreaterThan(0);
      expect(row.checks.map((c) => c.id)).toEqual(lab.checks.map((c) => c.id));
      expect(row.account).toBe(lab.account);
    }

    await withDb("iam-101-ana", (db) => applyLabSolution(db, lab, { actor: "ana@school.test" }));
    const after = await labProgress(control, mainPath, { labId, now: new Date() }, withDb);
    const ana = after.rows.find((r) => r.workspace === "iam-101-ana")!;
    expect(ana).toMatchObject({ failed: 0, passed: lab.checks.length, members: ["ana@school.test"] });
    expect(ana.lastChange).toMatchObject({ actor: expect.stringMatching(/^ana@school\.test\b/), sinceCreated: true });
    // The role by its name, never its internal id (the entry itself records only AROA…).
    expect(ana.lastChange).toMatchObject({ action: "UpdateAssumeRolePolicy", entity: "role photos-indexer" });
    expect(after.rows.find((r) => r.workspace === "iam-101-bo.li-iam")!.failed).toBeGreaterThan(0);
    // A workspace of another lab, or of no lab, is in no lab's table.
    expect(after.rows.map((r) => r.workspace)).not.toContain("taken-carla");
  }, 120_000);

  it("is all or nothing: when one workspace fails, those made before it are deleted and the failure is on its row", async () => {
    // Something in the way of the second trainee's file makes its creation fail after the first is made.
    mkdirSync(path.join(workspacesDirectory(mainPath), "oops-dan.db"), { recursive: true });
    const result = await createClass(control, mainPath, { className: "oops", lab: null, trainees: ["carla@school.test", "dan@school.test", "ana@school.test"], actor });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rows.map((r) => [r.workspace, r.state])).toEqual([
      ["oops-carla", "removed"],
      ["oops-dan", "failed"],
      ["oops-ana", "not made"],
    ]);
    expect(result.rows[1].error).toMatch(/oops-dan failed unexpectedly/);
    expect(result.message).toMatch(/^The class was not created: oops-dan \(dan@school.test\) failed\..*The workspace made before it was deleted again\.$/);
    expect(await control.classroomWorkspace.count({ where: { name: { startsWith: "oops-" } } })).toBe(0);
    expect(existsSync(workspaceDatabasePath(mainPath, "oops-carla"))).toBe(false);
    expect(await control.classroomMember.count({ where: { workspaceName: { startsWith: "oops-" } } })).toBe(0);
  }, 120_000);
});

describe("assigning trainees", () => {
  it("puts trainees and auditors in a workspace and takes them off; an administrator, who reaches every workspace, is refused", async () => {
    expect(await assignTrainees(control, "taken-carla", ["Carla@school.test", "ana@other.test"], { actor })).toEqual(["ana@other.test", "carla@school.test"]);
    const refused = await appErrorOf(assignTrainees(control, "taken-carla", ["dan@school.test", "boss@school.test"], { actor }));
    expect([refused.code, refused.message]).toEqual(["InvalidInput", "boss@school.test is a console admin: that role reaches every workspace already; only trainees and auditors are assigned. Nobody was assigned."]);
    expect(await assignTrainees(control, "taken-carla", ["carla@school.test"], { remove: true, actor })).toEqual(["ana@other.test"]);
  });
});

describe("the last change of a workspace", () => {
  it("in the demo's file leaves out the console's own entries (people, sign-ins, the directory)", async () => {
    const created = (await control.classroomWorkspace.findUniqueOrThrow({ where: { name: "demo" } })).createdAt;
    const change = readLastChange(mainPath, created);
    expect(change).not.toBeNull();
    expect(change!.action).not.toMatch(/ConsoleUser|Workspace/);
    expect(change!.entity).not.toMatch(/^ConsoleUser/);
  });

  it("is null for a workspace file that is not there", () => {
    expect(readLastChange(path.join(dir, "missing.db"), new Date())).toBeNull();
  });
});
