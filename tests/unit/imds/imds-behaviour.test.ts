/**
 * Every behaviour rule of ../shared/contracts/imds-behaviour.md, one test each, against the
 * metadata server of a seeded temporary database (in process, on a free loopback port).
 */
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { demoWorkspaceId, seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { createImdsServer } from "../../../lib/imds/imds-server";
import { TokenIssuer } from "../../../lib/imds/imds-tokens";
import { findInstancesByIdOrName } from "../../../lib/imds/instance-metadata";
import { removeRoleFromInstanceProfile, addRoleToInstanceProfile } from "../../../lib/iam/instance-profiles";
import { updateAssumeRolePolicy } from "../../../lib/iam/roles";
import { advanceWorkspaceClock } from "../../../lib/creds/workspace-clock";
import type { Db } from "../../../lib/db/create-client";

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let photosId: string;
let crossId: string;
let server: Server;
let base: string;
let fakeNow: number | null = null;
const tokens = new TokenIssuer();
const servers: Server[] = [];

function call(method: string, path: string, headers: Record<string, string> = {}, at = base): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${at}${path}`, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function listen(instanceId: string): Promise<string> {
  const s = createImdsServer({ db, instanceId, tokens, realNow: () => new Date(fakeNow ?? Date.now()) });
  servers.push(s);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  server = s;
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

async function token(ttl = "21600", at = base): Promise<string> {
  const reply = await call("PUT", "/latest/api/token", { "X-aws-ec2-metadata-token-ttl-seconds": ttl }, at);
  expect(reply.status).toBe(200);
  return reply.body;
}

async function get(path: string, at = base): Promise<Reply> {
  return call("GET", path, { "X-aws-ec2-metadata-token": await token("60", at) }, at);
}

async function setOptions(id: string, data: { httpTokens?: string; httpEndpoint?: string }) {
  await db.instance.update({ where: { id }, data });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemoWorkspace(db);
  photosId = (await findInstancesByIdOrName(db, "photos-app"))[0].id;
  crossId = (await findInstancesByIdOrName(db, "cross-account-app"))[0].id;
  base = await listen(photosId);
}, 60_000);

afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
  await database?.dispose();
});

beforeEach(async () => {
  fakeNow = null;
  await setOptions(photosId, { httpTokens: "required", httpEndpoint: "enabled" });
});

describe("§1 transport", () => {
  it("answers metadata as text/plain from Server EC2ws", async () => {
    const reply = await get("/latest/meta-data/instance-id");
    expect(reply.headers["content-type"]).toBe("text/plain");
    expect(reply.headers.server).toBe("EC2ws");
  });

  it("allows HEAD on metadata paths, with no body", async () => {
    const reply = await call("HEAD", "/latest/meta-data/instance-id", { "X-aws-ec2-metadata-token": await token() });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe("");
  });

  it("refuses other methods on metadata paths with 405", async () => {
    const reply = await call("POST", "/latest/meta-data/instance-id", { "X-aws-ec2-metadata-token": await token() });
    expect(reply.status).toBe(405);
  });

  it("forbids a PUT to a versioned token path (/2021-03-23/api/token) with 403", async () => {
    const reply = await call("PUT", "/2021-03-23/api/token", { "X-aws-ec2-metadata-token-ttl-seconds": "60" });
    expect(reply.status).toBe(403);
  });
});

describe("§2 IMDSv2 session tokens", () => {
  it("PUT /latest/api/token returns a whitespace-free token and echoes the TTL header", async () => {
    const reply = await call("PUT", "/latest/api/token", { "X-aws-ec2-metadata-token-ttl-seconds": "21600" });
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("text/plain");
    expect(reply.body).toMatch(/^\S+$/);
    expect(reply.headers["x-aws-ec2-metadata-token-ttl-seconds"]).toBe("21600");
  });

  it.each([["missing", undefined], ["non-integer", "1.5"], ["text", "abc"], ["zero", "0"], ["above 21600", "21601"], ["negative", "-5"]])("answers 400 to a token PUT whose TTL is %s", async (_, ttl) => {
    const reply = await call("PUT", "/latest/api/token", ttl === undefined ? {} : { "X-aws-ec2-metadata-token-ttl-seconds": ttl });
    expect(reply.status).toBe(400);
  });

  it("accepts the TTL bounds 1 and 21600", async () => {
    await token("1");
    await token("21600");
  });

  it("refuses a token PUT carrying X-Forwarded-For with 403 and an empty body", async () => {
    const reply = await call("PUT", "/latest/api/token", { "X-aws-ec2-metadata-token-ttl-seconds": "60", "X-Forwarded-For": "203.0.113.9" });
    expect(reply.status).toBe(403);
    expect(reply.body).toBe("");
  });

  it("accepts a token again and again until its TTL runs out, then answers 401", async () => {
    fakeNow = Date.now();
    const t = await token("10");
    for (let i = 0; i < 3; i++) expect((await call("GET", "/latest/meta-data/instance-id", { "X-aws-ec2-metadata-token": t })).status).toBe(200);
    fakeNow += 11_000;
    expect((await call("GET", "/latest/meta-data/instance-id", { "X-aws-ec2-metadata-token": t })).status).toBe(401);
  });

  it("honours many concurrent tokens", async () => {
    const all = await Promise.all(Array.from({ length: 20 }, () => token("60")));
    const replies = await Promise.all(all.map((t) => call("GET", "/latest/meta-data/instance-id", { "X-aws-ec2-metadata-token": t })));
    expect(replies.every((r) => r.status === 200)).toBe(true);
  });

  it("rejects a token minted by another instance's metadata service with 401", async () => {
    const other = await listen(crossId);
    const foreign = await token("60", other);
    expect((await call("GET", "/latest/meta-data/instance-id", { "X-aws-ec2-metadata-token": foreign })).status).toBe(401);
  });

  it("answers 401 to an invalid token", async () => {
    expect((await call("GET", "/latest/meta-data/", { "X-aws-ec2-metadata-token": "not-a-token" })).status).toBe(401);
  });

  it("echoes the token's remaining TTL on a GET", async () => {
    const reply = await call("GET", "/latest/meta-data/instance-id", { "X-aws-ec2-metadata-token": await token("300") });
    expect(Number(reply.headers["x-aws-ec2-metadata-token-ttl-seconds"])).toBeGreaterThan(290);
  });

  it("answers 405 with Allow: OPTIONS, PUT to a GET of the token path", async () => {
    const reply = await call("GET", "/latest/api/token");
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe("OPTIONS, PUT");
  });
});

describe("§3 instance metadata options", () => {
  it("HttpTokens=required: a GET without a token gets 401", async () => {
    expect((await call("GET", "/latest/meta-data/instance-id")).status).toBe(401);
  });

  it("HttpTokens=optional: an IMDSv1 GET (no token) works", async () => {
    await setOptions(photosId, { httpTokens: "optional" });
    const reply = await call("GET", "/latest/meta-data/instance-id");
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(photosId);
  });

  it("HttpTokens=optional: a request carrying an invalid token is still refused with 401", async () => {
    await setOptions(photosId, { httpTokens: "optional" });
    expect((await call("GET", "/latest/meta-data/instance-id", { "X-aws-ec2-metadata-token": "forged" })).status).toBe(401);
  });

  it("HttpEndpoint=disabled: 403 on every request, the token PUT included", async () => {
    await setOptions(photosId, { httpEndpoint: "disabled" });
    expect((await call("PUT", "/latest/api/token", { "X-aws-ec2-metadata-token-ttl-seconds": "60" })).status).toBe(403);
    expect((await call("GET", "/latest/meta-data/")).status).toBe(403);
  });

  it("reads the options live: switching HttpTokens takes effect on the next request", async () => {
    expect((await call("GET", "/latest/meta-data/ami-id")).status).toBe(401);
    await setOptions(photosId, { httpTokens: "optional" });
    expect((await call("GET", "/latest/meta-data/ami-id")).status).toBe(200);
  });

  it("does not fake hop-limit failures on loopback (hop limit 1 still serves tokens)", async () => {
    await db.instance.update({ where: { id: photosId }, data: { hopLimit: 1 } });
    await token("60");
    await db.instance.update({ where: { id: photosId }, data: { hopLimit: 2 } });
  });
});

describe("§4 paths", () => {
  it("lists /latest/meta-data/ one entry a line, LF-separated, folders with a trailing slash, no blank lines", async () => {
    const reply = await get("/latest/meta-data/");
    expect(reply.body).toBe(["ami-id", "hostname", "iam/", "instance-id", "instance-type", "local-hostname", "local-ipv4", "mac", "placement/"].join("\n"));
    expect(reply.body).not.toMatch(/\n\n|\r|\n$/);
  });

  it("serves the leaves in AWS's forms", async () => {
    const instance = await db.instance.findUniqueOrThrow({ where: { id: photosId } });
    expect((await get("/latest/meta-data/instance-id")).body).toMatch(/^i-[0-9a-f]{17}$/);
    expect((await get("/latest/meta-data/ami-id")).body).toBe(instance.imageId);
    expect((await get("/latest/meta-data/instance-type")).body).toBe("t3.small");
    expect((await get("/latest/meta-data/placement/availability-zone")).body).toBe("us-east-1a");
    expect((await get("/latest/meta-data/placement/region")).body).toBe("us-east-1");
    expect((await get("/latest/meta-data/local-ipv4")).body).toBe(instance.privateIp);
    expect((await get("/latest/meta-data/mac")).body).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect((await get("/latest/meta-data/hostname")).body).toBe(`ip-${instance.privateIp.replaceAll(".", "-")}.ec2.internal`);
    expect((await get("/latest/meta-data/placement/")).body).toBe("availability-zone\nregion");
  });

  it("serves versioned paths like /latest/ (only the token PUT is /latest/-only)", async () => {
    expect((await get("/2021-03-23/meta-data/instance-id")).body).toBe(photosId);
    expect((await get("/1.0/meta-data/placement/region")).body).toBe("us-east-1");
    expect((await get("/2021-03-23/meta-data/")).body).toContain("iam/");
  });

  it("answers a leaf asked for with a trailing slash (botocore's placement/availability-zone/)", async () => {
    expect((await get("/latest/meta-data/placement/availability-zone/")).body).toBe("us-east-1a");
  });

  it("iam/info: Success, LastUpdated, the profile ARN and an AIPA id", async () => {
    const info = JSON.parse((await get("/latest/meta-data/iam/info")).body);
    expect(info).toEqual({ Code: "Success", LastUpdated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), InstanceProfileArn: "arn:aws:iam::111111111111:instance-profile/Get-pics", InstanceProfileId: expect.stringMatching(/^AIPA[A-Z2-7]{17}$/) });
  });

  it("iam/security-credentials/ lists the role name exactly, with no trailing newline", async () => {
    const reply = await get("/latest/meta-data/iam/security-credentials/");
    expect(reply.body).toBe("Get-pics");
  });

  it("iam/security-credentials/ROLE: the credentials JSON with second-precision UTC timestamps", async () => {
    const reply = await get("/latest/meta-data/iam/security-credentials/Get-pics");
    expect(reply.headers["content-type"]).toBe("text/plain");
    const creds = JSON.parse(reply.body);
    expect(Object.keys(creds)).toEqual(["Code", "LastUpdated", "Type", "AccessKeyId", "SecretAccessKey", "Token", "Expiration"]);
    expect(creds.Code).toBe("Success");
    expect(creds.Type).toBe("AWS-HMAC");
    expect(creds.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(creds.Token).toMatch(/^\S+$/);
    expect(creds.LastUpdated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(creds.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("matches a percent-encoded role name", async () => {
    expect((await get("/latest/meta-data/iam/security-credentials/Get%2Dpics")).status).toBe(200);
  });

  it("answers 404 for another role's name under security-credentials/", async () => {
    expect((await get("/latest/meta-data/iam/security-credentials/ops-admin")).status).toBe(404);
    expect((await get("/latest/meta-data/iam/security-credentials/get-pics")).status).toBe(404);
  });

  it("serves the instance identity document with every field, absent ones null", async () => {
    const reply = await get("/latest/dynamic/instance-identity/document");
    const doc = JSON.parse(reply.body);
    expect(doc).toMatchObject({ accountId: "111111111111", architecture: "x86_64", availabilityZone: "us-east-1a", billingProducts: null, devpayProductCodes: null, marketplaceProductCodes: null, instanceId: photosId, instanceType: "t3.small", kernelId: null, ramdiskId: null, region: "us-east-1", version: "2017-09-30" });
    expect(doc.pendingTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Object.keys(doc).sort()).toEqual(["accountId", "architecture", "availabilityZone", "billingProducts", "devpayProductCodes", "imageId", "instanceId", "instanceType", "kernelId", "marketplaceProductCodes", "pendingTime", "privateIp", "ramdiskId", "region", "version"]);
  });

  it("answers unknown paths 404 with the XHTML `404 - Not Found` page", async () => {
    const reply = await get("/latest/meta-data/no-such-thing");
    expect(reply.status).toBe(404);
    expect(reply.headers["content-type"]).toBe("text/html");
    expect(reply.body).toContain("<title>404 - Not Found</title>");
    expect((await get("/latest/meta-data/placement/nope/")).status).toBe(404);
  });

  it("answers 404 (never 401/403/5xx) to the extended API path with a valid token", async () => {
    expect((await get("/latest/meta-data/iam/security-credentials-extended/")).status).toBe(404);
    expect((await get("/latest/meta-data/iam/security-credentials-extended/Get-pics")).status).toBe(404);
  });
});

describe("§5 IAM error states", () => {
  it("answers 200 AssumeRoleUnauthorizedAccess, with no key fields, when the trust policy does not let EC2 assume the role", async () => {
    const original = (await db.role.findFirstOrThrow({ where: { name: "Get-pics" } })).trustPolicy;
    await updateAssumeRolePolicy(db, { accountId: "111111111111", roleName: "Get-pics", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }, "test");
    try {
      const reply = await get("/latest/meta-data/iam/security-credentials/Get-pics");
      expect(reply.status).toBe(200);
      const body = JSON.parse(reply.body);
      expect(body).toEqual({
        Code: "AssumeRoleUnauthorizedAccess",
        Message: "EC2 cannot assume the role Get-pics.  Please see documentation at http://docs.amazonwebservices.com/IAM/latest/UserGuide/RolesTroubleshooting.html.",
        LastUpdated: expect.stringMatching(/Z$/),
      });
    } finally {
      await updateAssumeRolePolicy(db, { accountId: "111111111111", roleName: "Get-pics", document: original }, "test");
    }
  });

  it("decides trust with the evaluator: an explicit Deny for EC2 wins over the Allow", async () => {
    const original = (await db.role.findFirstOrThrow({ where: { name: "Get-pics" } })).trustPolicy;
    const doc = JSON.parse(original);
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    doc.Statement = [...statements, { Effect: "Deny", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { DateGreaterThan: { "aws:CurrentTime": "2000-01-01T00:00:00Z" } } }];
    await updateAssumeRolePolicy(db, { accountId: "111111111111", roleName: "Get-pics", document: JSON.stringify(doc) }, "test");
    try {
      expect(JSON.parse((await get("/latest/meta-data/iam/security-credentials/Get-pics")).body).Code).toBe("AssumeRoleUnauthorizedAccess");
    } finally {
      await updateAssumeRolePolicy(db, { accountId: "111111111111", roleName: "Get-pics", document: original }, "test");
    }
  });

  it("iam/info carries the 'does not contain a role' Message when the role leaves the profile", async () => {
    await removeRoleFromInstanceProfile(db, { accountId: "111111111111", instanceProfileName: "Get-pics", roleName: "Get-pics" }, "test");
    try {
      const info = JSON.parse((await get("/latest/meta-data/iam/info")).body);
      expect(info.Code).toBe("Success");
      expect(info.Message).toBe("Instance Profile does not contain a role...");
      expect((await get("/latest/meta-data/iam/security-credentials/Get-pics")).status).toBe(404);
    } finally {
      await addRoleToInstanceProfile(db, { accountId: "111111111111", instanceProfileName: "Get-pics", roleName: "Get-pics" }, "test");
    }
  });
});

describe("§6 credential lifetime and rotation", () => {
  it("serves the same set to every caller until less than 60 minutes remain, then a new 6-hour set", async () => {
    const read = async () => JSON.parse((await get("/latest/meta-data/iam/security-credentials/Get-pics")).body);
    const a = await read();
    const b = await read();
    expect(b.AccessKeyId).toBe(a.AccessKeyId);
    const now = Date.parse(a.LastUpdated);
    expect(Date.parse(a.Expiration) - Date.parse(a.LastUpdated)).toBe(6 * 3600 * 1000);
    // Move the clock to 61 minutes before expiry: still the same set.
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: demoWorkspaceId } });
    expect(workspace.clockPausedAt).toBeNull();
    await advanceWorkspaceClock(db, demoWorkspaceId, Math.floor((Date.parse(a.Expiration) - 61 * 60 * 1000 - Math.max(now, Date.now())) / 1000), "test", new Date());
    expect((await read()).AccessKeyId).toBe(a.AccessKeyId);
    // Two more minutes: 59 left, so a new set, whose expiry is 6 h ahead.
    await advanceWorkspaceClock(db, demoWorkspaceId, 120, "test", new Date());
    const c = await read();
    expect(c.AccessKeyId).not.toBe(a.AccessKeyId);
    expect(Date.parse(c.Expiration) - Date.parse(c.LastUpdated)).toBe(6 * 3600 * 1000);
    expect(Date.parse(a.Expiration)).toBeGreaterThan(Date.parse(c.LastUpdated));
  });

  it("always hands out an Expiration at least 60 minutes ahead of the workspace clock", async () => {
    for (let step = 0; step < 8; step++) {
      const creds = JSON.parse((await get("/latest/meta-data/iam/security-credentials/Get-pics")).body);
      const workspace = await db.workspace.findUniqueOrThrow({ where: { id: demoWorkspaceId } });
      const clock = Date.now() + workspace.clockOffsetSeconds * 1000;
      expect(Date.parse(creds.Expiration) - clock).toBeGreaterThanOrEqual(60 * 60 * 1000 - 2000);
      await advanceWorkspaceClock(db, demoWorkspaceId, 47 * 60, "test", new Date());
    }
  });

  it("a replaced profile shows at once: the new role is listed, the old role's path answers 404", async () => {
    const assoc = await db.instanceProfileAssociation.findFirstOrThrow({ where: { instanceId: photosId, state: "associated" } });
    const opsAdmin = await db.instanceProfile.findFirstOrThrow({ where: { name: "ops-admin" } });
    await db.instanceProfileAssociation.update({ where: { id: assoc.id }, data: { state: "disassociated" } });
    const replacement = await db.instanceProfileAssociation.create({ data: { id: "iip-assoc-0000000000000test", instanceId: photosId, instanceProfileId: opsAdmin.id, state: "associated" } });
    try {
      expect((await get("/latest/meta-data/iam/security-credentials/")).body).toBe("ops-admin");
      expect((await get("/latest/meta-data/iam/security-credentials/Get-pics")).status).toBe(404);
      expect(JSON.parse((await get("/latest/meta-data/iam/info")).body).InstanceProfileArn).toBe("arn:aws:iam::111111111111:instance-profile/ops-admin");
      const creds = JSON.parse((await get("/latest/meta-data/iam/security-credentials/ops-admin")).body);
      expect(creds.Code).toBe("Success");
    } finally {
      await db.instanceProfileAssociation.update({ where: { id: replacement.id }, data: { state: "disassociated" } });
      await db.instanceProfileAssociation.update({ where: { id: assoc.id }, data: { state: "associated" } });
    }
  });

  it("a disassociated profile removes the iam/ subtree: 404, and iam/ leaves the listing", async () => {
    const assoc = await db.instanceProfileAssociation.findFirstOrThrow({ where: { instanceId: photosId, state: "associated" } });
    await db.instanceProfileAssociation.update({ where: { id: assoc.id }, data: { state: "disassociated" } });
    try {
      expect((await get("/latest/meta-data/iam/")).status).toBe(404);
      expect((await get("/latest/meta-data/iam/info")).status).toBe(404);
      expect((await get("/latest/meta-data/iam/security-credentials/")).status).toBe(404);
      expect((await get("/latest/meta-data/")).body.split("\n")).not.toContain("iam/");
    } finally {
      await db.instanceProfileAssociation.update({ where: { id: assoc.id }, data: { state: "associated" } });
    }
  });

  it("records each issued set as a role session named after the instance, secrets only where needed", async () => {
    const creds = JSON.parse((await get("/latest/meta-data/iam/security-credentials/Get-pics")).body);
    const session = await db.roleSession.findUniqueOrThrow({ where: { accessKeyId: creds.AccessKeyId } });
    expect(session).toMatchObject({ source: "instance", sourceId: photosId, sessionName: photosId, assumedRoleArn: `arn:aws:sts::111111111111:assumed-role/Get-pics/${photosId}` });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityType: "RoleSession", entityId: creds.AccessKeyId } });
    expect(`${audit.before}${audit.after}`).not.toContain(creds.SecretAccessKey);
    expect(`${audit.before}${audit.after}`).not.toContain(creds.Token);
  });
});

describe("instance state (Roleplay's decision; AWS documents no answer from a stopped instance)", () => {
  it("drops requests while the instance is stopped, and answers again once it runs", async () => {
    await db.instance.update({ where: { id: photosId }, data: { state: "stopped" } });
    try {
      await expect(call("PUT", "/latest/api/token", { "X-aws-ec2-metadata-token-ttl-seconds": "60" })).rejects.toThrow();
    } finally {
      await db.instance.update({ where: { id: photosId }, data: { state: "running" } });
    }
    await token("60");
  });
});
