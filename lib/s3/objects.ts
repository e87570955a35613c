/**
 * S3 objects stored in the workspace: bytes (at most 16 MiB each), Content-Type, the ETag (hex MD5
 * of the body, as S3 gives it for single-part uploads; see ./multipart.ts for the others), user metadata, a few stored headers and
 * the last-modified time; ListObjectsV2's prefix, delimiter, continuation and StartAfter. Keys
 * are listed in UTF-8 binary order, as S3 lists them. Authorization belongs to the caller
 * (./s3-calls-as.ts).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
import { createHash } from "node:crypto";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { recordAudit, type Actor } from "../audit/record-audit";

/** The largest object Roleplay stores (S3 itself takes 5 GiB in one PUT). */
export const maxObjectBytes = 16 * 1024 * 1024;
/** S3 object keys are at most 1024 bytes of UTF-8. */
export const maxKeyBytes = 1024;
/** ListObjectsV2 returns at most 1000 keys per page. */
export const maxListKeys = 1000;

/** Headers S3 stores with an object and answers again on GET and HEAD. */
export const storedHeaderNames = ["cache-control", "content-disposition", "content-encoding", "content-language", "expires"] as const;

export type ObjectInput = {
  bucketName: string;
  key: string;
  body: Buffer;
  contentType?: string;
  /** User metadata (x-amz-meta-NAME → value), names lower-cased. */
  metadata?: Record<string, string>;
  headers?: Partial<Record<(typeof storedHeaderNames)[number], string>>;
  /** The ETag of an object assembled from parts ("MD5-N"); otherwise the body's MD5. */
  etag?: string;
};

export type ObjectHead = {
  bucketName: string;
  key: string;
  size: number;
  contentType: string;
  etag: string;
  metadata: Record<string, string>;
  headers: Record<string, string>;
  lastModified: Date;
};

export type StoredObject = ObjectHead & { body: Buffer };

function readJsonRecord(text: string): Record<string, string> {
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    return {};
  }
}

type Row = { bucketName: string; key: string; size: number; contentType: string; etag: string; metadata: string; headers: string; lastModified: Date };

function head(row: Row): ObjectHead {
  return { bucketName: row.bucketName, key: row.key, size: row.size, contentType: row.contentType, etag: row.etag, metadata: readJsonRecord(row.metadata), headers: readJsonRecord(row.headers), lastModified: row.lastModified };
}

const headSelect = { bucketName: true, key: true, size: true, contentType: true, etag: true, metadata: true, headers: true, lastModified: true } as const;

/** Stores (or replaces) an object. S3 has no versioning here: the last write wins. */
export async function putObject(db: Db | Tx, input: ObjectInput, actor: Actor, now: Date): Promise<ObjectHead> {
  const etag = input.etag ?? createHash("md5").update(input.body).digest("hex");
  const data = {
    body: new Uint8Array(input.body),
    size: input.body.length,
    contentType: input.contentType || "binary/octet-stream",
    etag,
    metadata: JSON.stringify(input.metadata ?? {}),
    headers: JSON.stringify(input.headers ?? {}),
    lastModified: new Date(Math.floor(now.getTime() / 1000) * 1000),
  };
  return inTransaction(db, async (tx) => {
    const bucket = await tx.bucket.findUniqueOrThrow({ where: { name: input.bucketName }, select: { accountId: true } });
    const row = await tx.s3Object.upsert({
      where: { bucketName_key: { bucketName: input.bucketName, key: input.key } },
      create: { bucketName: input.bucketName, key: input.key, ...data },
      update: data,
      select: headSelect,
    });
    await recordAudit(tx, { actor, action: "PutObject", accountId: bucket.accountId, entityType: "S3Object", entityId: `${input.bucketName}/${input.key}`, after: { size: row.size, etag: row.etag, contentType: row.contentType } });
    return head(row);
  });
}

/**
 * The object with its body, or null. Raw SQL: GetObject is the endpoint's hottest read, and a
 * Prisma query costs a query compilation each time.
 */
export async function findObject(db: Db | Tx, bucketName: string, key: string): Promise<StoredObject | null> {
  const [row] = await db.$queryRaw<(Row & { body: Uint8Array })[]>`SELECT "bucketName", "key", "body", "size", "contentType", "etag", "metadata", "headers", "lastModified" FROM "S3Object" WHERE "bucketName" = ${bucketName} AND "key" = ${key}`;
  if (!row) return null;
  return { ...head({ ...row, size: Number(row.size), lastModified: new Date(row.lastModified) }), body: Buffer.from(row.body.buffer, row.body.byteOffset, row.body.byteLength) };
}

/** The object's metadata without its body, or null. */
export async function findObjectHead(db: Db | Tx, bucketName: string, key: string): Promise<ObjectHead | null> {
  const row = await db.s3Object.findUnique({ where: { bucketName_key: { bucketName, key } }, select: headSelect });
  return row ? head(row) : null;
}

