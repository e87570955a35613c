/**
 * S3's multipart uploads, CopyObject, UploadPartCopy and DeleteObjects through the unmodified
 * SDK client: the object assembled from its parts (ETag "MD5-of-MD5s-N"), S3's rules for parts
 * (order, ETags, 5 MiB minimum, NoSuchUpload) within Roleplay's 16 MiB limit, and each call
 * decided as its caller — a copy needs s3:GetObject on the source and s3:PutObject on the
 * destination; a multi-object delete decides every key.
 */
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { createTestDatabase } from "../support/test-database";
import { awsErrorCode } from "../support/aws-error-code";
import { seedDemoWorkspace, demoWorkspaceId, mainAccount } from "../../../lib/seed/seed-demo-workspace";
import { createApiServer } from "../../../lib/api/api-server";
import { createAccessKey } from "../../../lib/iam/access-keys";
import { attachUserPolicy, createUser, putUserPolicy } from "../../../lib/iam/users";
import { readCompletedParts, readDeleteRequest } from "../../../lib/s3/request-xml";
import type { Db } from "../../../lib/db/create-client";

const MiB = 1024 * 1024;
const bucket = "amzn-s3-demo-bucket1";
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let api: ReturnType<typeof createApiServer>;
let admin: S3Client;
let limited: S3Client;
/** An S3 client with a new access key of the workspace user `name`. */
let clientFor: (name: string) => Promise<S3Client>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemoWorkspace(db);
  const endpoint = (port: number) => `http://127.0.0.1:${port}`;
  api = createApiServer({ db, workspaceId: demoWorkspaceId });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const port = (api.address() as AddressInfo).port;
  const client = (clientFor = async (name: string) => {
    const key = await createAccessKey(db, { accountId: mainAccount, userName: name }, "test");
    return new S3Client({ region: "us-east-1", endpoint: endpoint(port), forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } });
  });
  await createUser(db, { accountId: mainAccount, name: "admin" }, "test");
  await attachUserPolicy(db, { accountId: mainAccount, userName: "admin", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, "test");
  admin = await client("admin");
  // Reads all of bucket1, writes and deletes only under uploads/.
  await createUser(db, { accountId: mainAccount, name: "uploader" }, "test");
  const policy = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] },
      { Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `arn:aws:s3:::${bucket}/uploads/*` },
    ],
  };
  await putUserPolicy(db, { accountId: mainAccount, userName: "uploader", policyName: "uploads", document: JSON.stringify(policy) }, "test");
  limited = await client("uploader");
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => api?.close(resolve));
  await api?.closeLog();
  await database?.dispose();
});

const code = awsErrorCode;

const md5 = (data: Buffer) => createHash("md5").update(data).digest("hex");

async function startUpload(s3: S3Client, key: string, extra: { ContentType?: string; Metadata?: Record<string, string> } = {}) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...extra }));
  expect(UploadId).toBeTruthy();
  return UploadId!;
}

async function bodyOf(s3: S3Client, key: string) {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { got, body: Buffer.from(await got.Body!.transformToByteArray()) };
}

