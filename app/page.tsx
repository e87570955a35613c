import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb, getWorkspaceDbByName } from "@/lib/db/prisma";
import { listAccounts, startAccount, workspaceCreationTimes } from "@/lib/iam/accounts";
import { lastAccountCookie } from "@/lib/iam/account-cookie";
import { EmptyState } from "@/components/ui";
import { requireUser } from "@/app/server/session";
import { currentWorkspaceName } from "@/app/server/workspace-db";
import { mayUseWorkspace, usableAccounts } from "@/lib/auth/console-roles";
import { workspaceHeader } from "@/lib/workspaces/workspace-path";
import { headers } from "next/headers";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await requireUser("read");
  // The workspace the URL names (/w/NAME), else demo — or, for a trainee, their first workspace.
  const named = (await headers()).has(workspaceHeader);
  const main = await getDb();
  let workspace = await currentWorkspaceName();
  if (!named && !mayUseWorkspace(user, workspace)) {
    const first = await main.classroomWorkspace.findFirst({ where: { name: { in: user.workspaceIds } }, orderBy: [{ createdAt: "asc" }, { name: "asc" }] });
    if (first) workspace = first.name;
  }
  // A workspace the user may not use reads as one that does not exist (its name tells nothing).
  const db = mayUseWorkspace(user, workspace) ? await getWorkspaceDbByName(workspace).catch(() => null) : null;
  // A trainee starts in an account of their own workspaces, not in one they may not open.
  const usable = db ? usableAccounts(user, await listAccounts(db)) : [];
  const start = db ? startAccount(usable, (await cookies()).get(lastAccountCookie)?.value, await workspaceCreationTimes(db)) : undefined;
  if (start) redirect(`/w/${workspace}/${start.id}`);
  return (
    <main className="mx-auto max-w-xl p-10">
      <EmptyState title={db ? `No account to show in workspace ${workspace}` : `There is no workspace named ${workspace}`}>
        {db ? (
          <>Import an account into it, or create the workspace from the demo: <code className="font-mono">npx roleplay workspace create NAME</code>.</>
        ) : (
          <>List the workspaces with <code className="font-mono">npx roleplay workspace list</code>.</>
        )}
      </EmptyState>
    </main>
  );
}
