/**
 * The STS Query API emulator on node:http: AssumeRole and GetCallerIdentity, signed with
 * credentials Roleplay issued (SigV4), authorized by the evaluator, answered in AWS's XML.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Db } from "../db/create-client";
import { cryptoRandom, type RandomSource } from "../iam/ids";
import { accountClockNow } from "../creds/workspace-clock";
import { assumeRole, getCallerIdentity, type AssumeRoleParams, type RequestFacts as AssumeRoleFacts } from "../creds/assume-role";
import type { SigningCaller } from "../creds/signing-caller";
import { isStsError, StsError } from "../creds/sts-errors";
import { assumeRoleResponse, errorResponse, getCallerIdentityResponse } from "./sts-xml";
import { SeenSignatures } from "./seen-signatures";
import { verifySignature } from "./verify-signature";

export type StsServerOptions = {
  db: Db;
  realNow?: () => Date;
  random?: RandomSource;
  onError?: (error: unknown) => void;
  /** Called once per request with who called, what, and the answer (a code when refused); never secrets. */
  onRequest?: (record: StsRequestRecord) => void;
};

/** One request as `roleplay sts` prints it. `caller` is the verified principal, or the access key id claimed when verification failed. */
export type StsRequestRecord = { caller: string | null; action: string | null; roleArn: string | null; status: number; code: string | null };

const maxBodyBytes = 64 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new StsError("ValidationError", `Request body larger than ${maxBodyBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: string, requestId: string): void {
  res.writeHead(status, { "Content-Type": "text/xml", "Content-Length": String(Buffer.byteLength(body)), "x-amzn-RequestId": requestId });
  res.end(body);
}

function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "127.0.0.1";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

/**
 * Answers one verified STS Query request (GetCallerIdentity, AssumeRole) with AWS's XML, or throws
 * StsError. Shared by `roleplay sts` and `roleplay api`.
 */
export async function answerStsAction(
  db: Db,
  caller: SigningCaller,
  params: URLSearchParams,
  facts: AssumeRoleFacts & { requestId: string },
  random: RandomSource = cryptoRandom,
): Promise<string> {
  const { requestId } = facts;
  const action = params.get("Action");
  if (action === "GetCallerIdentity") {
    const who = await getCallerIdentity(db, caller);
    return getCallerIdentityResponse({ ...who, requestId });
  }
  if (action === "AssumeRole") {
    // Refuse what is not modelled rather than ignore it: AWS would check sts:TagSession,
    // sts:SetSourceIdentity, MFA or the managed session policies.
    const unsupported = [...params.keys()].find((k) => /^(Tags|TransitiveTagKeys|PolicyArns)\.member\./.test(k) || ["SourceIdentity", "SerialNumber", "TokenCode", "ProvidedContexts"].includes(k));
    if (unsupported) throw new StsError("ValidationError", `Roleplay's STS does not support the AssumeRole parameter ${unsupported.replace(/\.member\..*$/, "")} (session tags, source identity, MFA and managed session policies are not modelled).`);
    const assumeParams: AssumeRoleParams = {};
    for (const key of ["RoleArn", "RoleSessionName", "DurationSeconds", "Policy", "ExternalId"] as const) {
      const value = params.get(key);
      if (value !== null) assumeParams[key] = value;
    }
    const result = await assumeRole(db, caller, assumeParams, facts, random);
    const s = result.session;
    return assumeRoleResponse({
      arn: s.assumedRoleArn,
      assumedRoleId: result.assumedRoleId,
      accessKeyId: s.accessKeyId,
      secretAccessKey: s.secretAccessKey,
      sessionToken: s.sessionToken,
      expiration: s.expiresAt,
      packedPolicySize: result.packedPolicySize,
      requestId,
    });
  }
  throw new StsError("InvalidAction", `Could not find operation ${action} for version ${params.get("Version") ?? "2011-06-15"} (Roleplay's STS serves AssumeRole and GetCallerIdentity)`);
}

export function createStsHandler(options: StsServerOptions) {
  const { db } = options;
  const realNow = options.realNow ?? (() => new Date());
  const random = options.random ?? cryptoRandom;
  const seen = new SeenSignatures();

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const record: StsRequestRecord = { caller: null, action: null, roleArn: null, status: 0, code: null };
    res.once("finish", () => options.onRequest?.({ ...record, status: res.statusCode }));
    try {
      const body = await readBody(req);
      const method = req.method ?? "GET";
      if (method !== "POST" && method !== "GET") throw new StsError("InvalidAction", `STS accepts GET and POST requests, not ${method}`);
      const url = new URL(req.url ?? "/", "http://localhost");
      const params = new URLSearchParams(url.search);
      const contentType = String(req.headers["content-type"] ?? "");
      if (method === "POST" && (contentType === "" || contentType.startsWith("application/x-www-form-urlencoded"))) {
        for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params.append(k, v);
      }
      const action = params.get("Action");
      record.action = action;
      record.roleArn = params.get("RoleArn");
      record.caller = /Credential=([A-Z0-9]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? null;
      if (!action) throw new StsError("MissingParameter", "The request must contain the parameter Action");

      const now = realNow();
      const verified = await verifySignature(db, { method, url: req.url ?? "/", headers: req.headers, body }, now, (s) => accountClockNow(db, s.accountId, now));
      const { signature, validUntil } = verified;
      // Checked and recorded in one synchronous step after verifying, so concurrent copies of a
      // request cannot all pass; forged signatures never fill the cache.
      seen.forgetBefore(now.getTime());
      if (!seen.firstUse(signature, validUntil.getTime())) {
        throw new StsError("SignatureDoesNotMatch", "This request signature has already been used. Sign each request anew: Roleplay's STS answers a signature once within its 15-minute window.");
      }

      record.caller = verified.caller.arn;
      const clock = await accountClockNow(db, verified.caller.accountId, now);
      const xml = await answerStsAction(db, verified.caller, params, { now: clock, sourceIp: sourceIpOf(req), region: verified.region, secureTransport: false, requestId }, random);
      return send(res, 200, xml, requestId);
    } catch (error) {
      if (isStsError(error)) {
        record.code = error.code;
        return send(res, error.status, errorResponse({ type: error.type, code: error.code, message: error.message, requestId }), requestId);
      }
      options.onError?.(error);
      record.code = "InternalFailure";
      return send(res, 500, errorResponse({ type: "Receiver", code: "InternalFailure", message: "The request processing has failed because of an unknown error.", requestId }), requestId);
    }
  };
}

/** An HTTP server answering as STS. */
export function createStsServer(options: StsServerOptions): Server {
  const handle = createStsHandler(options);
  return createServer((req, res) => {
    void handle(req, res);
  });
}
