/**
 * `roleplay api`: one node:http endpoint speaking IAM, STS and EC2 (Query protocol) and S3 (REST,
 * path-style), the service chosen by the request's SigV4 credential scope. Every request is
 * verified (lib/sts/verify-signature.ts), answered as its caller through the services every door
 * uses, and written to the workspace's decision log with every authorization check it made.
 * Requests signed with credentials of another workspace are refused as unknown keys.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Db } from "../db/create-client";
import { cryptoRandom, type RandomSource } from "../iam/ids";
import { observeChecks, type AuthorizationCheck } from "../authz/authorize-call";
import { resolveSigningPrincipal, type ActingPrincipal } from "../authz/principal-policies";
import { accountClockNow } from "../creds/workspace-clock";
import { StsError } from "../creds/sts-errors";
import type { SigningCaller } from "../creds/signing-caller";
import { recordAccessKeyUse } from "../iam/access-keys";
import { SeenSignatures } from "../sts/seen-signatures";
import { answerStsAction } from "../sts/sts-server";
import { verifySignature, type VerifiedRequest } from "../sts/verify-signature";
import { findObject, findObjectHead, maxObjectBytes } from "../s3/objects";
import { queryErrorXml, queryFailure, s3ErrorXml, s3Failure, QueryError, type ApiService, type QueryService, type ServiceFailure } from "./api-errors";
import { DecisionLogWriter, summarizeChecks, wellFormedRecord, type DecisionRecord } from "./decision-log";
import { answerEc2 } from "./ec2-api";
import { answerIam } from "./iam-api";
import { readQueryParams, type QueryParams } from "./query-params";
import { answerS3, routeS3, s3RequestKeys, type S3Answer, type S3Route } from "./s3-api";
import { createStampedReads } from "./stamped-reads";

export type ApiServerOptions = {
  db: Db;
  /** The workspace this endpoint serves. */
  workspaceId: string;
  realNow?: () => Date;
  random?: RandomSource;
  /** Called with each decision as it is made (`--log` prints it). */
  onDecision?: (record: DecisionRecord) => void;
  onError?: (error: unknown) => void;
};

export const apiServices = ["iam", "sts", "ec2", "s3"] as const;

// An S3 upload of the largest object, with room for aws-chunked signatures; Query bodies are small.
const maxBodyBytes = maxObjectBytes + 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBodyBytes) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.removeAllListeners("data");
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "127.0.0.1";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

/** The service a request is for, read from its (not yet verified) credential scope or its shape. */
function claimedService(req: IncomingMessage, url: string, params: () => QueryParams): ApiService {
  const authorization = String(req.headers.authorization ?? "");
  const scope = /Credential=[^/\s,]+\/\d{8}\/[^/\s,]+\/([^/\s,]+)\//.exec(authorization) ?? /[?&]X-Amz-Credential=[^&]*?(?:%2F|\/)\d{8}(?:%2F|\/)[^&%/]+(?:%2F|\/)([a-z0-9-]+)(?:%2F|\/)/i.exec(url);
  const named = scope?.[1];
  if (named && (apiServices as readonly string[]).includes(named)) return named as ApiService;
  const action = params().get("Action");
  if (action) {
    const version = params().get("Version");
    return version === "2016-11-15" ? "ec2" : version === "2011-06-15" ? "sts" : "iam";
  }
  return "s3";
}

type Answer = { status: number; headers: Record<string, string>; body?: Buffer | string };

/** The access key id a request names, before it is verified (for the log of a refused request). */
function claimedKeyId(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const fromHeader = /Credential=([^/\s,]+)\//.exec(String(req.headers.authorization ?? ""))?.[1];
  const candidate = fromHeader ?? query.get("X-Amz-Credential")?.split("/")[0];
  // Only something shaped like a key id is kept: the log never echoes arbitrary input at length.
  return candidate && /^[A-Z0-9]{16,128}$/.test(candidate) ? candidate : undefined;
}

