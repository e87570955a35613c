/**
 * Condition blocks: compiled once per statement, evaluated per request. Keys and operators are
 * AND'ed, the values of one key OR'ed; keys are looked up without case.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { compileArnConditionPattern } from "./arn";
import { parseConditionOperator, type ConditionOperator } from "./condition-operators";
import { cidrContains, parseCidr, parseIp, type CidrRange } from "./ip-address";
import { PolicyGrammarError } from "./policy-grammar-error";
import { parseVariables, resolveTemplate, type VariableTemplate } from "./policy-variables";
import type { PreparedRequest } from "./request-context";
import { compileWildcard, patternFromPolicyText, type MatchFn } from "./wildcard";
import { escapePointerToken } from "./parse-json";

/** One operator applied to one key, with the policy's values. */
export interface CompiledCondition {
  operator: ConditionOperator;
  key: string;
  keyLower: string;
  /** The policy's values as written (numbers and booleans as text). */
  values: string[];
  pointer: string;
  /** True when the request value matches at least one policy value (before negation). */
  matchOne(value: string, request: PreparedRequest): boolean;
}

/** Compiles a statement's Condition element. Throws PolicyGrammarError. */
export function compileConditions(block: unknown, pointer: string, variablesEnabled: boolean): CompiledCondition[] {
  if (!isPlainObject(block)) throw new PolicyGrammarError(pointer, "Condition must be an object of operators");
  const out: CompiledCondition[] = [];
  for (const opText of Object.keys(block)) {
    const opPointer = `${pointer}/${escapePointerToken(opText)}`;
    const operator = parseConditionOperator(opText);
    if (!operator) throw new PolicyGrammarError(opPointer, `Unknown condition operator '${opText}'`);
    const keys = block[opText];
    if (!isPlainObject(keys)) {
      throw new PolicyGrammarError(opPointer, `Condition operator '${opText}' must map condition keys to values`);
    }
    for (const key of Object.keys(keys)) {
      const keyPointer = `${opPointer}/${escapePointerToken(key)}`;
      const values = readValues(keys[key], keyPointer, key);
      out.push({
        operator,
        key,
        keyLower: key.toLowerCase(),
        values,
        pointer: keyPointer,
        matchOne: compileMatcher(operator, values, variablesEnabled),
      });
    }
  }
  return out;
}

function readValues(raw: unknown, pointer: string, key: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v, i) => {
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    const where = Array.isArray(raw) ? `${pointer}/${i}` : pointer;
    throw new PolicyGrammarError(where, `Condition value for '${key}' must be a string, number or boolean`);
  });
}

type Matcher = CompiledCondition["matchOne"];

function compileMatcher(operator: ConditionOperator, values: string[], variablesEnabled: boolean): Matcher {
  switch (operator.family) {
    case "String":
    case "StringIgnoreCase": {
      const fold = operator.family === "StringIgnoreCase";
      const parts = values.map((v) => ({ literal: fold ? v.toLowerCase() : v, template: variablesEnabled ? parseVariables(v) : null }));
      return (value, request) => {
        const probe = fold ? value.toLowerCase() : value;
        for (const p of parts) {
          let expected: string | null = p.literal;
          if (p.template) {
            expected = resolveTemplate(p.template, request, false);
            if (expected !== null && fold) expected = expected.toLowerCase();
          }
          if (expected === probe) return true;
        }
        return false;
      };
    }
    case "StringLike":
    case "Arn": {
      const compile = operator.family === "Arn" ? compileArnConditionPattern : compileWildcard;
      return patternMatcher(values, variablesEnabled, compile);
    }
    case "Numeric": {
      const numbers = values.map(parseNumber);
      return (value) => {
        const n = parseNumber(value);
        return numbers.some((p) => compare(n, p, operator.comparison));
      };
    }
    case "Date": {
      const dates = values.map(parseDate);
      return (value) => {
        const d = parseDate(value);
        return dates.some((p) => compare(d, p, operator.comparison));
      };
    }
    case "Bool": {
      const expected = values.map((v) => v.toLowerCase());
      return (value) => expected.includes(value.toLowerCase());
    }
    case "Binary": {
      const expected = values.map(normaliseBase64);
      return (value) => expected.includes(normaliseBase64(value));
    }
    case "IpAddress": {
      const ranges = values.map(parseCidr).filter((r): r is CidrRange => r !== null);
      return (value) => {
        const ip = parseIp(value.trim());
        return ip !== null && ranges.some((r) => cidrContains(r, ip));
      };
    }
    case "Null": {
      const expected = values.map((v) => v.toLowerCase());
      return (value) => expected.includes(value);
    }
  }
}

