/**
 * S3 objects are workspace data: a backup carries them (bodies as base64) and a restore brings
 * cat.jpg back byte for byte; access keys are credentials and are not exported; a body whose
 * size or ETag does not match is refused as damage.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { seedDemoWorkspace, mainAccount } from "../../../lib/seed/seed-demo-workspace";
import { catJpeg } from "../../../lib/seed/cat-jpeg";
import { createAccessKey } from "../../../lib/iam/access-keys";
import { findObject } from "../../../lib/s3/objects";
import { exportWorkspace, restoreWorkspace, serializeBackup } from "../../../lib/io/workspace-backup";

let source: Awaited<ReturnType<typeof createTestDatabase>>;
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let file: string;

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await seedDemoWorkspace(source.db);
  const key = await createAccessKey(source.db, { accountId: mainAccount, userName: "alice" }, "test");
  file = serializeBackup(await exportWorkspace(source.db));
  expect(file).not.toContain(key.SecretAccessKey);
}, 60_000);

afterAll(async () => {
  await Promise.all([source?.dispose(), target?.dispose()]);
});

describe("objects in workspace backups", () => {
  it("a backup holds cat.jpg and no access key; a restore brings the photo back byte for byte", async () => {
    const tables = JSON.parse(file).tables;
    expect(tables.S3Object).toHaveLength(1);
    expect(tables.S3Object[0]).toMatchObject({ bucketName: "amzn-s3-demo-bucket-photos", key: "cat.jpg", contentType: "image/jpeg", size: catJpeg().length });
    expect(tables.AccessKey).toBeUndefined();
    await restoreWorkspace(target.db, file, { actor: "test" });
    const restored = await findObject(target.db, "amzn-s3-demo-bucket-photos", "cat.jpg");
    expect(restored?.body.equals(catJpeg())).toBe(true);
    expect(serializeBackup(await exportWorkspace(target.db))).toBe(file);
  });

  it("an object whose body does not match its size or ETag is damage, and nothing changes", async () => {
    const empty = await createTestDatabase();
    try {
      const backup = JSON.parse(file);
      backup.tables.S3Object[0].body = Buffer.from("not the photo").toString("base64");
      const error = await restoreWorkspace(empty.db, JSON.stringify(backup), { actor: "test" }).then(() => undefined, (e: Error) => e);
      expect(error?.message).toContain("tables.S3Object[0].size");
      expect(await empty.db.workspace.count()).toBe(0);
    } finally {
      await empty.dispose();
    }
  });
});
