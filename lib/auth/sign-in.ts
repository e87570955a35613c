import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { recordAudit } from "../audit/record-audit";
import { WorkQueueFull } from "./bounded-work";
import type { ConsoleRole } from "./console-roles";
import { createConsoleSession } from "./console-sessions";
import { passwordWork, unmatchableHash, verifyPassword } from "./passwords";
import { activeLocks, failureMemorySeconds, locksOn, longestLock, throttles, type FailedAttempt, type SignInLock, type ThrottleScope } from "./throttle-rules";

export type SignInRequest = {
  email: string;
  password: string;
  /** The client's address as the server saw it (see lib/auth/client-address.ts); null outside HTTP. */
  client: string | null;
  now: Date;
};

export type SignInOutcome =
  | { ok: true; user: { id: string; email: string; role: ConsoleRole }; session: { token: string; expiresAt: Date } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; scope: ThrottleScope; retryAfterSeconds: number }
  | { ok: false; reason: "busy" };

type Reservation =
  | { ok: true; id: number; /** the locks this attempt, if it fails, starts */ locks: SignInLock[] }
  | { ok: false; scope: ThrottleScope; retryAfterSeconds: number };

/**
 * Writes the attempt as a failure first, then counts only the attempts written before it. SQLite
 * has one writer at a time (across processes too) and AUTOINCREMENT ids grow in write order, so
 * of any number of parallel attempts each one sees every earlier one, and no more than the limit
 * get past here to a password check. Single statements only: no transaction holds the write lock
 * while waiting on anything.
 */
async function reserveAttempt(db: Db | Tx, key: string, client: string | null, now: Date): Promise<Reservation> {
  const own = await db.signInAttempt.create({ data: { key, client, at: now, succeeded: false }, select: { id: true } });
  const since = new Date(now.getTime() - failureMemorySeconds * 1000);
  const earlier = { succeeded: false, id: { lt: own.id }, at: { gte: since } };
  const select = { key: true, client: true, at: true } as const;
  const rows = [
    ...(await db.signInAttempt.findMany({ where: { ...earlier, key }, select })),
    ...(client === null ? [] : await db.signInAttempt.findMany({ where: { ...earlier, client, NOT: { key } }, select })),
  ];
  const failures: FailedAttempt[] = rows.map((row) => ({ key: row.key, client: row.client, at: row.at.getTime() }));
  const attempt = { key, client };
  const holding = longestLock(locksOn(activeLocks(failures, now.getTime()), attempt));
  if (holding) {
    await db.signInAttempt.deleteMany({ where: { id: own.id } });
    return { ok: false, scope: holding.scope, retryAfterSeconds: Math.ceil((holding.until - now.getTime()) / 1000) };
  }
  // None held before, so every lock on this attempt once it is counted is one it starts.
  return { ok: true, id: own.id, locks: locksOn(activeLocks([...failures, { key, client, at: now.getTime() }], now.getTime()), attempt) };
}

const pruneEveryMs = 60_000;
let lastPrunedAt: number | undefined;

/**
 * Deletes expired console sessions and sign-in attempts too old to matter to any lock. Runs at
 * server start (setup) and, at most once a minute per process, on sign-in.
 */
export async function pruneConsoleAuthRecords(db: Db | Tx, now: Date): Promise<{ sessions: number; attempts: number }> {
  const sessions = await db.consoleSession.deleteMany({ where: { expiresAt: { lte: now } } });
  const attempts = await db.signInAttempt.deleteMany({ where: { at: { lt: new Date(now.getTime() - failureMemorySeconds * 1000) } } });
  lastPrunedAt = now.getTime();
  return { sessions: sessions.count, attempts: attempts.count };
}

/**
 * Signs a person in: throttles (see throttle-rules.ts) before any password work,
 * checks the password (an unknown email costs one scrypt too, and gets the same answer), starts a
 * session, and audits the outcome: `SignIn`, `SignInFailed`, and `SignInLocked` when a failure
 * reaches a limit. Refusals while locked are not audited one by one: they cost nothing and would
 * let anyone fill the log.
 */
export async function signInConsoleUser(db: Db, request: SignInRequest): Promise<SignInOutcome> {
  const { password, client, now } = request;
  const key = request.email.trim().toLowerCase();
  if (lastPrunedAt === undefined || Math.abs(now.getTime() - lastPrunedAt) >= pruneEveryMs) await pruneConsoleAuthRecords(db, now);

  // Refused for lack of capacity before any database work: a burst costs next to nothing.
  if (passwordWork.full) return { ok: false, reason: "busy" };
  const reservation = await reserveAttempt(db, key, client, now);
  if (!reservation.ok) return { ok: false, reason: "throttled", scope: reservation.scope, retryAfterSeconds: reservation.retryAfterSeconds };

  const user = await db.consoleUser.findUnique({ where: { email: key } });
  let valid: boolean;
  try {
    valid = (await verifyPassword(password, user?.passwordHash ?? unmatchableHash)) && user !== null;
  } catch (error) {
    // Refused for lack of capacity, not for a wrong password: the attempt does not count.
    if (error instanceof WorkQueueFull) {
      await db.signInAttempt.deleteMany({ where: { id: reservation.id } });
      return { ok: false, reason: "busy" };
    }
    throw error;
  }

  const entity = { entityType: "ConsoleUser", entityId: user?.id ?? key };
  if (valid && user) {
    return inTransaction(db, async (tx) => {
      // updateMany: an administrator may have cleared the failures, this reservation too, meanwhile.
      await tx.signInAttempt.updateMany({ where: { id: reservation.id }, data: { succeeded: true } });
      const session = await createConsoleSession(tx, user.id, now);
      await recordAudit(tx, { actor: user.email, action: "SignIn", ...entity, after: { email: user.email, client } });
      return { ok: true as const, user: { id: user.id, email: user.email, role: user.role as ConsoleRole }, session };
    });
  }
  await inTransaction(db, async (tx) => {
    const actor = `anonymous (${client ?? "no client address"})`;
    await recordAudit(tx, { actor, action: "SignInFailed", ...entity, after: { email: key, client } });
    for (const lock of reservation.locks) {
      const after = { email: key, client, scope: lock.scope, failures: throttles[lock.scope].maxFailures, until: new Date(lock.until).toISOString() };
      await recordAudit(tx, { actor, action: "SignInLocked", ...entity, after });
    }
  });
  return { ok: false, reason: "invalid" };
}
