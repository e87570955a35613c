/**
 * S3's REST API, path-style (`/BUCKET/KEY`), over the workspace: ListBuckets, ListObjectsV2 (and
 * V1), GetObject (single ranges, conditional headers, response-* overrides), HeadObject,
 * PutObject (Content-MD5 and x-amz-checksum-* verified), CopyObject, DeleteObject, DeleteObjects,
 * multipart uploads (Create, UploadPart, UploadPartCopy, ListParts, Complete, Abort,
 * ListMultipartUploads), GetObjectTagging (always empty), Get/Put/DeleteBucketPolicy, GetBucketLocation, HeadBucket — each through lib/s3/s3-calls-as.ts as the caller, answered with
 * S3's headers and XML.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 */
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import type { Db } from "../db/create-client";
import { arns } from "../iam/arns";
import type { Context } from "../authz/call-context";
import { decodeContinuationToken, maxKeyBytes, maxListKeys, maxObjectBytes, storedHeaderNames, type ObjectHead, type StoredObject } from "../s3/objects";
import { copyRange, partNumberOf } from "../s3/multipart";
import { readCompletedParts, readDeleteRequest } from "../s3/request-xml";
import {
  abortMultipartUploadAs,
  allBucketsResource,
  completeMultipartUploadAs,
  copyObjectAs,
  createMultipartUploadAs,
  deleteBucketPolicyAs,
  deleteObjectsAs,
  deleteObjectAs,
  getBucketLocationAs,
  getBucketPolicyAs,
  getObjectAs,
  getObjectTaggingAs,
  headBucketAs,
  headObjectAs,
  listBucketsAs,
  listMultipartUploadsAs,
  listObjectsAs,
  listPartsAs,
  objectArn,
  putBucketPolicyAs,
  putObjectAs,
  uploadPartAs,
  uploadPartCopyAs,
  type S3Call,
} from "../s3/s3-calls-as";
import { S3Error } from "../s3/s3-errors";
import { xmlChildren, xmlDeclaration, type XmlValue } from "./xml";
import { percentDecoded } from "../percent-decoding";

const NS = "http://s3.amazonaws.com/doc/2006-03-01/";

/** What an S3 request is, read from its method, path and query before anything else. */
export type S3Route = { operation: string; action: string; resource: string; bucket?: string; key?: string };

/** The answer: status, headers, body. */
export type S3Answer = { status: number; headers: Record<string, string>; body?: Buffer | string };

function splitPath(rawPath: string): { bucket?: string; key?: string } {
  const path = rawPath.replace(/^\/+/, "");
  if (!path) return {};
  const slash = path.indexOf("/");
  const decode = (text: string) => {
    const decoded = percentDecoded(text);
    if (decoded === undefined) throw new S3Error("InvalidArgument", "The path is not validly percent-encoded.");
    return decoded;
  };
  if (slash < 0) return { bucket: decode(path) };
  const key = path.slice(slash + 1);
  return { bucket: decode(path.slice(0, slash)), key: key ? decode(key) : undefined };
}

