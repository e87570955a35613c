/**
 * Two workspaces made from the demo hold the same account ids, ARNs and audit ids. The server's
 * caches (simulations, who-can, the escalation graph) must still never answer one workspace with
 * another's data — nor a workspace made again under a deleted one's name with the old one's.
 * (An attacker's finding: a trainee's simulation showed another trainee's secret policy.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureSqlite, createPrismaClient, type Db } from "../../../lib/db/create-client";
import { setupDatabase } from "../../../lib/db/setup-database";
import { putRolePolicy } from "../../../lib/iam/roles";
import { simulatePrincipalRequest } from "../../../lib/simulation/simulate-principal";
import { whoCanInWorkspace } from "../../../lib/authz/who-can-workspace";
import { escalationAnswer } from "../../../lib/io/account-escalation";
import { createWorkspace, deleteWorkspace, openWorkspaceDb } from "../../../lib/workspaces/workspace-store";

const actor = "cache test";
const account = "111111111111";
const abcd = `arn:aws:iam::${account}:role/abcd`;
const secret = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "SecretSid", Effect: "Allow", Action: "iam:*", Resource: "*" }] });
const harmless = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] });

let dir: string;
let main: string;
let control: Db;
const open: Db[] = [];
const workspaceDb = async (name: string) => {
  const db = await openWorkspaceDb(main, name);
  open.push(db);
  return db;
};
const now = new Date();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "roleplay-cache-isolation-"));
  main = path.join(dir, "main.db");
  await setupDatabase({ databaseUrl: `file:${main}`, databasePath: main });
  control = createPrismaClient(`file:${main}`);
  await configureSqlite(control);
  for (const name of ["a", "b"]) await createWorkspace(control, main, { name, source: { kind: "demo" }, actor });
}, 120_000);
afterAll(async () => {
  for (const db of open) await db.$disconnect();
  await control.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("caches kept per workspace", () => {
  it("a simulation, a who-can and the escalation graph in one workspace never answer another at the same audit id", async () => {
    const a = await workspaceDb("a");
    const b = await workspaceDb("b");
    await putRolePolicy(b, { accountId: account, roleName: "abcd", policyName: "secret", document: secret }, actor);
    const question = { principalArn: abcd, action: "iam:CreateUser", resource: "*" };
    expect((await simulatePrincipalRequest(b, question, now)).decision).toBe("Allow");
    expect((await whoCanInWorkspace(b, { accountId: account, action: "iam:CreateUser", resource: "*" }, now)).allowed.map((p) => p.principal)).toContain(abcd);
    expect(JSON.stringify(await escalationAnswer(b, account, { view: "admin" }))).toContain("secret");
    // Workspace a reaches the same audit id with a change of its own.
    await putRolePolicy(a, { accountId: account, roleName: "Get-pics", policyName: "harmless", document: harmless }, actor);
    const [newestA, newestB] = await Promise.all([a, b].map((db) => db.auditEntry.findFirst({ orderBy: { id: "desc" }, select: { id: true } })));
    expect(newestA?.id).toBe(newestB?.id);
    expect((await simulatePrincipalRequest(a, question, now)).decision).toBe("ImplicitDeny");
    expect((await whoCanInWorkspace(a, { accountId: account, action: "iam:CreateUser", resource: "*" }, now)).allowed.map((p) => p.principal)).not.toContain(abcd);
    expect(JSON.stringify(await escalationAnswer(a, account, { view: "admin" }))).not.toContain("secret");
  }, 60_000);

  it("a workspace made again under a deleted one's name answers from its own file", async () => {
    const before = await workspaceDb("b");
    expect((await simulatePrincipalRequest(before, { principalArn: abcd, action: "iam:CreateUser", resource: "*" }, now)).decision).toBe("Allow");
    await deleteWorkspace(control, main, "b", actor);
    await createWorkspace(control, main, { name: "b", source: { kind: "demo" }, actor });
    const again = await workspaceDb("b");
    await putRolePolicy(again, { accountId: account, roleName: "Get-pics", policyName: "harmless", document: harmless }, actor);
    expect((await simulatePrincipalRequest(again, { principalArn: abcd, action: "iam:CreateUser", resource: "*" }, now)).decision).toBe("ImplicitDeny");
    expect(JSON.stringify(await whoCanInWorkspace(again, { accountId: account, action: "iam:CreateUser", resource: "*" }, now))).not.toContain("secret");
  }, 60_000);
});
