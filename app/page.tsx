import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/prisma";
import { listAccounts } from "@/lib/iam/accounts";
import { EmptyState } from "@/components/ui";
import { requireUser } from "@/app/server/session";

export const dynamic = "force-dynamic";

export default async function Home() {
  await requireUser("read");
  const [first] = await listAccounts(await getDb());
  if (first) redirect(`/${first.id}`);
  return (
    <main className="mx-auto max-w-xl p-10">
      <EmptyState title="This workspace has no accounts yet">
        Run <code className="font-mono">npx roleplay setup</code> to seed the demo workspace.
      </EmptyState>
    </main>
  );
}