/** Names the operation of a request (for the answer and the decision log). A copy names its source in a header. */
export function routeS3(method: string, rawPath: string, query: URLSearchParams, headers: Record<string, string | string[] | undefined> = {}): S3Route {
  const copies = headers["x-amz-copy-source"] !== undefined;
  const { bucket, key } = splitPath(rawPath);
  if (!bucket) {
    if (method === "GET") return { operation: "ListBuckets", action: "s3:ListAllMyBuckets", resource: allBucketsResource };
    return { operation: "Unknown", action: "s3:*", resource: allBucketsResource };
  }
  const bucketArn = arns.bucket(bucket);
  if (key === undefined) {
    if (query.has("policy")) {
      const op = { GET: "GetBucketPolicy", PUT: "PutBucketPolicy", DELETE: "DeleteBucketPolicy" }[method];
      if (op) return { operation: op, action: `s3:${op}`, resource: bucketArn, bucket };
    } else if (query.has("uploads") && method === "GET") {
      return { operation: "ListMultipartUploads", action: "s3:ListBucketMultipartUploads", resource: bucketArn, bucket };
    } else if (query.has("delete") && method === "POST") {
      return { operation: "DeleteObjects", action: "s3:DeleteObject", resource: bucketArn, bucket };
    } else if (query.has("location") && method === "GET") {
      return { operation: "GetBucketLocation", action: "s3:GetBucketLocation", resource: bucketArn, bucket };
    } else if (method === "HEAD") {
      return { operation: "HeadBucket", action: "s3:ListBucket", resource: bucketArn, bucket };
    } else if (method === "GET" && !hasSubresource(query)) {
      return { operation: query.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects", action: "s3:ListBucket", resource: bucketArn, bucket };
    }
    return { operation: "Unknown", action: "s3:*", resource: bucketArn, bucket };
  }
  const resource = objectArn(bucket, key);
  if (query.has("uploads") && method === "POST") return { operation: "CreateMultipartUpload", action: "s3:PutObject", resource, bucket, key };
  if (query.has("tagging") && method === "GET") return { operation: "GetObjectTagging", action: "s3:GetObjectTagging", resource, bucket, key };
  if (query.has("uploadId")) {
    if (method === "PUT" && query.has("partNumber")) return { operation: copies ? "UploadPartCopy" : "UploadPart", action: "s3:PutObject", resource, bucket, key };
    if (method === "POST") return { operation: "CompleteMultipartUpload", action: "s3:PutObject", resource, bucket, key };
    if (method === "DELETE") return { operation: "AbortMultipartUpload", action: "s3:AbortMultipartUpload", resource, bucket, key };
    if (method === "GET") return { operation: "ListParts", action: "s3:ListMultipartUploadParts", resource, bucket, key };
  }
  if (!hasSubresource(query)) {
    if (method === "GET") return { operation: "GetObject", action: "s3:GetObject", resource, bucket, key };
    if (method === "HEAD") return { operation: "HeadObject", action: "s3:GetObject", resource, bucket, key };
    if (method === "PUT") return { operation: copies ? "CopyObject" : "PutObject", action: "s3:PutObject", resource, bucket, key };
    if (method === "DELETE") return { operation: "DeleteObject", action: "s3:DeleteObject", resource, bucket, key };
  }
  return { operation: "Unknown", action: "s3:*", resource, bucket, key };
}

// Query parameters that ask for a sub-resource (an operation Roleplay does not serve) rather than
// list or read options.
const listingParams = new Set(["list-type", "prefix", "delimiter", "max-keys", "continuation-token", "start-after", "encoding-type", "fetch-owner", "marker", "versionId", "partNumber", "x-id"]);
function hasSubresource(query: URLSearchParams): boolean {
  for (const k of query.keys()) if (!listingParams.has(k) && !k.startsWith("response-") && !k.startsWith("X-Amz-") && !k.startsWith("x-amz-")) return true;
  return false;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

function xml(status: number, root: string, children: Record<string, XmlValue>): S3Answer {
  return { status, headers: { "Content-Type": "application/xml" }, body: `${xmlDeclaration}<${root} xmlns="${NS}">${xmlChildren(children, "flat")}</${root}>` };
}

/** S3's canonical user id: 64 hex characters, one per account. */
function canonicalUserId(accountId: string): string {
  return createHash("sha256").update(`roleplay-canonical-user:${accountId}`).digest("hex");
}

function objectHeaders(head: ObjectHead, query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {
    "Content-Type": head.contentType,
    ETag: `"${head.etag}"`,
    "Last-Modified": head.lastModified.toUTCString(),
    "Accept-Ranges": "bytes",
  };
  for (const name of storedHeaderNames) if (head.headers[name]) out[name] = head.headers[name];
  for (const [name, value] of Object.entries(head.metadata)) out[`x-amz-meta-${name}`] = value;
  // A presigned link may ask for other headers on the answer (response-content-disposition, …).
  const overrides: Record<string, string> = { "response-content-type": "Content-Type", "response-content-disposition": "content-disposition", "response-cache-control": "cache-control", "response-content-encoding": "content-encoding", "response-content-language": "content-language", "response-expires": "expires" };
  for (const [param, name] of Object.entries(overrides)) {
    const value = query.get(param);
    if (value !== null) out[name] = value;
  }
  return out;
}

/** The single byte range a Range header asks for; undefined to answer the whole object. */
function byteRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!value) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  let start: number;
  let end: number;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) throw new S3Error("InvalidRange", "The requested range is not satisfiable", { RangeRequested: value, ActualObjectSize: String(size) });
    start = Math.max(size - suffix, 0);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) throw new S3Error("InvalidRange", "The requested range is not satisfiable", { RangeRequested: value, ActualObjectSize: String(size) });
  return { start, end };
}

