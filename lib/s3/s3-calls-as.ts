/**
 * S3 operations performed as an IAM principal, authorized by the evaluator before anything is
 * read or written: the caller's policies, the bucket's policy (which decides across accounts with
 * them), the RCPs over the bucket's account, and the keys S3 puts in each request (s3:prefix,
 * s3:delimiter, s3:max-keys for listing; the request's auth keys). Refusals are S3's
 * `AccessDenied`. A missing key is `NoSuchKey` only for a caller that may list the bucket, as on
 * S3; bucket-policy operations outside the bucket owner's account are `MethodNotAllowed`.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
 */
import type { Db, Tx } from "../db/create-client";
import type { Actor } from "../audit/record-audit";
import { arns } from "../iam/arns";
import { checkRequest, requireAllowed, type AuthorizationCheck } from "../authz/authorize-call";
import { compileStoredPolicySet } from "../iam/stored-policies";
import { callerContext, type Context } from "../authz/call-context";
import type { ActingPrincipal } from "../authz/principal-policies";
import { loadResourceSide, type ResourceSide } from "../authz/resource-policies";
import { isAppError } from "../errors";
import { deleteBucketPolicy, putBucketPolicy } from "./buckets";
import { deleteObject, findObject, findObjectHead, listObjects, putObject, type ListObjectsInput, type ObjectInput, type StoredObject } from "./objects";
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listMultipartUploads, listParts, uploadPart, type CompletedPart, type UploadInput, type UploadTarget } from "./multipart";
import { S3Error } from "./s3-errors";

/** Who asks, and what S3 knows of the request. */
export type S3Call = {
  principal: ActingPrincipal;
  /** The workspace clock's now. */
  now: Date;
  /** The workspace whose buckets this door serves (buckets elsewhere do not exist for it). */
  workspaceId: string;
  actor: Actor;
  /** S3's keys about the request itself: s3:authType, s3:signatureversion, s3:x-amz-content-sha256, s3:signatureAge. */
  requestKeys?: Context;
  /** Reads an object with its body (default: from the database; a door may answer hot objects from memory). */
  readObject?: (db: Db | Tx, bucketName: string, key: string) => Promise<StoredObject | null>;
};

/** ListAllMyBuckets names no bucket; policies grant it on arn:aws:s3:::* (or *). */
export const allBucketsResource = "arn:aws:s3:::*";

export function objectArn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}

async function requireBucket(db: Db | Tx, call: S3Call, name: string) {
  const bucket = await db.bucket.findUnique({ where: { name }, select: { name: true, accountId: true, region: true, policy: true, createdAt: true, account: { select: { workspaceId: true } } } });
  if (!bucket || bucket.account.workspaceId !== call.workspaceId) throw new S3Error("NoSuchBucket", "The specified bucket does not exist", { BucketName: name });
  return bucket;
}

// A principal (one object per version of the IAM model, when its door reuses it) with one bucket
// policy compiles once: compiling is most of a decision's work.
const compiledSets = new WeakMap<ActingPrincipal, Map<string, ReturnType<typeof compileStoredPolicySet>>>();
function compiledFor(principal: ActingPrincipal, side: ResourceSide) {
  let byResource = compiledSets.get(principal);
  if (!byResource) compiledSets.set(principal, (byResource = new Map()));
  const key = JSON.stringify([side.policy?.name ?? "", side.policy?.document ?? "", side.rcps]);
  let compiled = byResource.get(key);
  if (!compiled) {
    compiled = compileStoredPolicySet({ ...principal.policies, resourcePolicy: side.policy, rcps: side.rcps });
    if (byResource.size > 100) byResource.clear();
    byResource.set(key, compiled);
  }
  return compiled;
}

async function check(db: Db | Tx, call: S3Call, action: string, resource: string, keys: Context = {}): Promise<AuthorizationCheck> {
  const side = await loadResourceSide(db, action, resource, call.principal.accountId);
  return checkRequest(
    call.principal,
    { action, resource, resourceAccount: side.account, resourcePolicy: side.policy, rcps: side.rcps, context: { ...callerContext(call.principal, call.now), ...call.requestKeys, ...keys } },
    compiledFor(call.principal, side),
  );
}

