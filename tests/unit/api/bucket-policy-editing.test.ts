/**
 * The console's bucket policy editor: the designer previews whom a draft names and validates it as
 * a resource policy; saving is compare-and-set on the bucket's version; a saved policy decides the
 * very next request through the endpoint (nothing cached past a change).
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { createTestDatabase } from "../support/test-database";
import { seedDemoWorkspace, demoWorkspaceId, mainAccount } from "../../../lib/seed/seed-demo-workspace";
import { previewPolicyDraft, validateDraft } from "../../../lib/iam/designer-preview";
import { deleteBucketPolicy, getBucketDetail, putBucketPolicy } from "../../../lib/s3/buckets";
import { createAccessKey } from "../../../lib/iam/access-keys";
import { createApiServer } from "../../../lib/api/api-server";
import { appErrorOf } from "../support/app-error";
import type { Db } from "../../../lib/db/create-client";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemoWorkspace(db);
}, 60_000);

afterAll(async () => {
  await database?.dispose();
});

const denyAlice = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "NotAlice", Effect: "Deny", Principal: { AWS: "arn:aws:iam::111111111111:user/alice" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket1/*" }, { Sid: "Partner", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket1/*" }] });

describe("bucket policy in the designer", () => {
  it("previews whom the draft's Allow statements name, against the saved policy", async () => {
    const preview = await previewPolicyDraft(db, { accountId: mainAccount, target: { kind: "bucket", bucketName: "amzn-s3-demo-bucket1" }, text: denyAlice });
    expect(preview).toEqual({ kind: "trust", before: [], after: ["AWS: arn:aws:iam::222222222222:root"] });
  });

  it("validates the draft as a resource policy: a statement without Principal is an error", () => {
    const missing = validateDraft(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket1/*" }] }), "resource");
    expect(missing.counts.ERROR).toBeGreaterThan(0);
    expect(validateDraft(denyAlice, "resource").counts.ERROR).toBe(0);
  });

  it("saving over a newer version is a Conflict and writes nothing", async () => {
    const { version } = await getBucketDetail(db, mainAccount, "amzn-s3-demo-bucket1");
    await putBucketPolicy(db, { accountId: mainAccount, bucketName: "amzn-s3-demo-bucket1", document: denyAlice, expectedVersion: version }, "editor@test");
    const theirs = denyAlice.replace("NotAlice", "StillNotAlice");
    expect((await appErrorOf(putBucketPolicy(db, { accountId: mainAccount, bucketName: "amzn-s3-demo-bucket1", document: theirs, expectedVersion: version }, "someone@test"))).code).toBe("Conflict");
    expect(JSON.parse((await getBucketDetail(db, mainAccount, "amzn-s3-demo-bucket1")).policy!.text)).toEqual(JSON.parse(denyAlice));
    await deleteBucketPolicy(db, { accountId: mainAccount, bucketName: "amzn-s3-demo-bucket1" }, "editor@test");
  });
});

describe("a policy saved in the console decides the endpoint's next request", () => {
  it("alice reads, the console denies her, her next GetObject is refused, and allowed again once the policy is gone", async () => {
    const api = createApiServer({ db, workspaceId: demoWorkspaceId });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    try {
      const key = await createAccessKey(db, { accountId: mainAccount, userName: "alice" }, "test");
      const s3 = new S3Client({ region: "us-east-1", endpoint: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, forcePathStyle: true, credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, maxAttempts: 1 });
      const status = () => s3.send(new GetObjectCommand({ Bucket: "amzn-s3-demo-bucket1", Key: "missing.txt" })).then(() => 200, (e: S3ServiceException) => e.name);
      expect(await status()).toBe("NoSuchKey");
      await putBucketPolicy(db, { accountId: mainAccount, bucketName: "amzn-s3-demo-bucket1", document: denyAlice }, "editor@test");
      expect(await status()).toBe("AccessDenied");
      await deleteBucketPolicy(db, { accountId: mainAccount, bucketName: "amzn-s3-demo-bucket1" }, "editor@test");
      expect(await status()).toBe("NoSuchKey");
    } finally {
      await new Promise((resolve) => api.close(resolve));
      await api.closeLog();
    }
  });
});
