/**
 * The designer's "does this change grant new access?" answers from what the draft newly allows,
 * never from summary rows that merely changed: narrowing a Resource is no new access, and every
 * "yes" names the actions and resources.
 */
import { describe, expect, it } from "vitest";
import { previewDraft, type DraftContext } from "../../../lib/designer/draft-preview";
import { grantsVerdict } from "../../../lib/designer/grants-verdict";
import { launchInstancesAndUseS3 } from "../../../lib/seed/demo-policies";

const V = "2012-10-17";
const doc = (...statements: unknown[]) => ({ Version: V, Statement: statements });
const getObject = (resource: string) => ({ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: resource });

/** The verdict and the preview when the role's one policy goes from `saved` to `draft`. */
function verdictFor(saved: ReturnType<typeof doc> | undefined, draft: ReturnType<typeof doc>, context: Partial<DraftContext> = {}) {
  const preview = previewDraft({ saved: saved ? [{ name: "p", document: saved }] : [], draftName: "p", ...context }, saved, JSON.stringify(draft, null, 2));
  return { preview, ...grantsVerdict(preview) };
}

describe("does this change grant new access?", () => {
  it.each([
    ["a bucket's objects narrowed to one object", "arn:aws:s3:::photos/*", "arn:aws:s3:::photos/cat.jpg"],
    ["every resource narrowed to one ARN", "*", "arn:aws:s3:::photos/cat.jpg"],
  ])("no, for %s (the summary row still changes)", (_, before, after) => {
    const { grants, text, preview } = verdictFor(doc(getObject(before)), doc(getObject(after)));
    expect(grants).toBe(false);
    expect(text).toBe("No new access: this change keeps or narrows access.");
    expect(preview.newAccess).toEqual([]);
    expect(preview.statements[0]).toMatchObject({ status: "changed", newAccess: [], newAccessCount: 0 });
    // The per-level lines stay as detail.
    expect(preview.changes.map((c) => c.service)).toEqual(["s3"]);
  });

  it("yes for the reverse, naming the action and the new resource pattern", () => {
    const { grants, text, preview } = verdictFor(doc(getObject("arn:aws:s3:::photos/cat.jpg")), doc(getObject("arn:aws:s3:::photos/*")));
    expect(grants).toBe(true);
    expect(text).toBe("Yes — this change newly allows 1 action: s3:GetObject on arn:aws:s3:::photos/*.");
    expect(preview.statements[0]).toMatchObject({ newAccess: [{ action: "s3:GetObject", resources: ["arn:aws:s3:::photos/*"] }], newAccessCount: 1 });
  });

  it("names the first actions and how many more", () => {
    const { text, preview } = verdictFor(undefined, doc({ Effect: "Allow", Action: "s3:Put*", Resource: "arn:aws:s3:::photos/*" }));
    expect(preview.newAccessCount).toBeGreaterThan(5);
    expect(preview.newAccess.length).toBeLessThanOrEqual(12);
    expect(text).toMatch(/^Yes — this change newly allows \d+ actions: s3:Put\w+ on arn:aws:s3:::photos\/\*; .*; and \d+ more\.$/);
  });

  it("no for a new statement the saved role already allows, yes only for what another adds", () => {
    const saved = launchInstancesAndUseS3;
    const draft = doc(...saved.Statement, { Sid: "Photos", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::photos/*" }, { Sid: "Tags", Effect: "Allow", Action: "ec2:CreateTags", Resource: "*" });
    const { text, preview } = verdictFor(saved, draft);
    expect(preview.statements.map((s) => s.newAccessCount)).toEqual([0, 0, 0, 1]);
    expect(text).toBe("Yes — this change newly allows 1 action: ec2:CreateTags on *.");
  });

  it("says when nothing changed, and counts a removed statement as a change without new access", () => {
    const saved = doc(getObject("arn:aws:s3:::photos/*"));
    expect(verdictFor(saved, saved).text).toBe("No change from the saved version.");
    expect(verdictFor(doc(getObject("*"), { Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }), doc(getObject("*"))).text).toBe("No new access: this change keeps or narrows access.");
  });

  it("a boundary that does not allow an action keeps a widened grant of it from being new", () => {
    const boundary = { name: "boundary", document: doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }) };
    const { grants } = verdictFor(doc(getObject("arn:aws:s3:::photos/cat.jpg")), doc(getObject("*")), { boundary });
    expect(grants).toBe(false);
  });

  it("dropping a Deny is new access on what it denied", () => {
    const allowAll = { Effect: "Allow", Action: "s3:*", Resource: "*" };
    const { text } = verdictFor(doc(allowAll, { Effect: "Deny", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::photos/*" }), doc(allowAll));
    expect(text).toBe("Yes — this change newly allows 1 action: s3:DeleteObject on arn:aws:s3:::photos/*.");
  });
});
