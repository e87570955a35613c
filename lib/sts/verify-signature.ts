/**
 * Signature Version 4 verification of an STS request against the credentials Roleplay issued.
 * The signature is recomputed with the maintained @smithy/signature-v4 over exactly the headers
 * the client signed, at the client's signing date, and compared in constant time.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Db } from "../db/create-client";
import { findSessionSecrets, sessionTokenMatches, type IssuedSession } from "../creds/role-sessions";
import { StsError } from "../creds/sts-errors";
import { isStsRegion } from "./regions";

export type SignedRequest = {
  method: string;
  /** Path and query as received (percent-encoded). */
  url: string;
  /** Header names in lower case, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
};

/** The verified caller, and the signature with the instant its window closes (for the replay check). */
export type VerifiedCaller = { session: IssuedSession; region: string; signature: string; validUntil: Date };

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;
/** AWS refuses requests signed more than 15 minutes from its own time. */
export const maxSkewMs = 15 * 60 * 1000;

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

const invalidToken = () => new StsError("InvalidClientTokenId", "The security token included in the request is invalid.");

/**
 * Verifies the request's SigV4 signature. `realNow` checks the signing time (clients sign with
 * their real clock); `clockNow` (the workspace clock) decides whether the credentials expired.
 * Throws StsError with AWS's code for each failure.
 */
export async function verifySignature(db: Db, req: SignedRequest, realNow: Date, clockNow: (session: IssuedSession) => Promise<Date>): Promise<VerifiedCaller> {
  const authorization = header(req, "authorization");
  if (!authorization) throw new StsError("MissingAuthenticationToken", "Request is missing Authentication Token");
  const m = AUTH.exec(authorization.trim());
  if (!m) {
    throw new StsError("IncompleteSignature", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters in the AWS4-HMAC-SHA256 form.");
  }
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m;

  const stored = await findSessionSecrets(db, accessKeyId);
  if (!stored || stored.revokedAt) throw invalidToken();
  // Only the token's digest is stored: the presented token is checked against it, then signs.
  const presentedToken = header(req, "x-amz-security-token");
  if (!sessionTokenMatches(stored, presentedToken)) throw invalidToken();
  const { sessionTokenHash: _digest, ...rest } = stored;
  const session: IssuedSession = { ...rest, sessionToken: presentedToken! };
  if (service !== "sts") throw new StsError("SignatureDoesNotMatch", `Credential should be scoped to correct service: 'sts'.`);
  // A regional endpoint takes scopes of its partition's regions only; the region reaches policies as aws:RequestedRegion.
  if (!isStsRegion(region)) throw new StsError("SignatureDoesNotMatch", `Credential should be scoped to a valid region, not '${region}'.`);

  const dateText = header(req, "x-amz-date");
  const signedAt = dateText ? amzDate(dateText) : null;
  if (!dateText || !signedAt) throw new StsError("IncompleteSignature", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (!dateText.startsWith(scopeDate)) throw new StsError("SignatureDoesNotMatch", `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${dateText.slice(0, 8)}'`);
  if (signedAt.getTime() < realNow.getTime() - maxSkewMs) {
    throw new StsError("SignatureDoesNotMatch", `Signature expired: ${dateText} is now earlier than ${formatAmzDate(new Date(realNow.getTime() - maxSkewMs))} (${formatAmzDate(realNow)} - 15 min.)`);
  }
  if (signedAt.getTime() > realNow.getTime() + maxSkewMs) {
    throw new StsError("SignatureDoesNotMatch", `Signature not yet current: ${dateText} is still later than ${formatAmzDate(new Date(realNow.getTime() + maxSkewMs))} (${formatAmzDate(realNow)} + 15 min.)`);
  }

  if ((await clockNow(session)).getTime() >= session.expiresAt.getTime()) {
    throw new StsError("ExpiredToken", "The security token included in the request is expired");
  }

  // A signed payload hash must be the body's, or the signature would cover a different body.
  const claimedHash = header(req, "x-amz-content-sha256");
  if (claimedHash !== undefined && claimedHash !== "UNSIGNED-PAYLOAD" && claimedHash !== createHash("sha256").update(req.body).digest("hex")) {
    throw new StsError("SignatureDoesNotMatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  const signed = signedHeaderList.split(";");
  if (!signed.includes("host")) throw new StsError("SignatureDoesNotMatch", "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = header(req, name);
    if (value !== undefined) headers[name] = value;
  }
  const url = new URL(req.url, "http://localhost");
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const existing = query[k];
    query[k] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  const request = new HttpRequest({
    method: req.method,
    protocol: "http:",
    hostname: "localhost",
    path: decodeURIComponent(url.pathname),
    query,
    headers,
    body: req.body.length ? req.body : undefined,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken },
    region,
    service,
    sha256: Sha256,
    applyChecksum: false,
  });
  // The signer adds x-amz-date and x-amz-security-token; keep them out unless the client signed them.
  const unsignable = new Set(["x-amz-date", "x-amz-security-token"].filter((h) => !signed.includes(h)));
  const computed = await signer.sign(request, { signingDate: signedAt, signableHeaders: new Set(signed), unsignableHeaders: unsignable });
  const expected = /Signature=([0-9a-f]{64})/.exec(String(computed.headers.authorization ?? computed.headers.Authorization))?.[1] ?? "";
  const ok = expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  if (!ok) {
    throw new StsError(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
  return { session, region, signature, validUntil: new Date(signedAt.getTime() + maxSkewMs) };
}
