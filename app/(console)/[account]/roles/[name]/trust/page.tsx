import { percentDecodedOrAsSent } from "@/lib/percent-decoding";
import type { Metadata } from "next";
import { Breadcrumb } from "@/components/breadcrumb";
import { PageHeader } from "@/components/ui";
import { loadDetail } from "@/app/server/load-detail";
import { findRole } from "@/lib/iam/roles";
import { TrustPolicyClient } from "./trust-policy-client";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Edit trust policy" };

export default async function TrustPolicyPage({ params }: { params: Promise<{ account: string; name: string }> }) {
  const { account, name } = await params;
  await requireAccountAccess(account, "edit");
  const role = await loadDetail(account, (db) => findRole(db, account, percentDecodedOrAsSent(name)));
  return (
    <>
      <Breadcrumb parent={`Role ${role.name}`} href={`/${account}/roles/${encodeURIComponent(role.name)}`} current="Trust policy" />
      <PageHeader kind={`Role ${role.name}`} title="Trust policy" subtitle="Who may call sts:AssumeRole on this role. The preview lists principals the draft adds or removes." />
      <TrustPolicyClient account={account} roleName={role.name} roleVersion={role.version} initialText={role.trustPolicy} />
    </>
  );
}
