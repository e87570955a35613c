import Link from "@/components/workspace-link";
import { getPageWorkspaceDb } from "@/app/server/workspace-db";

import { listAccounts } from "@/lib/iam/accounts";
import { AccountSwitcher } from "@/components/account-switcher";
import { ConsoleNav } from "@/components/console-nav";
import { NavScroller } from "@/components/nav-scroller";
import { SignedInUser } from "@/components/signed-in-user";
import { ConsoleRoleProvider } from "@/components/console-permissions";
import { WorkspaceScopeProvider } from "@/components/console-mutation";
import { requireAccountAccess } from "@/app/server/account-access";
import { consolePermissions, mayUseWorkspace, roleAllows, usableAccounts, type ConsolePermission } from "@/lib/auth/console-roles";
import { findLab } from "@/lib/labs";
import { getDb } from "@/lib/db/prisma";
import { currentWorkspaceName } from "@/app/server/workspace-db";
import { WorkspaceSwitcher } from "@/components/workspace-switcher";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children, params }: { children: React.ReactNode; params: Promise<{ account: string }> }) {
  const { account } = await params;
  const user = await requireAccountAccess(account, "read");
  const accounts = usableAccounts(user, await listAccounts(await getPageWorkspaceDb()));
  const workspace = await currentWorkspaceName();
  const directory = await (await getDb()).classroomWorkspace.findMany({ orderBy: [{ createdAt: "asc" }, { name: "asc" }], select: { name: true, lab: true } });
  // A workspace made for a lab leads to it from every page (the lab's title when its file still reads).
  const labId = directory.find((w) => w.name === workspace)?.lab ?? null;
  const labTitle = labId ? (findLab(labId)?.title ?? labId) : null;
  const permissions = (Object.keys(consolePermissions) as ConsolePermission[]).filter((p) => roleAllows(user.role, p));
  const workspaces = directory.map((w) => w.name).filter((name) => mayUseWorkspace(user, name));
  const workspaceId = accounts.find((a) => a.id === account)?.workspaceId;
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <div className="w-60 shrink-0 bg-slate-900">
      {/* The navigation scrolls on its own between the header and the signed-in card, so Sign out stays in view at any height; compact enough that an administrator's every link fits at 900 px. */}
      <aside className="sticky top-0 flex h-screen flex-col gap-3 px-3 py-3">
        <Link href={`/${account}`} className="flex items-center gap-2 px-3 text-white">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-indigo-500 text-sm font-bold">R</span>
          <span className="text-lg font-semibold tracking-tight">Roleplay</span>
          <span className="rounded bg-slate-800 px-1.5 py-0.5 text-[10px] font-medium uppercase tracking-wider text-slate-300" title="A sandbox: nothing here touches AWS">sandbox</span>
        </Link>
        <div className="space-y-2 px-3">
          <WorkspaceSwitcher workspaces={workspaces} current={workspace} />
          <AccountSwitcher accounts={accounts.map((a) => ({ id: a.id, name: a.name }))} current={account} />
          {labId && (
            <Link href={`/w/${workspace}/${account}/labs/${labId}`} className="block rounded-md border border-slate-700 px-2 py-1.5 text-sm text-white hover:border-indigo-400 hover:bg-slate-800">
              <span className="block text-[11px] font-semibold uppercase tracking-wider text-slate-400">This workspace&apos;s lab</span>
              <span className="block truncate" title={labTitle ?? undefined}>{labTitle}</span>
            </Link>
          )}
        </div>
        <NavScroller>
          <ConsoleNav account={account} isAdmin={user.role === "admin"} permissions={permissions} />
        </NavScroller>
        <div className="shrink-0 px-1">
          <SignedInUser email={user.email} role={user.role} />
        </div>
      </aside>
      </div>
      <main id="main" className="min-w-0 flex-1 px-8 py-7">
        <div className="mx-auto max-w-6xl">
          <ConsoleRoleProvider role={user.role}>
            <WorkspaceScopeProvider scope={{ workspaceId: workspaceId ?? "", accounts: accounts.filter((a) => a.workspaceId === workspaceId).map((a) => a.id) }}>{children}</WorkspaceScopeProvider>
          </ConsoleRoleProvider>
        </div>
      </main>
    </div>
  );
}
