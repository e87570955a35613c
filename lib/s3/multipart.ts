/**
 * S3 multipart uploads kept in the workspace: CreateMultipartUpload, UploadPart, ListParts,
 * CompleteMultipartUpload, AbortMultipartUpload and ListMultipartUploads, with S3's rules — part
 * numbers 1–10,000, every part but the last at least 5 MiB, parts completed in ascending order
 * with their ETags, the object's ETag the MD5 of the parts' MD5s followed by "-" and the count.
 * The assembled object obeys Roleplay's 16 MiB limit. Authorization belongs to the caller
 * (./s3-calls-as.ts).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
 */
import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import type { Actor } from "../audit/record-audit";
import { maxObjectBytes, putObject, type ObjectHead, type ObjectInput } from "./objects";
import { S3Error } from "./s3-errors";

/** Every part but the last must be at least this large (S3's limit). */
export const minPartBytes = 5 * 1024 * 1024;
/** Part numbers run from 1 to 10,000. */
export const maxPartNumber = 10_000;
/** ListParts and ListMultipartUploads answer at most 1,000 entries per page. */
export const maxListEntries = 1000;

export type UploadTarget = { bucketName: string; key: string; uploadId: string };

export type UploadInput = Omit<ObjectInput, "body"> & { initiator: string };

/** Uploads in progress per bucket: each may hold up to 16 MiB of parts in the workspace's file. */
export const maxUploadsInProgress = 1000;

/** Begins an upload: what the object will carry once completed. */
export async function createMultipartUpload(db: Db | Tx, input: UploadInput, now: Date): Promise<string> {
  if ((await db.s3MultipartUpload.count({ where: { bucketName: input.bucketName } })) >= maxUploadsInProgress) {
    throw new S3Error("InvalidRequest", `Roleplay keeps at most ${maxUploadsInProgress} multipart uploads in progress per bucket: complete or abort some (ListMultipartUploads lists them).`);
  }
  const uploadId = randomBytes(48).toString("base64url");
  await db.s3MultipartUpload.create({
    data: {
      uploadId,
      bucketName: input.bucketName,
      key: input.key,
      contentType: input.contentType || "binary/octet-stream",
      metadata: JSON.stringify(input.metadata ?? {}),
      headers: JSON.stringify(input.headers ?? {}),
      initiator: input.initiator,
      initiatedAt: now,
    },
  });
  return uploadId;
}

const noSuchUpload = (uploadId: string) => new S3Error("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", { UploadId: uploadId });

async function requireUpload(db: Db | Tx, target: UploadTarget) {
  const upload = await db.s3MultipartUpload.findUnique({ where: { uploadId: target.uploadId } });
  if (!upload || upload.bucketName !== target.bucketName || upload.key !== target.key) throw noSuchUpload(target.uploadId);
  return upload;
}

/** A part number as S3 takes it: an integer from 1 to 10,000. */
export function partNumberOf(text: string | null): number {
  const n = text !== null && /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= maxPartNumber)) throw new S3Error("InvalidArgument", `Part number must be an integer between 1 and ${maxPartNumber}, inclusive`, { ArgumentName: "partNumber", ArgumentValue: text ?? "" });
  return n;
}

/** Stores (or replaces) one part; its ETag is the part's MD5. The upload's parts stay within 16 MiB. */
export async function uploadPart(db: Db | Tx, target: UploadTarget & { partNumber: number; body: Buffer }, now: Date): Promise<{ etag: string }> {
  const etag = createHash("md5").update(target.body).digest("hex");
  return inTransaction(db, async (tx) => {
    await requireUpload(tx, target);
    const others = await tx.s3UploadPart.aggregate({ where: { uploadId: target.uploadId, partNumber: { not: target.partNumber } }, _sum: { size: true } });
    const total = (others._sum.size ?? 0) + target.body.length;
    if (total > maxObjectBytes) throw new S3Error("EntityTooLarge", `Your proposed upload exceeds the maximum allowed size: Roleplay stores objects of at most ${maxObjectBytes} bytes, and this upload's parts would make ${total}.`, { ProposedSize: String(total), MaxSizeAllowed: String(maxObjectBytes) });
    const data = { body: new Uint8Array(target.body), size: target.body.length, etag, lastModified: new Date(Math.floor(now.getTime() / 1000) * 1000) };
    await tx.s3UploadPart.upsert({ where: { uploadId_partNumber: { uploadId: target.uploadId, partNumber: target.partNumber } }, create: { uploadId: target.uploadId, partNumber: target.partNumber, ...data }, update: data });
    return { etag };
  });
}

/** The bytes of an existing object for UploadPartCopy, cut to `x-amz-copy-source-range` when given. */
export function copyRange(body: Buffer, range: string | undefined): Buffer {
  if (range === undefined) return body;
  const m = /^bytes=(\d+)-(\d+)$/.exec(range.trim());
  if (!m) throw new S3Error("InvalidArgument", "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy", { ArgumentName: "x-amz-copy-source-range", ArgumentValue: range });
  const first = Number(m[1]);
  const last = Number(m[2]);
  if (first > last || last >= body.length) throw new S3Error("InvalidRange", "The requested range is not satisfiable", { RangeRequested: range, ActualObjectSize: String(body.length) });
  return body.subarray(first, last + 1);
}

