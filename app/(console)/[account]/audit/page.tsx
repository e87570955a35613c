import type { Metadata } from "next";
import Link from "@/components/workspace-link";
import { getPageWorkspaceDb } from "@/app/server/workspace-db";
import { auditFacets, auditFilterSchema, listAuditEntries } from "@/lib/audit/list-audit";
import { AuditDiff } from "@/components/audit-diff";
import { Badge, EmptyState, PageHeader } from "@/components/ui";
import { formatDate } from "@/components/format";
import { requireAccountAccess } from "@/app/server/account-access";
import { isConfinedToAssignedWorkspaces, usableAccounts } from "@/lib/auth/console-roles";
import { listAccounts } from "@/lib/iam/accounts";
import { auditEntityKey, auditEntityTypeLabel, nameAuditEntities, type AuditEntityName } from "@/lib/audit/audit-entity-names";

export const metadata: Metadata = { title: "Audit log" };

/** "role Get-pics", linked to its page, with AWS's id for it beside it. */
function EntityName({ entry, named, account, isAdmin }: { entry: { entityType: string; entityId: string }; named: AuditEntityName | undefined; account: string; isAdmin: boolean }) {
  const name = named?.name ?? entry.entityId;
  const href = named?.adminOnly ? (isAdmin ? `/${account}/people` : null) : (named?.href ?? null);
  return (
    <span className="text-slate-700">
      {auditEntityTypeLabel(entry.entityType)}{" "}
      {href ? <Link href={href} className="font-medium text-indigo-700 hover:underline">{name}</Link> : <span className="font-medium">{name}</span>}
      {named?.id && <span className="ml-1.5 font-mono text-xs text-slate-500">{named.id}</span>}
    </span>
  );
}

type Search = { actor?: string; action?: string; entityType?: string; before?: string; scope?: string };

export default async function AuditPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<Search> }) {
  const { account } = await params;
  const user = await requireAccountAccess(account, "read");
  const search = await searchParams;
  const allAccounts = search.scope === "all";
  const db = await getPageWorkspaceDb();
  // "All accounts" means all the accounts the user may use: a trainee's scope is their workspaces.
  const accountIds = isConfinedToAssignedWorkspaces(user.role) ? usableAccounts(user, await listAccounts(db)).map((a) => a.id) : undefined;
  const filter = auditFilterSchema.safeParse({ accountId: allAccounts ? undefined : account, accountIds, actor: search.actor || undefined, action: search.action || undefined, entityType: search.entityType || undefined, before: search.before || undefined });
  const [page, facets] = await Promise.all([listAuditEntries(db, filter.success ? filter.data : { accountId: account }), auditFacets(db, accountIds)]);
  const names = await nameAuditEntities(db, page.entries);
  const isAdmin = user.role === "admin";
  const query = (extra: Record<string, string>) => new URLSearchParams({ ...Object.fromEntries(Object.entries(search).filter(([, v]) => v)), ...extra }).toString();
  const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

  return (
    <>
      <PageHeader kind="Console" title="Audit log" subtitle="Every change: who, when, what, before and after. Entries are append-only; nothing can edit or erase them." />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-label="Filter the audit log">
        <label className="text-xs font-medium text-slate-600">Who
          <input name="actor" defaultValue={search.actor} placeholder="email or principal" className={`mt-1 block w-48 ${select}`} />
        </label>
        <label className="text-xs font-medium text-slate-600">Action
          <select name="action" defaultValue={search.action ?? ""} className={`mt-1 block ${select}`}>
            <option value="">Any action</option>
            {facets.actions.map((a) => <option key={a}>{a}</option>)}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">Entity
          <select name="entityType" defaultValue={search.entityType ?? ""} className={`mt-1 block ${select}`}>
            <option value="">Any entity</option>
            {facets.entityTypes.map((t) => <option key={t} value={t}>{auditEntityTypeLabel(t)}</option>)}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">Scope
          <select name="scope" defaultValue={allAccounts ? "all" : ""} className={`mt-1 block ${select}`}>
            <option value="">This account</option>
            <option value="all">{accountIds ? "All your accounts" : "All accounts and the console"}</option>
          </select>
        </label>
        {/* Together, so that Clear never wraps to a line of its own. */}
        <span className="flex items-center gap-1">
          <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">Filter</button>
          <Link href={`/${account}/audit`} className="px-2 py-1.5 text-sm text-slate-600 hover:underline">Clear</Link>
        </span>
      </form>

      {page.entries.length === 0 ? (
        <EmptyState title="No entries match these filters" />
      ) : (
        <ol className="space-y-2" aria-label="Audit entries, newest first">
          {page.entries.map((e) => (
            <li key={e.id} className="rounded-lg border border-slate-200 bg-white shadow-sm">
              {/* The entity's link sits beside the disclosure, not in it: a link inside a summary is a control inside a control. */}
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 pt-2.5 text-sm">
                <span className="w-40 shrink-0 text-xs tabular-nums text-slate-600">{formatDate(e.at)}</span>
                <Badge tone="indigo">{e.action}</Badge>
                <EntityName entry={e} named={names.get(auditEntityKey(e.entityType, e.entityId))} account={account} isAdmin={isAdmin} />
                <span className="ml-auto text-xs text-slate-600">by <span className="font-medium text-slate-700">{e.actor}</span>{e.accountId && allAccounts ? ` · ${e.accountId}` : ""}</span>
              </div>
              <details>
                <summary className="cursor-pointer px-4 pb-2 pt-1 text-xs font-medium text-indigo-700">Before and after</summary>
                <div className="border-t border-slate-100 p-4">
                  <AuditDiff before={e.before} after={e.after} />
                </div>
              </details>
            </li>
          ))}
        </ol>
      )}
      {page.nextBefore && (
        <p className="mt-4 text-center">
          <Link href={`/${account}/audit?${query({ before: String(page.nextBefore) })}`} className="text-sm font-medium text-indigo-700 hover:underline">Older entries →</Link>
        </p>
      )}
    </>
  );
}
