/** An empty form opens without errors: an empty Statement is a fault only once the reader edits the draft or tries to save it. */
import { describe, expect, it } from "vitest";
import { draftFindings, emptyIsFine } from "../../../lib/designer/draft-findings";
import { emptyPermissionPolicy } from "../../../lib/designer/trust-templates";
import { validatePolicy } from "../../../lib/policy/validate";

const empty = validatePolicy(emptyPermissionPolicy(), { policyType: "identity" });
const codes = (stage: Parameters<typeof draftFindings>[1]) => draftFindings(empty, stage).map((f) => f.code);

describe("the findings a draft shows", () => {
  it("the validator does find the empty Statement of a new policy", () => {
    expect(empty.map((f) => f.code)).toContain("EMPTY_STATEMENT");
  });

  it.each([
    ["a new, untouched form", { statements: 0, untouched: true, optional: false }, false],
    ["an optional policy left empty", { statements: 0, untouched: false, optional: true }, false],
    ["a form emptied by the reader", { statements: 0, untouched: false, optional: false }, true],
    ["an untouched form whose save was tried", { statements: 0, untouched: false, optional: false }, true],
  ])("%s: empty Statement shown %s", (_, stage, shown) => {
    expect(codes(stage).includes("EMPTY_STATEMENT")).toBe(shown);
    expect(emptyIsFine(stage)).toBe(!shown);
  });

  it("a draft with statements, or unreadable, shows every finding", () => {
    const findings = [{ severity: "ERROR" as const, code: "EMPTY_STATEMENT" as const, message: "", line: 1, column: 1 }];
    expect(draftFindings(findings, { statements: 1, untouched: true, optional: false })).toEqual(findings);
    expect(draftFindings(findings, { statements: null, untouched: true, optional: true })).toEqual(findings);
  });
});
