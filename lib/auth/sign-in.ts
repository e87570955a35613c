import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { recordAudit } from "../audit/record-audit";
import { WorkQueueFull } from "./bounded-work";
import type { ConsoleRole } from "./console-roles";
import { createConsoleSession } from "./console-sessions";
import { passwordWork, unmatchableHash, verifyPassword } from "./passwords";

/** Five failed attempts for one email within fifteen minutes lock it for fifteen minutes after the fifth. */
export const signInThrottle = { maxFailures: 5, windowSeconds: 15 * 60 };
/**
 * The same per client address, whatever the emails: spraying many emails from one address costs
 * it as much as guessing one. Generous enough for an office behind one address.
 */
export const clientThrottle = { maxFailures: 20, windowSeconds: 15 * 60 };

type Throttle = typeof signInThrottle;

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
  | { ok: false; reason: "throttled"; scope: "email" | "client"; retryAfterSeconds: number }
  | { ok: false; reason: "busy" };

/**
 * Until when failures at `times` (ms, ascending) lock: each run of `maxFailures` failures within
 * one window locks for a window after its last failure. Null when no lock ever started.
 */
export function lockedUntil(times: number[], limit: Throttle): number | null {
  const windowMs = limit.windowSeconds * 1000;
  let until: number | null = null;
  for (let i = limit.maxFailures - 1; i < times.length; i++) {
    if (times[i] - times[i - limit.maxFailures + 1] < windowMs) until = Math.max(until ?? 0, times[i] + windowMs);
  }
  return until;
}

type Reservation =
  | { ok: true; id: number; /** when this attempt, if it fails, starts a lock: until when */ locks: { email?: Date; client?: Date } }
  | { ok: false; scope: "email" | "client"; retryAfterSeconds: number };

/**
 * Writes the attempt as a failure first, then counts only the attempts written before it. SQLite
 * has one writer at a time (across processes too) and AUTOINCREMENT ids grow in write order, so
 * of any number of parallel attempts each one sees every earlier one, and no more than the limit
 * get past here to a password check. Single statements only: no transaction holds the write lock
 * while waiting on anything.
 */
async function reserveAttempt(db: Db | Tx, key: string, client: string | null, now: Date): Promise<Reservation> {
  const own = await db.signInAttempt.create({ data: { key, client, at: now, succeeded: false }, select: { id: true } });
  // A lock that still holds started within the last window, after failures within the one before.
  const failureTimes = async (limit: Throttle, where: { key: string } | { client: string }) =>
    (
      await db.signInAttempt.findMany({
        where: { ...where, succeeded: false, id: { lt: own.id }, at: { gte: new Date(now.getTime() - 2 * limit.windowSeconds * 1000) } },
        orderBy: { at: "asc" },
        select: { at: true },
      })
    ).map((row) => row.at.getTime());
  const checks: { scope: "email" | "client"; limit: Throttle; times: number[] }[] = [{ scope: "email", limit: signInThrottle, times: await failureTimes(signInThrottle, { key }) }];
  if (client !== null) checks.push({ scope: "client", limit: clientThrottle, times: await failureTimes(clientThrottle, { client }) });
  for (const { scope, limit, times } of checks) {
    const until = lockedUntil(times, limit);
    if (until !== null && until > now.getTime()) {
      await db.signInAttempt.delete({ where: { id: own.id } });
      return { ok: false, scope, retryAfterSeconds: Math.ceil((until - now.getTime()) / 1000) };
    }
  }
  const locks: { email?: Date; client?: Date } = {};
  for (const { scope, limit, times } of checks) {
    const until = lockedUntil([...times, now.getTime()].sort((a, b) => a - b), limit);
    if (until !== null && until > now.getTime()) locks[scope] = new Date(until);
  }
  return { ok: true, id: own.id, locks };
}

const pruneEveryMs = 60_000;
let lastPrunedAt: number | undefined;

/**
 * Deletes expired console sessions and sign-in attempts too old to matter to any lock. Runs at
 * server start (setup) and, at most once a minute per process, on sign-in.
 */
export async function pruneConsoleAuthRecords(db: Db | Tx, now: Date): Promise<{ sessions: number; attempts: number }> {
  const keepSeconds = 2 * Math.max(signInThrottle.windowSeconds, clientThrottle.windowSeconds);
  const sessions = await db.consoleSession.deleteMany({ where: { expiresAt: { lte: now } } });
  const attempts = await db.signInAttempt.deleteMany({ where: { at: { lt: new Date(now.getTime() - keepSeconds * 1000) } } });
  lastPrunedAt = now.getTime();
  return { sessions: sessions.count, attempts: attempts.count };
}

/**
 * Signs a person in: throttles (per email, then per client address) before any password work,
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
      await db.signInAttempt.delete({ where: { id: reservation.id } });
      return { ok: false, reason: "busy" };
    }
    throw error;
  }

  const entity = { entityType: "ConsoleUser", entityId: user?.id ?? key };
  if (valid && user) {
    return inTransaction(db, async (tx) => {
      await tx.signInAttempt.update({ where: { id: reservation.id }, data: { succeeded: true } });
      const session = await createConsoleSession(tx, user.id, now);
      await recordAudit(tx, { actor: user.email, action: "SignIn", ...entity, after: { email: user.email, client } });
      return { ok: true as const, user: { id: user.id, email: user.email, role: user.role as ConsoleRole }, session };
    });
  }
  await inTransaction(db, async (tx) => {
    const actor = `anonymous (${client ?? "no client address"})`;
    await recordAudit(tx, { actor, action: "SignInFailed", ...entity, after: { email: key, client } });
    for (const scope of ["email", "client"] as const) {
      const until = reservation.locks[scope];
      if (!until) continue;
      const limit = scope === "email" ? signInThrottle : clientThrottle;
      await recordAudit(tx, { actor, action: "SignInLocked", ...entity, after: { email: key, client, scope, failures: limit.maxFailures, until: until.toISOString() } });
    }
  });
  return { ok: false, reason: "invalid" };
}
