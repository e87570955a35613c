// The escalation page's answers over the seeded demo workspace: who can reach admin, what a role
// can become across accounts, who can become a role, a node's neighbourhood, names for the picker,
// and where each hop's statement lives (for its link).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { escalationAnswer, escalationNeighbourhood, escalationPrincipals } from "../../../lib/io/account-escalation";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { createTestDatabase } from "../support/test-database";

const A = "arn:aws:iam::111111111111:";
let db: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await createTestDatabase());
  await seedDemoWorkspace(db);
});
afterAll(() => dispose());

const route = (p: { from: string; hops: { to: string }[] }) => [p.from, ...p.hops.map((h) => h.to)].map((arn) => arn.slice(arn.lastIndexOf("/") + 1)).join(" → ");

describe("the escalation page over the demo workspace", () => {
  it("who can reach admin: this account's principals, nearest first, each hop's statement located", async () => {
    const answer = await escalationAnswer(db, "111111111111", { view: "admin" });
    expect(answer.paths.map(route)).toEqual(["ops-admin → admin", "alice → ops-admin → admin"]);
    expect(answer.total).toBe(2);
    const [first] = answer.paths[1].hops;
    expect(first.evidence.map((e) => e.source)).toEqual([
      { type: "managed", arn: `${A}policy/ConsoleLaunchWithAnyRole`, account: "111111111111" },
      { type: "inline", holder: "user", account: "111111111111", name: "alice", policy: "LaunchInstancesAndUseS3" },
    ]);
    expect(answer.nodes[`${A}user/alice`]).toMatchObject({ kind: "user", name: "alice", admin: false });
    expect(answer.nodes.admin).toMatchObject({ kind: "admin" });
  });

  it("what abcd can become: efgh in the other account, the trust policy located on efgh", async () => {
    const answer = await escalationAnswer(db, "111111111111", { view: "from", principal: `${A}role/abcd` });
    expect(answer.paths.map(route)).toEqual(["abcd → efgh"]);
    const trust = answer.paths[0].hops[0].evidence.find((e) => e.kind === "resource")!;
    expect(trust.source).toEqual({ type: "trust", account: "222222222222", role: "efgh" });
  });

  it("who can become abcd; an unknown principal is no answer, not an error", async () => {
    expect((await escalationAnswer(db, "111111111111", { view: "to", principal: `${A}role/abcd` })).paths.map(route)).toEqual(["ops-admin → abcd", "alice → abcd"]);
    const unknown = await escalationAnswer(db, "111111111111", { view: "to", principal: `${A}role/nope` });
    expect(unknown).toMatchObject({ paths: [], total: 0 });
    expect(unknown.principal).toBeUndefined();
  });

  it("a node's neighbourhood: one edge per neighbour each way, with totals", async () => {
    const near = (await escalationNeighbourhood(db, "111111111111", `${A}role/abcd`))!;
    expect(near.incoming.map((e) => e.from.slice(e.from.lastIndexOf("/") + 1))).toEqual(["ops-admin", "alice"]);
    expect(near.outgoing).toEqual([{ from: `${A}role/abcd`, to: "arn:aws:iam::222222222222:role/efgh", method: "sts:AssumeRole" }]);
    expect(near.totals).toEqual({ incoming: 2, outgoing: 1 });
    expect(await escalationNeighbourhood(db, "111111111111", `${A}role/nope`)).toBeNull();
  });

  it("principals by name for the picker, this account's first", async () => {
    expect((await escalationPrincipals(db, "222222222222", "")).map((n) => n.name)[0]).toBe("efgh");
    expect((await escalationPrincipals(db, "111111111111", "ALI")).map((n) => n.arn)).toEqual([`${A}user/alice`]);
  });

  it("a change to the workspace is seen at once: every change is audited, and the kept graph is rebuilt", async () => {
    expect((await escalationAnswer(db, "111111111111", { view: "admin" })).paths.map(route)).toContain("alice → ops-admin → admin");
    const alice = await db.user.findFirstOrThrow({ where: { accountId: "111111111111", name: "alice" } });
    // What the IAM service does on DetachUserPolicy: the row goes, an audit entry records it.
    await db.policyAttachment.deleteMany({ where: { userId: alice.id, policyArn: `${A}policy/ConsoleLaunchWithAnyRole` } });
    await db.auditEntry.create({ data: { actor: "test", action: "DetachUserPolicy", accountId: "111111111111", entityType: "User", entityId: alice.id } });
    expect((await escalationAnswer(db, "111111111111", { view: "admin" })).paths.map(route)).toEqual(["ops-admin → admin"]);
  });
});
