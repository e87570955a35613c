import { percentDecodedOrAsSent } from "@/lib/percent-decoding";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumb } from "@/components/breadcrumb";
import { PageHeader } from "@/components/ui";
import { loadDetail } from "@/app/server/load-detail";
import { getRoleDetail } from "@/lib/iam/roles";
import { InlinePolicyClient } from "../inline-policy-client";
import { requireAccountAccess } from "@/app/server/account-access";

type Params = { account: string; name: string; policy: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Inline policy ${percentDecodedOrAsSent((await params).policy)}` };
}

export default async function InlinePolicyPage({ params }: { params: Promise<Params> }) {
  const { account, name, policy } = await params;
  await requireAccountAccess(account, "edit");
  const role = await loadDetail(account, (db) => getRoleDetail(db, account, percentDecodedOrAsSent(name)));
  const inline = role.inlinePolicies.find((p) => p.name === percentDecodedOrAsSent(policy));
  if (!inline) notFound();
  return (
    <>
      <Breadcrumb parent={`Role ${role.name}`} href={`/${account}/roles/${encodeURIComponent(role.name)}`} current={inline.name} />
      <PageHeader kind={`Inline policy of role ${role.name}`} title={inline.name} subtitle={`Editing from role version ${role.version}. If someone saves first, your save is refused and both versions are shown.`} />
      <InlinePolicyClient account={account} roleName={role.name} roleVersion={role.version} policyName={inline.name} initialText={inline.text} />
    </>
  );
}
