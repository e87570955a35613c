import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addConsoleUser, changeConsoleRole, listConsoleUsers, removeConsoleUser } from "../../../lib/auth/console-users";
import { signInConsoleUser } from "../../../lib/auth/sign-in";
import { emailAtClientThrottle as signInThrottle } from "../../../lib/auth/throttle-rules";
import { createConsoleSession, endConsoleSession, findSessionUser, sessionLifetimeSeconds } from "../../../lib/auth/console-sessions";
import { consolePermissions, consoleRoles, roleAllows, usableAccounts } from "../../../lib/auth/console-roles";
import { hashPassword, verifyPassword } from "../../../lib/auth/passwords";
import { AppError } from "../../../lib/errors";
import { createTestDatabase } from "../support/test-database";

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let t: TestDb;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.dispose());

describe("console roles", () => {
  it("grant exactly: admin everything; trainer every workspace and the classroom, not people or backups; editor and trainee read, simulate, edit, import; viewer read and simulate; auditor read, simulate, import", () => {
    const table = Object.fromEntries(consoleRoles.map((role) => [role, Object.keys(consolePermissions).filter((p) => roleAllows(role, p as keyof typeof consolePermissions))]));
    expect(table).toEqual({
      admin: ["read", "simulate", "edit", "import", "admin", "classroom"],
      editor: ["read", "simulate", "edit", "import"],
      viewer: ["read", "simulate"],
      trainer: ["read", "simulate", "edit", "import", "classroom"],
      trainee: ["read", "simulate", "edit", "import"],
      auditor: ["read", "simulate", "import"],
    });
  });
});

describe("auditors", () => {
  it("are confined to their assigned workspaces, as trainees are", () => {
    const accounts = [{ id: "111111111111", workspaceId: "demo" }, { id: "333333333333", workspaceId: "lab-2" }];
    expect(usableAccounts({ role: "auditor", workspaceIds: ["lab-2"] }, accounts).map((a) => a.id)).toEqual(["333333333333"]);
  });
});

describe("trainees", () => {
  it("work only in the accounts of their assigned workspaces; other roles see every account", () => {
    const accounts = [{ id: "111111111111", workspaceId: "demo" }, { id: "333333333333", workspaceId: "lab-2" }];
    expect(usableAccounts({ role: "trainee", workspaceIds: ["lab-2"] }, accounts).map((a) => a.id)).toEqual(["333333333333"]);
    expect(usableAccounts({ role: "trainee", workspaceIds: [] }, accounts)).toEqual([]);
    expect(usableAccounts({ role: "viewer", workspaceIds: [] }, accounts)).toHaveLength(2);
    expect(usableAccounts({ role: "trainer", workspaceIds: [] }, accounts)).toHaveLength(2);
  });
});

describe("passwords", () => {
  it("are stored as salted scrypt hashes that verify only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(hash).not.toContain("correct");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery!", hash)).toBe(false);
    expect(await hashPassword("correct horse battery")).not.toBe(hash);
  });
});

