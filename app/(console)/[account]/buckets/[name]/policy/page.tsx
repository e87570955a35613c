import { percentDecodedOrAsSent } from "@/lib/percent-decoding";
import type { Metadata } from "next";
import { Breadcrumb } from "@/components/breadcrumb";
import { PageHeader } from "@/components/ui";
import { loadDetail } from "@/app/server/load-detail";
import { requireAccountAccess } from "@/app/server/account-access";
import { getBucketDetail } from "@/lib/s3/buckets";
import { BucketPolicyClient } from "./bucket-policy-client";

export const metadata: Metadata = { title: "Edit bucket policy" };

/** A starting point for a bucket without a policy: the account's own principals may read it. */
function starterPolicy(account: string, bucket: string): string {
  return JSON.stringify(
    { Version: "2012-10-17", Statement: [{ Sid: "AccountReadsObjects", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` }] },
    null,
    2,
  );
}

export default async function BucketPolicyPage({ params }: { params: Promise<{ account: string; name: string }> }) {
  const { account, name } = await params;
  await requireAccountAccess(account, "edit");
  const bucket = await loadDetail(account, (db) => getBucketDetail(db, account, percentDecodedOrAsSent(name)));
  return (
    <>
      <Breadcrumb parent={`Bucket ${bucket.name}`} href={`/${account}/buckets/${encodeURIComponent(bucket.name)}`} current="Bucket policy" />
      <PageHeader
        kind={`S3 bucket ${bucket.name}`}
        title="Bucket policy"
        subtitle="The bucket's resource-based policy: it decides every request to the bucket with the callers' own policies — including requests through npx roleplay api. Across accounts, both must allow."
      />
      <BucketPolicyClient account={account} bucketName={bucket.name} version={bucket.version} initialText={bucket.policy?.text ?? starterPolicy(account, bucket.name)} saved={Boolean(bucket.policy)} />
    </>
  );
}
