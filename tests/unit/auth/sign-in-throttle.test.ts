import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addConsoleUser } from "../../../lib/auth/console-users";
import { signInConsoleUser, type SignInRequest } from "../../../lib/auth/sign-in";
import { findSignInLocks, unlockSignIn } from "../../../lib/auth/sign-in-locks";
import { clientThrottle, emailAtClientThrottle as signInThrottle } from "../../../lib/auth/throttle-rules";
import { passwordWork } from "../../../lib/auth/passwords";
import { configureSqlite, createPrismaClient } from "../../../lib/db/create-client";
import { createTestDatabase } from "../support/test-database";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeEach(async () => {
  t = await createTestDatabase();
  await addConsoleUser(t.db, { email: "ana@example.com", role: "editor", password: "a-long-password" }, "test");
});
afterEach(async () => t.dispose());

const t0 = new Date("2026-11-27T10:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const attempt = (request: Partial<SignInRequest>, db = t.db) =>
  signInConsoleUser(db, { email: "ana@example.com", password: "wrong-password", client: null, now: t0, ...request });

describe("the per-email lock", () => {
  it("of forty parallel guesses over two connections (two server processes), checks only five and locks the email", async () => {
    const second = createPrismaClient(t.url);
    await configureSqlite(second);
    const checksBefore = passwordWork.started;
    try {
      const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt({ password: `guess-${i}` }, i % 2 ? second : t.db)));
      expect(outcomes.filter((o) => !o.ok && o.reason === "invalid")).toHaveLength(signInThrottle.maxFailures);
      expect(outcomes.filter((o) => !o.ok && o.reason === "throttled")).toHaveLength(40 - signInThrottle.maxFailures);
    } finally {
      await second.$disconnect();
    }
    expect(passwordWork.started - checksBefore).toBe(signInThrottle.maxFailures);
    expect(await t.db.signInAttempt.count({ where: { key: "ana@example.com" } })).toBe(signInThrottle.maxFailures);
    // Locked: even the right password is refused, without a password check.
    expect(await attempt({ password: "a-long-password", now: minutes(1) })).toMatchObject({ ok: false, reason: "throttled", scope: "email-at-client" });
  }, 120_000);

  it("lasts fifteen minutes from the fifth failure, however spread out the five were", async () => {
    for (const at of [0, 3, 6, 9, 12]) expect(await attempt({ now: minutes(at) })).toEqual({ ok: false, reason: "invalid" });
    // A window sliding from the first failure would have let this through at minute 15.
    expect(await attempt({ password: "a-long-password", now: minutes(26) })).toEqual({ ok: false, reason: "throttled", scope: "email-at-client", retryAfterSeconds: 60 });
    expect(await attempt({ password: "a-long-password", now: minutes(27) })).toMatchObject({ ok: true });
  }, 60_000);

  it("counts failures, not successes", async () => {
    for (let i = 0; i < signInThrottle.maxFailures - 1; i++) await attempt({});
    expect(await attempt({ password: "a-long-password" })).toMatchObject({ ok: true });
    expect(await attempt({ password: "a-long-password" })).toMatchObject({ ok: true });
  }, 60_000);
});

describe("a console many people reach from one address (loopback, NAT, a proxy)", () => {
  const loopback = "127.0.0.1";

  it("locks only the email whose password was mistyped: a neighbour's right password still signs in", async () => {
    await addConsoleUser(t.db, { email: "bob@example.com", role: "viewer", password: "bobs-long-password" }, "test");
    // Five people each reach the per-email limit from the shared address: twenty-five failures.
    const others = ["cy", "di", "ed", "flo"].flatMap((who) => Array.from({ length: signInThrottle.maxFailures }, () => ({ key: `${who}@example.com`, client: loopback, at: t0, succeeded: false })));
    await t.db.signInAttempt.createMany({ data: others });
    for (let i = 0; i < signInThrottle.maxFailures; i++) await attempt({ client: loopback });
    expect(await attempt({ email: "ana@example.com", password: "a-long-password", client: loopback, now: minutes(1) })).toEqual({ ok: false, reason: "throttled", scope: "email-at-client", retryAfterSeconds: 14 * 60 });
    expect(await attempt({ email: "bob@example.com", password: "bobs-long-password", client: loopback, now: minutes(1) })).toMatchObject({ ok: true });
  }, 60_000);

  it("a storm on one email at one address leaves it usable from another; ten failures from anywhere lock it everywhere", async () => {
    for (let i = 0; i < signInThrottle.maxFailures; i++) await attempt({ client: "203.0.113.7" });
    expect(await attempt({ password: "a-long-password", client: loopback })).toMatchObject({ ok: true });
    for (let i = 0; i < signInThrottle.maxFailures; i++) await attempt({ client: "198.51.100.1" });
    expect(await attempt({ password: "a-long-password", client: loopback })).toMatchObject({ ok: false, reason: "throttled", scope: "email" });
  }, 60_000);
});

