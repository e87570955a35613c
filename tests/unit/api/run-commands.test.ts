/**
 * The instance page's "Run your code" commands: the endpoint and metadata service with the
 * workspace's DATABASE_URL only when it is not the default, --workspace only when the endpoint
 * would serve another workspace, and words a shell reads as one.
 */
import { describe, expect, it } from "vitest";
import { endpointRunCommands, endpointWorkspaceFor, exampleBucketFor, nonDefaultDatabaseUrl, shellWord } from "../../../lib/api/run-commands";
import { seedDemoWorkspace, mainAccount } from "../../../lib/seed/seed-demo-workspace";
import { createTestAccountDatabase, createTestDatabase } from "../support/test-database";
import { createAccount } from "../../../lib/iam/accounts";

describe("run commands", () => {
  it("default database and workspace: the bare commands", () => {
    const run = endpointRunCommands({ instanceRef: "photos-app", region: "us-east-1", bucket: "amzn-s3-demo-bucket-photos" });
    expect(run.start).toEqual(["npx roleplay imds --instance photos-app --port 1338 &", "npx roleplay api --port 4566 --log &"]);
    expect(run.environment).toContain("export AWS_ENDPOINT_URL=http://127.0.0.1:4566");
    expect(run.cli).toContain("aws --endpoint-url http://127.0.0.1:4566 s3api get-object --bucket amzn-s3-demo-bucket-photos --key cat.jpg cat.jpg");
    expect(run.sdk.join("\n")).toContain("forcePathStyle: true");
  });

  it("another database and workspace: DATABASE_URL and --workspace, shell-quoted", () => {
    const run = endpointRunCommands({ instanceRef: "my app", region: "eu-west-1", databaseUrl: "file:/tmp/class room.db", workspace: "w2" });
    expect(run.start[0]).toBe("DATABASE_URL='file:/tmp/class room.db' npx roleplay imds --instance 'my app' --port 1338 --workspace w2 &");
    expect(run.start[1]).toBe("DATABASE_URL='file:/tmp/class room.db' npx roleplay api --port 4566 --workspace w2 --log &");
    expect(shellWord("it's")).toBe("'it'\\''s'");
  });

  it("the database URL is shown only when DATABASE_URL names another file than the default", () => {
    const saved = process.env.DATABASE_URL;
    try {
      delete process.env.DATABASE_URL;
      expect(nonDefaultDatabaseUrl()).toBeUndefined();
      process.env.DATABASE_URL = "file:/tmp/training.db";
      expect(nonDefaultDatabaseUrl()).toBe("file:/tmp/training.db");
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it("--workspace for every workspace but demo (each is its own file; the emulators default to demo)", async () => {
    const database = await createTestDatabase();
    try {
      await database.db.workspace.create({ data: { id: "demo", name: "Demo" } });
      await createAccount(database.db, { id: "111111111111", name: "Main", workspaceId: "demo" }, "test");
      expect(await endpointWorkspaceFor(database.db, "111111111111")).toBeUndefined();
    } finally {
      await database.dispose();
    }
    const other = await createTestAccountDatabase("111111111111");
    try {
      expect(await endpointWorkspaceFor(other.db, "111111111111")).toBe("w");
    } finally {
      await other.dispose();
    }
  });
});

describe("the example's bucket", () => {
  it("is one the instance's application may list: photos-app the photos bucket, cross-account-app (abcd) not the photos bucket it may not read", async () => {
    const database = await createTestDatabase();
    try {
      await seedDemoWorkspace(database.db);
      const instances = await database.db.instance.findMany({ where: { accountId: mainAccount }, select: { id: true, tags: true } });
      const named = (name: string) => instances.find((i) => i.tags.includes(`"${name}"`))!.id;
      expect(await exampleBucketFor(database.db, mainAccount, named("photos-app"), new Date())).toBe("amzn-s3-demo-bucket-photos");
      expect(await exampleBucketFor(database.db, mainAccount, named("cross-account-app"), new Date())).toBe("amzn-s3-demo-bucket1");
    } finally {
      await database.dispose();
    }
  });
});
