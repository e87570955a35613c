/**
 * The STS emulator in process, driven by @aws-sdk/client-sts: authorization by the evaluator
 * (same account, cross account, both sides), AWS's limits and error documents.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { createTestDatabase } from "../support/test-database";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { createStsServer } from "../../../lib/sts/sts-server";
import { currentComputeCredentials, revokeRoleSession, type IssuedSession } from "../../../lib/creds/role-sessions";
import { accountClockNow } from "../../../lib/creds/workspace-clock";
import { createRole, putRolePolicy } from "../../../lib/iam/roles";
import type { Db } from "../../../lib/db/create-client";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let server: Server;
let endpoint: string;

async function instanceSession(roleName: string, sourceId: string): Promise<IssuedSession> {
  const role = await db.role.findFirstOrThrow({ where: { name: roleName } });
  return currentComputeCredentials(db, { role, source: "instance", sourceId, now: await accountClockNow(db, role.accountId, new Date()) });
}

function client(s: Pick<IssuedSession, "accessKeyId" | "secretAccessKey" | "sessionToken">) {
  return new STSClient({ region: "eu-west-1", endpoint, maxAttempts: 1, credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken } });
}

const trust = (principal: object) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] });

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemoWorkspace(db);
  await createRole(db, { accountId: "111111111111", name: "trusts-abcd-by-arn", trustPolicy: trust({ AWS: "arn:aws:iam::111111111111:role/abcd" }), maxSessionDuration: 7200 }, "test");
  await createRole(db, { accountId: "111111111111", name: "trusts-the-account", trustPolicy: trust({ AWS: "arn:aws:iam::111111111111:root" }) }, "test");
  server = createStsServer({ db });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.dispose();
});

describe("AssumeRole authorization (the evaluator decides)", () => {
  it("same account: a trust policy naming the caller's role ARN is enough, without an identity permission", async () => {
    const abcd = await instanceSession("abcd", "i-000000000000000a1");
    const out = await client(abcd).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/trusts-abcd-by-arn", RoleSessionName: "by-arn" }));
    expect(out.AssumedRoleUser).toEqual({ Arn: "arn:aws:sts::111111111111:assumed-role/trusts-abcd-by-arn/by-arn", AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:by-arn$/) });
  });

  it("same account: a trust policy naming only the account delegates to identity policies (Get-pics has none for it)", async () => {
    const getPics = await instanceSession("Get-pics", "i-000000000000000a2");
    await expect(client(getPics).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/trusts-the-account", RoleSessionName: "x1" }))).rejects.toMatchObject({ name: "AccessDenied" });
    await putRolePolicy(db, { accountId: "111111111111", roleName: "Get-pics", policyName: "AssumeTrustsTheAccount", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/trusts-the-account" }] }) }, "test");
    await expect(client(getPics).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/trusts-the-account", RoleSessionName: "x2" }))).resolves.toMatchObject({ AssumedRoleUser: { Arn: "arn:aws:sts::111111111111:assumed-role/trusts-the-account/x2" } });
  });

  it("cross account: the target trusting the caller is not enough without the caller's permission", async () => {
    await db.role.updateMany({ where: { name: "efgh" }, data: { trustPolicy: trust({ AWS: ["arn:aws:iam::111111111111:role/abcd", "arn:aws:iam::111111111111:role/Get-pics"] }) } });
    const getPics = await instanceSession("Get-pics", "i-000000000000000a2");
    await expect(client(getPics).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/efgh", RoleSessionName: "xx" }))).rejects.toMatchObject({
      name: "AccessDenied",
      message: "User: arn:aws:sts::111111111111:assumed-role/Get-pics/i-000000000000000a2 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/efgh",
    });
    const abcd = await instanceSession("abcd", "i-000000000000000a1");
    await expect(client(abcd).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/efgh", RoleSessionName: "xx" }))).resolves.toBeTruthy();
  });

  it("an unknown role is AccessDenied, like a forbidden one", async () => {
    const abcd = await instanceSession("abcd", "i-000000000000000a1");
    await expect(client(abcd).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/nope", RoleSessionName: "xx" }))).rejects.toMatchObject({
      name: "AccessDenied",
      message: expect.stringContaining("on resource: arn:aws:iam::222222222222:role/nope"),
    });
  });

  it("an assumed session's own AssumeRole is bound by its session policy", async () => {
    const abcd = await instanceSession("abcd", "i-000000000000000a1");
    const restricted = await client(abcd).send(
      new AssumeRoleCommand({
        RoleArn: "arn:aws:iam::111111111111:role/trusts-abcd-by-arn",
        RoleSessionName: "restricted",
        Policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }),
      }),
    );
    expect(restricted.PackedPolicySize).toBeGreaterThan(0);
    const session = await db.roleSession.findUniqueOrThrow({ where: { accessKeyId: restricted.Credentials!.AccessKeyId! } });
    expect(session).toMatchObject({ chained: true, source: "assume-role", sourcePrincipal: abcd.assumedRoleArn, sourceId: abcd.accessKeyId });
    expect(session.sessionPolicy).toContain("s3:GetObject");
  });
});

describe("AssumeRole limits", () => {
  const cases: [string, Partial<{ RoleSessionName: string; DurationSeconds: number }>, string][] = [
    ["a one-character session name", { RoleSessionName: "a" }, "Member must have length greater than or equal to 2"],
    ["a 65-character session name", { RoleSessionName: "a".repeat(65) }, "Member must have length less than or equal to 64"],
    ["a session name with a space", { RoleSessionName: "my session" }, "Member must satisfy regular expression pattern: [\\w+=,.@-]*"],
    ["DurationSeconds below 900", { DurationSeconds: 899 }, "Member must have value greater than or equal to 900"],
    ["DurationSeconds above 43200", { DurationSeconds: 43201 }, "Member must have value less than or equal to 43200"],
    ["more than one hour for a chained session", { DurationSeconds: 3601 }, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."],
  ];
  it.each(cases)("refuses %s with ValidationError", async (_, params, message) => {
    const abcd = await instanceSession("abcd", "i-000000000000000a1");
    await expect(client(abcd).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/trusts-abcd-by-arn", RoleSessionName: "ok-name", ...params }))).rejects.toMatchObject({
      name: "ValidationError",
      message: expect.stringContaining(message),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("accepts the bounds: 2 and 64 characters of [\\w+=,.@-], 900 seconds", async () => {
    const abcd = await instanceSession("abcd", "i-000000000000000a1");
    for (const name of ["ab", "a+=,.@-_".padEnd(64, "z")]) {
      await expect(client(abcd).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/trusts-abcd-by-arn", RoleSessionName: name, DurationSeconds: 900 }))).resolves.toBeTruthy();
    }
  });

  it("refuses parameters it does not model (session tags) instead of ignoring them", async () => {
    const abcd = await instanceSession("abcd", "i-000000000000000a1");
    await expect(client(abcd).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/trusts-abcd-by-arn", RoleSessionName: "tagged", Tags: [{ Key: "team", Value: "photos" }] }))).rejects.toMatchObject({
      name: "ValidationError",
      message: expect.stringContaining("does not support the AssumeRole parameter Tags"),
    });
  });

  it("refuses a session policy that is not a policy with MalformedPolicyDocument (the SDK names it MalformedPolicyDocumentException)", async () => {
    const abcd = await instanceSession("abcd", "i-000000000000000a1");
    await expect(client(abcd).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/trusts-abcd-by-arn", RoleSessionName: "xx", Policy: "{not json" }))).rejects.toMatchObject({ name: "MalformedPolicyDocumentException" });
  });
});

describe("signatures and tokens", () => {
  it("GetCallerIdentity names the assumed-role session", async () => {
    const s = await instanceSession("Get-pics", "i-000000000000000a2");
    await expect(client(s).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: "111111111111", Arn: "arn:aws:sts::111111111111:assumed-role/Get-pics/i-000000000000000a2" });
  });

  it("a wrong secret is SignatureDoesNotMatch", async () => {
    const s = await instanceSession("Get-pics", "i-000000000000000a2");
    await expect(client({ ...s, secretAccessKey: "A".repeat(40) }).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "SignatureDoesNotMatch", $metadata: { httpStatusCode: 403 } });
  });

  it("a session token not belonging to the key is InvalidClientTokenId", async () => {
    const s = await instanceSession("Get-pics", "i-000000000000000a2");
    await expect(client({ ...s, sessionToken: "other" }).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "InvalidClientTokenId" });
  });

  it("a revoked session is InvalidClientTokenId", async () => {
    const s = await instanceSession("Get-pics", "i-000000000000000r1");
    await revokeRoleSession(db, s.accessKeyId, "test", new Date());
    await expect(client(s).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "InvalidClientTokenId" });
  });

  it("credentials past their expiry on the workspace clock are ExpiredToken", async () => {
    const s = await instanceSession("Get-pics", "i-000000000000000e1");
    await db.roleSession.update({ where: { accessKeyId: s.accessKeyId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(client(s).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "ExpiredToken", $metadata: { httpStatusCode: 400 } });
  });

  it("an unsigned request is MissingAuthenticationToken, in AWS's XML error document", async () => {
    const reply = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=GetCallerIdentity&Version=2011-06-15" });
    expect(reply.status).toBe(403);
    expect(reply.headers.get("content-type")).toBe("text/xml");
    const body = await reply.text();
    expect(body).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>MissingAuthenticationToken<\/Code>\s*<Message>Request is missing Authentication Token<\/Message>\s*<\/Error>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>\s*$/);
  });

  it("accepts a signed GET with the action in the query string (the Query API's other form)", async () => {
    const s = await instanceSession("Get-pics", "i-000000000000000a2");
    const url = new URL(endpoint);
    const signer = new SignatureV4({ credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken }, region: "us-east-1", service: "sts", sha256: Sha256 });
    const signed = await signer.sign(new HttpRequest({ method: "GET", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", query: { Action: "GetCallerIdentity", Version: "2011-06-15" }, headers: { host: url.host } }));
    const reply = await fetch(`${endpoint}/?Action=GetCallerIdentity&Version=2011-06-15`, { headers: signed.headers });
    expect(reply.status).toBe(200);
    expect(await reply.text()).toContain("<Arn>arn:aws:sts::111111111111:assumed-role/Get-pics/i-000000000000000a2</Arn>");
    const tampered = await fetch(`${endpoint}/?Action=GetCallerIdentity&Version=2011-06-16`, { headers: signed.headers });
    expect(await tampered.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
  });

  it("a signed request for an action it does not serve is InvalidAction", async () => {
    const s = await instanceSession("Get-pics", "i-000000000000000a2");
    const url = new URL(endpoint);
    const body = "Action=GetSessionToken&Version=2011-06-15";
    const signer = new SignatureV4({ credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken }, region: "us-east-1", service: "sts", sha256: Sha256 });
    const signed = await signer.sign(new HttpRequest({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", headers: { host: url.host, "content-type": "application/x-www-form-urlencoded" }, body }));
    const reply = await fetch(endpoint, { method: "POST", headers: signed.headers, body });
    expect(reply.status).toBe(400);
    expect(await reply.text()).toContain("<Code>InvalidAction</Code>");
  });
});

describe("organizations", () => {
  it("an SCP over the caller's account that denies sts:AssumeRole wins over both policies", async () => {
    const abcd = await instanceSession("abcd", "i-000000000000000a1");
    const assume = () => client(abcd).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/trusts-abcd-by-arn", RoleSessionName: "org-test" }));
    await expect(assume()).resolves.toBeTruthy();
    await db.organization.create({ data: { id: "o-test", workspaceId: "demo", managementAccountId: "222222222222", nodes: { create: { id: "r-test", kind: "ROOT", name: "Root" } } } });
    await db.account.update({ where: { id: "111111111111" }, data: { orgNodeId: "r-test" } });
    const full = await db.orgPolicy.create({ data: { id: "p-full", organizationId: "o-test", kind: "SCP", name: "FullAWSAccess", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) } });
    await db.orgPolicyAttachment.create({ data: { policyId: full.id, nodeId: "r-test" } });
    await db.orgPolicyAttachment.create({ data: { policyId: full.id, accountId: "111111111111" } });
    await expect(assume()).resolves.toBeTruthy();
    const deny = await db.orgPolicy.create({ data: { id: "p-deny", organizationId: "o-test", kind: "SCP", name: "NoRoleChaining", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" }] }) } });
    await db.orgPolicyAttachment.create({ data: { policyId: deny.id, accountId: "111111111111" } });
    try {
      await expect(assume()).rejects.toMatchObject({ name: "AccessDenied" });
    } finally {
      await db.account.update({ where: { id: "111111111111" }, data: { orgNodeId: null } });
    }
  });
});

