import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPolicyText, writeStatements, type JsonObject } from "../../../lib/designer/policy-text";
import { readStatementView, writeStatementView } from "../../../lib/designer/statement-view";

// Random valid policies, written in random but valid JSON styles, must survive the visual editor:
// text → visual → text gives the same characters, and an edit rewrites only the edited statement.

const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/);
const action = fc.oneof(
  fc.constantFrom("s3:GetObject", "s3:ListBucket", "s3:Get*", "ec2:*", "iam:PassRole", "sts:AssumeRole", "*", "dynamodb:Query"),
  fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{1,8}$/), word).map(([s, a]) => `${s}:${a}`),
);
const resource = fc.oneof(
  fc.constantFrom("*", "arn:aws:s3:::amzn-s3-demo-bucket-photos", "arn:aws:s3:::amzn-s3-demo-bucket-photos/*", "arn:aws:iam::111111111111:role/Get-pics"),
  word.map((w) => `arn:aws:s3:::${w.toLowerCase()}/*`),
);
/** A single value or a list, as policies may write either. */
const oneOrMany = <T>(value: fc.Arbitrary<T>) => fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 3 }));
const operator = fc
  .tuple(fc.constantFrom("", "ForAnyValue:", "ForAllValues:"), fc.constantFrom("StringEquals", "StringLike", "ArnLike", "IpAddress", "Bool", "NumericLessThan", "DateGreaterThan", "Null"), fc.boolean())
  .map(([q, op, ifExists]) => `${q}${op}${ifExists && op !== "Null" ? "IfExists" : ""}`);
const conditionValue = fc.oneof(word, fc.constantFrom("true", "10.0.0.0/8", "2026-01-01T00:00:00Z"), fc.boolean(), fc.integer({ min: 0, max: 99 }));
const condition = fc.dictionary(operator, fc.dictionary(fc.constantFrom("aws:SourceIp", "s3:prefix", "aws:PrincipalTag/team", "iam:PassedToService", "aws:SecureTransport"), oneOrMany(conditionValue), { minKeys: 1, maxKeys: 2 }), { minKeys: 1, maxKeys: 2 });

const statement = fc
  .record(
    {
      Sid: word,
      Effect: fc.constantFrom("Allow", "Deny"),
      actionElement: fc.constantFrom("Action", "NotAction"),
      actions: oneOrMany(action),
      resourceElement: fc.constantFrom("Resource", "NotResource", "none"),
      resources: oneOrMany(resource),
      Condition: condition,
      Principal: fc.oneof(fc.constant("*"), fc.record({ Service: oneOrMany(fc.constantFrom("ec2.amazonaws.com", "lambda.amazonaws.com")) })),
      unknown: fc.dictionary(fc.constantFrom("Comment", "X-Team", "Notes"), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 1 }),
      order: fc.array(fc.integer(), { minLength: 8, maxLength: 8 }),
    },
    { requiredKeys: ["Effect", "actionElement", "actions", "resourceElement", "resources", "order", "unknown"] },
  )
  .map((r) => {
    const entries: [string, unknown][] = [["Effect", r.Effect], [r.actionElement, r.actions]];
    if (r.Sid !== undefined) entries.push(["Sid", r.Sid]);
    if (r.resourceElement !== "none") entries.push([r.resourceElement, r.resources]);
    if (r.Condition !== undefined) entries.push(["Condition", r.Condition]);
    if (r.Principal !== undefined) entries.push(["Principal", r.Principal]);
    for (const [k, v] of Object.entries(r.unknown)) entries.push([k, v]);
    // A random element order: the round trip must keep whatever order the author chose.
    const ranked = entries.map((e, i) => ({ e, rank: r.order[i % r.order.length] + i / 100 }));
    ranked.sort((a, b) => a.rank - b.rank);
    return Object.fromEntries(ranked.map((x) => x.e)) as JsonObject;
  });

const policyText = fc
  .record({
    statements: fc.array(statement, { minLength: 1, maxLength: 4 }),
    single: fc.boolean(),
    id: fc.option(word, { nil: undefined }),
    versionFirst: fc.boolean(),
    indent: fc.constantFrom(2, 4, "\t"),
  })
  .map(({ statements, single, id, versionFirst, indent }) => {
    const body = single && statements.length === 1 ? statements[0] : statements;
    const document: JsonObject = versionFirst ? { Version: "2012-10-17", ...(id ? { Id: id } : {}), Statement: body } : { Statement: body, Version: "2012-10-17" };
    return JSON.stringify(document, null, indent);
  });

function roundTrip(text: string): string {
  const read = readPolicyText(text);
  if (!read.ok) throw new Error(read.message);
  const next = read.policy.statements.map((s, i) => {
    const view = readStatementView(s.value);
    if (!view.ok) throw new Error(view.reason);
    return { value: writeStatementView(view.view, s.value), from: i };
  });
  return writeStatements(read.policy, next);
}

