import { z } from "zod";
import type { Db, Tx } from "../db/create-client";

export const auditFilterSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/).optional(),
  /** Only entries of these accounts (a trainee's): console-wide entries, which name no account, are left out. */
  accountIds: z.array(z.string()).optional(),
  actor: z.string().trim().max(254).optional(),
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(50).optional(),
  /** Entries strictly older than this id: the next page. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

/** Audit entries, newest first, filtered; `nextBefore` pages on. */
export async function listAuditEntries(db: Db | Tx, filter: AuditFilter) {
  const f = auditFilterSchema.parse(filter);
  const rows = await db.auditEntry.findMany({
    where: {
      ...(f.accountId && { accountId: f.accountId }),
      ...(f.accountIds && !f.accountId && { accountId: { in: f.accountIds } }),
      ...(f.actor && { actor: { contains: f.actor } }),
      ...(f.action && { action: f.action }),
      ...(f.entityType && { entityType: f.entityType }),
      ...(f.before && { id: { lt: f.before } }),
    },
    orderBy: { id: "desc" },
    take: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  return {
    entries: page.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      accountId: e.accountId,
      entityType: e.entityType,
      entityId: e.entityId,
      before: e.before === null ? null : (JSON.parse(e.before) as unknown),
      after: e.after === null ? null : (JSON.parse(e.after) as unknown),
    })),
    nextBefore: rows.length > f.limit ? page[page.length - 1].id : null,
  };
}

/** The distinct actions and entity types in the log (of `accountIds` only, when given), for the filter menus. */
export async function auditFacets(db: Db | Tx, accountIds?: string[]) {
  const where = accountIds ? { accountId: { in: accountIds } } : {};
  const [actions, types] = await Promise.all([
    db.auditEntry.findMany({ where, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    db.auditEntry.findMany({ where, distinct: ["entityType"], select: { entityType: true }, orderBy: { entityType: "asc" } }),
  ]);
  return { actions: actions.map((a) => a.action), entityTypes: types.map((t) => t.entityType) };
}
