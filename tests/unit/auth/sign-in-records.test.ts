import { spawnSync } from "node:child_process";
import { userInfo } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addConsoleUser } from "../../../lib/auth/console-users";
import { createConsoleSession, endConsoleSession, findSessionUser } from "../../../lib/auth/console-sessions";
import { pruneConsoleAuthRecords, signInConsoleUser } from "../../../lib/auth/sign-in";
import { emailAtClientThrottle as signInThrottle } from "../../../lib/auth/throttle-rules";
import { cliActor } from "../../../lib/audit/cli-actor";
import { createTestDatabase } from "../support/test-database";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.dispose());

const t0 = new Date("2026-11-27T10:00:00Z");
const audit = async () => (await t.db.auditEntry.findMany({ where: { action: { startsWith: "Sign" } }, orderBy: { id: "asc" } })).map((e) => ({ actor: e.actor, action: e.action, entityId: e.entityId, after: JSON.parse(e.after ?? "null") }));

describe("the audit log", () => {
  it("records sign-ins, failed sign-ins (known or not), the lockout, and sign-outs, never a password", async () => {
    const ana = await addConsoleUser(t.db, { email: "ana@example.com", role: "editor", password: "a-long-password" }, "test");
    const signIn = await signInConsoleUser(t.db, { email: "Ana@Example.com", password: "a-long-password", client: "203.0.113.7", now: t0 });
    expect(signIn.ok).toBe(true);
    await signInConsoleUser(t.db, { email: "nobody@example.com", password: "secret-guess-0", client: "203.0.113.7", now: t0 });
    for (let i = 1; i <= signInThrottle.maxFailures; i++) await signInConsoleUser(t.db, { email: "ana@example.com", password: `secret-guess-${i}`, client: "203.0.113.7", now: t0 });
    // Refusals while locked are not written one by one.
    await signInConsoleUser(t.db, { email: "ana@example.com", password: "a-long-password", client: "203.0.113.7", now: t0 });
    await endConsoleSession(t.db, signIn.ok ? signIn.session.token : undefined, "203.0.113.7");

    const entries = await audit();
    expect(entries.map((e) => e.action)).toEqual(["SignIn", "SignInFailed", ...Array(signInThrottle.maxFailures).fill("SignInFailed"), "SignInLocked", "SignOut"]);
    expect(entries[0]).toEqual({ actor: "ana@example.com", action: "SignIn", entityId: ana.id, after: { email: "ana@example.com", client: "203.0.113.7" } });
    expect(entries[1]).toEqual({ actor: "anonymous (203.0.113.7)", action: "SignInFailed", entityId: "nobody@example.com", after: { email: "nobody@example.com", client: "203.0.113.7" } });
    expect(entries.at(-2)).toMatchObject({ action: "SignInLocked", entityId: ana.id, after: { scope: "email-at-client", failures: 5, until: "2026-11-27T10:15:00.000Z" } });
    expect(entries.at(-1)).toEqual({ actor: "ana@example.com", action: "SignOut", entityId: ana.id, after: { email: "ana@example.com", client: "203.0.113.7" } });
    expect(JSON.stringify(entries)).not.toMatch(/secret-guess|a-long-password|scrypt/);
  }, 60_000);

  it("records a sign-out once, and nothing for a token that is no session", async () => {
    const user = await addConsoleUser(t.db, { email: "v@example.com", role: "viewer", password: "a-long-password" }, "test");
    const { token } = await createConsoleSession(t.db, user.id, t0);
    await Promise.all([endConsoleSession(t.db, token), endConsoleSession(t.db, token), endConsoleSession(t.db, "forged"), endConsoleSession(t.db, undefined)]);
    expect((await audit()).map((e) => e.action)).toEqual(["SignOut"]);
    expect(await findSessionUser(t.db, token, t0)).toBeNull();
  });

  it("names the operating-system user for command-line changes, not $USER", async () => {
    expect(cliActor()).toBe(`cli (os user ${userInfo().username})`);
    const cli = spawnSync(process.execPath, ["bin/roleplay.mjs", "users", "add", "ops@example.com", "--role", "viewer", "--password-stdin"], {
      env: { ...process.env, DATABASE_URL: t.url, USER: "someone-else" },
      input: "a-long-enough-password\n",
      encoding: "utf8",
    });
    expect(cli.status).toBe(0);
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "AddConsoleUser" } });
    expect(entry.actor).toBe(`cli (os user ${userInfo().username})`);
  }, 60_000);
});

describe("pruning", () => {
  it("deletes expired sessions and sign-in attempts too old for any lock, at start and on sign-in", async () => {
    const user = await addConsoleUser(t.db, { email: "v@example.com", role: "viewer", password: "a-long-password" }, "test");
    const expired = await createConsoleSession(t.db, user.id, new Date("2026-11-01T00:00:00Z"));
    const live = await createConsoleSession(t.db, user.id, t0);
    await t.db.signInAttempt.createMany({ data: [{ key: "old@example.com", at: new Date("2026-11-27T09:00:00Z"), succeeded: false }, { key: "recent@example.com", at: new Date("2026-11-27T09:50:00Z"), succeeded: false }] });
    expect(await pruneConsoleAuthRecords(t.db, t0)).toEqual({ sessions: 1, attempts: 1 });
    expect(await t.db.signInAttempt.findMany({ select: { key: true } })).toEqual([{ key: "recent@example.com" }]);
    expect(await findSessionUser(t.db, live.token, t0)).not.toBeNull();
    expect(await findSessionUser(t.db, expired.token, t0)).toBeNull();

    const later = new Date(t0.getTime() + 13 * 3600_000);
    await signInConsoleUser(t.db, { email: "v@example.com", password: "a-long-password", client: null, now: later });
    expect(await t.db.consoleSession.count()).toBe(1);
    expect(await t.db.signInAttempt.findMany({ select: { key: true } })).toEqual([{ key: "v@example.com" }]);
  }, 60_000);
});

describe("passwords", () => {
  it("made only of spaces are refused, in the console and on the command line", async () => {
    await expect(addConsoleUser(t.db, { email: "s@example.com", role: "viewer", password: " ".repeat(16) }, "test")).rejects.toThrow(/only spaces/);
    const cli = spawnSync(process.execPath, ["bin/roleplay.mjs", "users", "add", "s@example.com", "--role", "viewer", "--password-stdin"], { env: { ...process.env, DATABASE_URL: t.url }, input: `${" ".repeat(16)}\n`, encoding: "utf8" });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/only spaces/);
    expect(await t.db.consoleUser.count()).toBe(0);
  }, 60_000);
});
