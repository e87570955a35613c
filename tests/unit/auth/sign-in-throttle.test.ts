import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addConsoleUser } from "../../../lib/auth/console-users";
import { clientThrottle, signInConsoleUser, signInThrottle, type SignInRequest } from "../../../lib/auth/sign-in";
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
    expect(await attempt({ password: "a-long-password", now: minutes(1) })).toMatchObject({ ok: false, reason: "throttled", scope: "email" });
  }, 120_000);

  it("lasts fifteen minutes from the fifth failure, however spread out the five were", async () => {
    for (const at of [0, 3, 6, 9, 12]) expect(await attempt({ now: minutes(at) })).toEqual({ ok: false, reason: "invalid" });
    // A window sliding from the first failure would have let this through at minute 15.
    expect(await attempt({ password: "a-long-password", now: minutes(26) })).toEqual({ ok: false, reason: "throttled", scope: "email", retryAfterSeconds: 60 });
    expect(await attempt({ password: "a-long-password", now: minutes(27) })).toMatchObject({ ok: true });
  }, 60_000);

  it("counts failures, not successes", async () => {
    for (let i = 0; i < signInThrottle.maxFailures - 1; i++) await attempt({});
    expect(await attempt({ password: "a-long-password" })).toMatchObject({ ok: true });
    expect(await attempt({ password: "a-long-password" })).toMatchObject({ ok: true });
  }, 60_000);
});

describe("the per-client lock", () => {
  it("refuses an address after twenty failures whatever the emails, and not another address", async () => {
    // Nineteen earlier failures from one address, each for a different email.
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
