import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/prisma";
import { listAccounts, startAccount, workspaceCreationTimes } from "@/lib/iam/accounts";
import { lastAccountCookie } from "@/lib/iam/account-cookie";
import { EmptyState } from "@/components/ui";
import { requireUser } from "@/app/server/session";
import { usableAccounts } from "@/lib/auth/console-roles";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await requireUser("read");
  const db = await getDb();
  // A trainee starts in an account of their own workspaces, not in one they may not open.
  const usable = usableAccounts(user, await listAccounts(db));
  const start = startAccount(usable, (await cookies()).get(lastAccountCookie)?.value, await workspaceCreationTimes(db));
  if (start) redirect(`/${start.id}`);
  return (
    <main className="mx-auto max-w-xl p-10">
      <EmptyState title="No account to show yet">
        Run <code className="font-mono">npx roleplay setup</code> to seed the demo workspace.
      </EmptyState>
    </main>
  );
}