/**
 * Which of S3's four preconditions fails for an object, read from headers named `prefix` + the
 * condition (GET and HEAD: "if-…"; a copy's source: "x-amz-copy-source-if-…"), or null when all
 * hold. As S3 pairs them: a holding If-Match overrides If-Unmodified-Since, a present
 * If-None-Match overrides If-Modified-Since. The If-Match pair fails as 412; the other pair's
 * failure means "not modified".
 */
function failedPrecondition(head: ObjectHead, headers: Record<string, string | string[] | undefined>, prefix: string): { condition: string; notModified: boolean } | null {
  const etag = `"${head.etag}"`;
  const modified = Math.floor(head.lastModified.getTime() / 1000) * 1000;
  const matchesAny = (list: string) => list.split(",").some((t) => t.trim() === "*" || t.trim() === etag || t.trim() === head.etag);
  const ifMatch = header(headers, `${prefix}if-match`);
  const ifNoneMatch = header(headers, `${prefix}if-none-match`);
  const unmodifiedSince = header(headers, `${prefix}if-unmodified-since`);
  const modifiedSince = header(headers, `${prefix}if-modified-since`);
  if (ifMatch !== undefined && !matchesAny(ifMatch)) return { condition: "If-Match", notModified: false };
  if (ifMatch === undefined && unmodifiedSince && modified > Date.parse(unmodifiedSince)) return { condition: "If-Unmodified-Since", notModified: false };
  if (ifNoneMatch !== undefined && matchesAny(ifNoneMatch)) return { condition: "If-None-Match", notModified: true };
  if (ifNoneMatch === undefined && modifiedSince && modified <= Date.parse(modifiedSince)) return { condition: "If-Modified-Since", notModified: true };
  return null;
}

const preconditionFailed = (condition: string) => new S3Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: condition });

/** GET and HEAD's conditional headers: 412, or a 304 answer, or undefined to answer the object. */
function conditional(head: ObjectHead, headers: Record<string, string | string[] | undefined>): S3Answer | undefined {
  const failed = failedPrecondition(head, headers, "");
  if (!failed) return undefined;
  if (!failed.notModified) throw preconditionFailed(failed.condition);
  return { status: 304, headers: { ETag: `"${head.etag}"`, "Last-Modified": head.lastModified.toUTCString() } };
}

/** The checksums a PUT may carry, each checked against the body; echoed as S3 echoes them. */
function verifyDigests(headers: Record<string, string | string[] | undefined>, body: Buffer): Record<string, string> {
  const echoed: Record<string, string> = {};
  const md5 = header(headers, "content-md5");
  if (md5 !== undefined && md5 !== createHash("md5").update(body).digest("base64")) throw new S3Error("BadDigest", "The Content-MD5 you specified did not match what we received.");
  const sums: Record<string, () => string> = {
    "x-amz-checksum-crc32": () => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(crc32(body) >>> 0);
      return b.toString("base64");
    },
    "x-amz-checksum-sha1": () => createHash("sha1").update(body).digest("base64"),
    "x-amz-checksum-sha256": () => createHash("sha256").update(body).digest("base64"),
  };
  for (const [name, compute] of Object.entries(sums)) {
    const given = header(headers, name);
    if (given === undefined) continue;
    if (given !== compute()) throw new S3Error("BadDigest", `The ${name.slice("x-amz-checksum-".length).toUpperCase()} you specified did not match the calculated checksum.`);
    echoed[name] = given;
  }
  return echoed;
}

