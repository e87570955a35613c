import type { Metadata } from "next";
import { Breadcrumb } from "@/components/breadcrumb";
import { PageHeader } from "@/components/ui";
import { emptyPermissionPolicy } from "@/lib/designer/trust-templates";
import { PolicyEditorClient } from "../policy-editor-client";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Create policy" };

export default async function NewPolicyPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "edit");
  return (
    <>
      <Breadcrumb parent="Policies" href={`/${account}/policies`} current="Create policy" />
      <PageHeader kind="Customer-managed policy" title="Create policy" subtitle="A managed policy can be attached to several roles, users and groups; it keeps up to five versions." />
      <PolicyEditorClient account={account} initialText={emptyPermissionPolicy()} />
    </>
  );
}
