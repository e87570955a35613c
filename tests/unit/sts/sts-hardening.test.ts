/**
 * STS accepts only what a real regional endpoint would: credential scopes naming a region of the
 * aws partition, and each signature once (a request captured within its 15-minute window cannot
 * be sent again).
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { createTestDatabase } from "../support/test-database";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { createStsServer } from "../../../lib/sts/sts-server";
import { SeenSignatures } from "../../../lib/sts/seen-signatures";
import { isStsRegion } from "../../../lib/sts/regions";
import { currentComputeCredentials, type IssuedSession } from "../../../lib/creds/role-sessions";
import { accountClockNow } from "../../../lib/creds/workspace-clock";
import type { Db } from "../../../lib/db/create-client";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let server: Server;
let endpoint: string;
let session: IssuedSession;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemoWorkspace(db);
  const role = await db.role.findFirstOrThrow({ where: { name: "Get-pics" } });
  session = await currentComputeCredentials(db, { role, source: "instance", sourceId: "i-000000000000000h1", now: await accountClockNow(db, role.accountId, new Date()) });
  server = createStsServer({ db });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.dispose();
});

const credentials = () => ({ accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken });

let calls = 0;
// A signed header of its own per call, as SDKs sign an invocation id: otherwise two tests signing
// the same request in the same second would make the same signature.
async function signedCall(region: string) {
  const url = new URL(endpoint);
  const body = "Action=GetCallerIdentity&Version=2011-06-15";
  const signer = new SignatureV4({ credentials: credentials(), region, service: "sts", sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", headers: { host: url.host, "content-type": "application/x-www-form-urlencoded", "x-test-call": String(++calls) }, body }));
  return () => fetch(endpoint, { method: "POST", headers: signed.headers, body }).then(async (r) => ({ status: r.status, body: await r.text() }));
}

describe("credential scope regions", () => {
  it.each(["us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1"])("a scope in %s is served", async (region) => {
    const reply = await (await signedCall(region))();
    expect(reply.status).toBe(200);
  });

  it.each(["xx-fake-1", "us-east-99", "cn-north-1", "us-gov-west-1", "aws-global", "US-EAST-1"])("a scope in %s is SignatureDoesNotMatch, as a real endpoint answers", async (region) => {
    const reply = await (await signedCall(region))();
    expect(reply.status).toBe(403);
    expect(reply.body).toContain("<Code>SignatureDoesNotMatch</Code>");
    expect(reply.body).toContain(`Credential should be scoped to a valid region, not &apos;${region}&apos;.`);
  });

  it("knows the regions of the aws partition only", () => {
    expect(isStsRegion("us-west-2")).toBe(true);
    expect(isStsRegion("eu-central-2")).toBe(true);
    expect(isStsRegion("cn-northwest-1")).toBe(false);
  });
});

describe("replays", () => {
  it("the same signed request sent twice is answered once; the replay is SignatureDoesNotMatch", async () => {
    const send = await signedCall("us-east-1");
    expect((await send()).status).toBe(200);
    const replay = await send();
    expect(replay.status).toBe(403);
    expect(replay.body).toContain("<Code>SignatureDoesNotMatch</Code>");
    expect(replay.body).toMatch(/already been used/);
  });

  it("concurrent copies of one signed request: exactly one is answered", async () => {
    const send = await signedCall("us-east-1");
    const replies = await Promise.all([send(), send(), send(), send()]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 403, 403, 403]);
  });

  it("an SDK calling the same operation again signs anew and is answered every time", async () => {
    const client = new STSClient({ region: "us-east-1", endpoint, maxAttempts: 1, credentials: credentials() });
    for (let i = 0; i < 3; i++) await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: "111111111111" });
  });
});

describe("the seen-signature cache", () => {
  it("remembers a signature until its window closes, then forgets it", () => {
    const seen = new SeenSignatures(10);
    expect(seen.firstUse("a", 1_000)).toBe(true);
    expect(seen.firstUse("a", 1_000)).toBe(false);
    seen.forgetBefore(999);
    expect(seen.firstUse("a", 1_000)).toBe(false);
    seen.forgetBefore(1_001);
    expect(seen.size).toBe(0);
  });

  it("holds at most its capacity, dropping the signatures whose window closes first", () => {
    const seen = new SeenSignatures(3);
    for (const [signature, until] of [["a", 5], ["b", 1], ["c", 9], ["d", 7]] as const) seen.firstUse(signature, until);
    expect(seen.size).toBe(3);
    expect(seen.firstUse("b", 1)).toBe(true);
    expect(seen.firstUse("c", 9)).toBe(false);
  });
});
