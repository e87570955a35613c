// The console's view of the review: per role, per principal, and the graph with escalation paths.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { accountReview, reviewAccount } from "../../../lib/io/account-review";
import { importAuthorizationDetails } from "../../../lib/io/import-authorization-details";
import { generateAuthorizationDetails } from "../../../lib/io/generate-authorization-details";
import { loadWorkspaceReviewInput } from "../../../lib/io/workspace-review-input";
import { accountReviewSteps } from "../../../lib/review/review-view";
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

describe("the account review view", () => {
  it("says who can pass ops-admin, what alice would gain, and draws alice → ops-admin → profile as an escalation path", async () => {
    const view = await reviewAccount(db, "111111111111");
    expect(view.services).toEqual(["ec2.amazonaws.com"]);
    expect(view.availableServices).toEqual(["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"]);
    const opsAdmin = view.roles.find((r) => r.name === "ops-admin")!;
    expect(opsAdmin.passers.map((p) => p.name).sort()).toEqual(["alice", "ops-admin"]);
    const alice = view.principals.find((p) => p.name === "alice")!;
    const toOpsAdmin = alice.canPass.find((c) => c.name === "ops-admin")!;
    expect(toOpsAdmin.paths[0]).toMatchObject({ service: "ec2.amazonaws.com", trusted: true, launch: ["ec2:RunInstances"], escalation: { admin: false } });
    expect(toOpsAdmin.paths[0].escalation!.levels.some((l) => l.service === "iam")).toBe(true);
    const edge = view.graph.edges.find((e) => e.source === `${A}user/alice` && e.target === `${A}role/ops-admin`)!;
    expect(edge).toMatchObject({ kind: "passes", escalation: true, label: "ec2" });
    expect(view.graph.edges.some((e) => e.source === `${A}role/ops-admin` && e.kind === "holds" && e.escalation)).toBe(true);
    // bob's path to Get-pics reaches the running photos-app instance, and is no escalation.
    const getPics = view.graph.edges.find((e) => e.source === `${A}user/bob` && e.target === `${A}role/Get-pics`)!;
    expect(getPics.escalation).toBe(false);
    expect(view.graph.nodes.some((n) => n.kind === "instance" && n.label === "photos-app")).toBe(true);
    expect(view.counts.escalations).toBeGreaterThanOrEqual(1);
    expect(view.findings.every((f) => (f.principal ?? f.role)!.includes(":111111111111:"))).toBe(true);
  });

  it("reviews one service, or every trusted service with `all`", async () => {
    expect((await reviewAccount(db, "111111111111", "ecs-tasks.amazonaws.com")).services).toEqual(["ecs-tasks.amazonaws.com"]);
    expect((await reviewAccount(db, "111111111111", "all")).services).toEqual(["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"]);
  });

  it("while it is computed, its steps name the services under review: EC2 by default, every trusted one with `all`", async () => {
    const input = await loadWorkspaceReviewInput(db, "demo");
    const named = (service?: string) => {
      const steps = accountReviewSteps(input, "111111111111", { service });
      const seen = new Set<string>();
      for (let step = steps.next(); !step.done; step = steps.next()) if (step.value.services) seen.add(step.value.services.join(","));
      return [...seen];
    };
    expect(named()).toEqual(["ec2.amazonaws.com"]);
    expect(named("all")).toEqual(["ec2.amazonaws.com,ecs-tasks.amazonaws.com"]);
    expect(named("ecs-tasks.amazonaws.com")).toEqual(["ecs-tasks.amazonaws.com"]);
  });

  it("the partner account has nobody who can pass a role", async () => {
    const view = await reviewAccount(db, "222222222222");
    expect(view.principals).toEqual([]);
    expect(view.graph.nodes).toEqual([]);
  });
});

describe("a large account's principal, page by page", () => {
  const BIG = "123456789012";
  const gainOf = (paths: { escalation?: { admin: boolean; actions: number } }[]) => Math.max(-1, ...paths.map((p) => (p.escalation ? (p.escalation.admin ? Infinity : p.escalation.actions) : -1)));

  it("lists the roles it may pass and draws its neighbours largest gain first: the administrators it may become before roles adding a few actions", async () => {
    await importAuthorizationDetails(db, { workspaceId: "demo", actor: "test", files: [{ name: "generated.json", text: JSON.stringify(generateAuthorizationDetails({ seed: 42, account: BIG, roles: 400, users: 60 })) }] });
    const review = await accountReview(db, BIG);
    // A principal that may pass more roles than its page lists, an administrator among them.
    const row = review.principalsPage({}, 1, 100).rows.find((r) => r.canPassCount > 30 && (r.gain?.admin ?? false))!;
    expect(row, "the generated account has a principal passing an administrator among many roles").toBeDefined();
    const about = review.aboutPrincipal(row.arn);
    expect(about.canPassCount).toBe(row.canPassCount);
    expect(about.canPass).toHaveLength(30);
    const gains = about.canPass.map((r) => gainOf(r.paths));
    expect(gains[0]).toBe(Infinity);
    expect(gains).toEqual([...gains].sort((a, b) => b - a));
    // "Show in graph" on its finding draws the administrator role, however many neighbours it has.
    const around = review.neighbourhood(row.arn, 1);
    expect(around.hidden).toBeGreaterThan(0);
    expect(around.nodes.map((n) => n.id)).toContain(about.canPass[0].arn);
  });

  it("a search names its row first: the role or principal called so, before those found through a passer's or a role's name", async () => {
    const review = await accountReview(db, BIG);
    // A role many may pass, whose name is the start of other roles' names (role-15: role-150…).
    const roles = review.rolesPage({ sort: "name" }, 1, 1000).rows;
    const role = roles.find((r) => roles.some((o) => o.name !== r.name && o.name.startsWith(r.name)))!;
    const found = review.rolesPage({ q: role.name }, 1, 10);
    expect(found.rows[0].name).toBe(role.name);
    const principals = review.principalsPage({ sort: "name" }, 1, 1000).rows;
    const principal = principals.find((p) => principals.some((o) => o.name !== p.name && o.name.startsWith(p.name))) ?? principals[0];
    expect(review.principalsPage({ q: principal.name }, 1, 10).rows[0].name).toBe(principal.name);
    // The graph's node picker too.
    expect(review.searchNodes(role.name)[0].label).toBe(role.name);
  });
});
