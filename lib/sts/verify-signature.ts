/**
 * Signature Version 4 verification for Roleplay's AWS endpoints (`roleplay sts`, and `roleplay
 * api`'s IAM, STS, EC2 and S3): the Authorization-header form and the query-string form (presigned
 * URLs); payloads signed whole, unsigned (`UNSIGNED-PAYLOAD`) or in signed chunks
 * (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, S3 uploads, and the `-TRAILER` variants); for temporary
 * credentials Roleplay issued and for users' long-term access keys. The canonical request is
 * rebuilt from exactly what the client signed, at its signing date, and compared in constant time.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/create-client";
import { findSessionSecrets, sessionTokenMatches, type IssuedSession } from "../creds/role-sessions";
import type { SigningCaller } from "../creds/signing-caller";
import { findAccessKeySecret } from "../iam/access-keys";
import { StsError } from "../creds/sts-errors";
import { isStsRegion } from "./regions";
import { percentDecodedOrAsSent } from "../percent-decoding";

export type SignedRequest = {
  method: string;
  /** Path and query as received (percent-encoded). */
  url: string;
  /** Header names in lower case, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
};

/** A verified request: who signed it, for which service and region, and its payload. */
export type VerifiedRequest = {
  caller: SigningCaller;
  /** The role session, when the caller signed with temporary credentials. */
  session?: IssuedSession;
  accessKeyId: string;
  region: string;
  service: string;
  /** The signature, and the instant its window closes (for the replay check). */
  signature: string;
  validUntil: Date;
  signedAt: Date;
  /** Signed in the query string (a presigned URL), which may be used again until it expires. */
  presigned: boolean;
  /** The payload the client meant: the body, de-chunked for aws-chunked uploads. */
  payload: Buffer;
  /** Trailing headers of an aws-chunked upload (x-amz-checksum-*), names in lower case. */
  trailers: Record<string, string>;
};

/** The STS door's name for a verified request. */
export type VerifiedCaller = VerifiedRequest;

export type VerifyOptions = {
  /** The services a credential scope may name at this endpoint (default: STS only). */
  services?: readonly string[];
};

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;
/** AWS refuses requests signed more than 15 minutes from its own time. */
export const maxSkewMs = 15 * 60 * 1000;
/** A presigned URL lives at most seven days (X-Amz-Expires ≤ 604800). */
export const maxPresignedSeconds = 604_800;
const EMPTY_SHA256 = createHash("sha256").digest("hex");

