import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { describeInstanceMetadata } from "../../../lib/imds/metadata-browser";
import { findInstancesByIdOrName } from "../../../lib/imds/instance-metadata";
import { currentComputeCredentials } from "../../../lib/creds/role-sessions";
import { accountClockNow } from "../../../lib/creds/workspace-clock";
import type { Db } from "../../../lib/db/create-client";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let id: string;
const a = "111111111111";

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemoWorkspace(db);
  id = (await findInstancesByIdOrName(db, "photos-app"))[0].id;
}, 60_000);
afterAll(async () => database?.dispose());

const path = (md: Awaited<ReturnType<typeof describeInstanceMetadata>>, p: string) => md.paths.find((x) => x.path === p)!;

describe("the console's metadata browser", () => {
  it("HttpTokens=required: v1 gets 401, v2 the answer; issues no credentials by looking", async () => {
    const md = await describeInstanceMetadata(db, a, id, new Date());
    expect(path(md, "/latest/meta-data/instance-id")).toMatchObject({ v1: { status: 401 }, v2: { status: 200, body: id } });
    expect(path(md, "/latest/meta-data/iam/security-credentials/").v2.body).toBe("Get-pics");
    expect(md.tokenRule).toContain("IMDSv2 only");
    expect(await db.roleSession.count()).toBe(0);
    // Nothing was asked for, so nothing is issued and nothing is shown as if it were.
    expect(md.credentials).toEqual({ state: "not-requested", timeline: [] });
  });

  it("shows the served set's key id and expiry, never its secret or token", async () => {
    const role = await db.role.findFirstOrThrow({ where: { name: "Get-pics" } });
    const set = await currentComputeCredentials(db, { role, source: "instance", sourceId: id, now: await accountClockNow(db, a, new Date()) });
    const md = await describeInstanceMetadata(db, a, id, new Date());
    const body = path(md, "/latest/meta-data/iam/security-credentials/Get-pics").v2.body!;
    expect(body).toContain(set.accessKeyId);
    expect(body).not.toContain(set.secretAccessKey);
    expect(body).not.toContain(set.sessionToken);
    expect(md.credentials.state).toBe("issued");
    expect(md.credentials.timeline[0]).toMatchObject({ accessKeyId: set.accessKeyId, state: "served" });
  });

  it("HttpTokens=optional: v1 and v2 both answer; HttpEndpoint=disabled: 403 for both; stopped: nothing answers", async () => {
    await db.instance.update({ where: { id }, data: { httpTokens: "optional" } });
    expect(path(await describeInstanceMetadata(db, a, id, new Date()), "/latest/meta-data/ami-id")).toMatchObject({ v1: { status: 200 }, v2: { status: 200 } });
    await db.instance.update({ where: { id }, data: { httpEndpoint: "disabled" } });
    expect(path(await describeInstanceMetadata(db, a, id, new Date()), "/latest/meta-data/ami-id")).toMatchObject({ v1: { status: 403 }, v2: { status: 403 } });
    await db.instance.update({ where: { id }, data: { httpEndpoint: "enabled", state: "stopped" } });
    expect(path(await describeInstanceMetadata(db, a, id, new Date()), "/latest/meta-data/ami-id")).toMatchObject({ v1: { status: 0 }, v2: { status: 0 } });
    await db.instance.update({ where: { id }, data: { httpTokens: "required", state: "running" } });
  });

  it("names the commands to run an app on the instance", async () => {
    const md = await describeInstanceMetadata(db, a, id, new Date());
    expect(md.commands.imds).toBe("npx roleplay imds --instance photos-app --port 1338");
    expect(md.commands.environment).toContain("export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:1338/");
  });

  it("refuses an instance of another account", async () => {
    await expect(describeInstanceMetadata(db, "222222222222", id, new Date())).rejects.toMatchObject({ code: "NoSuchEntity" });
  });
});
