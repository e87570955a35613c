/**
 * Role sessions: the temporary credentials issued to an instance (through its instance profile),
 * an ECS task (its task role) or an AssumeRole caller. Each issue is recorded with who, which
 * role, when (on the workspace clock) and until when. Secrets leave this module only in the
 * value returned by an issue or by `findSessionSecrets`, for the IMDS/STS doors; audit entries
 * and listings never carry them. Session tokens are stored as SHA-256 digests; see StoredSession.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { arns } from "../iam/arns";
import { cryptoRandom, type RandomSource } from "../iam/ids";
import { generateTemporaryKeys } from "./temporary-keys";
import { credentialSetSeconds, isServable } from "./rotation";
import { roleArn, type RoleRow } from "./role-policies";

export type SessionSource = "instance" | "ecs-task" | "assume-role";

/** A role session with its secrets: only for the doors that hand credentials out or verify signatures. */
export type IssuedSession = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  roleId: string | null;
  roleArn: string;
  sessionName: string;
  assumedRoleArn: string;
  source: string;
  sourceId: string | null;
  sourcePrincipal: string | null;
  chained: boolean;
  sessionPolicy: string | null;
  issuedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
};

/**
 * A role session as stored: the token is checked against `sessionTokenHash`; the token itself is
 * kept only for instance and task credentials (the IMDS hands the same set out again until it
 * rotates, as on EC2) and is null for AssumeRole sessions, whose caller got it once.
 */
export type StoredSession = Omit<IssuedSession, "sessionToken"> & { sessionToken: string | null; sessionTokenHash: string | null };

/** SHA-256 of a session token, hex: what is stored to check it. */
export function sessionTokenDigest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether `presented` is the session's token (constant time). */
export function sessionTokenMatches(session: Pick<StoredSession, "sessionTokenHash">, presented: string | undefined): boolean {
  if (presented === undefined || !session.sessionTokenHash) return false;
  const expected = Buffer.from(session.sessionTokenHash, "hex");
  const actual = Buffer.from(sessionTokenDigest(presented), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Only compute credentials are served again after issue; nothing else needs the token back. */
function keepsToken(source: string): boolean {
  return source === "instance" || source === "ecs-task";
}

function withToken(row: StoredSession, sessionToken: string): IssuedSession {
  const { sessionTokenHash: _digest, ...rest } = row;
  return { ...rest, sessionToken };
}

export type IssueInput = {
  role: RoleRow;
  sessionName: string;
  source: SessionSource;
  sourceId: string | null;
  sourcePrincipal?: string | null;
  chained?: boolean;
  sessionPolicy?: string | null;
  issuedAt: Date;
  durationSeconds: number;
};

/** Issues one set of temporary credentials for a role session and records it. */
export async function issueRoleSession(db: Db | Tx, input: IssueInput, actor: Actor, random: RandomSource = cryptoRandom): Promise<IssuedSession> {
  const keys = generateTemporaryKeys(random);
  const issuedAt = new Date(Math.floor(input.issuedAt.getTime() / 1000) * 1000);
  return inTransaction(db, async (tx) => {
    const session = await redactingSecrets(keys, () => tx.roleSession.create({
      data: {
        accessKeyId: keys.accessKeyId,
        secretAccessKey: keys.secretAccessKey,
        sessionToken: keepsToken(input.source) ? keys.sessionToken : null,
        sessionTokenHash: sessionTokenDigest(keys.sessionToken),
        accountId: input.role.accountId,
        roleId: input.role.id,
        roleArn: roleArn(input.role),
        sessionName: input.sessionName,
        assumedRoleArn: arns.assumedRole(input.role.accountId, input.role.name, input.sessionName),
        source: input.source,
        sourceId: input.sourceId,
        sourcePrincipal: input.sourcePrincipal ?? null,
        chained: input.chained ?? false,
        sessionPolicy: input.sessionPolicy ?? null,
        issuedAt,
        expiresAt: new Date(issuedAt.getTime() + input.durationSeconds * 1000),
      },
    }));
    await recordAudit(tx, { actor, action: "IssueRoleSession", accountId: session.accountId, entityType: "RoleSession", entityId: session.accessKeyId, after: publicView(session) });
    return withToken(session, keys.sessionToken);
  });
}

/** Runs `fn`, scrubbing the new secret and token from any error it throws (Prisma errors echo query data). */
async function redactingSecrets<T>(keys: { secretAccessKey: string; sessionToken: string }, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Error) {
      const scrub = (text: string | undefined) => text?.split(keys.secretAccessKey).join("[redacted]").split(keys.sessionToken).join("[redacted]");
      error.message = scrub(error.message) ?? "";
      error.stack = scrub(error.stack);
    }
    throw error;
  }
}

// One issue at a time per source within a process, so that concurrent IMDS requests share a set.
const issuing = new Map<string, Promise<unknown>>();
function serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = issuing.get(key) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const settled = next.catch(() => undefined);
  issuing.set(key, settled);
  void settled.then(() => {
    if (issuing.get(key) === settled) issuing.delete(key);
  });
  return next;
}

/**
 * The credential set a compute source (instance or task) serves at the clock's `now` for `role`:
 * the newest one with at least an hour left, or a new 6-hour set. Every caller gets the same set
 * until it rotates, as on EC2.
 */
