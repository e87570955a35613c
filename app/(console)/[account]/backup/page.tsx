import type { Metadata } from "next";
import { requireAccountAccess } from "@/app/server/account-access";
import { PageHeader, Section } from "@/components/ui";
import { RestoreForm } from "./restore-form";
import { currentWorkspaceName } from "@/app/server/workspace-db";

export const metadata: Metadata = { title: "Backup and restore" };

export default async function BackupPage({ params }: { params: Promise<{ account: string }> }) {
  await requireAccountAccess((await params).account, "admin");
  const workspace = await currentWorkspaceName();
  return (
    <>
      <PageHeader kind="Console" title="Backup and restore" subtitle="The whole workspace as one JSON file: accounts, IAM model, sandbox and audit log. People and credentials are not included." />
      <Section title="Back up" description={`Workspace ${workspace}: the same file as npx roleplay workspace export FILE --workspace ${workspace}.`}>
        <a href={`/w/${workspace}/api/workspace/export`} className="inline-block rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700" download>Download backup</a>
      </Section>
      <Section title="Restore" description="The whole file is checked before anything is written; a damaged file changes nothing. Replacing keeps this console's audit log and records the restore in it.">
        <RestoreForm />
      </Section>
    </>
  );
}