async function allow(db: Db | Tx, call: S3Call, action: string, resource: string, keys: Context = {}): Promise<AuthorizationCheck> {
  return requireAllowed(await check(db, call, action, resource, keys), "s3");
}

/** ListBuckets: the buckets of the caller's account (s3:ListAllMyBuckets). */
export async function listBucketsAs(db: Db | Tx, call: S3Call) {
  await allow(db, call, "s3:ListAllMyBuckets", allBucketsResource);
  return db.bucket.findMany({ where: { accountId: call.principal.accountId }, orderBy: { name: "asc" }, select: { name: true, region: true, createdAt: true } });
}

/** HeadBucket (s3:ListBucket): the bucket's region. */
export async function headBucketAs(db: Db | Tx, call: S3Call, bucketName: string) {
  const bucket = await requireBucket(db, call, bucketName);
  await allow(db, call, "s3:ListBucket", arns.bucket(bucket.name));
  return { region: bucket.region };
}

/** GetBucketLocation (s3:GetBucketLocation). */
export async function getBucketLocationAs(db: Db | Tx, call: S3Call, bucketName: string) {
  const bucket = await requireBucket(db, call, bucketName);
  await allow(db, call, "s3:GetBucketLocation", arns.bucket(bucket.name));
  return { region: bucket.region };
}

/** ListObjectsV2 (s3:ListBucket with s3:prefix, s3:delimiter and s3:max-keys as given). */
export async function listObjectsAs(db: Db | Tx, call: S3Call, input: ListObjectsInput) {
  const bucket = await requireBucket(db, call, input.bucketName);
  const keys: Context = {};
  if (input.prefix !== undefined) keys["s3:prefix"] = input.prefix;
  if (input.delimiter !== undefined) keys["s3:delimiter"] = input.delimiter;
  if (input.maxKeys !== undefined) keys["s3:max-keys"] = String(input.maxKeys);
  await allow(db, call, "s3:ListBucket", arns.bucket(bucket.name), keys);
  return listObjects(db, input);
}

/** After an allowed read of a missing key: NoSuchKey if the caller may list the bucket, else AccessDenied. */
async function missingKey(db: Db | Tx, call: S3Call, bucket: string, key: string): Promise<never> {
  const listing = await check(db, call, "s3:ListBucket", arns.bucket(bucket));
  if (listing.allowed) throw new S3Error("NoSuchKey", "The specified key does not exist.", { Key: key });
  throw new S3Error("AccessDenied", "Access Denied");
}

/** GetObject (s3:GetObject on the object's ARN). */
export async function getObjectAs(db: Db | Tx, call: S3Call, bucketName: string, key: string) {
  const bucket = await requireBucket(db, call, bucketName);
  await allow(db, call, "s3:GetObject", objectArn(bucket.name, key));
  return (await (call.readObject ?? findObject)(db, bucket.name, key)) ?? missingKey(db, call, bucket.name, key);
}

/** HeadObject: GetObject's authorization, without the body. */
export async function headObjectAs(db: Db | Tx, call: S3Call, bucketName: string, key: string) {
  const bucket = await requireBucket(db, call, bucketName);
  await allow(db, call, "s3:GetObject", objectArn(bucket.name, key));
  return (await findObjectHead(db, bucket.name, key)) ?? missingKey(db, call, bucket.name, key);
}

/** GetObjectTagging (s3:GetObjectTagging): the object must exist; Roleplay keeps no object tags. */
export async function getObjectTaggingAs(db: Db | Tx, call: S3Call, bucketName: string, key: string) {
  const bucket = await requireBucket(db, call, bucketName);
  await allow(db, call, "s3:GetObjectTagging", objectArn(bucket.name, key));
  return (await findObjectHead(db, bucket.name, key)) ?? missingKey(db, call, bucket.name, key);
}

