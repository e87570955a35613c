import type { Tx } from "../db/create-client";

/** Who performs a change: a console user, a CLI caller, or an IAM principal acting in the sandbox. */
export type Actor = string;

export type AuditInput = {
  actor: Actor;
  action: string;
  accountId?: string | null;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

/** An audit entry's row as stored: before/after as JSON text (bulk writers insert these too). */
export function auditEntryRow(input: AuditInput) {
  return {
    actor: input.actor,
    action: input.action,
    accountId: input.accountId ?? null,
    entityType: input.entityType,
    entityId: input.entityId,
    before: input.before === undefined ? null : JSON.stringify(input.before),
    after: input.after === undefined ? null : JSON.stringify(input.after),
  };
}

/** Appends one entry to the audit log, inside the caller's transaction. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.auditEntry.create({ data: auditEntryRow(input) });
}
