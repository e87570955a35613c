import { percentDecodedOrAsSent } from "@/lib/percent-decoding";
import type { Metadata } from "next";
import { Breadcrumb } from "@/components/breadcrumb";
import { PageHeader } from "@/components/ui";
import { loadDetail } from "@/app/server/load-detail";
import { findRole } from "@/lib/iam/roles";
import { emptyPermissionPolicy } from "@/lib/designer/trust-templates";
import { InlinePolicyClient } from "./inline-policy-client";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Add inline policy" };

export default async function NewInlinePolicyPage({ params }: { params: Promise<{ account: string; name: string }> }) {
  const { account, name } = await params;
  await requireAccountAccess(account, "edit");
  const role = await loadDetail(account, (db) => findRole(db, account, percentDecodedOrAsSent(name)));
  return (
    <>
      <Breadcrumb parent={`Role ${role.name}`} href={`/${account}/roles/${encodeURIComponent(role.name)}`} current="Add inline policy" />
      <PageHeader kind={`Role ${role.name}`} title="Add inline policy" subtitle="Build it visually or in JSON; the preview shows what it adds to the role before you save." />
      <InlinePolicyClient account={account} roleName={role.name} roleVersion={role.version} initialText={emptyPermissionPolicy()} />
    </>
  );
}
