/**
 * Which failed sign-ins lock what. Pure: callers pass the failures and the clock.
 *
 * Failures are counted per email at one client address, per email from any address, and per
 * address whatever the emails. Many people may share one address (a console reached on loopback,
 * an office behind NAT, a reverse proxy), so the address limit is only a high ceiling against
 * spraying many emails: one person's wrong passwords lock their own email, never their
 * neighbours'.
 */

/** `maxFailures` failures within `windowSeconds` lock for `windowSeconds` after the last of them. */
export type Throttle = { maxFailures: number; windowSeconds: number };

/** What a lock holds: one email at one address, one email everywhere, or one address for every email. */
export type ThrottleScope = "email-at-client" | "email" | "client";

/** Five failures for one email from one address lock that email at that address for fifteen minutes. */
export const emailAtClientThrottle: Throttle = { maxFailures: 5, windowSeconds: 15 * 60 };
/** Ten for one email from any addresses lock it everywhere: more addresses buy no more guesses. */
export const emailThrottle: Throttle = { maxFailures: 10, windowSeconds: 15 * 60 };
/**
 * A hundred from one address, whatever the emails, lock that address. With at most five per email
 * there, reaching it takes twenty emails or more: spraying, not people mistyping behind one address.
 */
export const clientThrottle: Throttle = { maxFailures: 100, windowSeconds: 15 * 60 };

export const throttles: Record<ThrottleScope, Throttle> = { "email-at-client": emailAtClientThrottle, email: emailThrottle, client: clientThrottle };

/** How long failures matter to any lock: a lock still holding started within a window, after failures within the one before. */
export const failureMemorySeconds = 2 * Math.max(...Object.values(throttles).map((t) => t.windowSeconds));

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

/** A failed sign-in: the lower-cased email, the client address (null outside HTTP), when (ms). */
export type FailedAttempt = { key: string; client: string | null; at: number };

/** A lock in force: its scope, what it holds (an email, an address, or both) and until when (ms). */
export type SignInLock = { scope: ThrottleScope; key: string | null; client: string | null; until: number };

/** Every lock in force at `now` among `failures`. A null address is a client of its own for the per-email count, never an address lock. */
export function activeLocks(failures: FailedAttempt[], now: number): SignInLock[] {
  const groups = new Map<string, { scope: ThrottleScope; key: string | null; client: string | null; times: number[] }>();
  const add = (scope: ThrottleScope, key: string | null, client: string | null, at: number) => {
    const id = JSON.stringify([scope, key, client]);
    const group = groups.get(id) ?? { scope, key, client, times: [] };
    group.times.push(at);
    groups.set(id, group);
  };
  for (const { key, client, at } of failures) {
    add("email-at-client", key, client, at);
    add("email", key, null, at);
    if (client !== null) add("client", null, client, at);
  }
  const locks: SignInLock[] = [];
  for (const { scope, key, client, times } of groups.values()) {
    const until = lockedUntil(times.sort((a, b) => a - b), throttles[scope]);
    if (until !== null && until > now) locks.push({ scope, key, client, until });
  }
  return locks;
}

/** The locks among `locks` that refuse a sign-in for `key` from `client`. */
export function locksOn(locks: SignInLock[], attempt: { key: string; client: string | null }): SignInLock[] {
  return locks.filter((lock) =>
    lock.scope === "email-at-client" ? lock.key === attempt.key && lock.client === attempt.client : lock.scope === "email" ? lock.key === attempt.key : attempt.client !== null && lock.client === attempt.client,
  );
}

/** The lock to report of several: the one that lasts longest, since the person waits for all of them. */
export function longestLock(locks: SignInLock[]): SignInLock | null {
  return locks.reduce<SignInLock | null>((longest, lock) => (longest === null || lock.until > longest.until ? lock : longest), null);
}
