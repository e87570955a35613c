import { percentDecodedOrAsSent } from "@/lib/percent-decoding";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumb } from "@/components/breadcrumb";
import { PageHeader } from "@/components/ui";
import { loadDetail } from "@/app/server/load-detail";
import { getPolicyDetail, isPolicyArn } from "@/lib/iam/managed-policies";
import { policyRevision } from "@/lib/iam/role-designer";
import { PolicyEditorClient } from "../../policy-editor-client";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Create policy version" };

export default async function NewPolicyVersionPage({ params }: { params: Promise<{ account: string; arn: string }> }) {
  const { account, arn } = await params;
  await requireAccountAccess(account, "edit");
  // A URL naming no policy ARN at all names nothing: the 404 page, like an ARN that does not exist.
  if (!isPolicyArn(percentDecodedOrAsSent(arn))) notFound();
  const policy = await loadDetail(account, (db) => getPolicyDetail(db, account, percentDecodedOrAsSent(arn)));
  if (policy.kind !== "customer") notFound();
  const current = policy.versions.find((v) => v.isDefault) ?? policy.versions[0];
  return (
    <>
      <Breadcrumb parent={`Policy ${policy.name}`} href={`/${account}/policies/${encodeURIComponent(policy.arn)}`} current="New version" />
      <PageHeader kind="Customer-managed policy" title={`${policy.name}: new version`} subtitle={`Starting from the default version ${current.versionId}. The policy has ${policy.versions.length} of 5 versions.`} />
      <PolicyEditorClient account={account} initialText={current.text} existing={{ arn: policy.arn, name: policy.name, revision: policyRevision({ defaultVersionId: policy.defaultVersionId, versions: policy.versions }), versionCount: policy.versions.length }} />
    </>
  );
}
