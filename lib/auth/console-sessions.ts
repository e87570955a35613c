import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { recordAudit } from "../audit/record-audit";
import type { ConsoleRole } from "./console-roles";

/** Sessions last twelve hours from the last request (sliding), as long as the browser is used. */
export const sessionLifetimeSeconds = 12 * 60 * 60;
// Touch the session at most once a minute, so reads do not each cost a write.
const touchIntervalMs = 60_000;

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Starts a session; returns the cookie's token (only its digest is stored). */
export async function createConsoleSession(db: Db | Tx, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + sessionLifetimeSeconds * 1000);
  await db.consoleSession.create({ data: { id: digest(token), userId, createdAt: now, lastSeenAt: now, expiresAt } });
  return { token, expiresAt };
}

export type SessionUser = { id: string; email: string; role: ConsoleRole; workspaceIds: string[]; sessionExpiresAt: Date };

/** The user behind a session token, or null when the token is unknown or expired. */
export async function findSessionUser(db: Db | Tx, token: string | undefined, now: Date): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const session = await db.consoleSession.findUnique({ where: { id: digest(token) }, include: { user: { include: { workspaces: true } } } });
  if (!session || session.expiresAt <= now) return null;
  let expiresAt = session.expiresAt;
  if (now.getTime() - session.lastSeenAt.getTime() > touchIntervalMs) {
    expiresAt = new Date(now.getTime() + sessionLifetimeSeconds * 1000);
    await db.consoleSession.update({ where: { id: session.id }, data: { lastSeenAt: now, expiresAt } });
  }
  return { id: session.user.id, email: session.user.email, role: session.user.role as ConsoleRole, workspaceIds: session.user.workspaces.map((w) => w.workspaceName), sessionExpiresAt: expiresAt };
}

/** Ends a session (signing out) and audits it as `SignOut`; an unknown token changes nothing. */
export async function endConsoleSession(db: Db | Tx, token: string | undefined, client: string | null = null): Promise<void> {
  if (!token || token.length > 200) return;
  await inTransaction(db, async (tx) => {
    const session = await tx.consoleSession.findUnique({ where: { id: digest(token) }, include: { user: true } });
    if (!session) return;
    // deleteMany: a parallel sign-out of the same session may have won; only the winner audits.
    const { count } = await tx.consoleSession.deleteMany({ where: { id: session.id } });
    if (count) await recordAudit(tx, { actor: session.user.email, action: "SignOut", entityType: "ConsoleUser", entityId: session.userId, after: { email: session.user.email, client } });
  });
}
