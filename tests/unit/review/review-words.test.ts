// The PassRole review page's numbers: the headline figures come from the counts its lists use, a
// row's "and N more" counts only what it leaves out, and every count reads right for 0, 1 and many.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { loadWorkspaceReviewInput } from "../../../lib/io/workspace-review-input";
import { runAccountReview, type AccountReview } from "../../../lib/review/review-view";
import { countOf, moreLine, reviewFigures } from "../../../lib/review/review-words";
import { createTestDatabase } from "../support/test-database";

const roles = { one: "role", many: "roles" };

describe("counts in words", () => {
  it.each([
    [0, "0 actions"],
    [1, "1 action"],
    [2048, "2,048 actions"],
  ])("%i → %s", (n, text) => expect(countOf(n, "action", "actions")).toBe(text));

  it.each([
    [1, 0, "and 1 more role, without an escalation path"],
    [1, 1, "and 1 more role, with an escalation path"],
    [3, 0, "and 3 more roles, none with an escalation path"],
    [3, 1, "and 3 more roles, 1 with an escalation path"],
    [2, 2, "and 2 more roles, both with an escalation path"],
    [4, 4, "and 4 more roles, all with an escalation path"],
  ])("%i more, %i escalating → %s", (more, escalating, text) => expect(moreLine(more, escalating, roles)).toBe(text));
});

describe("the demo account's review page", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let review: AccountReview;
  let everyService: AccountReview;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemoWorkspace(t.db);
    const now = new Date("2026-11-27T12:00:00Z");
    const input = await loadWorkspaceReviewInput(t.db, "demo");
    review = runAccountReview(input, "111111111111", { now });
    everyService = runAccountReview(input, "111111111111", { service: "all", now });
  });
  afterAll(async () => t.dispose());

  const figure = (r: AccountReview, label: string) => reviewFigures(r.summary()).find((f) => f.label === label)!;

  it("Escalations is the number of escalation findings the list shows (both kinds)", () => {
    const listed = review.findings.filter((f) => f.kind === "escalation" || f.kind === "escalation-path").length;
    expect(listed).toBe(4);
    expect(figure(review, "Escalations")).toMatchObject({ value: "4", detail: "2 by passing a role · 2 along paths of steps" });
    expect(review.findingsPage({ kind: "escalation" }, 1, 50).total + review.findingsPage({ kind: "escalation-path" }, 1, 50).total).toBe(listed);
  });

  it("Services reviewed names them, beside the services the roles trust", () => {
    expect(figure(review, "Services reviewed")).toMatchObject({ value: "1 of 2", detail: "ec2" });
    expect(figure(everyService, "Services reviewed")).toMatchObject({ value: "2", detail: "ec2, ecs-tasks" });
  });

  it("PassRole grants says how many principals hold them: the principals table's size", () => {
    expect(figure(review, "PassRole grants").detail).toBe(`${review.principalsPage({}, 1, 10).total} principals may pass a role`);
  });

  it("alice's row lists her two escalating roles first, the larger gain first; the three it leaves out have none", () => {
    const alice = review.principalsPage({ q: "alice" }, 1, 10).rows.find((p) => p.name === "alice")!;
    expect(alice.canPass.map((c) => c.name)).toEqual(["ops-admin", "ecsInstanceRole", "Get-pics"]);
    expect(alice).toMatchObject({ canPassCount: 6, escalating: 2, moreEscalating: 0 });
    expect(moreLine(alice.canPassCount - alice.canPass.length, alice.moreEscalating, roles)).toBe("and 3 more roles, none with an escalation path");
  });

  it("a role row counts the passers it leaves out the same way", () => {
    for (const row of review.rolesPage({}, 1, 50).rows) {
      const listed = row.passers.filter((p) => p.paths.some((path) => path.escalation)).length;
      expect(row.moreEscalating).toBe(row.escalating - listed);
      expect(row.moreEscalating).toBeGreaterThanOrEqual(0);
    }
  });
});