describe("multipart uploads", () => {
  it("assembles the parts in order: the body, S3's multipart ETag, the upload's content type and metadata", async () => {
    const first = Buffer.alloc(5 * MiB, "a");
    const second = Buffer.from("the last part may be small");
    const uploadId = await startUpload(admin, "big/video.bin", { ContentType: "video/mp4", Metadata: { camera: "front" } });
    const one = await admin.send(new UploadPartCommand({ Bucket: bucket, Key: "big/video.bin", UploadId: uploadId, PartNumber: 1, Body: first }));
    const two = await admin.send(new UploadPartCommand({ Bucket: bucket, Key: "big/video.bin", UploadId: uploadId, PartNumber: 2, Body: second }));
    expect(one.ETag).toBe(`"${md5(first)}"`);
    const listed = await admin.send(new ListPartsCommand({ Bucket: bucket, Key: "big/video.bin", UploadId: uploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, first.length], [2, second.length]]);
    const inProgress = await admin.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(inProgress.Uploads?.map((u) => u.UploadId)).toEqual([uploadId]);

    const done = await admin.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "big/video.bin", UploadId: uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] } }));
    const expectedEtag = `"${createHash("md5").update(Buffer.concat([Buffer.from(md5(first), "hex"), Buffer.from(md5(second), "hex")])).digest("hex")}-2"`;
    expect(done.ETag).toBe(expectedEtag);
    const { got, body } = await bodyOf(admin, "big/video.bin");
    expect(body.equals(Buffer.concat([first, second]))).toBe(true);
    expect(got.ETag).toBe(expectedEtag);
    expect(got.ContentType).toBe("video/mp4");
    expect(got.Metadata).toEqual({ camera: "front" });
    // The upload is over: its parts are gone, and it can be neither listed nor completed again.
    expect((await admin.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
    expect(await db.s3UploadPart.count()).toBe(0);
    expect(await code(admin.send(new ListPartsCommand({ Bucket: bucket, Key: "big/video.bin", UploadId: uploadId })))).toBe("NoSuchUpload");
  });

  it("refuses what S3 refuses: parts out of order, an unknown ETag, a small middle part, a bad part number, an aborted upload", async () => {
    const key = "rules.bin";
    const uploadId = await startUpload(admin, key);
    const small = await admin.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 1, Body: Buffer.from("tiny") }));
    const last = await admin.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 2, Body: Buffer.from("end") }));
    const complete = (parts: { PartNumber: number; ETag?: string }[]) => admin.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    expect(await code(complete([{ PartNumber: 2, ETag: last.ETag }, { PartNumber: 1, ETag: small.ETag }]))).toBe("InvalidPartOrder");
    expect(await code(complete([{ PartNumber: 1, ETag: last.ETag }, { PartNumber: 2, ETag: last.ETag }]))).toBe("InvalidPart");
    expect(await code(complete([{ PartNumber: 1, ETag: small.ETag }, { PartNumber: 3, ETag: last.ETag }]))).toBe("InvalidPart");
    expect(await code(complete([{ PartNumber: 1, ETag: small.ETag }, { PartNumber: 2, ETag: last.ETag }]))).toBe("EntityTooSmall");
    expect(await code(admin.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 10_001, Body: "x" })))).toBe("InvalidArgument");
    expect(await code(admin.send(new UploadPartCommand({ Bucket: bucket, Key: "another-key", UploadId: uploadId, PartNumber: 1, Body: "x" })))).toBe("NoSuchUpload");
    // A single small part is a whole object.
    // A list naming more parts than SQLite binds in one query is still only a wrong list.
    expect(await code(complete(Array.from({ length: 1500 }, (_, i) => ({ PartNumber: i + 1, ETag: last.ETag }))))).toBe("InvalidPart");
    expect((await complete([{ PartNumber: 2, ETag: last.ETag }])).ETag).toMatch(/^"[0-9a-f]{32}-1"$/);
    expect((await bodyOf(admin, key)).body.toString()).toBe("end");

    const aborted = await startUpload(admin, key);
    await admin.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: aborted, PartNumber: 1, Body: "gone" }));
    await admin.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: aborted }));
    expect(await code(admin.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: aborted, PartNumber: 2, Body: "x" })))).toBe("NoSuchUpload");
    expect(await code(admin.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: aborted })))).toBe("NoSuchUpload");
    expect((await bodyOf(admin, key)).body.toString()).toBe("end");
  });

  it("keeps an upload's parts within Roleplay's 16 MiB object limit", async () => {
    const uploadId = await startUpload(admin, "too-big.bin");
    await admin.send(new UploadPartCommand({ Bucket: bucket, Key: "too-big.bin", UploadId: uploadId, PartNumber: 1, Body: Buffer.alloc(10 * MiB, 1) }));
    expect(await code(admin.send(new UploadPartCommand({ Bucket: bucket, Key: "too-big.bin", UploadId: uploadId, PartNumber: 2, Body: Buffer.alloc(7 * MiB, 2) })))).toBe("EntityTooLarge");
    // Replacing part 1 with a smaller one makes room.
    await admin.send(new UploadPartCommand({ Bucket: bucket, Key: "too-big.bin", UploadId: uploadId, PartNumber: 1, Body: Buffer.alloc(6 * MiB, 1) }));
    await admin.send(new UploadPartCommand({ Bucket: bucket, Key: "too-big.bin", UploadId: uploadId, PartNumber: 2, Body: Buffer.alloc(7 * MiB, 2) }));
    expect((await db.s3UploadPart.findMany({ where: { uploadId } })).map((p) => p.size)).toEqual([6 * MiB, 7 * MiB]);
    await admin.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "too-big.bin", UploadId: uploadId }));
  });

  it("decides every step as the caller: outside uploads/ the uploader may neither start nor send parts", async () => {
    expect(await code(limited.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "elsewhere.bin" })))).toBe("AccessDenied");
    const adminUpload = await startUpload(admin, "elsewhere.bin");
    expect(await code(limited.send(new UploadPartCommand({ Bucket: bucket, Key: "elsewhere.bin", UploadId: adminUpload, PartNumber: 1, Body: "x" })))).toBe("AccessDenied");
    expect(await code(limited.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "elsewhere.bin", UploadId: adminUpload })))).toBe("AccessDenied");
    const own = await startUpload(limited, "uploads/mine.txt");
    const part = await limited.send(new UploadPartCommand({ Bucket: bucket, Key: "uploads/mine.txt", UploadId: own, PartNumber: 1, Body: "mine" }));
    await limited.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "uploads/mine.txt", UploadId: own, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect((await bodyOf(limited, "uploads/mine.txt")).body.toString()).toBe("mine");
    await admin.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "elsewhere.bin", UploadId: adminUpload }));
  });

  it("UploadPartCopy takes a byte range of an existing object as a part", async () => {
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: "source.txt", Body: "0123456789" }));
    const uploadId = await startUpload(admin, "copied-range.txt");
    const part = await admin.send(new UploadPartCopyCommand({ Bucket: bucket, Key: "copied-range.txt", UploadId: uploadId, PartNumber: 1, CopySource: `${bucket}/source.txt`, CopySourceRange: "bytes=2-5" }));
    expect(part.CopyPartResult?.ETag).toBe(`"${md5(Buffer.from("2345"))}"`);
    expect(await code(admin.send(new UploadPartCopyCommand({ Bucket: bucket, Key: "copied-range.txt", UploadId: uploadId, PartNumber: 2, CopySource: `${bucket}/source.txt`, CopySourceRange: "bytes=5-20" })))).toBe("InvalidRange");
    await admin.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "copied-range.txt", UploadId: uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.CopyPartResult?.ETag }] } }));
    expect((await bodyOf(admin, "copied-range.txt")).body.toString()).toBe("2345");
  });
});

