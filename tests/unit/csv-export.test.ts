import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "../../lib/csv";
import { findingsCsv } from "../../lib/review/findings-csv";
import { reviewCsv } from "../../lib/review/format-review";
import { reviewPassRole } from "../../lib/review/review-pass-role";
import { account, allow, opsAdmin, policy, toService, user } from "./review/support";

// Spreadsheets run a cell that begins with = + - @ (or a tab or carriage return before one) as a
// formula: a name an attacker chose would run when a reviewer opens the export (OWASP "CSV
// injection"). Every CSV the console or the CLI writes goes through one cell function.
describe("CSV cells", () => {
  it.each([
    ["plain", "plain"],
    ["arn:aws:iam::111111111111:role/web", "arn:aws:iam::111111111111:role/web"],
    ['with "quotes", commas', '"with ""quotes"", commas"'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""],
    ["+1+2", "'+1+2"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "\"'\r=1\""],
    ["a=1", "a=1"],
    ["", ""],
  ])("%j is written as %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("a row joins its cells with commas and ends with a newline", () => {
    expect(csvRow(["a", "=b", "c,d"])).toBe("a,'=b,\"c,d\"\n");
  });

  it("the review CSV of the CLI neutralizes a policy named like a formula", () => {
    const evil = policy("=cmd|'/c calc'!A0", allow("iam:PassRole", "*", toService("ec2.amazonaws.com")), allow("ec2:RunInstances"));
    const csv = reviewCsv(reviewPassRole(account([user("mallory", [evil])], [opsAdmin()]), { findings: false }));
    const row = csv.split("\n").find((line) => line.includes("mallory"))!;
    expect(row).toContain(",'=cmd|'/c calc'!A0#0,");
    expect(csv.split("\n").some((line) => line.split(",").some((cell) => /^[=+\-@]/.test(cell)))).toBe(false);
  });

  it("the console's findings CSV neutralizes every cell", () => {
    const csv = findingsCsv([
      { id: "f", kind: "escalation", severity: "critical", principal: "@evil", role: "-role", services: ["ec2.amazonaws.com"], title: "=title", explanation: "+explanation", fix: "fix", via: [{ policy: "=p", statement: 0 }] },
    ]);
    const [header, row] = csv.trim().split("\n");
    expect(header).toBe("severity,kind,principal,role,service,trusted,launch,instanceProfiles,via,escalation,services,title,explanation,fix,hops");
    expect(row).toBe("critical,escalation,'@evil,'-role,ec2.amazonaws.com,true,,,'=p#0,true,ec2.amazonaws.com,'=title,'+explanation,fix,");
  });
});
