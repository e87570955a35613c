import { percentDecodedOrAsSent } from "@/lib/percent-decoding";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPolicyDetail, isPolicyArn } from "@/lib/iam/managed-policies";
import { loadDetail } from "@/app/server/load-detail";
import { Breadcrumb } from "@/components/breadcrumb";
import { PolicyJson } from "@/components/policy-json";
import { Badge, KeyValues, PageHeader, Section, TextLink } from "@/components/ui";
import { roleAllows } from "@/lib/auth/console-roles";
import { policyRevision } from "@/lib/iam/role-designer";
import { PolicyVersionsClient } from "./policy-versions-client";
import { requireAccountAccess } from "@/app/server/account-access";
import { WhoCanPanel } from "@/components/simulator/who-can-panel";

type Params = { account: string; arn: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Policy ${percentDecodedOrAsSent((await params).arn).split("/").pop()}` };
}

const kindPath = { role: "roles", user: "users", group: "groups" } as const;

export default async function PolicyPage({ params }: { params: Promise<Params> }) {
  const { account, arn } = await params;
  const user = await requireAccountAccess(account, "read");
  // A URL naming no policy ARN at all names nothing: the 404 page, like an ARN that does not exist.
  if (!isPolicyArn(percentDecodedOrAsSent(arn))) notFound();
  const policy = await loadDetail(account, (db) => getPolicyDetail(db, account, percentDecodedOrAsSent(arn)));
  const current = policy.versions.find((v) => v.isDefault) ?? policy.versions[0];
  return (
    <>
      <Breadcrumb parent="Policies" href={`/${account}/policies`} current={policy.name} />
      <PageHeader
        kind="Managed policy"
        title={policy.name}
        subtitle={<span className="flex items-center gap-2"><Badge tone={policy.kind === "aws" ? "amber" : "indigo"}>{policy.kind === "aws" ? "AWS managed" : "Customer managed"}</Badge>{policy.description}</span>}
      />
      <Section id="summary" title="Summary">
        <KeyValues
          items={[
            { label: "ARN", value: policy.arn, mono: true },
            { label: "Path", value: policy.path, mono: true },
            { label: "Default version", value: policy.defaultVersionId, mono: true },
            { label: "Attached to", value: policy.attachedTo.length ? <span className="flex flex-wrap gap-2">{policy.attachedTo.map((a) => <TextLink key={a.kind + a.name} href={`/${account}/${kindPath[a.kind]}/${encodeURIComponent(a.name)}`}>{`${a.kind} ${a.name}`}</TextLink>)}</span> : <span className="text-slate-500">nothing in this account</span> },
          ]}
        />
      </Section>
      <Section id="document" title={`Policy document (${current.versionId}, default)`}>
        <PolicyJson document={current.document} label={`Policy ${policy.name} ${current.versionId}`} />
      </Section>
      {policy.kind === "customer" && (
        <Section id="versions" title={`Versions (${policy.versions.length} of 5)`} description="AWS keeps at most five versions of a customer-managed policy; exactly one is the default.">
          <PolicyVersionsClient account={account} arn={policy.arn} canEdit={roleAllows(user.role, "edit")} revision={policyRevision({ defaultVersionId: policy.defaultVersionId, versions: policy.versions })} versions={policy.versions.map((v) => ({ versionId: v.versionId, isDefault: v.isDefault, createdAt: v.createdAt }))} />
        </Section>
      )}
      <Section id="who-can" title="Who can use or change this policy?" description="Every user and role of the workspace asked. Whoever can write a new default version of a policy attached to them can grant themselves anything.">
        <WhoCanPanel
          account={account}
          presets={[
            ...(policy.kind === "customer"
              ? [
                  { label: "Who can write a new version", action: "iam:CreatePolicyVersion", resource: policy.arn },
                  { label: "Who can change the default version", action: "iam:SetDefaultPolicyVersion", resource: policy.arn },
                  { label: "Who can delete it", action: "iam:DeletePolicy", resource: policy.arn },
                ]
              : []),
            { label: "Who can attach it to any role", action: "iam:AttachRolePolicy", resource: `arn:aws:iam::${account}:role/*`, context: { "iam:PolicyARN": policy.arn } },
          ]}
        />
      </Section>
    </>
  );
}
