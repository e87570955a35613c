/**
 * The same servers with Python's botocore, when this machine has it (skipped otherwise): botocore
 * appends the role name to a URL as served (no trailing newline allowed), reads the region from
 * `placement/availability-zone/` with a trailing slash, and parses Expiration to the second.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { startRoleplay, type RunningCommand } from "../support/emulators";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";

const probe = spawnSync("python3", ["-c", "import botocore; print(botocore.__version__)"], { encoding: "utf8" });
const botocoreVersion = probe.status === 0 ? probe.stdout.trim() : null;

const script = `
import json, os, botocore.session
from botocore.utils import InstanceMetadataRegionFetcher
base = os.environ["IMDS"] + "/"
out = {"region": InstanceMetadataRegionFetcher(timeout=5, num_attempts=1, base_url=base).retrieve_region()}
s = botocore.session.get_session()
creds = s.get_credentials()
out["method"] = creds.method
out["key"] = creds.access_key
sts = s.create_client("sts", region_name="us-east-1", endpoint_url=os.environ["STS"])
out["arn"] = sts.get_caller_identity()["Arn"]
out["assumed"] = sts.assume_role(RoleArn="arn:aws:iam::222222222222:role/efgh", RoleSessionName="boto")["AssumedRoleUser"]["Arn"]
print(json.dumps(out))
`;

describe.skipIf(!botocoreVersion)(`botocore ${botocoreVersion ?? "(not installed)"}`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let imds: RunningCommand;
  let sts: RunningCommand;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoWorkspace(database.db);
    [imds, sts] = await Promise.all([startRoleplay(["imds", "--instance", "cross-account-app", "--port", "0"], database.url), startRoleplay(["sts", "--port", "0"], database.url)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([imds?.stop(), sts?.stop()]);
    await database?.dispose();
  });

  it("gets the instance role's credentials and region from roleplay imds, and assumes efgh through roleplay sts", () => {
    const run = spawnSync("python3", ["-c", script], {
      encoding: "utf8",
      // Only what botocore needs: no AWS_* variables or profiles of the developer's leak in.
      env: { PATH: process.env.PATH, HOME: database.file + ".home", AWS_EC2_METADATA_SERVICE_ENDPOINT: `${imds.url}/`, IMDS: imds.url, STS: sts.url } as Record<string, string | undefined> as NodeJS.ProcessEnv,
      timeout: 30_000,
    });
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ region: "us-east-1", method: "iam-role", key: expect.stringMatching(/^ASIA/), assumed: "arn:aws:sts::222222222222:assumed-role/efgh/boto" });
    expect(out.arn).toMatch(/^arn:aws:sts::111111111111:assumed-role\/abcd\/i-[0-9a-f]{17}$/);
  });
});
