import type { Metadata } from "next";
import { IfAllowed } from "@/components/console-permissions";
import { PageHeader } from "@/components/ui";
import { ImportClient } from "./import-client";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Import account details" };

export default async function ImportPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "import");
  return (
    <>
      <PageHeader
        kind="Security review"
        title="Import account details"
        subtitle={
          <>
            Upload the output of <code className="rounded bg-slate-100 px-1 font-mono text-[13px]">aws iam get-account-authorization-details</code> — one file per account. Users, groups,
            roles, instance profiles and policies are merged into this workspace; importing the same file again changes nothing, and a failed import changes nothing at all.
          </>
        }
      />
      <IfAllowed permission="import" note="Importing changes the workspace and needs an editor's or an auditor's console role">
        <ImportClient account={account} />
      </IfAllowed>
    </>
  );
}
