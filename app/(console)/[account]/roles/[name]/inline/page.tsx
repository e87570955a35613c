import type { Metadata } from "next";
import { Breadcrumb } from "@/components/breadcrumb";
import { PageHeader } from "@/components/ui";
import { loadDetail } from "@/app/server/load-detail";
import { requireUser } from "@/app/server/session";
import { findRole } from "@/lib/iam/roles";
import { emptyPermissionPolicy } from "@/lib/designer/trust-templates";
import { InlinePolicyClient } from "./inline-policy-client";

export const metadata: Metadata = { title: "Add inline policy" };

export default async function NewInlinePolicyPage({ params }: { params: Promise<{ account: string; name: string }> }) {
  await requireUser("edit");
  const { account, name } = await params;
  const role = await loadDetail((db) => findRole(db, account, decodeURIComponent(name)));
  return (
    <>
      <Breadcrumb parent={`Role ${role.name}`} href={`/${account}/roles/${encodeURIComponent(role.name)}`} current="Add inline policy" />
      <PageHeader kind={`Role ${role.name}`} title="Add inline policy" subtitle="Build it visually or in JSON; the preview shows what it adds to the role before you save." />
      <InlinePolicyClient account={account} roleName={role.name} roleVersion={role.version} initialText={emptyPermissionPolicy()} />
    </>
  );
}
