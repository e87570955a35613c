import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { findRole, getRoleDetail } from "../../../lib/iam/roles";
import { createPolicy, getPolicyDetail } from "../../../lib/iam/managed-policies";
import { attachPolicyToRole, createDesignedRole, policyRevision, removeRolePolicy, saveRolePolicy, savePolicyVersion } from "../../../lib/iam/role-designer";
import { trustPolicyFor } from "../../../lib/designer/trust-templates";
import { createTestAccountDatabase } from "../support/test-database";
import { appErrorOf } from "../support/app-error";

const actor = "designer@test";
const account = "123456789012";
const readBucket = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"] }] }, null, 2);

const appError = appErrorOf;

let db: Db;
let dispose: () => Promise<void>;

beforeEach(async () => {
  ({ db, dispose } = await createTestAccountDatabase(account));
});
afterEach(async () => dispose());

describe("creating a role from the wizard", () => {
  it("creates the role, its inline policy and the matching instance profile, audited", async () => {
    await createDesignedRole(db, { accountId: account, name: "Get-pics-2", trustPolicy: trustPolicyFor({ kind: "ec2" }), inlinePolicies: [{ name: "read-photos", document: readBucket }], createInstanceProfile: true }, actor);
    const role = await getRoleDetail(db, account, "Get-pics-2");
    expect(role.inlinePolicies.map((p) => p.text)).toEqual([readBucket]);
    expect(role.instanceProfiles.map((p) => p.name)).toEqual(["Get-pics-2"]);
    const actions = (await db.auditEntry.findMany({ where: { actor } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["CreateRole", "PutRolePolicy", "CreateInstanceProfile", "AddRoleToInstanceProfile"]));
  });

  it("leaves nothing behind when a part fails", async () => {
    const error = await appError(createDesignedRole(db, { accountId: account, name: "half", trustPolicy: trustPolicyFor({ kind: "ec2" }), attachedPolicyArns: ["arn:aws:iam::aws:policy/NoSuchPolicyAnywhere"] }, actor));
    expect(error.code).toBe("NoSuchEntity");
    expect((await appError(findRole(db, account, "half"))).code).toBe("NoSuchEntity");
  });
});

describe("edits against a newer saved version are refused", () => {
  it("an inline policy edit started from an old version gets Conflict with both versions, and nothing is written", async () => {
    await createDesignedRole(db, { accountId: account, name: "r", trustPolicy: trustPolicyFor({ kind: "ec2" }), inlinePolicies: [{ name: "p", document: readBucket }] }, actor);
    const start = (await findRole(db, account, "r")).version;
    const theirs = readBucket.replace("s3:ListBucket", "s3:GetObjectVersion");
    const saved = await saveRolePolicy(db, { accountId: account, roleName: "r", expectedVersion: start, policyName: "p", document: theirs }, "someone-else");
    expect(saved.version).toBe(start + 1);
    const error = await appError(saveRolePolicy(db, { accountId: account, roleName: "r", expectedVersion: start, policyName: "p", document: "{}" }, actor));
    expect(error.code).toBe("Conflict");
    expect(error.details).toMatchObject({ yourVersion: start, currentVersion: start + 1, yours: { document: "{}" }, current: { document: theirs } });
    expect((await getRoleDetail(db, account, "r")).inlinePolicies[0].text).toBe(theirs);
    expect((await appError(removeRolePolicy(db, { accountId: account, roleName: "r", expectedVersion: start, policyName: "p" }, actor))).code).toBe("Conflict");
    expect((await appError(attachPolicyToRole(db, { accountId: account, roleName: "r", expectedVersion: start, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, actor))).code).toBe("Conflict");
  });

  it("a sixth policy version is LimitExceeded; a stale revision is Conflict", async () => {
    const created = await createPolicy(db, { accountId: account, name: "photos", document: readBucket }, actor);
    const revision = async () => {
      const detail = await getPolicyDetail(db, account, created.arn);
      return policyRevision({ defaultVersionId: detail.defaultVersionId, versions: detail.versions });
    };
    const first = await revision();
    for (let i = 0; i < 4; i++) await savePolicyVersion(db, { accountId: account, policyArn: created.arn, expectedRevision: await revision(), document: readBucket, setAsDefault: false }, actor);
    const sixth = await appError(savePolicyVersion(db, { accountId: account, policyArn: created.arn, expectedRevision: await revision(), document: readBucket, setAsDefault: true }, actor));
    expect(sixth.code).toBe("LimitExceeded");
    expect(sixth.message).toMatch(/up to 5 versions/);
    expect((await appError(savePolicyVersion(db, { accountId: account, policyArn: created.arn, expectedRevision: first, document: readBucket, setAsDefault: true }, actor))).code).toBe("Conflict");
  });
});
