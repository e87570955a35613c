import type { Metadata } from "next";
import Link from "@/components/workspace-link";
import { getDb } from "@/lib/db/prisma";
import { readEnv } from "@/lib/env";
import { readLabDirectory } from "@/lib/labs";
import { listAssignableUsers, listWorkspaceOverview } from "@/lib/workspaces/classroom";
import { requireAccountAccess } from "@/app/server/account-access";
import { currentWorkspaceName } from "@/app/server/workspace-db";
import { PageHeader } from "@/components/ui";
import { WorkspacesClient } from "./workspaces-client";

export const metadata: Metadata = { title: "Workspaces" };

export default async function WorkspacesPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "classroom");
  const db = await getDb();
  const [workspaces, trainees, current] = await Promise.all([listWorkspaceOverview(db, readEnv().databasePath), listAssignableUsers(db), currentWorkspaceName()]);
  const { labs, problems } = readLabDirectory();
  return (
    <>
      <PageHeader
        kind="Console"
        title="Workspaces"
        subtitle="Each workspace is a sandbox of its own — accounts, IAM, instances, clock and audit log. Make one per trainee, reset it, and follow the class."
        actions={
          <Link href={`/${account}/workspaces/progress`} className="inline-flex items-center rounded-md bg-white px-3.5 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Trainer&apos;s view →
          </Link>
        }
      />
      {problems.length > 0 && (
        <p role="alert" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Some lab files cannot be read and are left out: {problems.join("; ")}
        </p>
      )}
      <WorkspacesClient
        account={account}
        current={current}
        now={new Date().toISOString()}
        workspaces={workspaces}
        labs={labs.map((l) => ({ id: l.id, title: l.title }))}
        trainees={trainees}
      />
    </>
  );
}