function header(req: SignedRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function amzDate(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is %XX. */
function uriEscape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}


/** The query's parameters as sent, decoded (`+` stays a plus: SigV4 clients encode spaces as %20). */
function queryPairs(rawQuery: string): [string, string][] {
  return rawQuery
    .split("&")
    .filter((p) => p.length > 0)
    .map((p) => {
      const eq = p.indexOf("=");
      return eq < 0 ? [percentDecodedOrAsSent(p), ""] : [percentDecodedOrAsSent(p.slice(0, eq)), percentDecodedOrAsSent(p.slice(eq + 1))];
    });
}

function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => [uriEscape(k), uriEscape(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

/** S3 signs the path as sent; every other service normalizes it and encodes it again. */
function canonicalPath(rawPath: string, service: string): string {
  if (service === "s3") return rawPath || "/";
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const joined = segments.map(uriEscape).join("/");
  return `/${joined}${segments.length > 0 && rawPath.endsWith("/") ? "/" : ""}`;
}

// Deriving a signing key costs four HMACs; clients reuse one per day, region and service.
const signingKeys = new Map<string, Buffer>();
function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const id = `${secret}\u0000${date}\u0000${region}\u0000${service}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
    if (signingKeys.size >= 1000) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

const mismatch = () =>
  new StsError(
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  );
const invalidToken = () => new StsError("InvalidClientTokenId", "The security token included in the request is invalid.");

type Authorization = {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  dateText: string | undefined;
  token: string | undefined;
  presigned: boolean;
  expiresSeconds?: number;
};

function readAuthorization(req: SignedRequest, pairs: [string, string][]): Authorization {
  const authorization = header(req, "authorization");
  const q = (name: string) => pairs.find(([k]) => k === name)?.[1];
  if (authorization) {
    const m = AUTH.exec(authorization.trim());
    if (!m) throw new StsError("IncompleteSignature", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters in the AWS4-HMAC-SHA256 form.");
    const [, accessKeyId, scopeDate, region, service, signed, signature] = m;
    return { accessKeyId, scopeDate, region, service, signedHeaders: signed.split(";"), signature, dateText: header(req, "x-amz-date"), token: header(req, "x-amz-security-token"), presigned: false };
  }
  if (q("X-Amz-Algorithm") === undefined && q("X-Amz-Credential") === undefined && q("X-Amz-Signature") === undefined) {
    throw new StsError("MissingAuthenticationToken", "Request is missing Authentication Token");
  }
  if (q("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") throw new StsError("IncompleteSignature", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
  const credential = /^([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request$/.exec(q("X-Amz-Credential") ?? "");
  const signature = q("X-Amz-Signature") ?? "";
  const signed = q("X-Amz-SignedHeaders") ?? "";
  const expires = q("X-Amz-Expires") ?? "";
  if (!credential || !/^[0-9a-f]{64}$/.test(signature) || !/^[a-z0-9;_.-]+$/.test(signed) || q("X-Amz-Date") === undefined) {
    throw new StsError("IncompleteSignature", "Query-string authentication requires the X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders, X-Amz-Signature and X-Amz-Expires parameters.");
  }
  if (!/^\d+$/.test(expires)) throw new StsError("IncompleteSignature", "X-Amz-Expires must be a whole number of seconds");
  const expiresSeconds = Number(expires);
  if (expiresSeconds > maxPresignedSeconds) throw new StsError("IncompleteSignature", `X-Amz-Expires must be less than a week (in seconds) that is ${maxPresignedSeconds}`);
  const [, accessKeyId, scopeDate, region, service] = credential;
  return { accessKeyId, scopeDate, region, service, signedHeaders: signed.split(";"), signature, dateText: q("X-Amz-Date"), token: q("X-Amz-Security-Token"), presigned: true, expiresSeconds };
}

/** The caller behind an access key id: a role session (its token must match) or an active user key. */
async function findCaller(db: Db, accessKeyId: string, token: string | undefined): Promise<{ caller: SigningCaller; secret: string; session?: IssuedSession }> {
  const stored = await findSessionSecrets(db, accessKeyId);
  if (stored) {
    if (stored.revokedAt) throw invalidToken();
    // Only the token's digest is stored: the presented token is checked against it, then signs.
    if (!sessionTokenMatches(stored, token)) throw invalidToken();
    const { sessionTokenHash: _digest, ...rest } = stored;
    const session: IssuedSession = { ...rest, sessionToken: token! };
    return { caller: { kind: "session", accessKeyId, accountId: session.accountId, arn: session.assumedRoleArn, session }, secret: session.secretAccessKey, session };
  }
  const key = await findAccessKeySecret(db, accessKeyId);
  // A long-term key carries no session token; an inactive key is refused like an unknown one.
  if (!key || key.status !== "Active" || token !== undefined) throw invalidToken();
  return { caller: { kind: "user", accessKeyId, accountId: key.accountId, arn: key.userArn, userName: key.userName, userId: key.userId }, secret: key.secretAccessKey };
}

type Signing = { key: Buffer; dateText: string; scope: string };

/**
 * De-chunks an aws-chunked body (`size;chunk-signature=SIG\r\nDATA\r\n … 0;chunk-signature=SIG\r\n`
 * then, with a trailer, `name:value\r\n … \r\n`), checking each chunk's signature against the
 * previous one when the chunks are signed.
 */
export function decodeAwsChunked(body: Buffer, signing: (Signing & { seed: string }) | undefined, trailer: boolean): { payload: Buffer; trailers: Record<string, string> } {
  const malformed = () => new StsError("IncompleteSignature", "The aws-chunked request body is malformed.");
  const parts: Buffer[] = [];
  let previous = signing?.seed ?? "";
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", offset);
    if (lineEnd < 0) throw malformed();
    const m = /^([0-9a-fA-F]{1,8})(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(body.toString("latin1", offset, lineEnd));
    if (!m) throw malformed();
    const size = parseInt(m[1], 16);
    const start = lineEnd + 2;
    const data = body.subarray(start, start + size);
    if (data.length !== size) throw malformed();
    if (signing) {
      if (!m[2]) throw malformed();
      const expected = hmac(signing.key, ["AWS4-HMAC-SHA256-PAYLOAD", signing.dateText, signing.scope, previous, EMPTY_SHA256, sha256Hex(data)].join("\n")).toString("hex");
      if (!sameHex(expected, m[2])) throw mismatch();
      previous = m[2];
    }
    parts.push(data);
    offset = start + size;
    if (size === 0) break;
    if (body.toString("latin1", offset, offset + 2) !== "\r\n") throw malformed();
    offset += 2;
  }
  const rest = body.toString("latin1", offset);
  if (!trailer) {
    if (rest !== "\r\n" && rest !== "") throw malformed();
    return { payload: Buffer.concat(parts), trailers: {} };
  }
  // Trailing headers (checksums), then for signed payloads x-amz-trailer-signature.
  const lines = rest.split("\r\n").filter((l) => l.length > 0);
  const signatureLine = lines.find((l) => l.startsWith("x-amz-trailer-signature:"));
  const trailers = lines.filter((l) => l !== signatureLine);
  if (trailers.some((l) => !/^[a-z0-9-]+:/.test(l))) throw malformed();
  if (signing) {
    if (!signatureLine) throw malformed();
    const canonical = trailers.map((l) => `${l}\n`).join("");
    const expected = hmac(signing.key, ["AWS4-HMAC-SHA256-TRAILER", signing.dateText, signing.scope, previous, sha256Hex(canonical)].join("\n")).toString("hex");
    if (!sameHex(expected, signatureLine.slice("x-amz-trailer-signature:".length).trim())) throw mismatch();
  }
  const named = trailers.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()] as const);
  return { payload: Buffer.concat(parts), trailers: Object.fromEntries(named) };
}

/**
 * Verifies the request's SigV4 signature. `realNow` checks the signing time (clients sign with
 * their real clock); `clockNow` (the workspace clock) decides whether temporary credentials
 * expired. Throws StsError with AWS's code for each failure.
 */
export async function verifySignature(
  db: Db,
  req: SignedRequest,
  realNow: Date,
  clockNow: (caller: { accountId: string }) => Promise<Date>,
  options: VerifyOptions = {},
): Promise<VerifiedRequest> {
  const services = options.services ?? ["sts"];
  const queryStart = req.url.indexOf("?");
  const rawPath = queryStart < 0 ? req.url : req.url.slice(0, queryStart);
  const pairs = queryPairs(queryStart < 0 ? "" : req.url.slice(queryStart + 1));
  const auth = readAuthorization(req, pairs);
  const { accessKeyId, scopeDate, region, service, signedHeaders, signature, dateText } = auth;

  const { caller, secret, session } = await findCaller(db, accessKeyId, auth.token);
  if (!services.includes(service)) {
    throw new StsError("SignatureDoesNotMatch", `Credential should be scoped to correct service: ${services.length === 1 ? `'${services[0]}'` : `one of ${services.map((s) => `'${s}'`).join(", ")}`}.`);
  }
  // A regional endpoint takes scopes of its partition's regions only; the region reaches policies as aws:RequestedRegion.
  if (!isStsRegion(region)) throw new StsError("SignatureDoesNotMatch", `Credential should be scoped to a valid region, not '${region}'.`);

  const signedAt = dateText ? amzDate(dateText) : null;
  if (!dateText || !signedAt) throw new StsError("IncompleteSignature", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (!dateText.startsWith(scopeDate)) throw new StsError("SignatureDoesNotMatch", `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${dateText.slice(0, 8)}'`);
  let validUntil: Date;
  if (auth.presigned) {
    if (signedAt.getTime() > realNow.getTime() + maxSkewMs) throw new StsError("AccessDenied", "Request is not valid yet");
    validUntil = new Date(signedAt.getTime() + auth.expiresSeconds! * 1000);
    if (realNow.getTime() > validUntil.getTime()) throw new StsError("AccessDenied", "Request has expired");
  } else {
    if (signedAt.getTime() < realNow.getTime() - maxSkewMs) {
      throw new StsError("SignatureDoesNotMatch", `Signature expired: ${dateText} is now earlier than ${formatAmzDate(new Date(realNow.getTime() - maxSkewMs))} (${formatAmzDate(realNow)} - 15 min.)`);
    }
    if (signedAt.getTime() > realNow.getTime() + maxSkewMs) {
      throw new StsError("SignatureDoesNotMatch", `Signature not yet current: ${dateText} is still later than ${formatAmzDate(new Date(realNow.getTime() + maxSkewMs))} (${formatAmzDate(realNow)} + 15 min.)`);
    }
    validUntil = new Date(signedAt.getTime() + maxSkewMs);
  }

  if (session && (await clockNow(caller)).getTime() >= session.expiresAt.getTime()) {
    throw new StsError("ExpiredToken", "The security token included in the request is expired");
  }

  // What the signature covers as the payload: the body's hash, or a marker the client names.
  const claimed = header(req, "x-amz-content-sha256");
  let candidates: string[];
  let streaming: { signed: boolean; trailer: boolean } | undefined;
  if (auth.presigned) {
    // S3's presigners sign UNSIGNED-PAYLOAD; a generic SigV4 presigner signs the (empty) body's hash.
    candidates = claimed !== undefined ? [claimed] : ["UNSIGNED-PAYLOAD", sha256Hex(req.body)];
  } else if (claimed === undefined) {
    candidates = [sha256Hex(req.body)];
  } else if (/^[0-9a-f]{64}$/.test(claimed)) {
    // A signed payload hash must be the body's, or the signature would cover a different body.
    if (claimed !== sha256Hex(req.body)) throw new StsError("SignatureDoesNotMatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
    candidates = [claimed];
  } else if (claimed === "UNSIGNED-PAYLOAD") {
    candidates = [claimed];
  } else if (claimed === "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" || claimed === "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" || claimed === "STREAMING-UNSIGNED-PAYLOAD-TRAILER") {
    candidates = [claimed];
    streaming = { signed: !claimed.startsWith("STREAMING-UNSIGNED"), trailer: claimed.endsWith("-TRAILER") };
  } else {
    throw new StsError("SignatureDoesNotMatch", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER or the SHA-256 of the payload.");
  }

  if (!signedHeaders.includes("host")) throw new StsError("SignatureDoesNotMatch", "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${(header(req, name) ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const query = canonicalQuery(auth.presigned ? pairs.filter(([k]) => k !== "X-Amz-Signature") : pairs);
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const key = signingKey(secret, scopeDate, region, service);
  const head = `${req.method}\n${canonicalPath(rawPath, service)}\n${query}\n${canonicalHeaders}\n${signedHeaders.join(";")}\n`;
  const ok = candidates.some((payloadHash) => {
    const stringToSign = `AWS4-HMAC-SHA256\n${dateText}\n${scope}\n${sha256Hex(head + payloadHash)}`;
    return sameHex(hmac(key, stringToSign).toString("hex"), signature);
  });
  if (!ok) throw mismatch();

  const { payload, trailers } = streaming ? decodeAwsChunked(req.body, streaming.signed ? { key, dateText, scope, seed: signature } : undefined, streaming.trailer) : { payload: req.body, trailers: {} };
  if (streaming) {
    const decodedLength = header(req, "x-amz-decoded-content-length");
    if (decodedLength !== undefined && Number(decodedLength) !== payload.length) throw new StsError("IncompleteSignature", "The aws-chunked body's length does not match x-amz-decoded-content-length.");
  }
  return { caller, session, accessKeyId, region, service, signature, validUntil, signedAt, presigned: auth.presigned, payload, trailers };
}