/** PutObject (s3:PutObject on the object's ARN; a copy adds s3:x-amz-copy-source and s3:x-amz-metadata-directive). */
export async function putObjectAs(db: Db | Tx, call: S3Call, input: ObjectInput, keys: Context = {}) {
  const bucket = await requireBucket(db, call, input.bucketName);
  await allow(db, call, "s3:PutObject", objectArn(bucket.name, input.key), keys);
  return putObject(db, input, call.actor, call.now);
}

/** DeleteObject (s3:DeleteObject); a missing key is deleted without error, as on S3. */
export async function deleteObjectAs(db: Db | Tx, call: S3Call, bucketName: string, key: string) {
  const bucket = await requireBucket(db, call, bucketName);
  await allow(db, call, "s3:DeleteObject", objectArn(bucket.name, key));
  await deleteObject(db, { bucketName: bucket.name, key }, call.actor);
}

/** DeleteObjects: each key decided on its own (s3:DeleteObject); a refused key is an error entry, not a failed request. */
export async function deleteObjectsAs(db: Db | Tx, call: S3Call, bucketName: string, keys: string[]) {
  const bucket = await requireBucket(db, call, bucketName);
  const results: ({ key: string; deleted: true } | { key: string; deleted: false; code: "AccessDenied" | "KeyTooLongError"; message: string })[] = [];
  for (const key of keys) {
    if (Buffer.byteLength(key) > 1024) {
      results.push({ key, deleted: false, code: "KeyTooLongError", message: "Your key is too long" });
      continue;
    }
    const decision = await check(db, call, "s3:DeleteObject", objectArn(bucket.name, key));
    if (!decision.allowed) {
      results.push({ key, deleted: false, code: "AccessDenied", message: "Access Denied" });
      continue;
    }
    await deleteObject(db, { bucketName: bucket.name, key }, call.actor);
    results.push({ key, deleted: true });
  }
  return results;
}

/**
 * CopyObject: s3:GetObject on the source and s3:PutObject on the destination, each decided as the
 * caller (the two buckets may be in different accounts, each with its own policy).
 */
export async function copyObjectAs(db: Db | Tx, call: S3Call, source: { bucketName: string; key: string }, destination: (source: StoredObject) => ObjectInput, keys: Context) {
  const original = await getObjectAs(db, call, source.bucketName, source.key);
  return putObjectAs(db, call, destination(original), keys);
}

/** UploadPartCopy: s3:GetObject on the source, s3:PutObject on the upload's object. */
export async function uploadPartCopyAs(db: Db | Tx, call: S3Call, source: { bucketName: string; key: string }, target: UploadTarget & { partNumber: number }, bytes: (source: StoredObject) => Buffer, keys: Context) {
  const original = await getObjectAs(db, call, source.bucketName, source.key);
  return uploadPartAs(db, call, { ...target, body: bytes(original) }, keys);
}

/** CreateMultipartUpload (s3:PutObject on the object's ARN, as S3 authorizes every step of an upload). */
export async function createMultipartUploadAs(db: Db | Tx, call: S3Call, input: Omit<UploadInput, "initiator">) {
  const bucket = await requireBucket(db, call, input.bucketName);
  await allow(db, call, "s3:PutObject", objectArn(bucket.name, input.key));
  return createMultipartUpload(db, { ...input, initiator: call.principal.callerArn }, call.now);
}

/** UploadPart (s3:PutObject). */
export async function uploadPartAs(db: Db | Tx, call: S3Call, target: UploadTarget & { partNumber: number; body: Buffer }, keys: Context = {}) {
  const bucket = await requireBucket(db, call, target.bucketName);
  await allow(db, call, "s3:PutObject", objectArn(bucket.name, target.key), keys);
  return uploadPart(db, target, call.now);
}

