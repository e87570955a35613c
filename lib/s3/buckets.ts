import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { arns } from "../iam/arns";
import { accountIdSchema, tagsSchema } from "../iam/names";
import { checkPolicyText, readPolicyDocument } from "../iam/policy-document";
import { readTags } from "../iam/tags";

// S3 bucket naming rules (general purpose buckets).
export const bucketNameSchema = z
  .string()
  .min(3, "Bucket names have at least 3 characters")
  .max(63, "Bucket names have at most 63 characters")
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, "Bucket names use lower-case letters, digits, dots and hyphens, and start and end with a letter or digit")
  .refine((n) => !/^\d+\.\d+\.\d+\.\d+$/.test(n), "Bucket names must not look like IP addresses")
  .refine((n) => !n.includes(".."), "Bucket names must not contain two adjacent dots");

/** S3 bucket policies are limited to 20 KB. */
const bucketPolicyLimit = 20 * 1024;

export const createBucketSchema = z.object({ accountId: accountIdSchema, name: bucketNameSchema, region: z.string().default("us-east-1"), tags: tagsSchema.default([]) });

export async function createBucket(db: Db | Tx, input: z.input<typeof createBucketSchema>, actor: Actor) {
  const data = createBucketSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const existing = await tx.bucket.findUnique({ where: { name: data.name } });
    if (existing) {
      throw new AppError("EntityAlreadyExists", existing.accountId === data.accountId ? `BucketAlreadyOwnedByYou: ${data.name}` : `BucketAlreadyExists: the bucket name ${data.name} is taken`);
    }
    const bucket = await tx.bucket.create({ data: { name: data.name, accountId: data.accountId, region: data.region, tags: JSON.stringify(data.tags) } });
    await recordAudit(tx, { actor, action: "CreateBucket", accountId: data.accountId, entityType: "Bucket", entityId: data.name, after: data });
    return bucket;
  });
}

/**
 * Sets the bucket's policy (S3 PutBucketPolicy). With `expectedVersion` (the console's editor),
 * saving over a newer version is refused with `Conflict` and nothing is written.
 */
export async function putBucketPolicy(db: Db | Tx, input: { accountId: string; bucketName: string; document: string; expectedVersion?: number }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    const bucket = await tx.bucket.findFirst({ where: { name: input.bucketName, accountId: input.accountId } });
    if (!bucket) throw new AppError("NoSuchEntity", `NoSuchBucket: ${input.bucketName}`);
    const policy = checkPolicyText(input.document, `Bucket policy of ${bucket.name}`, "resource", bucketPolicyLimit);
    const written = await tx.bucket.updateMany({ where: { name: bucket.name, ...(input.expectedVersion !== undefined && { version: input.expectedVersion }) }, data: { policy, version: { increment: 1 } } });
    if (written.count !== 1) {
      const current = await tx.bucket.findUniqueOrThrow({ where: { name: bucket.name } });
      throw new AppError("Conflict", `The policy of bucket ${bucket.name} was changed by someone else (now version ${current.version}; you edited version ${input.expectedVersion}). Review their version and apply your change again.`, {
        yourVersion: input.expectedVersion,
        currentVersion: current.version,
        yours: { policy },
        current: { policy: current.policy },
      });
    }
    await recordAudit(tx, { actor, action: "PutBucketPolicy", accountId: bucket.accountId, entityType: "Bucket", entityId: bucket.name, before: { policy: bucket.policy }, after: { policy } });
  });
}

/** Removes the bucket's policy (S3 DeleteBucketPolicy); a bucket without one stays as it is. */
export async function deleteBucketPolicy(db: Db | Tx, input: { accountId: string; bucketName: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    const bucket = await tx.bucket.findFirst({ where: { name: input.bucketName, accountId: input.accountId } });
    if (!bucket) throw new AppError("NoSuchEntity", `NoSuchBucket: ${input.bucketName}`);
    if (bucket.policy === null) return;
    await tx.bucket.update({ where: { name: bucket.name }, data: { policy: null, version: { increment: 1 } } });
    await recordAudit(tx, { actor, action: "DeleteBucketPolicy", accountId: bucket.accountId, entityType: "Bucket", entityId: bucket.name, before: { policy: bucket.policy }, after: { policy: null } });
  });
}

export async function getBucketDetail(db: Db | Tx, accountId: string, name: string) {
  const bucket = await db.bucket.findFirst({ where: { name, accountId } });
  if (!bucket) throw new AppError("NoSuchEntity", `NoSuchBucket: ${name} does not exist in account ${accountId}`);
  return {
    name: bucket.name,
    arn: arns.bucket(bucket.name),
    region: bucket.region,
    tags: readTags(bucket.tags),
    createdAt: bucket.createdAt.toISOString(),
    version: bucket.version,
    policy: bucket.policy ? { text: bucket.policy, document: readPolicyDocument(bucket.policy, `Bucket policy of ${bucket.name}`) } : null,
  };
}