/** Creates the request handler; `close` writes the decision log entries still pending. */
export function createApiHandler(options: ApiServerOptions) {
  const { workspaceId } = options;
  // Decisions read the IAM model through a cache that lasts while the audit log does not move.
  const reads = createStampedReads(options.db);
  const db = reads.db;
  const realNow = options.realNow ?? (() => new Date());
  const random = options.random ?? cryptoRandom;
  const seen = new SeenSignatures();
  const log = new DecisionLogWriter(options.db, workspaceId, options.onError);
  const accountWorkspaces = new Map<string, string | null>();
  const keyUses = new Map<string, number>();

  async function workspaceOf(accountId: string): Promise<string | null> {
    if (!accountWorkspaces.has(accountId)) {
      const account = await db.account.findUnique({ where: { id: accountId }, select: { workspaceId: true } });
      accountWorkspaces.set(accountId, account?.workspaceId ?? null);
    }
    return accountWorkspaces.get(accountId)!;
  }

  async function workspaceNow(now: Date): Promise<Date> {
    const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { clockOffsetSeconds: true, clockPausedAt: true } });
    const base = workspace?.clockPausedAt ?? now;
    return new Date(Math.floor((base.getTime() + (workspace?.clockOffsetSeconds ?? 0) * 1000) / 1000) * 1000);
  }

  // Small objects are answered from memory until the workspace next changes (a PutObject or
  // DeleteObject is audited, so it moves the stamp): a hot photo costs no database read.
  const hotObjectBytes = 256 * 1024;
  async function readHotObject(_db: unknown, bucketName: string, key: string) {
    const head = await reads.remember(`object-head:${bucketName}\u0000${key}`, () => findObjectHead(options.db, bucketName, key));
    if (!head || head.size > hotObjectBytes) return findObject(options.db, bucketName, key);
    return reads.remember(`object:${bucketName}\u0000${key}`, () => findObject(options.db, bucketName, key));
  }

  // Entries still being written when the server stops are waited for, then flushed.
  const pending = new Set<Promise<unknown>>();
  function track(work: Promise<unknown>) {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  }

  /** A long-term key's last use, at most once a minute per key (IAM's AccessKeyLastUsed). */
  function noteKeyUse(caller: SigningCaller, service: string, region: string, at: Date) {
    if (caller.kind !== "user") return;
    const last = keyUses.get(caller.accessKeyId) ?? 0;
    if (at.getTime() - last < 60_000) return;
    keyUses.set(caller.accessKeyId, at.getTime());
    track(recordAccessKeyUse(options.db, { accessKeyId: caller.accessKeyId, at, service, region }).catch(options.onError));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const requestId = randomUUID();
    const hostId = randomBytes(24).toString("base64");
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
    const query = new URLSearchParams(queryStart < 0 ? "" : url.slice(queryStart + 1));
    const sourceIp = sourceIpOf(req);
    const now = realNow();
    const checks: AuthorizationCheck[] = [];
    let body: Buffer = Buffer.alloc(0);
    let params: QueryParams | undefined;
    const queryParams = () => (params ??= readQueryParams(url, method, String(req.headers["content-type"] ?? ""), body));
    let service: ApiService = "s3";
    let route: S3Route | undefined;
    let verified: VerifiedRequest | undefined;
    let principal: ActingPrincipal | undefined;
    let answer: Answer;
    let failure: (ServiceFailure & { unauthenticated?: boolean }) | undefined;
    try {
      try {
        body = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          // The rest of the body is not read: the connection closes after the answer.
          res.shouldKeepAlive = false;
          service = claimedService(req, url, () => readQueryParams(url, "GET", "", Buffer.alloc(0)));
          throw service === "s3" ? Object.assign(new QueryError("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size"), { s3: true }) : new QueryError("RequestEntityTooLarge", 413, "The request body is too large.");
        }
        throw error;
      }
      service = claimedService(req, url, queryParams);
      if (service === "s3") route = routeS3(method, rawPath, query, req.headers);
      await reads.refresh(arrived);

      try {
        verified = await verifySignature(db, { method, url, headers: req.headers, body }, now, (c) => accountClockNow(db, c.accountId, now), { services: apiServices });
        if ((await workspaceOf(verified.caller.accountId)) !== workspaceId) throw new StsError("InvalidClientTokenId", "The security token included in the request is invalid.");
        // STS calls that issue credentials are answered once per signature within its window (a
        // captured request replayed); a presigned URL is meant to be used again until it expires.
        // Other services take a repeat as AWS does: the AWS CLI signs two identical requests in
        // the same second with the same signature (only host, date and payload are signed).
        if (!verified.presigned && verified.service === "sts") {
          seen.forgetBefore(now.getTime());
          if (!seen.firstUse(verified.signature, verified.validUntil.getTime())) {
            throw new StsError("SignatureDoesNotMatch", "This request signature has already been used. Sign each request anew: Roleplay answers a signature once within its 15-minute window.");
          }
        }
      } catch (error) {
        if (error instanceof StsError) (error as StsError & { unauthenticated?: boolean }).unauthenticated = true;
        throw error;
      }
      service = verified.service as ApiService;
      if (service === "s3") route ??= routeS3(method, rawPath, query, req.headers);
      noteKeyUse(verified.caller, service, verified.region, now);

      const clock = await accountClockNow(db, verified.caller.accountId, now);
      const v = verified;
      answer = await observeChecks(
        (check) => checks.push(check),
        async (): Promise<Answer> => {
          if (service === "sts") {
            const xml = await answerStsAction(db, v.caller, queryParams().all, { now: clock, sourceIp, region: v.region, secureTransport: false, requestId }, random);
            return { status: 200, headers: { "Content-Type": "text/xml" }, body: xml };
          }
          // The same caller from the same place is the same principal until the IAM model changes.
          principal = await reads.remember(`principal:${v.accessKeyId}:${sourceIp}:${v.region}`, () => resolveSigningPrincipal(db, v.caller, { sourceIp, region: v.region, secureTransport: false }));
          const actor = `api as ${principal.callerArn}`;
          if (service === "s3") {
            const call = { principal, now: clock, workspaceId, actor, readObject: readHotObject, requestKeys: s3RequestKeys({ presigned: v.presigned, contentSha256: req.headers["x-amz-content-sha256"] as string | undefined, signedAt: v.signedAt, realNow: now }) };
            return answerS3({ db, call, route: route!, method, query, headers: req.headers, payload: v.payload, trailers: v.trailers });
          }
          const call = { db, params: queryParams(), principal, accountId: principal.accountId, actor, now: clock, requestId, region: v.region, random };
          const xml = service === "ec2" ? await answerEc2(call) : await answerIam(call);
          return { status: 200, headers: { "Content-Type": "text/xml" }, body: xml };
        },
      );
    } catch (error) {
      const unauthenticated = Boolean((error as { unauthenticated?: boolean }).unauthenticated);
      const found = service === "s3" ? (error instanceof QueryError && (error as QueryError & { s3?: boolean }).s3 ? { code: error.code, status: error.status, message: error.message } : s3Failure(error)) : queryFailure(service, error);
      if (!found) options.onError?.(error);
      failure = { ...(found ?? { code: service === "s3" ? "InternalError" : "InternalFailure", status: 500, message: "We encountered an internal error. Please try again." }), unauthenticated };
      answer =
        service === "s3"
          ? { status: failure.status, headers: { "Content-Type": "application/xml" }, body: method === "HEAD" ? undefined : s3ErrorXml(failure, requestId, hostId) }
          : { status: failure.status, headers: { "Content-Type": "text/xml" }, body: queryErrorXml(service as QueryService, failure, requestId) };
    }

    send(res, answer, service, requestId, hostId, method);
    track(record({ service, route, verified, principal, checks, failure, requestId, sourceIp, now, queryParams, status: answer.status, claimedKey: claimedKeyId(req, query) }));
  }

  function send(res: ServerResponse, answer: Answer | S3Answer, service: ApiService, requestId: string, hostId: string, method: string) {
    const headers: Record<string, string> = { ...answer.headers };
    if (service === "s3") {
      headers["x-amz-request-id"] = requestId;
      headers["x-amz-id-2"] = hostId;
      headers.Server = "AmazonS3";
    } else {
      headers["x-amzn-RequestId"] = requestId;
    }
    headers.Date = new Date().toUTCString();
    const body = answer.body === undefined ? undefined : typeof answer.body === "string" ? Buffer.from(answer.body) : answer.body;
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-length")) headers["Content-Length"] = String(body?.length ?? 0);
    res.writeHead(answer.status, headers);
    res.end(method === "HEAD" || answer.status === 304 ? undefined : body);
  }

  async function record(input: {
    service: ApiService;
    route?: S3Route;
    verified?: VerifiedRequest;
    principal?: ActingPrincipal;
    checks: AuthorizationCheck[];
    failure?: ServiceFailure & { unauthenticated?: boolean };
    requestId: string;
    sourceIp: string;
    now: Date;
    queryParams: () => QueryParams;
    status: number;
    claimedKey: string | undefined;
  }) {
    try {
      const { service, route, verified, principal, checks, failure } = input;
      let operation: string;
      let fallback: { action: string; resource: string };
      if (service === "s3") {
        const r = route ?? { operation: "Unknown", action: "s3:*", resource: "*" };
        operation = r.operation;
        fallback = { action: r.action, resource: r.resource };
      } else {
        operation = input.queryParams().get("Action") ?? "Unknown";
        fallback = { action: `${service}:${operation}`, resource: "*" };
      }
      const decided = summarizeChecks(checks, fallback, failure ? { code: failure.code, message: failure.message, unauthenticated: failure.unauthenticated } : undefined);
      const claimedKey = verified?.accessKeyId ?? input.claimedKey ?? null;
      const entry: DecisionRecord = {
        at: verified ? await accountClockNow(db, verified.caller.accountId, input.now).catch(() => input.now) : await workspaceNow(input.now),
        requestId: input.requestId,
        caller: principal?.callerArn ?? verified?.caller.arn ?? (claimedKey ? `access key ${claimedKey}` : "anonymous"),
        accessKeyId: claimedKey,
        accountId: verified?.caller.accountId ?? null,
        service,
        operation,
        ...decided,
        status: input.status,
        errorCode: failure?.code ?? null,
        sourceIp: input.sourceIp,
        explanation: { ...decided.explanation, signature: verified ? { region: verified.region, presigned: verified.presigned } : undefined },
      };
      const stored = wellFormedRecord(entry);
      options.onDecision?.(stored);
      log.record(stored);
    } catch (error) {
      options.onError?.(error);
    }
  }

  async function close(): Promise<void> {
    while (pending.size) await Promise.all([...pending]);
    await log.close();
  }

  return { handle, close };
}

/** An HTTP server answering as IAM, STS, EC2 and S3; `closeLog` writes pending decision log entries. */
export function createApiServer(options: ApiServerOptions): Server & { closeLog: () => Promise<void> } {
  const handler = createApiHandler(options);
  const server = createServer((req, res) => {
    void handler.handle(req, res);
  });
  // Node closes an idle kept-alive socket after 5 s; an SDK that picks that socket for its next
  // request in the same instant gets ECONNRESET. AWS's endpoints keep idle connections far longer.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return Object.assign(server, { closeLog: handler.close });
}