describe("visual ⇄ JSON round trip", () => {
  it("random valid policies survive visual and back with the same text", () => {
    fc.assert(fc.property(policyText, (text) => {
      expect(roundTrip(text)).toBe(text);
    }), { numRuns: 400 });
  });

  it("a statement read into the visual view and written back is identical, key order included", () => {
    fc.assert(
      fc.property(statement, (s) => {
        const view = readStatementView(s);
        expect(view.ok).toBe(true);
        if (view.ok) expect(JSON.stringify(writeStatementView(view.view, s))).toBe(JSON.stringify(s));
      }),
      { numRuns: 400 },
    );
  });

  it("an edit rewrites only the edited statement; the others keep their exact text, order and Sids", () => {
    fc.assert(
      fc.property(policyText, fc.nat(), (text, pick) => {
        const read = readPolicyText(text);
        if (!read.ok) throw new Error(read.message);
        const { statements } = read.policy;
        const target = pick % statements.length;
        const view = readStatementView(statements[target].value);
        if (!view.ok) throw new Error(view.reason);
        const edited = { ...view.view, effect: view.view.effect === "Allow" ? ("Deny" as const) : ("Allow" as const), actions: [...view.view.actions, "s3:PutObject"] };
        const out = writeStatements(read.policy, statements.map((s, i) => ({ value: i === target ? writeStatementView(edited, s.value) : s.value, from: i })));
        const again = readPolicyText(out);
        expect(again.ok).toBe(true);
        if (!again.ok) return;
        expect(again.policy.statements).toHaveLength(statements.length);
        again.policy.statements.forEach((s, i) => {
          if (i === target) {
            const reread = readStatementView(s.value);
            expect(reread.ok && reread.view.effect).toBe(edited.effect);
            expect(reread.ok && reread.view.actions).toEqual(edited.actions);
            expect(s.value.Sid).toBe(statements[i].value.Sid);
            expect(Object.keys(s.value)).toEqual(Object.keys(statements[i].value));
          } else {
            expect(out.slice(s.start, s.end)).toBe(text.slice(statements[i].start, statements[i].end));
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it("the visual view of an edited statement reads back as the view that was written", () => {
    fc.assert(
      fc.property(statement, fc.array(action, { minLength: 1, maxLength: 3 }), (s, actions) => {
        const view = readStatementView(s);
        if (!view.ok) throw new Error(view.reason);
        const edited = { ...view.view, actions, sid: "Edited" };
        const reread = readStatementView(writeStatementView(edited, s));
        expect(reread.ok && reread.view).toEqual(edited);
      }),
      { numRuns: 300 },
    );
  });
});

describe("writing statements", () => {
  const text = `{
    "Version": "2012-10-17",
    "Statement": {
        "Sid": "ReadPhotos",
        "Effect": "Allow",
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::amzn-s3-demo-bucket-photos/*"
    }
}`;

  it("keeps a single value a string and a list a list when editing other elements", () => {
    const read = readPolicyText(text);
    if (!read.ok) throw new Error(read.message);
    const view = readStatementView(read.policy.statements[0].value);
    if (!view.ok) throw new Error(view.reason);
    const value = writeStatementView({ ...view.view, effect: "Deny" }, read.policy.statements[0].value);
    expect(value).toEqual({ Sid: "ReadPhotos", Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/*" });
    expect(writeStatements(read.policy, [{ value, from: 0 }])).toBe(text.replace('"Allow"', '"Deny"'));
  });

  it("turns a single Statement object into an array, in the text's own indentation, when a statement is added", () => {
    const read = readPolicyText(text);
    if (!read.ok) throw new Error(read.message);
    const out = writeStatements(read.policy, [{ value: read.policy.statements[0].value, from: 0 }, { value: { Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos" } }]);
    expect(JSON.parse(out).Statement).toHaveLength(2);
    expect(out).toContain('    "Statement": [\n        {\n            "Sid": "ReadPhotos",');
  });

  it("adds new elements where AWS writes them: Sid first, Condition last", () => {
    const value = writeStatementView({ sid: "S1", effect: "Allow", actionElement: "Action", actions: ["s3:GetObject"], resourceElement: "Resource", resources: ["*"], conditions: [{ operator: "Bool", qualifier: "", ifExists: false, key: "aws:SecureTransport", values: ["true"] }], kept: [] }, { Effect: "Allow", Resource: "*", Action: "s3:GetObject" });
    expect(Object.keys(value)).toEqual(["Sid", "Effect", "Resource", "Action", "Condition"]);
    expect(value.Condition).toEqual({ Bool: { "aws:SecureTransport": "true" } });
  });

  it("refuses to model a statement it cannot edit, naming why", () => {
    expect(readStatementView({ Effect: "Allow", Action: 5 })).toEqual({ ok: false, reason: "Action is not a string or a list of strings" });
    expect(readPolicyText('{"Statement": "x"}')).toMatchObject({ ok: false, message: "Statement must be an object or an array of objects" });
  });
});