/** CompleteMultipartUpload (s3:PutObject). */
export async function completeMultipartUploadAs(db: Db | Tx, call: S3Call, target: UploadTarget & { parts: CompletedPart[] }) {
  const bucket = await requireBucket(db, call, target.bucketName);
  await allow(db, call, "s3:PutObject", objectArn(bucket.name, target.key));
  return completeMultipartUpload(db, target, call.actor, call.now);
}

/** AbortMultipartUpload (s3:AbortMultipartUpload). */
export async function abortMultipartUploadAs(db: Db | Tx, call: S3Call, target: UploadTarget) {
  const bucket = await requireBucket(db, call, target.bucketName);
  await allow(db, call, "s3:AbortMultipartUpload", objectArn(bucket.name, target.key));
  await abortMultipartUpload(db, target);
}

/** ListParts (s3:ListMultipartUploadParts). */
export async function listPartsAs(db: Db | Tx, call: S3Call, target: UploadTarget & { maxParts?: number; partNumberMarker?: number }) {
  const bucket = await requireBucket(db, call, target.bucketName);
  await allow(db, call, "s3:ListMultipartUploadParts", objectArn(bucket.name, target.key));
  return listParts(db, target);
}

/** ListMultipartUploads (s3:ListBucketMultipartUploads on the bucket). */
export async function listMultipartUploadsAs(db: Db | Tx, call: S3Call, input: Parameters<typeof listMultipartUploads>[1]) {
  const bucket = await requireBucket(db, call, input.bucketName);
  await allow(db, call, "s3:ListBucketMultipartUploads", arns.bucket(bucket.name));
  return listMultipartUploads(db, input);
}

/**
 * S3 answers bucket-policy operations only to the bucket owner's account: "If you have the correct
 * permissions, but you're not using an identity that belongs to the bucket owner's account, Amazon
 * S3 returns a 405 Method Not Allowed error" (PutBucketPolicy, API Reference).
 */
function requireOwnerAccount(call: S3Call, bucket: { accountId: string }) {
  if (call.principal.accountId !== bucket.accountId) throw new S3Error("MethodNotAllowed", "The specified method is not allowed against this resource.", { Method: "PolicyOperation", ResourceType: "BUCKETPOLICY" });
}

/** GetBucketPolicy (s3:GetBucketPolicy): the stored document, or NoSuchBucketPolicy. */
export async function getBucketPolicyAs(db: Db | Tx, call: S3Call, bucketName: string): Promise<string> {
  const bucket = await requireBucket(db, call, bucketName);
  await allow(db, call, "s3:GetBucketPolicy", arns.bucket(bucket.name));
  requireOwnerAccount(call, bucket);
  if (bucket.policy === null) throw new S3Error("NoSuchBucketPolicy", "The bucket policy does not exist", { BucketName: bucket.name });
  return bucket.policy;
}

/** PutBucketPolicy (s3:PutBucketPolicy): validated as a resource policy; MalformedPolicy otherwise. */
export async function putBucketPolicyAs(db: Db | Tx, call: S3Call, bucketName: string, document: string) {
  const bucket = await requireBucket(db, call, bucketName);
  await allow(db, call, "s3:PutBucketPolicy", arns.bucket(bucket.name));
  requireOwnerAccount(call, bucket);
  try {
    await putBucketPolicy(db, { accountId: bucket.accountId, bucketName: bucket.name, document }, call.actor);
  } catch (error) {
    if (isAppError(error) && (error.code === "MalformedPolicyDocument" || error.code === "LimitExceeded")) throw new S3Error("MalformedPolicy", error.message);
    throw error;
  }
}

/** DeleteBucketPolicy (s3:DeleteBucketPolicy). */
export async function deleteBucketPolicyAs(db: Db | Tx, call: S3Call, bucketName: string) {
  const bucket = await requireBucket(db, call, bucketName);
  await allow(db, call, "s3:DeleteBucketPolicy", arns.bucket(bucket.name));
  requireOwnerAccount(call, bucket);
  await deleteBucketPolicy(db, { accountId: bucket.accountId, bucketName: bucket.name }, call.actor);
}
