import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/prisma";
import { listAccounts } from "@/lib/iam/accounts";
import { EmptyState } from "@/components/ui";
import { requireUser } from "@/app/server/session";
import { usableAccounts } from "@/lib/auth/console-roles";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await requireUser("read");
  // A trainee starts in an account of their own workspaces, not in one they may not open.
  const [first] = usableAccounts(user, await listAccounts(await getDb()));
  if (first) redirect(`/${first.id}`);
  return (
    <main className="mx-auto max-w-xl p-10">
      <EmptyState title="No account to show yet">
        Run <code className="font-mono">npx roleplay setup</code> to seed the demo workspace.
      </EmptyState>
    </main>
  );
}