describe("sign-in", () => {
  it("accepts the right password, refuses a wrong one and an unknown email alike, and throttles after five failures", async () => {
    await addConsoleUser(t.db, { email: "Ana@Example.com", role: "editor", password: "a-long-password" }, "test");
    const now = new Date("2026-11-27T10:00:00Z");
    const attempt = (email: string, password: string, at = now) => signInConsoleUser(t.db, { email, password, client: null, now: at });
    expect(await attempt("ana@example.com", "a-long-password")).toMatchObject({ ok: true, user: { email: "ana@example.com", role: "editor" } });
    expect(await attempt("ana@example.com", "wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("nobody@example.com", "wrong")).toEqual({ ok: false, reason: "invalid" });
    for (let i = 1; i < signInThrottle.maxFailures; i++) await attempt("ana@example.com", "wrong");
    const throttled = await attempt("ana@example.com", "a-long-password", new Date(now.getTime() + 60_000));
    expect(throttled).toMatchObject({ ok: false, reason: "throttled", scope: "email-at-client" });
    const later = new Date(now.getTime() + (signInThrottle.windowSeconds + 1) * 1000);
    expect(await attempt("ana@example.com", "a-long-password", later)).toMatchObject({ ok: true });
  });

  it("sessions store only a digest, expire, and end on sign-out", async () => {
    const user = await addConsoleUser(t.db, { email: "v@example.com", role: "viewer", password: "a-long-password" }, "test");
    const now = new Date("2026-11-27T10:00:00Z");
    const { token } = await createConsoleSession(t.db, user.id, now);
    expect(await t.db.consoleSession.findFirst({ where: { id: token } })).toBeNull();
    expect(await findSessionUser(t.db, token, now)).toMatchObject({ email: "v@example.com", role: "viewer" });
    expect(await findSessionUser(t.db, "forged", now)).toBeNull();
    expect(await findSessionUser(t.db, token, new Date(now.getTime() + (sessionLifetimeSeconds + 1) * 1000))).toBeNull();
    await endConsoleSession(t.db, token);
    expect(await findSessionUser(t.db, token, now)).toBeNull();
  });

  it("a role change or removal signs the person out; the last administrator stays", async () => {
    const admin = await addConsoleUser(t.db, { email: "a@example.com", role: "admin", password: "a-long-password" }, "test");
    const editor = await addConsoleUser(t.db, { email: "e@example.com", role: "editor", password: "a-long-password" }, "test");
    const { token } = await createConsoleSession(t.db, editor.id, new Date());
    await changeConsoleRole(t.db, { email: "e@example.com", role: "viewer" }, "a@example.com");
    expect(await findSessionUser(t.db, token, new Date())).toBeNull();
    const error = await removeConsoleUser(t.db, admin.email, "test").then(() => undefined, (e: unknown) => e);
    expect((error as AppError).code).toBe("DeleteConflict");
    await removeConsoleUser(t.db, "e@example.com", "a@example.com");
    expect((await listConsoleUsers(t.db)).map((u) => u.email)).toEqual(["a@example.com"]);
    const audit = await t.db.auditEntry.findMany({ where: { entityType: "ConsoleUser" }, orderBy: { id: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["AddConsoleUser", "AddConsoleUser", "ChangeConsoleRole", "RemoveConsoleUser"]);
    expect(audit.map((e) => `${e.before ?? ""}${e.after ?? ""}`).join("")).not.toMatch(/password|scrypt/);
  });
});

describe("roleplay users (contract: console-users)", () => {
  const cli = (args: string[], input?: string) => spawnSync(process.execPath, ["bin/roleplay.mjs", "users", ...args], { env: { ...process.env, DATABASE_URL: t.url }, input, encoding: "utf8" });

  it("adds with the password from standard input, lists without hashes, refuses short passwords and duplicates, removes", () => {
    const added = cli(["add", "ops@example.com", "--role", "editor", "--password-stdin"], "a-long-enough-password\n");
    expect(added.status).toBe(0);
    const short = cli(["add", "x@example.com", "--role", "viewer", "--password-stdin"], "short\n");
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const duplicate = cli(["add", "OPS@example.com", "--role", "admin", "--password-stdin"], "another-long-password\n");
    expect(duplicate.status).toBe(2);
    expect(duplicate.stderr).toMatch(/already exists/);
    const list = cli(["list"]);
    expect(list.status).toBe(0);
    expect(list.stdout.trim().split("\n")).toHaveLength(1);
    expect(list.stdout).toMatch(/^ops@example\.com\teditor\t\d{4}-\d\d-\d\dT/);
    expect(list.stdout).not.toMatch(/scrypt|password/);
    expect(cli(["add", "y@example.com", "--role", "boss", "--password-stdin"], "a-long-enough-password\n").status).toBe(2);
    expect(cli(["remove", "ops@example.com"]).status).toBe(0);
    expect(cli(["list"]).stdout).toBe("");
  });
});
