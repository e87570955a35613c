// Importing authorization-details files into a workspace: every sample, idempotence, atomicity,
// AWS's ids and dates, and the review over the imported workspace agreeing with the file review.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { AppError } from "../../../lib/errors";
import { importAuthorizationDetails, type ImportFile } from "../../../lib/io/import-authorization-details";
import { readAuthorizationDetails } from "../../../lib/io/read-authorization-details";
import { reviewInputFromSnapshots } from "../../../lib/io/snapshot-review-input";
import { loadWorkspaceReviewInput } from "../../../lib/io/workspace-review-input";
import { reviewJson } from "../../../lib/review/format-review";
import { reviewPassRole } from "../../../lib/review/review-pass-role";
import { createTestDatabase } from "../support/test-database";

const samplesDir = join(import.meta.dirname, "..", "..", "fixtures", "authorization-details");
const SAMPLES = ["cloudsplaining-example.json", "cloudsplaining-test-example-authz-details.json", "cloudmapper-demo-iam-get-account-authorization-details.json", "iamspy-role-boundary-allow.json"];
const sampleFile = (name: string): ImportFile => ({ name, text: readFileSync(join(samplesDir, name), "utf8") });
const actor = "test importer";

let db: Db;
let dispose: () => Promise<void>;
beforeEach(async () => {
  ({ db, dispose } = await createTestDatabase());
  await db.workspace.create({ data: { id: "ws", name: "Imports" } });
});
afterEach(() => dispose());

async function snapshotOfDb() {
  const [accounts, users, groups, roles, policies, versions, inline, attachments, memberships, profiles, audit, runs] = await Promise.all([
    db.account.count(),
    db.user.findMany({ orderBy: { id: "asc" } }),
    db.group.count(),
    db.role.findMany({ orderBy: { id: "asc" } }),
    db.managedPolicy.count(),
    db.policyVersion.count(),
    db.inlinePolicy.count(),
    db.policyAttachment.count(),
    db.groupMembership.count(),
    db.instanceProfile.count(),
    db.auditEntry.count(),
    db.importRun.count(),
  ]);
  return { accounts, users, groups, roles, policies, versions, inline, attachments, memberships, profiles, audit, runs };
}

