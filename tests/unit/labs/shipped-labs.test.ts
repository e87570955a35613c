/**
 * Every lab shipped in labs/: on a fresh demo workspace, its starting state fails at least one
 * check (by design: the checks the lab names as failing at the start), and its reference solution
 * passes them all. Also: a starting step that fails leaves the workspace as it was.
 */
import { describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { answerPredictCard, applyLabSolution, applyLabStart, checkLab, loadLabs, type LabCheckReport } from "../../../lib/labs";
import { seededDemoPerTest } from "../support/test-database";

const labs = loadLabs();

let db: Db;
seededDemoPerTest((fresh) => (db = fresh));

const failing = (report: LabCheckReport) => report.checks.filter((c) => !c.pass).map((c) => `${c.id}: ${c.detail}`);

// The checks each lab's starting state fails on purpose: the lab's point, not an accident.
const failsAtStart: Record<string, string[]> = {
  "get-pics-read-only": ["no-upload", "no-delete", "no-long-term-key"],
  "alice-passrole": ["cannot-pass-ops-admin", "passes-only-get-pics", "launch-ops-admin-refused"],
  "cross-account-bucket2": ["abcd-may-assume", "efgh-trusts-abcd", "efgh-not-get-pics", "chain-works", "efgh-reads"],
  "trust-nobody": ["ec2-may-assume", "indexer-gets-credentials", "indexer-reads", "ecs-not-trusted"],
  "ecs-task-role": ["instance-role-cannot-write", "instance-role-cannot-read", "resizer-task-role", "task-role-trust", "resizer-writes", "resizer-reads"],
  "imdsv2-rotation": ["no-imdsv1", "gallery-imdsv2", "gallery-role", "gallery-reads", "stolen-set-worthless", "stolen-set-after-rotation"],
};

describe("shipped labs", () => {
  it("ship the six labs of the seed's stories", () => {
    expect(labs.map((l) => l.id).sort()).toEqual(Object.keys(failsAtStart).sort());
  });

  for (const lab of labs) {
    it(`${lab.id}: the starting state fails exactly its designed checks; the reference solution passes every check`, async () => {
      await applyLabStart(db, lab);
      const start = await checkLab(db, lab, "test");
      expect(start.failed).toBeGreaterThan(0);
      expect(start.checks.filter((c) => !c.pass).map((c) => c.id).sort()).toEqual([...(failsAtStart[lab.id] ?? [])].sort());
      // Every predict card is answered on the starting state, with the evaluator's words.
      for (const card of lab.predict) {
        const reveal = await answerPredictCard(db, lab, card);
        expect(["Allow", "ExplicitDeny", "ImplicitDeny"]).toContain(reveal.decision);
        expect(reveal.summary.length).toBeGreaterThan(20);
      }
      await applyLabSolution(db, lab);
      const solved = await checkLab(db, lab, "test");
      expect(failing(solved)).toEqual([]);
      expect(solved).toMatchObject({ lab: lab.id, workspace: "test", passed: lab.checks.length, failed: 0 });
    });
  }
});