export type CompletedPart = { partNumber: number; etag: string };


/**
 * Assembles the listed parts into the object, replacing any object at that key, and ends the
 * upload. S3's checks, in its order: ascending part numbers, each part present with that ETag,
 * every part but the last at least 5 MiB.
 */
export async function completeMultipartUpload(db: Db | Tx, target: UploadTarget & { parts: CompletedPart[] }, actor: Actor, now: Date): Promise<ObjectHead> {
  for (let i = 1; i < target.parts.length; i++) {
    if (target.parts[i].partNumber <= target.parts[i - 1].partNumber) throw new S3Error("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", { UploadId: target.uploadId });
  }
  return inTransaction(db, async (tx) => {
    const upload = await requireUpload(tx, target);
    // Every part of the upload (at most 16 MiB together), not an IN list of up to 10,000 numbers.
    const stored = await tx.s3UploadPart.findMany({ where: { uploadId: target.uploadId } });
    const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
    const chosen = target.parts.map((p) => {
      const part = byNumber.get(p.partNumber);
      if (!part || part.etag !== p.etag) throw new S3Error("InvalidPart", "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", { UploadId: target.uploadId, PartNumber: String(p.partNumber), ETag: p.etag });
      return part;
    });
    chosen.slice(0, -1).forEach((part) => {
      if (part.size < minPartBytes) throw new S3Error("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", { ProposedSize: String(part.size), MinSizeAllowed: String(minPartBytes), PartNumber: String(part.partNumber), ETag: part.etag });
    });
    const body = Buffer.concat(chosen.map((p) => Buffer.from(p.body)));
    const etag = `${createHash("md5")
      .update(Buffer.concat(chosen.map((p) => Buffer.from(p.etag, "hex"))))
      .digest("hex")}-${chosen.length}`;
    const head = await putObject(
      tx,
      { bucketName: upload.bucketName, key: upload.key, body, contentType: upload.contentType, metadata: JSON.parse(upload.metadata), headers: JSON.parse(upload.headers), etag },
      actor,
      now,
    );
    await tx.s3MultipartUpload.delete({ where: { uploadId: upload.uploadId } });
    return head;
  });
}

/** Ends an upload without an object; its parts are discarded. */
export async function abortMultipartUpload(db: Db | Tx, target: UploadTarget): Promise<void> {
  await inTransaction(db, async (tx) => {
    await requireUpload(tx, target);
    await tx.s3MultipartUpload.delete({ where: { uploadId: target.uploadId } });
  });
}

/** ListParts: the parts uploaded so far, after `partNumberMarker`, at most `maxParts`. */
export async function listParts(db: Db | Tx, target: UploadTarget & { maxParts?: number; partNumberMarker?: number }) {
  const upload = await requireUpload(db, target);
  const take = Math.min(Math.max(target.maxParts ?? maxListEntries, 0), maxListEntries);
  const rows = await db.s3UploadPart.findMany({
    where: { uploadId: target.uploadId, partNumber: { gt: target.partNumberMarker ?? 0 } },
    orderBy: { partNumber: "asc" },
    take: take + 1,
    select: { partNumber: true, size: true, etag: true, lastModified: true },
  });
  const parts = rows.slice(0, take);
  return { upload, parts, isTruncated: rows.length > take, nextPartNumberMarker: parts.at(-1)?.partNumber };
}

/**
 * ListMultipartUploads: the uploads in progress in a bucket, by key then upload id, after
 * `keyMarker` (and `uploadIdMarker` within that key), at most `maxUploads`.
 */
export async function listMultipartUploads(db: Db | Tx, input: { bucketName: string; prefix?: string; maxUploads?: number; keyMarker?: string; uploadIdMarker?: string }) {
  const take = Math.min(Math.max(input.maxUploads ?? maxListEntries, 0), maxListEntries);
  // Prisma's startsWith is SQLite's LIKE, which ignores case; S3's prefixes do not. At most
  // maxUploadsInProgress rows, so the filter runs here.
  const rows = (
    await db.s3MultipartUpload.findMany({
      where: { bucketName: input.bucketName },
      orderBy: [{ key: "asc" }, { uploadId: "asc" }],
      select: { uploadId: true, key: true, initiator: true, initiatedAt: true },
    })
  ).filter((u) => {
    if (!u.key.startsWith(input.prefix ?? "")) return false;
    if (input.keyMarker === undefined) return true;
    return u.key > input.keyMarker || (u.key === input.keyMarker && input.uploadIdMarker !== undefined && u.uploadId > input.uploadIdMarker);
  });
  const uploads = rows.slice(0, take);
  const last = uploads.at(-1);
  const isTruncated = rows.length > take;
  return { uploads, isTruncated, nextKeyMarker: isTruncated ? last?.key : undefined, nextUploadIdMarker: isTruncated ? last?.uploadId : undefined };
}