describe("importing authorization details", () => {
  it.each(SAMPLES)("imports %s, and importing it again changes nothing", async (name) => {
    const first = await importAuthorizationDetails(db, { workspaceId: "ws", files: [sampleFile(name)], actor });
    expect(first.changed).toBe(true);
    expect(first.files[0].importRunId).not.toBeNull();
    const before = await snapshotOfDb();
    const second = await importAuthorizationDetails(db, { workspaceId: "ws", files: [sampleFile(name)], actor });
    expect(second.changed).toBe(false);
    expect(second.files[0].importRunId).toBeNull();
    expect(await snapshotOfDb()).toEqual(before);
  });

  it("keeps AWS's ids and create dates, one account per ARN account, and records the run and audit entries", async () => {
    const result = await importAuthorizationDetails(db, { workspaceId: "ws", files: [sampleFile("cloudsplaining-example.json")], actor });
    expect(result.files[0].accounts).toEqual(["200611803367", "012345678901"]);
    expect(result.files[0].counts.roles).toEqual({ created: 78, updated: 0, unchanged: 0 });
    const obama = await db.user.findFirstOrThrow({ where: { name: "obama" } });
    const raw = JSON.parse(sampleFile("cloudsplaining-example.json").text).UserDetailList.find((u: { UserName: string }) => u.UserName === "obama");
    expect(obama.id).toBe(raw.UserId);
    expect(obama.accountId).toBe("012345678901");
    expect(obama.createdAt.toISOString()).toBe(new Date(raw.CreateDate.replace(" ", "T")).toISOString());
    const profile = await db.instanceProfile.findFirstOrThrow({ where: { name: "privesc-high-priv-service-profile" }, include: { role: true } });
    expect(profile.role?.name).toBe("privesc-high-priv-service-role");
    const run = await db.importRun.findFirstOrThrow();
    expect(run).toMatchObject({ workspaceId: "ws", fileName: "cloudsplaining-example.json", actor });
    expect(run.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(run.summary).counts.users.created).toBe(44);
    expect(await db.auditEntry.count({ where: { action: "ImportRole", actor } })).toBe(78);
    expect(await db.auditEntry.count({ where: { action: "ImportAuthorizationDetails" } })).toBe(1);
  });

  it("keeps every version of a customer-managed policy and its default", async () => {
    await importAuthorizationDetails(db, { workspaceId: "ws", files: [sampleFile("cloudsplaining-test-example-authz-details.json")], actor });
    const policy = await db.managedPolicy.findFirstOrThrow({ where: { name: "NotYourPolicy" }, include: { versions: true } });
    expect(policy.defaultVersionId).toBe("v9");
    expect(policy.versions.map((v) => v.versionId)).toEqual(["v9"]);
  });

  it("updates what changed in a second export and audits only that", async () => {
    await importAuthorizationDetails(db, { workspaceId: "ws", files: [sampleFile("cloudmapper-demo-iam-get-account-authorization-details.json")], actor });
    const changed = JSON.parse(sampleFile("cloudmapper-demo-iam-get-account-authorization-details.json").text);
    changed.RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[0].Action = "s3:GetObject";
    const before = await db.auditEntry.count();
    const result = await importAuthorizationDetails(db, { workspaceId: "ws", files: [{ name: "second.json", text: JSON.stringify(changed) }], actor });
    expect(result.files[0].counts.roles).toEqual({ created: 0, updated: 1, unchanged: 3 });
    expect(await db.auditEntry.count()).toBe(before + 2); // ImportRole + ImportAuthorizationDetails
    const exfiller = await db.role.findFirstOrThrow({ where: { name: "exfiller" }, include: { inlinePolicies: true } });
    expect(JSON.parse(exfiller.inlinePolicies[0].document).Statement[0].Action).toBe("s3:GetObject");
  });

  it("is atomic: when the second file fails, the first one is not imported either", async () => {
    await db.workspace.create({ data: { id: "other", name: "Other" } });
    await db.account.create({ data: { id: "123456789012", name: "Taken", workspaceId: "other" } });
    const before = await snapshotOfDb();
    await expect(
      importAuthorizationDetails(db, { workspaceId: "ws", files: [sampleFile("cloudsplaining-example.json"), sampleFile("iamspy-role-boundary-allow.json")], actor }),
    ).rejects.toThrow(/account 123456789012 belongs to another workspace/);
    expect(await snapshotOfDb()).toEqual(before);
  });

  it("refuses a malformed file before writing anything, naming the file and the JSON path", async () => {
    const bad = JSON.parse(sampleFile("cloudmapper-demo-iam-get-account-authorization-details.json").text);
    bad.RoleDetailList[2].AssumeRolePolicyDocument.Statement[0].Effect = "Perhaps";
    const before = await snapshotOfDb();
    const error = await importAuthorizationDetails(db, { workspaceId: "ws", files: [sampleFile("iamspy-role-boundary-allow.json"), { name: "broken.json", text: JSON.stringify(bad) }], actor }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("InvalidInput");
    expect(error.details).toEqual({ file: "broken.json", path: "$.RoleDetailList[2].AssumeRolePolicyDocument.Statement[0].Effect" });
    expect(error.message).toContain("broken.json");
    expect(await snapshotOfDb()).toEqual(before);
  });

  it("reports progress per kind of entity, then the write", async () => {
    const seen: string[] = [];
    await importAuthorizationDetails(db, { workspaceId: "ws", files: [sampleFile("cloudmapper-demo-iam-get-account-authorization-details.json")], actor, onProgress: (p) => p.done === p.total && seen.push(`${p.phase} ${p.total}`) });
    expect(seen).toEqual(["accounts 1", "policies 1", "groups 1", "users 2", "roles 4", "writing 1"]);
  });

  it("the review of the imported workspace finds what the review of the file finds", async () => {
    const name = "cloudsplaining-example.json";
    await importAuthorizationDetails(db, { workspaceId: "ws", files: [sampleFile(name)], actor });
    const fromDb = reviewPassRole(await loadWorkspaceReviewInput(db, "ws"), { services: ["ec2.amazonaws.com"] });
    const fromFile = reviewPassRole(reviewInputFromSnapshots([readAuthorizationDetails(sampleFile(name).text, name)]).input, { services: ["ec2.amazonaws.com"] });
    const key = (e: { principal: string; role: string; service: string }) => `${e.principal} ${e.role} ${e.service}`;
    expect(fromDb.escalations.map(key).sort()).toEqual(fromFile.escalations.map(key).sort());
    expect(fromDb.grants.map(key).sort()).toEqual(fromFile.grants.map(key).sort());
    expect(reviewJson(fromDb).accounts.sort()).toEqual(reviewJson(fromFile).accounts.sort());
  });

  it("keeps an AWS-managed policy that AWS retired (absent from the data package) from the file, and attaches it", async () => {
    const name = "cloudsplaining-example.json";
    await importAuthorizationDetails(db, { workspaceId: "ws", files: [sampleFile(name)], actor });
    const retired = await db.retiredAwsPolicy.findUnique({ where: { arn: "arn:aws:iam::aws:policy/AWSLambdaFullAccess" } });
    expect(retired).toMatchObject({ name: "AWSLambdaFullAccess" });
    expect(JSON.parse(retired!.document).Statement.length).toBeGreaterThan(0);
    expect(await db.policyAttachment.count({ where: { policyArn: "arn:aws:iam::aws:policy/AWSLambdaFullAccess" } })).toBeGreaterThan(0);
  });
});
