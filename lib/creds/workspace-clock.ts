/**
 * The workspace clock: real time shifted by an offset, optionally paused. Issued credentials,
 * their expiry and rotation all run on it, so a trainer can move it forward ("+1 h") and watch
 * rotation happen. The pure part takes the real time as an argument; the services read and
 * change the Workspace row and record every change in the audit log.
 */
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";

export type ClockState = { clockOffsetSeconds: number; clockPausedAt: Date | null };

/** What the workspace clock reads at the real instant `realNow`, to the second. */
export function clockNow(state: ClockState, realNow: Date): Date {
  const base = state.clockPausedAt ?? realNow;
  return new Date(Math.floor((base.getTime() + state.clockOffsetSeconds * 1000) / 1000) * 1000);
}

/** The clock as the console shows it. */
export type ClockView = { now: string; paused: boolean; offsetSeconds: number };

function view(state: ClockState, realNow: Date): ClockView {
  return { now: clockNow(state, realNow).toISOString(), paused: state.clockPausedAt !== null, offsetSeconds: state.clockOffsetSeconds };
}

async function requireWorkspace(db: Db | Tx, workspaceId: string) {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId } });
  if (!workspace) throw new AppError("NoSuchEntity", `The workspace ${workspaceId} does not exist`);
  return workspace;
}

/** The workspace an account belongs to; `NoSuchEntity` when the account is unknown. */
export async function findAccountWorkspaceId(db: Db | Tx, accountId: string): Promise<string> {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { workspaceId: true } });
  if (!account) throw new AppError("NoSuchEntity", `The account ${accountId} does not exist in this workspace`);
  return account.workspaceId;
}

/** Reads the workspace clock now (a live read of the Workspace row). */
export async function readWorkspaceClock(db: Db | Tx, workspaceId: string, realNow: Date): Promise<ClockView> {
  return view(await requireWorkspace(db, workspaceId), realNow);
}

/** The workspace clock's current time for an account's workspace. */
export async function accountClockNow(db: Db | Tx, accountId: string, realNow: Date): Promise<Date> {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { workspace: { select: { clockOffsetSeconds: true, clockPausedAt: true } } } });
  if (!account) throw new AppError("NoSuchEntity", `The account ${accountId} does not exist in this workspace`);
  return clockNow(account.workspace, realNow);
}

async function changeClock(
  db: Db | Tx,
  workspaceId: string,
  actor: Actor,
  action: string,
  realNow: Date,
  next: (state: ClockState) => ClockState,
): Promise<ClockView> {
  return inTransaction(db, async (tx) => {
    const workspace = await requireWorkspace(tx, workspaceId);
    const after = next(workspace);
    await tx.workspace.update({ where: { id: workspaceId }, data: { clockOffsetSeconds: after.clockOffsetSeconds, clockPausedAt: after.clockPausedAt } });
    await recordAudit(tx, { actor, action, entityType: "WorkspaceClock", entityId: workspaceId, before: view(workspace, realNow), after: view(after, realNow) });
    return view(after, realNow);
  });
}

/** Freezes the clock at its current reading. Pausing a paused clock changes nothing. */
export function pauseWorkspaceClock(db: Db | Tx, workspaceId: string, actor: Actor, realNow: Date): Promise<ClockView> {
  return changeClock(db, workspaceId, actor, "PauseClock", realNow, (s) => (s.clockPausedAt ? s : { ...s, clockPausedAt: realNow }));
}

/** Lets a paused clock run again from where it stood (the pause is absorbed into the offset). */
export function resumeWorkspaceClock(db: Db | Tx, workspaceId: string, actor: Actor, realNow: Date): Promise<ClockView> {
  return changeClock(db, workspaceId, actor, "ResumeClock", realNow, (s) => {
    if (!s.clockPausedAt) return s;
    const pausedFor = Math.floor((realNow.getTime() - s.clockPausedAt.getTime()) / 1000);
    return { clockOffsetSeconds: s.clockOffsetSeconds - pausedFor, clockPausedAt: null };
  });
}

/** Largest single move: a week, enough to run any credential past its expiry. */
export const maxClockAdvanceSeconds = 7 * 24 * 3600;

/** Moves the clock forward by `seconds` (paused or not). The clock never runs backwards. */
export async function advanceWorkspaceClock(db: Db | Tx, workspaceId: string, seconds: number, actor: Actor, realNow: Date): Promise<ClockView> {
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds > maxClockAdvanceSeconds) {
    throw new AppError("InvalidInput", `The clock moves forward by 1 to ${maxClockAdvanceSeconds} whole seconds (got ${seconds})`);
  }
  return changeClock(db, workspaceId, actor, "AdvanceClock", realNow, (s) => ({ ...s, clockOffsetSeconds: s.clockOffsetSeconds + seconds }));
}
