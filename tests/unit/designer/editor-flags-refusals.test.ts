/**
 * The policy editor flags, before saving, whatever saving would refuse, in the refusal's words:
 * the README's old walkthrough ("remove efgh's trust statement") showed 0 errors and then failed
 * to save with "Statement must not be empty".
 */
import { describe, expect, it } from "vitest";
import { validateDraft } from "../../../lib/iam/designer-preview";
import { checkPolicyText, refusalOnSave } from "../../../lib/iam/policy-document";
import { isAppError } from "../../../lib/errors";

const doc = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(", ")}]}`;

/** Documents the store refuses, each with the policy type the editor validates it as. */
const refused: { name: string; text: string; type: "identity" | "trust" }[] = [
  { name: "a trust policy whose statement was removed", text: doc(), type: "trust" },
  { name: "a permission policy without statements", text: doc(), type: "identity" },
  { name: "an empty Action list", text: doc('{"Effect": "Allow", "Action": [], "Resource": "*"}'), type: "identity" },
  { name: "an empty Resource list", text: doc('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": []}'), type: "identity" },
  { name: "an empty principal list", text: doc('{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": []}}'), type: "trust" },
  { name: "a trust statement without a principal", text: doc('{"Effect": "Allow", "Action": "sts:AssumeRole"}'), type: "trust" },
  { name: "Principal beside NotPrincipal", text: doc('{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::111111111111:role/abcd"}, "NotPrincipal": {"AWS": "*"}}'), type: "trust" },
  { name: "a principal that is not a string", text: doc('{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": 123}}'), type: "trust" },
  { name: "a condition value that is null", text: doc('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:username": null}}}'), type: "identity" },
  { name: "Effect in lower case", text: doc('{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}'), type: "identity" },
  { name: "both Action and NotAction", text: doc('{"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"}'), type: "identity" },
  { name: "no Statement at all", text: '{"Version": "2012-10-17"}', type: "identity" },
];

function saveRefusal(text: string, type: "identity" | "trust"): string | undefined {
  try {
    checkPolicyText(text, "Trust policy of role efgh", type === "trust" ? "resource" : "identity");
    return undefined;
  } catch (error) {
    if (isAppError(error)) return error.message;
    throw error;
  }
}

describe("what saving refuses, the editor flags as an error first", () => {
  it.each(refused)("$name", ({ text, type }) => {
    expect(saveRefusal(text, type), "the case must be one the store refuses").toMatch(/Trust policy of role efgh: /);
    const { findings, counts } = validateDraft(text, type);
    expect(counts.ERROR, JSON.stringify(findings, null, 2)).toBeGreaterThan(0);
  });

  it("an empty Statement reads as the save's own words, at the Statement", () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": []\n}';
    const refusal = saveRefusal(text, "trust")!;
    expect(refusal).toMatch(/Statement must not be empty at \/Statement \(line 3, column 16\)/);
    const error = validateDraft(text, "trust").findings.find((f) => f.severity === "ERROR")!;
    expect(error).toMatchObject({ code: "EMPTY_STATEMENT", line: 3, column: 16 });
    expect(error.message.startsWith("Statement must not be empty")).toBe(true);
  });

  it("an empty list names its element, in the save and in the editor alike", () => {
    const text = doc('{"Effect": "Allow", "Action": [], "Resource": "*"}');
    expect(saveRefusal(text, "identity")).toMatch(/: Action must not be empty at \/Statement\/0\/Action/);
    expect(validateDraft(text, "identity").findings[0].message).toMatch(/^Action must not be empty/);
  });

  it("refusalOnSave gives the refusal without the document's label, or nothing for a document that is stored", () => {
    expect(refusalOnSave(doc(), "resource")).toMatchObject({ message: "Statement must not be empty: AWS refuses the document (MalformedPolicyDocument).", pointer: "/Statement" });
    expect(refusalOnSave(doc('{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::111111111111:role/Get-pics"}}'), "resource")).toBeUndefined();
  });

  it("a trust policy naming someone else saves: the README's walkthrough", () => {
    const text = doc('{"Sid": "efghTrustPolicy", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::111111111111:role/Get-pics"}}');
    expect(saveRefusal(text, "trust")).toBeUndefined();
    expect(validateDraft(text, "trust").counts.ERROR).toBe(0);
  });
});
