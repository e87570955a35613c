// Who-can on the demo workspace: the AWS services a role's trust policy admits are answered apart
// from users and roles, and the page's example questions follow the seed's stories rather than
// the first names in sort order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { loadWorkspaceReviewInput } from "../../../lib/io/workspace-review-input";
import { whoCan, whoCanContext } from "../../../lib/authz/who-can";
import { suggestWhoCanQuestions } from "../../../lib/authz/who-can-presets";
import { whoCanPresetsInWorkspace } from "../../../lib/authz/who-can-workspace";
import { readWhoCanSearch, whoCanSearch } from "../../../lib/authz/who-can-search";
import type { ReviewInput } from "../../../lib/review/review-input";
import { createTestDatabase } from "../support/test-database";

const A = "arn:aws:iam::111111111111:";
const now = new Date("2026-11-27T12:00:00Z");
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let input: ReviewInput;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoWorkspace(t.db);
  input = await loadWorkspaceReviewInput(t.db, "demo");
});
afterAll(async () => t.dispose());

describe("who can assume a role: the service principals of its trust policy", () => {
  it("ops-admin: no user or role, but ec2.amazonaws.com through its trust policy", () => {
    const answer = whoCan(input, { action: "sts:AssumeRole", resource: `${A}role/ops-admin` }, { now });
    expect(answer.allowed).toEqual([]);
    expect(answer.services).toEqual([{ service: "ec2.amazonaws.com", decision: "Allow", decisive: [expect.objectContaining({ kind: "resource", policy: "Trust policy of role ops-admin" })] }]);
  });

  it("the thumbnailer task role is assumed by ecs-tasks.amazonaws.com", () => {
    const answer = whoCan(input, { action: "sts:AssumeRole", resource: `${A}role/photos-thumbnailer-task` }, { now });
    expect(answer.services?.map((s) => [s.service, s.decision])).toEqual([["ecs-tasks.amazonaws.com", "Allow"]]);
  });

  it("efgh trusts only abcd: it names no service", () => {
    const answer = whoCan(input, { action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/efgh" }, { now });
    expect(answer.services).toEqual([]);
  });

  it("a trust condition on a key the question sets decides the service too", () => {
    const guarded: ReviewInput = {
      ...input,
      roles: input.roles.map((r) =>
        r.name !== "ops-admin"
          ? r
          : { ...r, trust: { ...r.trust, key: "guarded-trust", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceArn": "arn:aws:ec2:us-east-1:111111111111:instance/i-1" } } }] } } },
      ),
    };
    const question = { action: "sts:AssumeRole", resource: `${A}role/ops-admin` };
    expect(whoCan(guarded, question, { now }).services?.[0].decision).toBe("ImplicitDeny");
    expect(whoCan(guarded, { ...question, context: { "aws:SourceArn": "arn:aws:ec2:us-east-1:111111111111:instance/i-1" } }, { now }).services?.[0].decision).toBe("Allow");
  });

  it("no service list for questions no trust policy decides", () => {
    expect(whoCan(input, { action: "iam:PassRole", resource: `${A}role/ops-admin` }, { now }).services).toBeUndefined();
    expect(whoCan(input, { action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" }, { now }).services).toBeUndefined();
  });
});

describe("the who-can page's example questions", () => {
  it("on the main account: the photo behind the bucket policy, ops-admin to EC2, and the cross-account efgh", () => {
    const presets = suggestWhoCanQuestions(input, whoCanContext(input), "111111111111", { "amzn-s3-demo-bucket-photos": "cat.jpg" });
    expect(presets).toEqual([
      { label: "Who can read amzn-s3-demo-bucket-photos/cat.jpg", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" },
      { label: "Who can pass ops-admin to EC2", action: "iam:PassRole", resource: `${A}role/ops-admin`, context: { "iam:PassedToService": "ec2.amazonaws.com" } },
      { label: "Who can assume efgh (account 222222222222)", action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/efgh" },
    ]);
  });

  it("read from the workspace: the bucket's real first object", async () => {
    const presets = await whoCanPresetsInWorkspace(t.db, "111111111111");
    expect(presets.map((p) => p.label)).toEqual(["Who can read amzn-s3-demo-bucket-photos/cat.jpg", "Who can pass ops-admin to EC2", "Who can assume efgh (account 222222222222)"]);
    // Kept while nothing changes (a large account's take hundreds of milliseconds to find), not across a change.
    expect(await whoCanPresetsInWorkspace(t.db, "111111111111")).toBe(presets);
    await t.db.auditEntry.create({ data: { actor: "test", action: "Touch", entityType: "Role", entityId: "x", accountId: "111111111111" } });
    const after = await whoCanPresetsInWorkspace(t.db, "111111111111");
    expect(after).not.toBe(presets);
    expect(after).toEqual(presets);
  });

  it("on the partner account: its own efgh, and no bucket question without an object there", () => {
    const presets = suggestWhoCanQuestions(input, whoCanContext(input), "222222222222");
    expect(presets.map((p) => p.label)).toEqual(["Who can read amzn-s3-demo-bucket2/example.txt", "Who can assume efgh"]);
  });

  it("every suggested question is one the evaluator answers, with someone allowed", () => {
    for (const p of suggestWhoCanQuestions(input, whoCanContext(input), "111111111111", { "amzn-s3-demo-bucket-photos": "cat.jpg" })) {
      const answer = whoCan(input, { action: p.action, resource: p.resource, context: p.context }, { now });
      expect(answer.allowed.length, p.label).toBeGreaterThan(0);
    }
  });
});

describe("a who-can question in the page's URL", () => {
  const question = { action: "iam:PassRole", resource: `${A}role/ops-admin`, resourceAccount: "111111111111", context: { "iam:PassedToService": "ec2.amazonaws.com", "aws:CalledVia": ["a.amazonaws.com", "b.amazonaws.com"] } };

  it("reads back as the question written, multi-valued keys included", () => {
    const search = Object.fromEntries([...new URLSearchParams(whoCanSearch(question)).keys()].map((k) => [k, new URLSearchParams(whoCanSearch(question)).getAll(k)]));
    expect(readWhoCanSearch(search)).toEqual(question);
  });

  it("names no question without an action and a resource", () => {
    expect(readWhoCanSearch({ action: "s3:GetObject" })).toBeUndefined();
    expect(readWhoCanSearch({})).toBeUndefined();
  });
});
