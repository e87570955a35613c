// Seeds the second workspace of the browser tests (see other-workspace.mjs) through the same
// services as the console: the import for the IAM model, then a bucket and a running instance.
import { tsImport } from "tsx/esm/api";
import { otherWorkspace, otherWorkspaceDetails } from "./other-workspace.mjs";

export async function seedOtherWorkspace(databaseUrl) {
  const load = (file) => tsImport(`../../lib/${file}`, import.meta.url);
  const { configureSqlite, createPrismaClient } = await load("db/create-client.ts");
  const { importAuthorizationDetails } = await load("io/import-authorization-details.ts");
  const { createBucket, putBucketPolicy } = await load("s3/buckets.ts");
  const { launchInstance } = await load("compute/instances.ts");
  const { createWorkspace, openWorkspaceDb } = await load("workspaces/workspace-store.ts");
  const o = otherWorkspace;
  const actor = "e2e seed (other workspace)";
  // A workspace of its own (its own file), as `roleplay workspace create e2e-zebra --from empty` makes.
  const mainPath = databaseUrl.slice("file:".length);
  const control = createPrismaClient(databaseUrl);
  try {
    await configureSqlite(control);
    await createWorkspace(control, mainPath, { name: o.workspaceId, source: { kind: "empty" }, actor });
  } finally {
    await control.$disconnect();
  }
  const db = await openWorkspaceDb(mainPath, o.workspaceId);
  try {
    await db.workspace.update({ where: { id: o.workspaceId }, data: { name: o.workspaceName } });
    await importAuthorizationDetails(db, { workspaceId: o.workspaceId, files: [{ name: "zebra-details.json", text: JSON.stringify(otherWorkspaceDetails()) }], actor });
    await db.account.update({ where: { id: o.account }, data: { name: o.accountName } });
    await createBucket(db, { accountId: o.account, name: o.bucket }, actor);
    await putBucketPolicy(db, { accountId: o.account, bucketName: o.bucket, document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "ZebraSidQuagga", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${o.account}:role/${o.role}` }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${o.bucket}/*` }] }) }, actor);
    await launchInstance(
      db,
      { accountId: o.account, instanceType: "t3.micro", instanceProfile: o.role, tags: [{ Key: "Name", Value: o.instance }], metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", hopLimit: 2 }, launchedBy: `arn:aws:iam::${o.account}:root` },
      actor,
    );
  } finally {
    await db.$disconnect();
  }
}
