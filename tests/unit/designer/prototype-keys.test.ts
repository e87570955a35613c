import { describe, expect, it } from "vitest";
import { parseJsonWithPositions } from "../../../lib/policy/parse-json";
import { readStatementView, writeStatementView, type ConditionClause } from "../../../lib/designer/statement-view";

// Keys named __proto__ (or constructor) in a draft are ordinary keys: the visual editor writes them
// back as written and never turns them into an object's prototype.
type Json = Record<string, unknown>;
const statementOf = (text: string) => parseJsonWithPositions(text).value as Json;

describe("the visual editor and prototype-named keys", () => {
  it("keeps an unknown __proto__ element as an own key when it rewrites the statement", () => {
    const original = statementOf('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","__proto__":{"polluted":true}}');
    const read = readStatementView(original);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const out = writeStatementView({ ...read.view, actions: ["s3:PutObject"] }, original);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect((out as Json).polluted).toBeUndefined();
    expect(JSON.stringify(out)).toBe('{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","__proto__":{"polluted":true}}');
  });

  it("writes a condition keyed __proto__ or constructor as an own key", () => {
    const original = statementOf('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}');
    const read = readStatementView(original);
    if (!read.ok) throw new Error(read.reason);
    const conditions: ConditionClause[] = [
      { operator: "StringEquals", qualifier: "", ifExists: false, key: "__proto__", values: ["x"] },
      { operator: "StringEquals", qualifier: "", ifExists: false, key: "constructor", values: ["y"] },
    ];
    const out = writeStatementView({ ...read.view, conditions }, original);
    expect(JSON.stringify(out.Condition)).toBe('{"StringEquals":{"__proto__":"x","constructor":"y"}}');
  });
});
