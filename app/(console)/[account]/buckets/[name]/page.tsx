import { percentDecodedOrAsSent } from "@/lib/percent-decoding";
import type { Metadata } from "next";
import { getBucketDetail } from "@/lib/s3/buckets";
import { loadDetail } from "@/app/server/load-detail";
import { Breadcrumb } from "@/components/breadcrumb";
import { PolicyJson } from "@/components/policy-json";
import { EmptyState, KeyValues, PageHeader, Section, Tags, TextLink } from "@/components/ui";
import { IfAllowed } from "@/components/console-permissions";
import { listBucketObjects } from "@/lib/s3/objects";
import { formatDate } from "@/components/format";
import { requireAccountAccess } from "@/app/server/account-access";
import { WhoCanPanel } from "@/components/simulator/who-can-panel";

type Params = { account: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Bucket ${percentDecodedOrAsSent((await params).name)}` };
}

export default async function BucketPage({ params }: { params: Promise<Params> }) {
  const { account, name } = await params;
  await requireAccountAccess(account, "read");
  const bucket = await loadDetail(account, (db) => getBucketDetail(db, account, percentDecodedOrAsSent(name)));
  const objects = await loadDetail(account, (db) => listBucketObjects(db, bucket.name));
  return (
    <>
      <Breadcrumb parent="S3 buckets" href={`/${account}/buckets`} current={bucket.name} />
      <PageHeader kind="S3 bucket" title={bucket.name} />
      <Section id="summary" title="Summary">
        <KeyValues items={[{ label: "ARN", value: bucket.arn, mono: true }, { label: "Region", value: bucket.region }, { label: "Created", value: formatDate(bucket.createdAt) }, { label: "Tags", value: <Tags tags={bucket.tags} /> }]} />
      </Section>
      <Section
        id="policy"
        title="Bucket policy"
        description="The resource-based policy: within the account it can grant on its own; across accounts both it and the caller's identity policies must allow."
        actions={<IfAllowed permission="edit"><TextLink href={`/${account}/buckets/${encodeURIComponent(bucket.name)}/policy`}>{bucket.policy ? "Edit policy" : "Add a policy"}</TextLink></IfAllowed>}
      >
        {bucket.policy ? <PolicyJson document={bucket.policy.document} label={`Bucket policy of ${bucket.name}`} /> : <EmptyState title="No bucket policy">Access is decided by the callers' identity policies alone.</EmptyState>}
      </Section>
      <Section id="objects" title={`Objects (${objects.length}${objects.length === 200 ? "+" : ""})`} description="What npx roleplay api serves from this bucket: GetObject, PutObject, ListObjectsV2 and the rest, each decided with the bucket policy above.">
        {objects.length === 0 ? (
          <EmptyState title="No objects">Upload one through the endpoint: <code className="font-mono">aws --endpoint-url http://127.0.0.1:4566 s3 cp FILE s3://{bucket.name}/</code></EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr><th className="py-1 pr-3 font-medium">Key</th><th className="py-1 pr-3 font-medium">Size</th><th className="py-1 pr-3 font-medium">Type</th><th className="py-1 pr-3 font-medium">ETag</th><th className="py-1 font-medium">Last modified</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {objects.map((o) => (
                <tr key={o.key}>
                  <td className="break-all py-1.5 pr-3 font-mono text-xs">{o.key}</td>
                  <td className="py-1.5 pr-3 tabular-nums">{o.size.toLocaleString("en")} B</td>
                  <td className="py-1.5 pr-3 text-xs">{o.contentType}</td>
                  <td className="py-1.5 pr-3 font-mono text-xs text-slate-500">{o.etag}</td>
                  <td className="whitespace-nowrap py-1.5">{formatDate(o.lastModified)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
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
