/**
 * One source for "has this instance got credentials?": the instances list and the instance page's
 * timeline read the same answer, and before any application asks there is nothing issued.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { currentComputeCredentials } from "../../../lib/creds/role-sessions";
import { credentialState, loadWorkloadCredentials } from "../../../lib/creds/credential-state";
import { listInstances as listInstancePage } from "../../../lib/lists/instances";
import { instanceListSpec } from "../../../lib/lists/list-specs";
import { readListQuery } from "../../../lib/lists/list-query";
import { describeInstanceMetadata } from "../../../lib/imds/metadata-browser";
import { accountClockNow } from "../../../lib/creds/workspace-clock";
import type { Db } from "../../../lib/db/create-client";

const a = "111111111111";
/** The instances list's rows, as its page and JSON route read them. */
const listInstances = async (database: Db, account: string) => (await listInstancePage(database, account, readListQuery(instanceListSpec, {}))).rows;
let db: Db;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await createTestDatabase());
  await seedDemoWorkspace(db);
});
afterAll(async () => dispose());

async function photosApp() {
  const instance = (await listInstances(db, a)).find((i) => i.name === "photos-app")!;
  const page = await describeInstanceMetadata(db, a, instance.id, new Date());
  return { listed: instance.credentials, page: page.credentials };
}

describe("credential state", () => {
  it("reads each case from the role, the trust decision and what was served", () => {
    expect(credentialState(false, false, [])).toBe("none");
    expect(credentialState(true, false, [])).toBe("AssumeRoleUnauthorizedAccess");
    expect(credentialState(true, true, [])).toBe("not-requested");
    expect(credentialState(true, true, [{ accessKeyId: "ASIA", issuedAt: "", expiresAt: "", rotatesAt: "", kind: "issued", state: "expired" }])).toBe("not-requested");
    expect(credentialState(true, true, [{ accessKeyId: "ASIA", issuedAt: "", expiresAt: "", rotatesAt: "", kind: "issued", state: "served" }])).toBe("issued");
  });

  it("before any application asks: the list says not yet requested and the timeline holds no set, not even a projected one", async () => {
    const { listed, page } = await photosApp();
    expect(listed).toBe("not-requested");
    expect(page.state).toBe("not-requested");
    expect(page.timeline).toEqual([]);
  });

  it("once the metadata service served a set, both say issued, and the timeline shows it and the next two", async () => {
    const instance = (await listInstances(db, a)).find((i) => i.name === "photos-app")!;
    const role = await db.role.findFirstOrThrow({ where: { name: "Get-pics" } });
    const served = await currentComputeCredentials(db, { role, source: "instance", sourceId: instance.id, now: await accountClockNow(db, a, new Date()) });
    const { listed, page } = await photosApp();
    expect(listed).toBe("issued");
    expect(page.state).toBe("issued");
    expect(page.timeline.map((s) => [s.accessKeyId, s.state])).toEqual([[served.accessKeyId, "served"], [null, "upcoming"], [null, "upcoming"]]);
  });

  it("a trust policy that refuses EC2 reads the same on both", async () => {
    const instance = (await listInstances(db, a)).find((i) => i.name === "photos-app")!;
    const role = await db.role.findFirstOrThrow({ where: { name: "Get-pics" } });
    const trust = role.trustPolicy;
    await db.role.update({ where: { id: role.id }, data: { trustPolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) } });
    try {
      const { listed, page } = await photosApp();
      expect([listed, page.state]).toEqual(["AssumeRoleUnauthorizedAccess", "AssumeRoleUnauthorizedAccess"]);
      expect(page.timeline.filter((s) => s.kind === "projected")).toEqual([]);
    } finally {
      await db.role.update({ where: { id: role.id }, data: { trustPolicy: trust } });
    }
    expect((await loadWorkloadCredentials(db, "instance", "ec2.amazonaws.com", [{ id: instance.id, role: null }], new Date())).get(instance.id)).toEqual({ state: "none", timeline: [] });
  });
});