/** A PUT's or a part's body: within the object limit, and matching every checksum it carries (echoed back). */
function verifiedUpload(request: S3Request): Record<string, string> {
  if (request.payload.length > maxObjectBytes) throw new S3Error("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", { ProposedSize: String(request.payload.length), MaxSizeAllowed: String(maxObjectBytes) });
  return verifyDigests({ ...request.headers, ...request.trailers }, request.payload);
}

function listInteger(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!/^\d+$/.test(value)) throw new S3Error("InvalidArgument", `Provided ${name} not an integer or within integer range`, { ArgumentName: name, ArgumentValue: value });
  return Number(value);
}

function checkedKey(key: string): string {
  if (Buffer.byteLength(key) > maxKeyBytes) throw new S3Error("KeyTooLongError", `Your key is too long: object keys are at most ${maxKeyBytes} bytes of UTF-8.`);
  return key;
}

/** Content-Type, user metadata (x-amz-meta-*) and the headers S3 stores, as a PUT or an upload's start gives them. */
function objectAttributes(headers: Record<string, string | string[] | undefined>) {
  const metadata: Record<string, string> = {};
  const stored: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(",") : value;
    if (name.startsWith("x-amz-meta-")) metadata[name.slice("x-amz-meta-".length)] = text;
    else if ((storedHeaderNames as readonly string[]).includes(name) && !(name === "content-encoding" && text === "aws-chunked")) stored[name] = text.replace(/^aws-chunked,\s*/, "");
  }
  return { contentType: header(headers, "content-type"), metadata, headers: stored };
}

