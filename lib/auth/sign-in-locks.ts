import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { normalizeClientAddress } from "./client-address";
import { emailSchema } from "./console-users";
import { activeLocks, failureMemorySeconds, type SignInLock } from "./throttle-rules";

export type SignInLockView = { scope: SignInLock["scope"]; email: string | null; client: string | null; until: string };

const asView = (lock: SignInLock): SignInLockView => ({ scope: lock.scope, email: lock.key, client: lock.client, until: new Date(lock.until).toISOString() });

async function recentFailures(db: Db | Tx, now: Date, where: { key?: string; client?: string } = {}) {
  const rows = await db.signInAttempt.findMany({
    where: { ...where, succeeded: false, at: { gte: new Date(now.getTime() - failureMemorySeconds * 1000) } },
    select: { id: true, key: true, client: true, at: true },
  });
  return rows.map((row) => ({ id: row.id, key: row.key, client: row.client, at: row.at.getTime() }));
}

/** Every sign-in lock in force at `now`: for the People page and `roleplay users locks`. */
export async function findSignInLocks(db: Db | Tx, now: Date): Promise<SignInLockView[]> {
  return activeLocks(await recentFailures(db, now), now.getTime())
    .sort((a, b) => a.until - b.until)
    .map(asView);
}

/**
 * Lets an administrator end a lockout at once instead of waiting it out: forgets the recent failed
 * sign-ins for a console user's email (from every address), or for one client address (every
 * email). The audit entry (`UnlockSignIn`) names the locks that held and how many failures went.
 */
export async function unlockSignIn(db: Db | Tx, target: { email: string } | { client: string }, actor: Actor, now: Date): Promise<{ locks: SignInLockView[]; failuresCleared: number }> {
  return inTransaction(db, async (tx) => {
    let where: { key: string } | { client: string };
    let entity: { entityType: string; entityId: string };
    if ("email" in target) {
      const key = emailSchema.parse(target.email);
      const user = await tx.consoleUser.findUnique({ where: { email: key }, select: { id: true } });
      if (!user) throw new AppError("NoSuchEntity", `No console user has email ${key}.`);
      where = { key };
      entity = { entityType: "ConsoleUser", entityId: user.id };
    } else {
      const client = normalizeClientAddress(target.client);
      if (client === null) throw new AppError("InvalidInput", `${target.client} is not an IP address (such as 127.0.0.1 or 2001:db8::1).`);
      where = { client };
      entity = { entityType: "ClientAddress", entityId: client };
    }
    const failures = await recentFailures(tx, now, where);
    // Only the locks on what is cleared: an email's locks, or an address's own lock and its emails' locks there.
    const locks = activeLocks(failures, now.getTime())
      .filter((lock) => ("key" in where ? lock.key === where.key : lock.client === where.client))
      .map(asView);
    const { count } = await tx.signInAttempt.deleteMany({ where: { ...where, succeeded: false } });
    await recordAudit(tx, { actor, action: "UnlockSignIn", ...entity, before: { locks }, after: { ...("key" in where ? { email: where.key } : { client: where.client }), failuresCleared: count } });
    return { locks, failuresCleared: count };
  });
}