function patternMatcher(values: string[], variablesEnabled: boolean, compile: (p: string) => MatchFn): Matcher {
  const parts = values.map((v) => {
    const template: VariableTemplate | null = variablesEnabled ? parseVariables(v) : null;
    return { template, fn: template ? null : compile(patternFromPolicyText(v)) };
  });
  return (value, request) => {
    for (const p of parts) {
      if (p.fn) {
        if (p.fn(value)) return true;
        continue;
      }
      const pattern = resolveTemplate(p.template!, request, true);
      if (pattern !== null && compile(pattern)(value)) return true;
    }
    return false;
  };
}

function compare(a: number, b: number, how: ConditionOperator["comparison"]): boolean {
  switch (how) {
    case "eq":
      return a === b;
    case "lt":
      return a < b;
    case "lte":
      return a <= b;
    case "gt":
      return a > b;
    case "gte":
      return a >= b;
  }
}

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A condition number; NaN (never equal, never ordered) when the text is not a number. */
export function parseNumber(text: string): number {
  return NUMBER.test(text) ? Number(text) : NaN;
}

const EPOCH = /^\s*-?\d+(\.\d+)?\s*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since the epoch for an ISO 8601 date or epoch seconds; NaN when neither. */
export function parseDate(text: string): number {
  const t = text.trim();
  if (EPOCH.test(t)) return Number(t) * 1000;
  const m = ISO_DATE.exec(t);
  if (!m) return NaN;
  // AWS reads a time without a zone as UTC; JavaScript would read it as local time.
  const zoned = m[1] !== undefined && m[4] === undefined ? `${t}Z` : t;
  return Date.parse(zoned.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
}

function normaliseBase64(text: string): string {
  return text.replace(/\s+/g, "").replace(/=+$/, "");
}

/** True when the condition holds for the request. */
export function evaluateCondition(condition: CompiledCondition, request: PreparedRequest): boolean {
  const raw = request.value(condition.keyLower, condition.key);
  const op = condition.operator;
  const missing = raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0);
  if (op.family === "Null") {
    // "true" asks that the key be absent, "false" that it be present.
    return condition.matchOne(missing ? "true" : "false", request);
  }
  if (missing) {
    if (op.ifExists || op.qualifier === "ForAllValues") return true;
    if (op.qualifier === "ForAnyValue") return false;
    // A negated operator on a missing key is true; a positive one is false.
    return op.negated;
  }
  if (typeof raw === "string") return condition.matchOne(raw, request) !== op.negated;
  const values = raw as unknown[];
  if (op.qualifier === "ForAllValues") {
    for (const v of values) if (condition.matchOne(String(v), request) === op.negated) return false;
    return true;
  }
  if (op.qualifier === "ForAnyValue") {
    for (const v of values) if (condition.matchOne(String(v), request) !== op.negated) return true;
    return false;
  }
  // Without a qualifier, the request's values are one set: a positive operator needs one of them
  // to match; a negated operator needs none to match.
  for (const v of values) if (condition.matchOne(String(v), request)) return !op.negated;
  return op.negated;
}

/** The request's values for a condition key, as text for explanations. */
export function requestValues(condition: CompiledCondition, request: PreparedRequest): string[] | undefined {
  const raw = request.value(condition.keyLower, condition.key);
  if (raw === undefined || raw === null) return undefined;
  return Array.isArray(raw) ? raw.map(String) : [String(raw)];
}

/** The policy values with variables substituted for this request (unresolvable ones marked). */
export function resolvedPolicyValues(condition: CompiledCondition, request: PreparedRequest, variablesEnabled: boolean): string[] {
  if (!variablesEnabled) return condition.values;
  const family = condition.operator.family;
  if (family !== "String" && family !== "StringIgnoreCase" && family !== "StringLike" && family !== "Arn") {
    return condition.values;
  }
  return condition.values.map((v) => {
    const t = parseVariables(v);
    if (!t) return v;
    const resolved = resolveTemplate(t, request, false);
    return resolved === null ? `${v} (variable not in the request)` : resolved;
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