/** The object `x-amz-copy-source` names: "bucket/key" (URL-encoded, with or without a leading slash). */
function copySource(headers: Record<string, string | string[] | undefined>): { bucketName: string; key: string } {
  const raw = header(headers, "x-amz-copy-source") ?? "";
  const [path, version] = raw.split("?", 2);
  if (version !== undefined && version.startsWith("versionId=") && version !== "versionId=null") throw new S3Error("InvalidArgument", "Roleplay's buckets are not versioned: a copy source may not name a version.", { ArgumentName: "x-amz-copy-source", ArgumentValue: raw });
  const decoded = percentDecoded(path.replace(/^\//, "")) ?? "";
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) throw new S3Error("InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey", { ArgumentName: "x-amz-copy-source", ArgumentValue: raw });
  return { bucketName: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

/**
 * The condition key a copy sets on its s3:PutObject: the source as the request names it, without
 * a leading slash (policies write `bucket/key`), and decoded.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys
 */
function copyKeys(headers: Record<string, string | string[] | undefined>): Context {
  const source = copySource(headers);
  return { "s3:x-amz-copy-source": `${source.bucketName}/${source.key}` };
}

/** x-amz-copy-source-if-*: a copy whose source fails any of them is PreconditionFailed (never 304). */
function copyConditions(source: StoredObject, headers: Record<string, string | string[] | undefined>) {
  const failed = failedPrecondition(source, headers, "x-amz-copy-source-");
  if (failed) throw preconditionFailed(`x-amz-copy-source-${failed.condition}`);
}

export type S3Request = {
  db: Db;
  call: S3Call;
  route: S3Route;
  method: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The verified payload (de-chunked). */
  payload: Buffer;
  /** Checksums an aws-chunked upload sent after its payload. */
  trailers?: Record<string, string>;
};

/** S3's keys about how the request was signed, for bucket and identity policy conditions. */
export function s3RequestKeys(input: { presigned: boolean; contentSha256: string | undefined; signedAt: Date; realNow: Date }): Context {
  const keys: Context = {
    "s3:authType": input.presigned ? "REST-QUERY-STRING" : "REST-HEADER",
    "s3:signatureversion": "AWS4-HMAC-SHA256",
    "s3:x-amz-content-sha256": input.contentSha256 ?? "UNSIGNED-PAYLOAD",
  };
  if (input.presigned) keys["s3:signatureAge"] = String(Math.max(0, input.realNow.getTime() - input.signedAt.getTime()));
  return keys;
}

/** Answers one authenticated S3 request as the caller. */
export async function answerS3(request: S3Request): Promise<S3Answer> {
  const { db, call, route, query, headers } = request;
  const bucket = route.bucket!;
  switch (route.operation) {
    case "ListBuckets": {
      const buckets = await listBucketsAs(db, call);
      return xml(200, "ListAllMyBucketsResult", {
        Owner: { ID: canonicalUserId(call.principal.accountId), DisplayName: call.principal.accountId },
        Buckets: { Bucket: buckets.map((b) => ({ Name: b.name, CreationDate: b.createdAt, BucketRegion: b.region })) },
      });
    }
    case "HeadBucket": {
      const { region } = await headBucketAs(db, call, bucket);
      return { status: 200, headers: { "x-amz-bucket-region": region } };
    }
    case "GetBucketLocation": {
      const { region } = await getBucketLocationAs(db, call, bucket);
      return { status: 200, headers: { "Content-Type": "application/xml" }, body: `${xmlDeclaration}<LocationConstraint xmlns="${NS}">${region === "us-east-1" ? "" : region}</LocationConstraint>` };
    }
    case "ListObjectsV2":
    case "ListObjects": {
      const v2 = route.operation === "ListObjectsV2";
      const encode = query.get("encoding-type");
      if (encode !== null && encode !== "url") throw new S3Error("InvalidArgument", "Invalid Encoding Method specified in Request", { ArgumentName: "encoding-type", ArgumentValue: encode });
      const token = v2 ? (query.get("continuation-token") ?? undefined) : undefined;
      if (token !== undefined && !decodeContinuationToken(token)) throw new S3Error("InvalidArgument", "The continuation token provided is incorrect", { ArgumentName: "continuation-token" });
      const maxKeys = listInteger(query, "max-keys");
      const prefix = query.get("prefix") ?? undefined;
      const delimiter = query.get("delimiter") ?? undefined;
      const startAfter = (v2 ? query.get("start-after") : query.get("marker")) ?? undefined;
      const page = await listObjectsAs(db, call, { bucketName: bucket, prefix, delimiter, maxKeys, continuationToken: token, startAfter });
      const e = (text: string | undefined) => (text === undefined ? undefined : encode ? encodeURIComponent(text) : text);
      const contents = page.contents.map((o) => ({ Key: e(o.key), LastModified: o.lastModified, ETag: `"${o.etag}"`, Size: o.size, StorageClass: "STANDARD" }));
      const common = page.commonPrefixes.map((p) => ({ Prefix: e(p) }));
      const last = page.contents.at(-1)?.key;
      return xml(200, "ListBucketResult", {
        Name: bucket,
        Prefix: e(prefix ?? ""),
        ...(v2 ? { StartAfter: e(query.get("start-after") ?? undefined), ContinuationToken: token, KeyCount: page.keyCount } : { Marker: e(query.get("marker") ?? "") }),
        Delimiter: e(delimiter),
        MaxKeys: maxKeys ?? maxListKeys,
        EncodingType: encode ?? undefined,
        IsTruncated: page.isTruncated,
        ...(v2 ? { NextContinuationToken: page.nextContinuationToken } : { NextMarker: page.isTruncated && delimiter ? e(last) : undefined }),
        Contents: contents,
        CommonPrefixes: common,
      });
    }
    case "GetBucketPolicy": {
      const policy = await getBucketPolicyAs(db, call, bucket);
      return { status: 200, headers: { "Content-Type": "application/json" }, body: policy };
    }
    case "PutBucketPolicy":
      await putBucketPolicyAs(db, call, bucket, request.payload.toString("utf8"));
      return { status: 204, headers: {} };
    case "DeleteBucketPolicy":
      await deleteBucketPolicyAs(db, call, bucket);
      return { status: 204, headers: {} };
    case "GetObject":
    case "HeadObject": {
      const key = route.key!;
      const head = route.operation === "GetObject" ? await getObjectAs(db, call, bucket, key) : await headObjectAs(db, call, bucket, key);
      const unchanged = conditional(head, headers);
      if (unchanged) return unchanged;
      const out = objectHeaders(head, query);
      const range = byteRange(header(headers, "range"), head.size);
      if (range) {
        out["Content-Range"] = `bytes ${range.start}-${range.end}/${head.size}`;
        out["Content-Length"] = String(range.end - range.start + 1);
        return { status: 206, headers: out, body: "body" in head ? (head.body as Buffer).subarray(range.start, range.end + 1) : undefined };
      }
      out["Content-Length"] = String(head.size);
      return { status: 200, headers: out, body: "body" in head ? (head.body as Buffer) : undefined };
    }
    case "PutObject": {
      const key = checkedKey(route.key!);
      const echoed = verifiedUpload(request);
      const head = await putObjectAs(db, call, { bucketName: bucket, key, body: request.payload, ...objectAttributes(headers) });
      return { status: 200, headers: { ETag: `"${head.etag}"`, ...echoed } };
    }
    case "CopyObject": {
      const key = checkedKey(route.key!);
      const source = copySource(headers);
      const directive = header(headers, "x-amz-metadata-directive") ?? "COPY";
      if (directive !== "COPY" && directive !== "REPLACE") throw new S3Error("InvalidArgument", "Unknown metadata directive.", { ArgumentName: "x-amz-metadata-directive", ArgumentValue: directive });
      if (source.bucketName === bucket && source.key === key && directive === "COPY") {
        throw new S3Error("InvalidRequest", "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
      }
      const head = await copyObjectAs(
        db,
        call,
        source,
        (original) => {
          copyConditions(original, headers);
          const attributes = directive === "COPY" ? { contentType: original.contentType, metadata: original.metadata, headers: original.headers } : objectAttributes(headers);
          return { bucketName: bucket, key, body: original.body, ...attributes };
        },
        { ...copyKeys(headers), "s3:x-amz-metadata-directive": directive },
      );
      return xml(200, "CopyObjectResult", { LastModified: head.lastModified, ETag: `"${head.etag}"` });
    }
    case "GetObjectTagging":
      // Roleplay's objects carry no tags; the answer says so (the AWS CLI asks before a multipart copy).
      await getObjectTaggingAs(db, call, bucket, route.key!);
      return xml(200, "Tagging", { TagSet: "" });
    case "DeleteObject":
      await deleteObjectAs(db, call, bucket, route.key!);
      return { status: 204, headers: {} };
    case "DeleteObjects": {
      // S3 takes a multi-object delete only with an integrity check of its body.
      if (!Object.keys({ ...headers, ...request.trailers }).some((name) => name === "content-md5" || name.startsWith("x-amz-checksum-") && name !== "x-amz-checksum-algorithm")) {
        throw new S3Error("InvalidRequest", "Missing required header for this request: Content-MD5 (or an x-amz-checksum-* header)");
      }
      verifyDigests({ ...headers, ...request.trailers }, request.payload);
      const { keys, quiet } = readDeleteRequest(request.payload.toString("utf8"));
      const results = await deleteObjectsAs(db, call, bucket, keys);
      return xml(200, "DeleteResult", {
        Deleted: quiet ? [] : results.filter((r) => r.deleted).map((r) => ({ Key: r.key })),
        Error: results.flatMap((r) => (r.deleted ? [] : [{ Key: r.key, Code: r.code, Message: r.message }])),
      });
    }
    case "CreateMultipartUpload": {
      const key = checkedKey(route.key!);
      const uploadId = await createMultipartUploadAs(db, call, { bucketName: bucket, key, ...objectAttributes(headers) });
      return xml(200, "InitiateMultipartUploadResult", { Bucket: bucket, Key: key, UploadId: uploadId });
    }
    case "UploadPart": {
      const target = { bucketName: bucket, key: route.key!, uploadId: query.get("uploadId")!, partNumber: partNumberOf(query.get("partNumber")) };
      const echoed = verifiedUpload(request);
      const { etag } = await uploadPartAs(db, call, { ...target, body: request.payload });
      return { status: 200, headers: { ETag: `"${etag}"`, ...echoed } };
    }
    case "UploadPartCopy": {
      const target = { bucketName: bucket, key: route.key!, uploadId: query.get("uploadId")!, partNumber: partNumberOf(query.get("partNumber")) };
      const { etag } = await uploadPartCopyAs(
        db,
        call,
        copySource(headers),
        target,
        (original) => {
          copyConditions(original, headers);
          return copyRange(original.body, header(headers, "x-amz-copy-source-range"));
        },
        copyKeys(headers),
      );
      return xml(200, "CopyPartResult", { LastModified: call.now, ETag: `"${etag}"` });
    }
    case "CompleteMultipartUpload": {
      const parts = readCompletedParts(request.payload.toString("utf8"));
      const head = await completeMultipartUploadAs(db, call, { bucketName: bucket, key: route.key!, uploadId: query.get("uploadId")!, parts });
      return xml(200, "CompleteMultipartUploadResult", { Location: `/${bucket}/${encodeURIComponent(head.key).replace(/%2F/g, "/")}`, Bucket: bucket, Key: head.key, ETag: `"${head.etag}"` });
    }
    case "AbortMultipartUpload":
      await abortMultipartUploadAs(db, call, { bucketName: bucket, key: route.key!, uploadId: query.get("uploadId")! });
      return { status: 204, headers: {} };
    case "ListParts": {
      const maxParts = listInteger(query, "max-parts");
      const marker = listInteger(query, "part-number-marker");
      const page = await listPartsAs(db, call, { bucketName: bucket, key: route.key!, uploadId: query.get("uploadId")!, maxParts, partNumberMarker: marker });
      const initiator = { ID: page.upload.initiator, DisplayName: page.upload.initiator };
      return xml(200, "ListPartsResult", {
        Bucket: bucket,
        Key: route.key!,
        UploadId: page.upload.uploadId,
        Initiator: initiator,
        Owner: { ID: canonicalUserId(call.principal.accountId), DisplayName: call.principal.accountId },
        StorageClass: "STANDARD",
        PartNumberMarker: marker ?? 0,
        NextPartNumberMarker: page.nextPartNumberMarker,
        MaxParts: maxParts ?? 1000,
        IsTruncated: page.isTruncated,
        Part: page.parts.map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified, ETag: `"${p.etag}"`, Size: p.size })),
      });
    }
    case "ListMultipartUploads": {
      const maxUploads = listInteger(query, "max-uploads");
      const prefix = query.get("prefix") ?? undefined;
      const keyMarker = query.get("key-marker") ?? undefined;
      const uploadIdMarker = query.get("upload-id-marker") ?? undefined;
      const page = await listMultipartUploadsAs(db, call, { bucketName: bucket, prefix, maxUploads, keyMarker, uploadIdMarker });
      return xml(200, "ListMultipartUploadsResult", {
        Bucket: bucket,
        KeyMarker: keyMarker ?? "",
        UploadIdMarker: uploadIdMarker ?? "",
        NextKeyMarker: page.nextKeyMarker,
        NextUploadIdMarker: page.nextUploadIdMarker,
        Prefix: prefix ?? "",
        MaxUploads: maxUploads ?? 1000,
        IsTruncated: page.isTruncated,
        Upload: page.uploads.map((u) => ({ Key: u.key, UploadId: u.uploadId, Initiator: { ID: u.initiator, DisplayName: u.initiator }, StorageClass: "STANDARD", Initiated: u.initiatedAt })),
      });
    }
    default:
      throw new S3Error("NotImplemented", `Roleplay's S3 serves ListBuckets, ListObjectsV2, GetObject, HeadObject, PutObject, CopyObject, DeleteObject, DeleteObjects, multipart uploads, GetObjectTagging, Get/Put/DeleteBucketPolicy, GetBucketLocation and HeadBucket; not ${request.method} ${route.resource}${[...query.keys()].length ? `?${[...query.keys()].join("&")}` : ""}.`);
  }
}