/** Deletes an object; deleting a missing key succeeds, as on S3. */
export async function deleteObject(db: Db | Tx, input: { bucketName: string; key: string }, actor: Actor): Promise<void> {
  await inTransaction(db, async (tx) => {
    const existing = await tx.s3Object.findUnique({ where: { bucketName_key: input }, select: { size: true, etag: true, bucket: { select: { accountId: true } } } });
    if (!existing) return;
    await tx.s3Object.delete({ where: { bucketName_key: input } });
    await recordAudit(tx, { actor, action: "DeleteObject", accountId: existing.bucket.accountId, entityType: "S3Object", entityId: `${input.bucketName}/${input.key}`, before: { size: existing.size, etag: existing.etag } });
  });
}

export type ListObjectsInput = {
  bucketName: string;
  prefix?: string;
  delimiter?: string;
  maxKeys?: number;
  continuationToken?: string;
  startAfter?: string;
};

export type ListObjectsPage = {
  contents: { key: string; size: number; etag: string; lastModified: Date }[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
  keyCount: number;
};

/** An opaque position: after this key, or past every key under this common prefix. */
type Position = { after: string; prefix: boolean };

function encodeToken(position: Position): string {
  return Buffer.from(JSON.stringify([position.after, position.prefix ? 1 : 0])).toString("base64url");
}

/** The position a continuation token names; undefined when it is not one of ours. */
export function decodeContinuationToken(token: string): Position | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(value) && typeof value[0] === "string" && (value[1] === 0 || value[1] === 1)) return { after: value[0], prefix: value[1] === 1 };
  } catch {
    // Not a token of ours.
  }
  return undefined;
}

// The least string greater than every string starting with `prefix`.
function pastPrefix(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/**
 * ListObjectsV2: keys under `prefix` in order, keys sharing the text up to the next `delimiter`
 * rolled into one common prefix (which counts as one key), at most `maxKeys` per page.
 */
export async function listObjects(db: Db | Tx, input: ListObjectsInput): Promise<ListObjectsPage> {
  const prefix = input.prefix ?? "";
  const delimiter = input.delimiter || undefined;
  const maxKeys = Math.min(Math.max(input.maxKeys ?? maxListKeys, 0), maxListKeys);
  const start = input.continuationToken ? decodeContinuationToken(input.continuationToken) : input.startAfter ? { after: input.startAfter, prefix: false } : undefined;
  const contents: ListObjectsPage["contents"] = [];
  const commonPrefixes: string[] = [];
  let cursor: { gt?: string; gte?: string } = start ? (start.prefix ? { gte: pastPrefix(start.after) } : { gt: start.after }) : prefix ? { gte: prefix } : {};
  if (prefix && cursor.gt !== undefined && cursor.gt < prefix) cursor = { gte: prefix };
  if (prefix && cursor.gte !== undefined && cursor.gte < prefix) cursor = { gte: prefix };
  let last: Position | undefined;
  let truncated = false;
  const batch = 200;
  outer: for (;;) {
    const rows = await db.s3Object.findMany({
      where: { bucketName: input.bucketName, key: cursor },
      orderBy: { key: "asc" },
      take: batch,
      select: { key: true, size: true, etag: true, lastModified: true },
    });
    for (const row of rows) {
      if (!row.key.startsWith(prefix)) {
        if (row.key > prefix) break outer;
        continue;
      }
      const cut = delimiter ? row.key.indexOf(delimiter, prefix.length) : -1;
      if (contents.length + commonPrefixes.length >= maxKeys) {
        truncated = true;
        break outer;
      }
      if (cut >= 0) {
        const common = row.key.slice(0, cut + delimiter!.length);
        commonPrefixes.push(common);
        last = { after: common, prefix: true };
        cursor = { gte: pastPrefix(common) };
        continue outer;
      }
      contents.push(row);
      last = { after: row.key, prefix: false };
    }
    if (rows.length < batch) break;
    cursor = { gt: rows[rows.length - 1].key };
  }
  return {
    contents,
    commonPrefixes,
    isTruncated: truncated,
    nextContinuationToken: truncated && last ? encodeToken(last) : undefined,
    keyCount: contents.length + commonPrefixes.length,
  };
}

/** The objects of a bucket for the console: keys, sizes, types and dates (no bodies). */
export async function listBucketObjects(db: Db | Tx, bucketName: string, take = 200) {
  const rows = await db.s3Object.findMany({ where: { bucketName }, orderBy: { key: "asc" }, take, select: { key: true, size: true, contentType: true, etag: true, lastModified: true } });
  return rows.map((r) => ({ ...r, lastModified: r.lastModified.toISOString() }));
}
