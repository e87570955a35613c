/**
 * The lab pages' data: the labs list in order, what the browser gets of a lab (never its
 * solution nor a card's answer), the entities a check links to, what a browser keeps of a
 * trainee's work, glossary terms in lab text; and, on a workspace, the checks with their links and
 * the predict route's reveal in the shape the page reads.
 */
import { describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { answerPredictCard, applyLabSolution, applyLabStart, findLab, loadLabs, parseLabText, type LabCheck, type LoadedLab } from "../../../lib/labs";
import { readLabProgress } from "../../../lib/labs/lab-progress";
import {
  allCardsAnswered,
  checkEntities,
  describeLabSize,
  describeWorkspaceSource,
  entityLink,
  hintButtonLabel,
  labPageView,
  labRevealSchema,
  labStateKey,
  markLabText,
  parseStoredLabState,
  summarizeLabs,
  type EntityRef,
} from "../../../lib/labs/lab-view";
import { seededDemoPerTest } from "../support/test-database";

const labs = loadLabs();
const lab = (id: string) => findLab(id)!;
const a = "111111111111";

describe("the labs list", () => {
  it("puts the workspace's own lab first and marks it; the others keep their file order", () => {
    const list = summarizeLabs(labs, "trust-nobody");
    expect(list[0]).toMatchObject({ id: "trust-nobody", isWorkspaceLab: true, checks: 6, cards: 2, hints: 3 });
    expect(list.slice(1).map((l) => l.id)).toEqual(labs.map((l) => l.id).filter((id) => id !== "trust-nobody"));
    expect(list.filter((l) => l.isWorkspaceLab)).toHaveLength(1);
  });

  it("marks no lab for a workspace made without one, or for a lab no longer in the folder", () => {
    for (const own of [null, "gone"]) expect(summarizeLabs(labs, own).map((l) => [l.id, l.isWorkspaceLab])).toEqual(labs.map((l) => [l.id, false]));
  });

  it("says how big a lab is, leaving out what it has none of", () => {
    expect(describeLabSize({ checks: 6, cards: 2, hints: 3 })).toBe("6 checks · 2 predict cards · 3 hints");
    expect(describeLabSize({ checks: 1, cards: 0, hints: 1 })).toBe("1 check · 1 hint");
  });
});

describe("what the browser gets of a lab", () => {
  it("holds the goal, the cards' questions, hints, check titles and what was learned", () => {
    const view = labPageView(lab("trust-nobody"));
    expect(view.cards.map((c) => c.id)).toEqual(["indexer-reads", "role-session-reads"]);
    expect(view.checks).toHaveLength(6);
    expect(view.hints).toHaveLength(3);
    expect(view.learned).toMatch(/trust policy/);
  });

  it("never holds the reference solution, a card's request or its why", () => {
    for (const each of labs) {
      const text = JSON.stringify(labPageView(each));
      expect(text).not.toContain("solution");
      for (const card of each.predict) {
        if (card.why) expect(text, `${each.id} ${card.id}`).not.toContain(card.why);
        expect(Object.keys(labPageView(each).cards.find((c) => c.id === card.id)!)).toEqual(["id", "question"]);
      }
      for (const step of each.solution.steps) expect(text).not.toContain(typeof step === "string" ? step : JSON.stringify(step[step.length - 1]));
    }
  });
});

describe("entities a check links to", () => {
  const check = (fields: Record<string, unknown>) => ({ id: "c", title: "c", ...fields }) as LabCheck;
  const cases: [string, LabCheck, EntityRef[]][] = [
    ["a decision as an instance", check({ kind: "decision", principal: "instance indexer", action: "s3:GetObject", resource: "*", expect: "Allow" }), [{ kind: "instance", account: a, name: "indexer" }]],
    ["a decision by ARN in another account", check({ kind: "decision", principal: "arn:aws:iam::222222222222:role/team/efgh", action: "s3:GetObject", resource: "*", expect: "Allow" }), [{ kind: "role", account: "222222222222", name: "efgh" }]],
    ["a stolen credential set", check({ kind: "decision", principal: "credentials of instance legacy-gallery", action: "s3:GetObject", resource: "*", expect: "Deny" }), [{ kind: "instance", account: a, name: "legacy-gallery" }]],
    [
      "a trust check naming a user",
      check({ kind: "trust", role: "photos-indexer", trusts: "user alice", expect: false }),
      [
        { kind: "role", account: a, name: "photos-indexer" },
        { kind: "user", account: a, name: "alice" },
      ],
    ],
    ["a trust check naming a service", check({ kind: "trust", role: "photos-indexer", trusts: "ec2.amazonaws.com", expect: true }), [{ kind: "role", account: a, name: "photos-indexer" }]],
    [
      "a trust check in another account, trusting a role of the lab's account",
      check({ kind: "trust", role: "efgh", account: "222222222222", trusts: "role abcd", expect: true }),
      [
        { kind: "role", account: "222222222222", name: "efgh" },
        { kind: "role", account: a, name: "abcd" },
      ],
    ],
    [
      "PassRole limited to roles, each once",
      check({ kind: "pass-role-only", principal: "user alice", roles: ["Get-pics", "Get-pics"] }),
      [
        { kind: "user", account: a, name: "alice" },
        { kind: "role", account: a, name: "Get-pics" },
      ],
    ],
    [
      "an instance's role",
      check({ kind: "instance-role", instance: "photos-app", role: "Get-pics" }),
      [
        { kind: "instance", account: a, name: "photos-app" },
        { kind: "role", account: a, name: "Get-pics" },
      ],
    ],
    ["an instance with no role expected", check({ kind: "instance-role", instance: "photos-app", role: null }), [{ kind: "instance", account: a, name: "photos-app" }]],
    ["access keys", check({ kind: "access-keys", user: "photos-uploader", active: 0 }), [{ kind: "user", account: a, name: "photos-uploader" }]],
    [
      "a task's role",
      check({ kind: "task-role", task: "photos-resizer", role: "resizer-task" }),
      [
        { kind: "task", account: a, name: "photos-resizer" },
        { kind: "role", account: a, name: "resizer-task" },
      ],
    ],
    ["an operation (a command names nothing to open)", check({ kind: "operation", run: "ec2 run-instances", expect: "succeeds" }), []],
    ["no IMDSv1", check({ kind: "no-imdsv1" }), []],
  ];
  it.each(cases)("%s", (_name, given, expected) => {
    expect(checkEntities(given, a)).toEqual(expected);
  });

  it("link roles and users by name, instances and tasks by the id found, and nothing the workspace lacks", () => {
    expect(entityLink({ kind: "role", account: a, name: "a/b" })).toEqual({ label: "role a/b", href: `/${a}/roles/a%2Fb` });
    expect(entityLink({ kind: "user", account: a, name: "alice" }, "Alice")).toEqual({ label: "user alice", href: `/${a}/users/Alice` });
    expect(entityLink({ kind: "instance", account: a, name: "indexer" }, "i-0123")).toEqual({ label: "instance indexer", href: `/${a}/instances/i-0123` });
    expect(entityLink({ kind: "task", account: a, name: "resizer" }, "t-1")).toEqual({ label: "ECS task resizer", href: `/${a}/ecs-tasks/t-1` });
    expect(entityLink({ kind: "instance", account: a, name: "indexer" })).toBeNull();
    expect(entityLink({ kind: "role", account: a, name: "gone" }, null)).toBeNull();
  });
});

describe("hints", () => {
  it.each([
    [0, 3, "Show a hint (1 of 3)"],
    [1, 3, "Show a next hint (2 of 3)"],
    [2, 3, "Show a next hint (3 of 3)"],
    [3, 3, null],
    [0, 0, null],
  ])("after %i of %i shown, the button reads %s", (shown, total, label) => {
    expect(hintButtonLabel(shown, total)).toBe(label);
  });
});

describe("what a browser keeps", () => {
  it("keeps each workspace's work on a lab apart", () => {
    expect(labStateKey("ana", "trust-nobody")).not.toBe(labStateKey("bo", "trust-nobody"));
    expect(labStateKey("ana", "trust-nobody")).not.toBe(labStateKey("ana", "alice-passrole"));
  });

  it("starts afresh from nothing, from damaged text, or from another shape", () => {
    for (const text of [null, undefined, "", "{", "[]", '{"predictions":{"x":{"answer":"Maybe"}}}', '{"hintsShown":-1}']) {
      expect(parseStoredLabState(text), String(text)).toEqual({ predictions: {}, hintsShown: 0, checksShown: false });
    }
  });

  it("reads back what it wrote, and knows when every card is answered", () => {
    const reveal = { card: "c1", question: "q", caller: "user alice", callerArn: null, action: "s3:GetObject", resource: "*", decision: "Allow" as const, summary: "Allow: yes", deciding: [], trace: [] };
    const state = { predictions: { c1: { answer: "Allow" as const, right: true, reveal, askedAt: "2026-01-01T00:00:00.000Z" } }, hintsShown: 2, checksShown: false };
    const read = parseStoredLabState(JSON.stringify(state));
    expect(read).toEqual(state);
    expect(allCardsAnswered({ cards: [{ id: "c1", question: "q" }] }, read)).toBe(true);
    expect(allCardsAnswered({ cards: [{ id: "c1", question: "q" }, { id: "c2", question: "q" }] }, read)).toBe(false);
  });
});

describe("lab text", () => {
  const entries = [
    { term: "trust policy", aliases: ["trusts"] },
    { term: "IAM role", aliases: ["role"] },
    { term: "IMDS", aliases: ["instance metadata service"] },
    { term: "IMDSv2" },
    { term: "PassRole", aliases: ["iam:PassRole"] },
  ];

  it("marks the first mention of each term, whole words only, the longer name first", () => {
    const pieces = markLabText("The trust policy names EC2; a trust policy again. IMDSv2 is not IMDS. alice holds iam:PassRole.", entries);
    expect(pieces.filter((p) => p.term).map((p) => [p.text, p.term])).toEqual([
      ["trust policy", "trust policy"],
      ["IMDSv2", "IMDSv2"],
      ["IMDS", "IMDS"],
      ["iam:PassRole", "PassRole"],
    ]);
    expect(pieces.map((p) => p.text).join("")).toBe("The trust policy names EC2; a trust policy again. IMDSv2 is not IMDS. alice holds iam:PassRole.");
  });

  it("leaves words too common to underline, and sets `code` apart", () => {
    const pieces = markLabText("The role trusts EC2: run `iam update-assume-role-policy --role-name x` on the trust policy.", entries);
    expect(pieces.filter((p) => p.term).map((p) => p.text)).toEqual(["trust policy"]);
    expect(pieces.filter((p) => p.code).map((p) => p.text)).toEqual(["iam update-assume-role-policy --role-name x"]);
  });
});

describe("what a reset returns to", () => {
  it.each([
    ["lab:trust-nobody", "the starting state of lab trust-nobody"],
    ["demo", "a fresh copy of the demo's stories"],
    ["empty", "an empty workspace"],
    ["workspace:ana", "the copy of workspace ana it was made from"],
    ["file:class.json", "the export class.json it was made from"],
  ])("%s: %s", (source, words) => {
    expect(describeWorkspaceSource(source)).toBe(words);
  });
});

describe("on a workspace", () => {
  let db: Db;
  seededDemoPerTest((fresh) => (db = fresh));

  it("answers the checks with links to what they name, and is complete once the solution is applied", async () => {
    const trustNobody = lab("trust-nobody");
    await applyLabStart(db, trustNobody);
    const before = await readLabProgress(db, trustNobody, "ana");
    expect(before).toMatchObject({ lab: "trust-nobody", workspace: "ana", complete: false });
    const indexer = await db.instance.findFirstOrThrow({ where: { tags: { contains: '"indexer"' } } });
    expect(before.checks.find((c) => c.id === "ec2-may-assume")!.links).toEqual([{ label: "role photos-indexer", href: `/${a}/roles/photos-indexer` }]);
    expect(before.checks.find((c) => c.id === "indexer-reads")!.links).toEqual([{ label: "instance indexer", href: `/${a}/instances/${indexer.id}` }]);
    expect(before.checks.find((c) => c.id === "people-not-trusted")!.links.map((l) => l.label)).toEqual(["role photos-indexer", "user alice"]);
    await applyLabSolution(db, trustNobody);
    const after = await readLabProgress(db, trustNobody, "ana");
    expect(after).toMatchObject({ complete: true, failed: 0, passed: 6 });
  });

  it("links nothing a check names that the workspace lacks", async () => {
    const missing: LoadedLab = parseLabText(
      JSON.stringify({
        id: "missing-things",
        title: "t",
        goal: "g",
        start: { from: "demo" },
        checks: [{ id: "c", title: "c", kind: "instance-role", instance: "no-such-instance", role: "no-such-role" }],
        solution: { steps: ["clock advance 1s"] },
        learned: "l",
      }),
      "/tmp/missing-things.json",
    );
    const progress = await readLabProgress(db, missing, "ana");
    expect(progress.checks[0]).toMatchObject({ pass: false, links: [] });
  });

  it("reveals request and operation cards in the shape the page reads", async () => {
    const cards: [string, string][] = [
      ["alice-passrole", "alice-launches-ops-admin"],
      ["alice-passrole", "alice-creates-user"],
      ["get-pics-read-only", "instance-uploads"],
    ];
    for (const [labId, card] of cards) {
      const reveal = await answerPredictCard(db, lab(labId), card);
      const parsed = labRevealSchema.safeParse(JSON.parse(JSON.stringify(reveal)));
      expect(parsed.success, `${labId} ${card}: ${parsed.error?.message}`).toBe(true);
    }
  });
});
