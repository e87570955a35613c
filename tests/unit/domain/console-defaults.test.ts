/**
 * What the console opens on: `/` goes to the account last chosen, else to the demo's own first
 * account even after an import added others; the instance page's "Role to assume" starts at the
 * story's target; a role's page counts the sessions issued for it as uses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { demoWorkspaceId, seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { createAccount, listAccounts, startAccount, workspaceCreationTimes } from "../../../lib/iam/accounts";
import { createRole } from "../../../lib/iam/roles";
import { listAssumeRoleTargets } from "../../../lib/compute/workload-permissions";
import { issueRoleSession, listRoleSessionHolders } from "../../../lib/creds/role-sessions";
import type { Db } from "../../../lib/db/create-client";

let db: Db;
let dispose: () => Promise<void>;
const anyone = (name: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }], Id: name });

beforeAll(async () => {
  ({ db, dispose } = await createTestDatabase());
  await seedDemoWorkspace(db);
  // What an import leaves behind: an account whose id sorts first, with a role that trusts the demo.
  await new Promise((resolve) => setTimeout(resolve, 5));
  await createAccount(db, { id: "000000000001", name: "Imported 000000000001", workspaceId: demoWorkspaceId }, "import");
  await createRole(db, { accountId: "000000000001", name: "aaa-imported", trustPolicy: anyone("aaa") }, "import");
}, 60_000);
afterAll(async () => dispose());

describe("where / opens", () => {
  it("the demo's 111111111111, not the imported account that sorts first", async () => {
    const accounts = await listAccounts(db);
    expect(accounts[0].id).toBe("000000000001");
    expect(startAccount(accounts, undefined, await workspaceCreationTimes(db))?.id).toBe("111111111111");
  });

  it("the account last chosen, when the person may still use it", async () => {
    const accounts = await listAccounts(db);
    expect(startAccount(accounts, "222222222222")?.id).toBe("222222222222");
    expect(startAccount(accounts.filter((a) => a.id !== "222222222222"), "222222222222")?.id).toBe("111111111111");
    expect(startAccount(accounts, "999999999999")?.id).toBe("111111111111");
  });

  it("the oldest workspace's accounts before a newer workspace's", () => {
    const at = (ms: number) => new Date(ms);
    const accounts = [
      { id: "111111111111", workspaceId: "new", createdAt: at(10) },
      { id: "444455556666", workspaceId: "old", createdAt: at(20) },
    ];
    expect(startAccount(accounts, undefined, new Map([["old", at(1)], ["new", at(5)]]))?.id).toBe("444455556666");
    expect(startAccount([], undefined)).toBeUndefined();
  });
});

describe("the instance page's role to assume", () => {
  it("starts at efgh for cross-account-app: abcd's policy names it and its trust names abcd", async () => {
    const instance = await db.instance.findFirstOrThrow({ where: { tags: { contains: "cross-account-app" } } });
    const targets = await listAssumeRoleTargets(db, { kind: "instance", accountId: "111111111111", instanceId: instance.id }, new Date());
    expect(targets[0]).toMatchObject({ arn: "arn:aws:iam::222222222222:role/efgh", named: true });
    expect(targets.map((t) => t.arn)).toContain("arn:aws:iam::000000000001:role/aaa-imported");
    expect(targets.map((t) => t.arn)).not.toContain("arn:aws:iam::111111111111:role/abcd");
  });
});

describe("what uses a role", () => {
  it("counts active sessions: an AssumeRole caller appears once per caller, with its number of sessions", async () => {
    const efgh = await db.role.findFirstOrThrow({ where: { name: "efgh" } });
    const now = new Date();
    expect(await listRoleSessionHolders(db, efgh.id, now)).toEqual([]);
    for (let i = 0; i < 2; i++) {
      await issueRoleSession(db, { role: efgh, sessionName: `partner-${i}`, source: "assume-role", sourceId: `ASIACALLER${i}`, sourcePrincipal: "arn:aws:sts::111111111111:assumed-role/abcd/i-0123456789abcdef0", issuedAt: now, durationSeconds: 3600 }, "test");
    }
    expect(await listRoleSessionHolders(db, efgh.id, now)).toMatchObject([{ source: "assume-role", sourcePrincipal: "arn:aws:sts::111111111111:assumed-role/abcd/i-0123456789abcdef0", active: 2 }]);
    expect(await listRoleSessionHolders(db, efgh.id, new Date(now.getTime() + 2 * 3600_000))).toEqual([]);
  });
});
