// The escalation page's graph counts beside its headline: administrators are those holding every
// permission already, so "none yet" is said, not "0 administrators" next to "2 can become one".
import { describe, expect, it } from "vitest";
import { describeGraphCounts } from "../../../lib/review/escalation-words";

describe("the escalation graph's counts in words", () => {
  it.each([
    [{ principals: 9, edges: 29, admins: 0 }, "Graph of the workspace: 9 principals, 29 edges; none of them holds every permission yet."],
    [{ principals: 1, edges: 1, admins: 1 }, "Graph of the workspace: 1 principal, 1 edge; 1 of them holds every permission already."],
    [{ principals: 12_000, edges: 40_310, admins: 3 }, "Graph of the workspace: 12,000 principals, 40,310 edges; 3 of them hold every permission already."],
  ])("%o reads %s", (counts, words) => {
    expect(describeGraphCounts(counts)).toBe(words);
  });

  it("never calls a workspace with paths to admin one of '0 administrators'", () => {
    expect(describeGraphCounts({ principals: 9, edges: 29, admins: 0 })).not.toMatch(/0 administrators/);
  });
});