export function currentComputeCredentials(
  db: Db,
  input: { role: RoleRow; source: "instance" | "ecs-task"; sourceId: string; now: Date },
  random: RandomSource = cryptoRandom,
): Promise<IssuedSession> {
  const { role, source, sourceId, now } = input;
  return serialize(`${source}:${sourceId}:${role.id}`, async () => {
    const candidates = await db.roleSession.findMany({
      where: { source, sourceId, roleId: role.id, revokedAt: null, issuedAt: { lte: now } },
      orderBy: { issuedAt: "desc" },
      take: 1,
    });
    const current = candidates[0];
    if (current?.sessionToken && isServable(current, now)) return withToken(current, current.sessionToken);
    const actor = source === "instance" ? `ec2.amazonaws.com (instance ${sourceId})` : `ecs-tasks.amazonaws.com (task ${sourceId})`;
    // The session name of instance and task credentials is the instance id or task id, as on AWS.
    return issueRoleSession(db, { role, sessionName: sourceId, source, sourceId, issuedAt: now, durationSeconds: credentialSetSeconds }, actor, random);
  });
}

/** The session with this access key id, secrets included, for signature verification; null when unknown. */
export async function findSessionSecrets(db: Db | Tx, accessKeyId: string): Promise<StoredSession | null> {
  return db.roleSession.findUnique({ where: { accessKeyId } });
}

/**
 * Sessions issued before tokens were hashed: stores each token's digest, and drops the token of
 * AssumeRole sessions. Run by setup, right after migrating; a no-op once done.
 */
export async function hashStoredSessionTokens(db: Db | Tx): Promise<number> {
  const rows = await db.roleSession.findMany({ where: { sessionTokenHash: null, sessionToken: { not: null } }, select: { accessKeyId: true, sessionToken: true, source: true } });
  for (const row of rows) {
    await db.roleSession.update({
      where: { accessKeyId: row.accessKeyId },
      data: { sessionTokenHash: sessionTokenDigest(row.sessionToken!), ...(keepsToken(row.source) ? {} : { sessionToken: null }) },
    });
  }
  return rows.length;
}

/** What may be shown of a session: everything but the secret and the token. */
export type SessionView = {
  accessKeyId: string;
  accountId: string;
  roleArn: string;
  sessionName: string;
  assumedRoleArn: string;
  source: string;
  sourceId: string | null;
  sourcePrincipal: string | null;
  chained: boolean;
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
};

export function publicView(s: Omit<IssuedSession, "secretAccessKey" | "sessionToken"> & { secretAccessKey?: string; sessionToken?: string | null }): SessionView {
  return {
    accessKeyId: s.accessKeyId,
    accountId: s.accountId,
    roleArn: s.roleArn,
    sessionName: s.sessionName,
    assumedRoleArn: s.assumedRoleArn,
    source: s.source,
    sourceId: s.sourceId,
    sourcePrincipal: s.sourcePrincipal,
    chained: s.chained,
    issuedAt: s.issuedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    revokedAt: s.revokedAt?.toISOString() ?? null,
  };
}

const publicSelect = {
  accessKeyId: true,
  accountId: true,
  roleId: true,
  roleArn: true,
  sessionName: true,
  assumedRoleArn: true,
  source: true,
  sourceId: true,
  sourcePrincipal: true,
  chained: true,
  sessionPolicy: true,
  issuedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const;

/** The account's role sessions still valid at the clock's `now` (not expired, not revoked), newest first. */
export async function listActiveSessions(db: Db | Tx, accountId: string, now: Date): Promise<SessionView[]> {
  const rows = await db.roleSession.findMany({
    where: { accountId, revokedAt: null, expiresAt: { gt: now }, issuedAt: { lte: now } },
    orderBy: { issuedAt: "desc" },
    select: publicSelect,
  });
  return rows.map(publicView);
}

/** Who holds a role's sessions: one entry per source (an instance, a task, an AssumeRole caller). */
export type RoleSessionHolder = { source: SessionSource; sourceId: string | null; sourcePrincipal: string | null; active: number; lastIssuedAt: string };

/**
 * Who holds sessions of the role that are still valid at the clock's `now` — what uses the role
 * right now, AssumeRole callers included — most recent first.
 */
export async function listRoleSessionHolders(db: Db | Tx, roleId: string, now: Date): Promise<RoleSessionHolder[]> {
  const rows = await db.roleSession.findMany({
    where: { roleId, revokedAt: null, expiresAt: { gt: now }, issuedAt: { lte: now } },
    orderBy: { issuedAt: "desc" },
    select: { source: true, sourceId: true, sourcePrincipal: true, issuedAt: true },
  });
  const holders = new Map<string, RoleSessionHolder>();
  for (const row of rows) {
    // AssumeRole sessions name the caller's session key as their source; the caller's ARN says who.
    const key = row.source === "assume-role" ? `${row.source}|${row.sourcePrincipal}` : `${row.source}|${row.sourceId}`;
    const holder = holders.get(key);
    if (holder) holder.active++;
    else holders.set(key, { source: row.source as SessionSource, sourceId: row.sourceId, sourcePrincipal: row.sourcePrincipal, active: 1, lastIssuedAt: row.issuedAt.toISOString() });
  }
  return [...holders.values()];
}

/**
 * Revokes a session: its keys stop working at once for every request Roleplay verifies. (AWS has
 * no per-key revocation; its "revoke active sessions" adds a Deny on aws:TokenIssueTime.)
 */
export async function revokeRoleSession(db: Db | Tx, accessKeyId: string, actor: Actor, now: Date): Promise<SessionView> {
  return inTransaction(db, async (tx) => {
    const session = await tx.roleSession.findUnique({ where: { accessKeyId }, select: publicSelect });
    if (!session) throw new AppError("NoSuchEntity", `No role session has the access key id ${accessKeyId}`);
    if (session.revokedAt) return publicView(session);
    const updated = await tx.roleSession.update({ where: { accessKeyId }, data: { revokedAt: now }, select: publicSelect });
    await recordAudit(tx, { actor, action: "RevokeRoleSession", accountId: session.accountId, entityType: "RoleSession", entityId: accessKeyId, before: publicView(session), after: publicView(updated) });
    return publicView(updated);
  });
}