describe("CopyObject", () => {
  it("copies body, content type and metadata (COPY), or takes the request's (REPLACE)", async () => {
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: "photo.jpg", Body: "jpeg bytes", ContentType: "image/jpeg", Metadata: { owner: "alice" } }));
    const copied = await admin.send(new CopyObjectCommand({ Bucket: bucket, Key: "copies/photo.jpg", CopySource: `${bucket}/photo.jpg` }));
    expect(copied.CopyObjectResult?.ETag).toBe(`"${md5(Buffer.from("jpeg bytes"))}"`);
    const { got, body } = await bodyOf(admin, "copies/photo.jpg");
    expect([body.toString(), got.ContentType, got.Metadata]).toEqual(["jpeg bytes", "image/jpeg", { owner: "alice" }]);

    await admin.send(new CopyObjectCommand({ Bucket: bucket, Key: "photo.jpg", CopySource: `${bucket}/photo.jpg`, MetadataDirective: "REPLACE", ContentType: "image/png", Metadata: { owner: "bob" } }));
    const replaced = await bodyOf(admin, "photo.jpg");
    expect([replaced.body.toString(), replaced.got.ContentType, replaced.got.Metadata]).toEqual(["jpeg bytes", "image/png", { owner: "bob" }]);
  });

  it("refuses a copy onto itself without REPLACE, a failed source condition, a missing source", async () => {
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: "same.txt", Body: "same" }));
    expect(await code(admin.send(new CopyObjectCommand({ Bucket: bucket, Key: "same.txt", CopySource: `${bucket}/same.txt` })))).toBe("InvalidRequest");
    expect(await code(admin.send(new CopyObjectCommand({ Bucket: bucket, Key: "other.txt", CopySource: `${bucket}/same.txt`, CopySourceIfMatch: '"0000"' })))).toBe("PreconditionFailed");
    expect(await code(admin.send(new CopyObjectCommand({ Bucket: bucket, Key: "other.txt", CopySource: `${bucket}/same.txt`, CopySourceIfNoneMatch: `"${md5(Buffer.from("same"))}"` })))).toBe("PreconditionFailed");
    expect(await code(admin.send(new CopyObjectCommand({ Bucket: bucket, Key: "other.txt", CopySource: `${bucket}/nothing-here.txt` })))).toBe("NoSuchKey");
    expect(await code(admin.send(new CopyObjectCommand({ Bucket: bucket, Key: "other.txt", CopySource: "no-such-bucket-anywhere/x" })))).toBe("NoSuchBucket");
    expect(await db.s3Object.count({ where: { key: "other.txt" } })).toBe(0);
  });

  it("needs s3:GetObject on the source and s3:PutObject on the destination, each as the caller", async () => {
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: "report.csv", Body: "a,b" }));
    // The uploader may read report.csv but not write outside uploads/.
    expect(await code(limited.send(new CopyObjectCommand({ Bucket: bucket, Key: "report-copy.csv", CopySource: `${bucket}/report.csv` })))).toBe("AccessDenied");
    await limited.send(new CopyObjectCommand({ Bucket: bucket, Key: "uploads/report.csv", CopySource: `${bucket}/report.csv` }));
    // Another account's bucket, whose policy grants nothing: the source is refused, nothing written.
    expect(await code(limited.send(new CopyObjectCommand({ Bucket: bucket, Key: "uploads/stolen.txt", CopySource: "amzn-s3-demo-bucket2/anything.txt" })))).toBe("AccessDenied");
    expect(await db.s3Object.count({ where: { key: { in: ["report-copy.csv", "uploads/stolen.txt"] } } })).toBe(0);
    // The decision log names the refused half of each copy: the destination, then the source.
    await api.closeLog();
    const refused = await db.decisionLogEntry.findMany({ where: { operation: "CopyObject", caller: { endsWith: "user/uploader" }, decision: { not: "Allow" } }, orderBy: { id: "asc" } });
    expect(refused.map((e) => [e.action, e.resource])).toEqual([
      ["s3:PutObject", `arn:aws:s3:::${bucket}/report-copy.csv`],
      ["s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket2/anything.txt"],
    ]);
  });
});