describe("an administrator unlocking", () => {
  it("an email lets its right password in at once, forgets its failures at every address, and is audited", async () => {
    for (let i = 0; i < signInThrottle.maxFailures; i++) await attempt({ client: "127.0.0.1" });
    expect(await findSignInLocks(t.db, minutes(1))).toEqual([{ scope: "email-at-client", email: "ana@example.com", client: "127.0.0.1", until: minutes(15).toISOString() }]);
    expect(await unlockSignIn(t.db, { email: "Ana@Example.com" }, "admin@example.com", minutes(1))).toEqual({
      locks: [{ scope: "email-at-client", email: "ana@example.com", client: "127.0.0.1", until: minutes(15).toISOString() }],
      failuresCleared: signInThrottle.maxFailures,
    });
    expect(await findSignInLocks(t.db, minutes(1))).toEqual([]);
    expect(await attempt({ password: "a-long-password", client: "127.0.0.1", now: minutes(1) })).toMatchObject({ ok: true });
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "UnlockSignIn" } });
    expect(entry).toMatchObject({ actor: "admin@example.com", entityType: "ConsoleUser" });
    expect(JSON.parse(entry.after!)).toEqual({ email: "ana@example.com", failuresCleared: signInThrottle.maxFailures });
  }, 60_000);

  it("an address ends its lock for every email; an unknown email or a malformed address is refused", async () => {
    await t.db.signInAttempt.createMany({ data: Array.from({ length: clientThrottle.maxFailures }, (_, i) => ({ key: `spray-${i}@example.com`, client: "203.0.113.7", at: t0, succeeded: false })) });
    expect(await attempt({ password: "a-long-password", client: "203.0.113.7" })).toMatchObject({ ok: false, reason: "throttled", scope: "client" });
    expect(await unlockSignIn(t.db, { client: "::ffff:203.0.113.7" }, "admin@example.com", t0)).toMatchObject({ locks: [{ scope: "client", client: "203.0.113.7" }], failuresCleared: clientThrottle.maxFailures });
    expect(await attempt({ password: "a-long-password", client: "203.0.113.7" })).toMatchObject({ ok: true });
    await expect(unlockSignIn(t.db, { email: "nobody@example.com" }, "admin@example.com", t0)).rejects.toMatchObject({ code: "NoSuchEntity" });
    await expect(unlockSignIn(t.db, { client: "evil.example" }, "admin@example.com", t0)).rejects.toMatchObject({ code: "InvalidInput" });
  }, 60_000);
  it("from the command line: `users locks` shows the lock, `users unlock EMAIL` ends it", async () => {
    const now = new Date();
    await t.db.signInAttempt.createMany({ data: Array.from({ length: signInThrottle.maxFailures }, () => ({ key: "ana@example.com", client: "127.0.0.1", at: now, succeeded: false })) });
    const cli = (...args: string[]) => spawnSync(process.execPath, ["bin/roleplay.mjs", "users", ...args], { env: { ...process.env, DATABASE_URL: t.url }, encoding: "utf8" });
    const locks = cli("locks");
    expect(locks.status).toBe(0);
    expect(locks.stdout).toMatch(/^ana@example\.com\t127\.0\.0\.1\tlocked until \S+Z$/m);
    const unlock = cli("unlock", "ana@example.com");
    expect([unlock.status, unlock.stdout.trim()]).toEqual([0, `unlocked ana@example.com: ${signInThrottle.maxFailures} failed sign-ins forgotten`]);
    expect(cli("locks").stdout.trim()).toBe("no sign-in is locked");
    expect(cli("unlock", "nobody@example.com")).toMatchObject({ status: 2, stderr: expect.stringMatching(/No console user has email nobody@example.com/) });
    expect((await t.db.auditEntry.findFirstOrThrow({ where: { action: "UnlockSignIn" } })).actor).toMatch(/^cli \(os user /);
  }, 60_000);
});

describe("the per-client lock", () => {
  it("refuses an address after a hundred failures whatever the emails, and not another address", async () => {
    // Ninety-nine earlier failures from one address, each for a different email.
    await t.db.signInAttempt.createMany({ data: Array.from({ length: clientThrottle.maxFailures - 1 }, (_, i) => ({ key: `spray-${i}@example.com`, client: "203.0.113.7", at: t0, succeeded: false })) });
    expect(await attempt({ email: "spray-last@example.com", client: "203.0.113.7" })).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt({ email: "ana@example.com", password: "a-long-password", client: "203.0.113.7", now: minutes(1) })).toMatchObject({ ok: false, reason: "throttled", scope: "client" });
    expect(await attempt({ email: "ana@example.com", password: "a-long-password", client: "198.51.100.1", now: minutes(1) })).toMatchObject({ ok: true });
    const locked = await t.db.auditEntry.findMany({ where: { action: "SignInLocked" } });
    expect(locked.map((e) => JSON.parse(e.after!).scope)).toEqual(["client"]);
  }, 60_000);
});

describe("password checks", () => {
  it("an unknown email costs one scrypt, as a known one does, and gets the same answer", async () => {
    let before = passwordWork.started;
    const known = await attempt({});
    expect(passwordWork.started - before).toBe(1);
    before = passwordWork.started;
    const unknown = await attempt({ email: "nobody@example.com" });
    expect(passwordWork.started - before).toBe(1);
    expect(unknown).toEqual(known);
  }, 60_000);

  it("beyond the running check and the waiting line, are refused at once with 'try again shortly', and the refused attempt does not count", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const holders = Array.from({ length: passwordWork.concurrency + passwordWork.queue }, () => passwordWork.run(() => gate));
    try {
      expect(await attempt({ password: "a-long-password" })).toEqual({ ok: false, reason: "busy" });
      expect(await t.db.signInAttempt.count()).toBe(0);
    } finally {
      release();
      await Promise.all(holders);
    }
    expect(await attempt({ password: "a-long-password" })).toMatchObject({ ok: true });
  }, 60_000);
});
