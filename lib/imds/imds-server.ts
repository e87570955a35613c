/**
 * The instance metadata service of one simulated instance, on node:http, framework-free. Every
 * request reads the database afresh (instance, metadata options, profile association, role,
 * trust policy, workspace clock), so console changes show in the next response.
 * Behaviour: ../shared/contracts/imds.md and imds-behaviour.md (§1–6), and one rule of ours: a
 * request whose Host names anything but the service is refused with 403 (imds-host.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Db } from "../db/create-client";
import { cryptoRandom, type RandomSource } from "../iam/ids";
import { accountClockNow } from "../creds/workspace-clock";
import { currentComputeCredentials } from "../creds/role-sessions";
import { answerMetadataPath, loadInstanceMetadata, type CredentialSource } from "./instance-metadata";
import { isOwnHost } from "./imds-host";
import { parseTokenTtl, TokenIssuer } from "./imds-tokens";
import { percentDecodedOrAsSent } from "../percent-decoding";

export type ImdsServerOptions = {
  db: Db;
  instanceId: string;
  /** Real time; the workspace clock is read from the database on every request. */
  realNow?: () => Date;
  random?: RandomSource;
  tokens?: TokenIssuer;
  /** Called when requests are dropped because the instance is not running. */
  onNotice?: (message: string) => void;
  /** Called with unexpected errors (the answer is then a 500); secrets never reach it. */
  onError?: (error: unknown) => void;
  /** Called once per request when its answer is sent (or its connection dropped); never with a body. */
  onRequest?: (record: ImdsRequestRecord) => void;
};

/** One request as `roleplay imds` prints it: who asked, for what, and the status it got (0 when dropped). */
export type ImdsRequestRecord = { client: string; method: string; path: string; status: number };

const TOKEN_PATH = "/latest/api/token";
const versionedPrefix = /^\/(?:\d{4}-\d{2}-\d{2}|1\.0)(?=\/|$)\/?/;
/** Instance states in which software runs and can reach the metadata service. */
const servingStates = new Set(["pending", "running"]);
const TTL_HEADER = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER = "x-aws-ec2-metadata-token";

const reasons: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error" };

/** The XHTML error page the real service and AWS's metadata mock answer with; clients read only the status. */
export function errorPage(status: number): string {
  const title = `${status} - ${reasons[status] ?? "Error"}`;
  return `<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
\t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
 <head>
  <title>${title}</title>
 </head>
 <body>
  <h1>${title}</h1>
 </body>
</html>
`;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  const contentType = status === 200 ? "text/plain" : body ? "text/html" : "text/plain";
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": String(Buffer.byteLength(body)), Server: "EC2ws", Connection: "keep-alive", ...headers });
  res.end(req.method === "HEAD" ? undefined : body);
}

function fail(req: IncomingMessage, res: ServerResponse, status: number, headers?: Record<string, string>): void {
  send(req, res, status, errorPage(status), headers);
}

/** Builds the request handler (exported for tests that drive it without a socket). */
export function createImdsHandler(options: ImdsServerOptions) {
  const { db, instanceId } = options;
  const realNow = options.realNow ?? (() => new Date());
  const random = options.random ?? cryptoRandom;
  const tokens = options.tokens ?? new TokenIssuer();

  const issueCredentials: CredentialSource = async (role, now) => {
    const set = await currentComputeCredentials(db, { role, source: "instance", sourceId: instanceId, now }, random);
    return set;
  };

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Drain any body; IMDS requests carry none that matters.
    req.resume();
    // Only requests addressed to the service itself: a rebinding web page names its own host.
    if (!isOwnHost(req.headers.host, req.socket?.localAddress, req.socket?.localPort)) return fail(req, res, 403);
    const url = new URL(req.url ?? "/", "http://169.254.169.254");
    const path = percentDecodedOrAsSent(url.pathname);
    const method = req.method ?? "GET";

    const view = await loadInstanceMetadata(db, instanceId);
    if (!view) return fail(req, res, 404);
    // Nothing runs on an instance that is not running: no metadata service answers. The socket is
    // dropped, as a request to an unreachable host would fail.
    if (!servingStates.has(view.instance.state)) {
      options.onNotice?.(`instance ${instanceId} is ${view.instance.state}: its metadata service does not answer until it runs again`);
      res.destroy();
      return;
    }
    if (view.instance.httpEndpoint === "disabled") return fail(req, res, 403);

    if (path === TOKEN_PATH || /^\/[^/]+\/api\/token\/?$/.test(path)) {
      if (method !== "PUT") return fail(req, res, 405, { Allow: "OPTIONS, PUT" });
      // Tokens come only from /latest/; a versioned token path is forbidden.
      if (path !== TOKEN_PATH) return fail(req, res, 403);
      // A PUT relayed by a proxy (X-Forwarded-For) gets no token: the SSRF defence of IMDSv2.
      if (req.headers["x-forwarded-for"] !== undefined) return send(req, res, 403, "");
      const ttl = parseTokenTtl(req.headers[TTL_HEADER]);
      if (ttl === null) return fail(req, res, 400);
      return send(req, res, 200, tokens.issue(instanceId, ttl, realNow().getTime()), { "X-Aws-Ec2-Metadata-Token-Ttl-Seconds": String(ttl) });
    }

    if (method !== "GET" && method !== "HEAD") return fail(req, res, 405, { Allow: "OPTIONS, GET, HEAD" });

    // The token header marks a request as IMDSv2: if present it must be valid, whatever HttpTokens says.
    const token = req.headers[TOKEN_HEADER];
    const extra: Record<string, string> = {};
    if (token !== undefined) {
      const left = typeof token === "string" ? tokens.remainingSeconds(token, instanceId, realNow().getTime()) : null;
      if (left === null) return fail(req, res, 401);
      extra["X-Aws-Ec2-Metadata-Token-Ttl-Seconds"] = String(left);
    } else if (view.instance.httpTokens !== "optional") {
      return fail(req, res, 401);
    }

    const now = await accountClockNow(db, view.instance.accountId, realNow());
    // Versioned paths (/2021-03-23/meta-data/…, /1.0/…) serve the same data as /latest/.
    const answer = await answerMetadataPath(view, path.replace(versionedPrefix, "/latest/"), now, issueCredentials);
    if (answer.status === 404) return fail(req, res, 404);
    return send(req, res, 200, answer.body, extra);
  };
}

/** An HTTP server answering as the instance's metadata service. */
export function createImdsServer(options: ImdsServerOptions): Server {
  const handle = createImdsHandler(options);
  const server = createServer((req, res) => {
    if (options.onRequest) {
      const report = options.onRequest;
      const client = req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "unknown";
      res.once("close", () => report({ client, method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0], status: res.writableFinished ? res.statusCode : 0 }));
    }
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) fail(req, res, 500);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