describe("a copy's condition keys", () => {
  it("s3:x-amz-copy-source and s3:x-amz-metadata-directive decide a copy's PutObject, as in AWS's examples", async () => {
    await createUser(db, { accountId: mainAccount, name: "copier" }, "test");
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:*", Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] },
        // Copies only from public/ (plain uploads are no copies: the key is absent, Null true).
        { Effect: "Deny", Action: "s3:PutObject", Resource: `arn:aws:s3:::${bucket}/*`, Condition: { Null: { "s3:x-amz-copy-source": "false" }, StringNotLike: { "s3:x-amz-copy-source": `${bucket}/public/*` } } },
        // A copy into replaced/ must replace the metadata.
        { Effect: "Deny", Action: "s3:PutObject", Resource: `arn:aws:s3:::${bucket}/replaced/*`, Condition: { StringEquals: { "s3:x-amz-metadata-directive": "COPY" } } },
      ],
    };
    await putUserPolicy(db, { accountId: mainAccount, userName: "copier", policyName: "copies", document: JSON.stringify(policy) }, "test");
    const copier = await clientFor("copier");
    await copier.send(new PutObjectCommand({ Bucket: bucket, Key: "private/secret.txt", Body: "secret" }));
    await copier.send(new PutObjectCommand({ Bucket: bucket, Key: "public/open.txt", Body: "open" }));
    expect(await code(copier.send(new CopyObjectCommand({ Bucket: bucket, Key: "out/secret.txt", CopySource: `${bucket}/private/secret.txt` })))).toBe("AccessDenied");
    expect(await code(copier.send(new CopyObjectCommand({ Bucket: bucket, Key: "out/open.txt", CopySource: `${bucket}/public/open.txt` })))).toBe("succeeded");
    expect(await code(copier.send(new CopyObjectCommand({ Bucket: bucket, Key: "replaced/open.txt", CopySource: `${bucket}/public/open.txt` })))).toBe("AccessDenied");
    expect(await code(copier.send(new CopyObjectCommand({ Bucket: bucket, Key: "replaced/open.txt", CopySource: `${bucket}/public/open.txt`, MetadataDirective: "REPLACE" })))).toBe("succeeded");
    const uploadId = await startUpload(copier, "parts/secret.txt");
    expect(await code(copier.send(new UploadPartCopyCommand({ Bucket: bucket, Key: "parts/secret.txt", UploadId: uploadId, PartNumber: 1, CopySource: `${bucket}/private/secret.txt` })))).toBe("AccessDenied");
    expect(await code(copier.send(new UploadPartCopyCommand({ Bucket: bucket, Key: "parts/secret.txt", UploadId: uploadId, PartNumber: 1, CopySource: `${bucket}/public/open.txt` })))).toBe("succeeded");
    expect(await db.s3Object.count({ where: { key: "out/secret.txt" } })).toBe(0);
  });
});

