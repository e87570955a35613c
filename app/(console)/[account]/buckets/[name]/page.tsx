import type { Metadata } from "next";
import { getBucketDetail } from "@/lib/s3/buckets";
import { loadDetail } from "@/app/server/load-detail";
import { Breadcrumb } from "@/components/breadcrumb";
import { PolicyJson } from "@/components/policy-json";
import { EmptyState, KeyValues, PageHeader, Section, Tags } from "@/components/ui";
import { formatDate } from "@/components/format";
import { requireAccountAccess } from "@/app/server/account-access";
import { WhoCanPanel } from "@/components/simulator/who-can-panel";

type Params = { account: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Bucket ${decodeURIComponent((await params).name)}` };
}

export default async function BucketPage({ params }: { params: Promise<Params> }) {
  const { account, name } = await params;
  await requireAccountAccess(account, "read");
  const bucket = await loadDetail(account, (db) => getBucketDetail(db, account, decodeURIComponent(name)));
  return (
    <>
      <Breadcrumb parent="S3 buckets" href={`/${account}/buckets`} current={bucket.name} />
      <PageHeader kind="S3 bucket" title={bucket.name} />
      <Section id="summary" title="Summary">
        <KeyValues items={[{ label: "ARN", value: bucket.arn, mono: true }, { label: "Region", value: bucket.region }, { label: "Created", value: formatDate(bucket.createdAt) }, { label: "Tags", value: <Tags tags={bucket.tags} /> }]} />
      </Section>
      <Section id="policy" title="Bucket policy" description="The resource-based policy: within the account it can grant on its own; across accounts both it and the caller's identity policies must allow.">
        {bucket.policy ? <PolicyJson document={bucket.policy.document} label={`Bucket policy of ${bucket.name}`} /> : <EmptyState title="No bucket policy">Access is decided by the callers' identity policies alone.</EmptyState>}
      </Section>
      <Section id="who-can" title="Who can use this bucket?" description="Every user and role of the workspace asked, with this bucket's policy. Name an object key to ask about one object.">
        <WhoCanPanel
          account={account}
          presets={[
            { label: "Who can read an object", action: "s3:GetObject", resource: `${bucket.arn}/example.txt` },
            { label: "Who can list it", action: "s3:ListBucket", resource: bucket.arn },
            { label: "Who can write an object", action: "s3:PutObject", resource: `${bucket.arn}/example.txt` },
            { label: "Who can change its policy", action: "s3:PutBucketPolicy", resource: bucket.arn },
          ]}
        />
      </Section>
    </>
  );
}
