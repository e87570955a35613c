import { describe, expect, it } from "vitest";
import { JsonSyntaxError, MAX_JSON_DEPTH, parseJsonWithPositions } from "../../../lib/policy/parse-json";
import { validatePolicy } from "../../../lib/policy/validate";
import { readPolicyText } from "../../../lib/designer/policy-text";

describe("parseJsonWithPositions", () => {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"] }\n  ]\n}';

  it("parses the same value as JSON.parse", () => {
    expect(parseJsonWithPositions(text).value).toEqual(JSON.parse(text));
  });

  it("locates values and keys by RFC 6901 pointer, 1-based line and column", () => {
    const parsed = parseJsonWithPositions(text);
    expect(parsed.locate("/Statement/0/Action/1")).toEqual({
      value: { line: 4, column: 53, offset: 98 },
      end: { line: 4, column: 68, offset: 113 },
    });
    expect(parsed.locate("/Version")?.key).toEqual({ line: 2, column: 3, offset: 4 });
    expect(parsed.locate("")?.value).toEqual({ line: 1, column: 1, offset: 0 });
    expect(parsed.locate("/Nope")).toBeUndefined();
  });

  it("escapes ~ and / in pointer tokens", () => {
    const parsed = parseJsonWithPositions('{"a/b": {"c~d": 1}}');
    expect(parsed.locate("/a~1b/c~0d")?.value.column).toBe(17);
  });

  it("refuses a repeated key at the second key's line and column, as AWS refuses such policies", () => {
    let error: unknown;
    try {
      parseJsonWithPositions('{"Statement": {"Effect": "Deny",\n  "Effect": "Allow"}}');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    const e = error as JsonSyntaxError;
    expect(e.message).toBe("Duplicate key 'Effect' at line 2, column 3");
    expect([e.line, e.column, e.pointer, e.reason]).toEqual([2, 3, "/Statement/Effect", "duplicate-key"]);
  });

  it("records duplicate keys instead when asked (the validator lists them) and keeps the last value", () => {
    const parsed = parseJsonWithPositions('{"Effect": "Allow",\n "Effect": "Deny"}', { duplicateKeys: "record" });
    expect(parsed.value).toEqual({ Effect: "Deny" });
    expect(parsed.duplicateKeys).toEqual([{ pointer: "/Effect", position: { line: 2, column: 2, offset: 21 } }]);
  });

  it("refuses nesting deeper than the limit with the position of the first bracket too deep, instead of overflowing the stack", () => {
    const depth = (n: number) => "[".repeat(n) + "]".repeat(n);
    expect(() => parseJsonWithPositions(depth(MAX_JSON_DEPTH))).not.toThrow();
    for (const text of [depth(MAX_JSON_DEPTH + 1), depth(200_000), `{"a":\n ${'{"b":'.repeat(100_000)}`]) {
      let error: unknown;
      try {
        parseJsonWithPositions(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect((error as JsonSyntaxError).reason).toBe("too-deep");
      expect((error as JsonSyntaxError).message).toMatch(new RegExp(`^JSON nests deeper than ${MAX_JSON_DEPTH} levels at line \\d+, column \\d+$`));
    }
    const error = (() => {
      try {
        parseJsonWithPositions(`{"a":\n ${"[".repeat(MAX_JSON_DEPTH + 5)}`);
      } catch (e) {
        return e as JsonSyntaxError;
      }
    })();
    expect([error?.line, error?.column]).toEqual([2, 1 + MAX_JSON_DEPTH]);
  });

  it("decodes escapes, numbers, literals and CRLF line ends", () => {
    const parsed = parseJsonWithPositions('\uFEFF[\r\n"a\\u0041\\n\\"", -1.5e2, true, false, null, {}]');
    expect(parsed.value).toEqual(['aA\n"', -150, true, false, null, {}]);
    expect(parsed.locate("/1")?.value).toEqual({ line: 2, column: 16, offset: 19 });
  });

  it("keeps __proto__, constructor and prototype as ordinary keys that pollute nothing", () => {
    const parsed = parseJsonWithPositions('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}, "a": {"__proto__": []}}');
    const value = parsed.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__", "constructor", "a"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(value.a)).toBe(Object.prototype);
    expect(Array.isArray(value.a)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed.locate("/__proto__/polluted")?.value.column).toBe(28);
  });

  const broken: [string, string][] = [
    ['{"a": 1 "b": 2}', "Expected ',' or '}' after property value, found '\"' at line 1, column 9"],
    ['{"a": }', "Unexpected '}', expected a value at line 1, column 7"],
    ["[1, 2", "Expected ',' or ']' after array element, found end of input at line 1, column 6"],
    ["[1,]", "Unexpected ']', expected a value at line 1, column 4"],
    ['{"a" 1}', "Expected ':' after property name \"a\", found '1' at line 1, column 6"],
    ["{a: 1}", "Expected a property name in double quotes, found 'a' at line 1, column 2"],
    ['"abc', "Unterminated string at line 1, column 1"],
    ['"a\\x"', "Invalid escape '\\x' in string at line 1, column 3"],
    ['"\\u12G4"', "Invalid unicode escape, expected four hex digits at line 1, column 2"],
    ['"a\nb"', "Control character in string must be escaped at line 1, column 3"],
    ["01", "Invalid number at line 1, column 2"],
    ["-", "Invalid number at line 1, column 1"],
    ["{} x", "Unexpected 'x' after the end of the JSON value at line 1, column 4"],
    ["", "Unexpected end of input, expected a value at line 1, column 1"],
    ["\n\n  tru", "Unexpected 't', expected a value at line 3, column 3"],
  ];
  it.each(broken)("rejects %j with a positioned message", (input, message) => {
    let error: unknown;
    try {
      parseJsonWithPositions(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).message).toBe(message);
  });

  it("exposes line, column and offset on the error", () => {
    try {
      parseJsonWithPositions('{\n  "a": [1 2]\n}');
      expect.unreachable();
    } catch (e) {
      const error = e as JsonSyntaxError;
      expect([error.line, error.column, error.offset]).toEqual([2, 11, 12]);
    }
  });
});

describe("the parser's callers on hostile nesting", () => {
  const deep = `{"Statement":${"[".repeat(200_000)}`;

  it("the validator answers a positioned JSON_SYNTAX finding instead of failing", () => {
    const findings = validatePolicy(deep, { policyType: "identity" });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: "JSON_SYNTAX", line: 1, column: 13 + MAX_JSON_DEPTH });
  });

  it("the visual editor refuses the text with a position", () => {
    expect(readPolicyText(deep)).toEqual({ ok: false, message: `JSON nests deeper than ${MAX_JSON_DEPTH} levels at line 1, column ${13 + MAX_JSON_DEPTH}`, line: 1, column: 13 + MAX_JSON_DEPTH });
  });
});