describe("DeleteObjects", () => {
  it("deletes each allowed key and answers AccessDenied for each refused one", async () => {
    for (const key of ["uploads/1.txt", "uploads/2.txt", "keep/3.txt"]) await admin.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const result = await limited.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "uploads/1.txt" }, { Key: "uploads/2.txt" }, { Key: "keep/3.txt" }] } }));
    expect(result.Deleted?.map((d) => d.Key)).toEqual(["uploads/1.txt", "uploads/2.txt"]);
    expect(result.Errors?.map((e) => [e.Key, e.Code])).toEqual([["keep/3.txt", "AccessDenied"]]);
    expect((await db.s3Object.findMany({ where: { key: { in: ["uploads/1.txt", "uploads/2.txt", "keep/3.txt"] } } })).map((o) => o.key)).toEqual(["keep/3.txt"]);
    const quiet = await admin.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Quiet: true, Objects: [{ Key: "keep/3.txt" }] } }));
    expect(quiet.Deleted ?? []).toEqual([]);
    expect(await db.s3Object.count({ where: { key: "keep/3.txt" } })).toBe(0);
  });
});

describe("the request documents, read strictly", () => {
  it("reads a part list with escaped, quoted ETags, and refuses anything else as MalformedXML", () => {
    expect(readCompletedParts('<?xml version="1.0"?><CompleteMultipartUpload xmlns="x"><Part><ETag>&quot;ab&quot;</ETag><PartNumber>1</PartNumber></Part><Part><PartNumber>2</PartNumber><ETag>"cd"</ETag></Part></CompleteMultipartUpload>')).toEqual([
      { partNumber: 1, etag: "ab" },
      { partNumber: 2, etag: "cd" },
    ]);
    for (const bad of ["", "<CompleteMultipartUpload></CompleteMultipartUpload>", "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>", "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>a</ETag></Part>junk</CompleteMultipartUpload>", "<Other/>"]) {
      expect(() => readCompletedParts(bad), bad).toThrow(/not well-formed/);
    }
  });

  it("reads a delete request's keys (entities unescaped) and Quiet; refuses no keys or more than 1,000", () => {
    expect(readDeleteRequest("<Delete><Quiet>true</Quiet><Object><Key>a&amp;b</Key></Object><Object><Key>c</Key></Object></Delete>")).toEqual({ keys: ["a&b", "c"], quiet: true });
    expect(() => readDeleteRequest("<Delete><Quiet>true</Quiet></Delete>")).toThrow(/not well-formed/);
    expect(() => readDeleteRequest(`<Delete>${"<Object><Key>k</Key></Object>".repeat(1001)}</Delete>`)).toThrow(/not well-formed/);
    expect(() => readDeleteRequest("<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>")).toThrow(/not well-formed/);
  });

  it("refuses character references XML does not allow (NUL, lone surrogates, beyond U+10FFFF) and bare ampersands, before anything is deleted", () => {
    for (const reference of ["&#0;", "&#xD800;", "&#xDFFF;", "&#x110000;", "&#99999999999;", "&bogus;", "a & b"]) {
      expect(() => readDeleteRequest(`<Delete><Object><Key>k${reference}</Key></Object></Delete>`), reference).toThrow(/not well-formed/);
      expect(() => readCompletedParts(`<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${reference}</ETag></Part></CompleteMultipartUpload>`), reference).toThrow(/not well-formed/);
    }
    expect(readDeleteRequest("<Delete><Object><Key>&#x1F600;&#233;&#x9;</Key></Object></Delete>").keys).toEqual(["😀é\t"]);
  });
});
