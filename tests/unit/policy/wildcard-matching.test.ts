// One wildcard matcher for actions, resources, StringLike/ArnLike, the catalog and the designer.
// `*` any run of characters, `?` one character:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// Resource ARNs, "Using wildcards in resource ARNs": wildcards stay within a segment (the parts
// separated by colons), except that "if the * wildcard is the last character of a resource ARN
// segment, it can expand to match beyond the colon boundaries":
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// ArnLike/ArnEquals: "each of the six colon-delimited components of the ARN is checked separately":
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
import { describe, expect, it } from "vitest";
import { expandActionPattern } from "../../../lib/catalog/actions";
import { resourceFitsType } from "../../../lib/catalog/resource-types";
import { previewActionPattern } from "../../../lib/designer/service-catalog";
import { compileArnConditionPattern, compileArnPattern } from "../../../lib/policy/arn";
import { validatePolicy } from "../../../lib/policy/validate";
import { compilePolicyPattern, compileWildcard } from "../../../lib/policy/wildcard";
import { holds, identity, run, USER } from "./helpers";

type Row = [name: string, pattern: string, value: string, expected: boolean];

describe("* and ? over the internal pattern form", () => {
  const rows: Row[] = [
    ["* alone matches everything, the empty value too", "*", "", true],
    ["an exact pattern matches only itself", "s3:GetObject", "s3:GetObject", true],
    ["an exact pattern is case-sensitive", "s3:GetObject", "s3:getobject", false],
    ["a trailing * matches the prefix", "s3:Get*", "s3:Get", true],
    ["a trailing * does not match another prefix", "s3:Get*", "s3:PutObject", false],
    ["a leading * matches the suffix", "*Object", "s3:GetObject", true],
    ["inner * may match nothing", "a*b", "ab", true],
    ["several stars", "a*b*c", "aXbYbZc", true],
    ["stars must keep their order", "a*b*c", "acb", false],
    ["? is exactly one character", "a?c", "abc", true],
    ["? is not zero characters", "a?c", "ac", false],
    ["? is not two characters", "a?c", "abbc", false],
    ["* then ? needs one character at least", "a*?", "a", false],
    ["*? matches one or more", "a*?", "ab", true],
    ["a repeated star is one star", "a**b", "aXYb", true],
    ["\\* is a literal star", "a\\*b", "a*b", true],
    ["\\* does not match another character", "a\\*b", "axb", false],
    ["\\? is a literal question mark", "a\\?", "a?", true],
    ["\\\\ is a literal backslash", "x\\\\y", "x\\y", true],
    ["an escaped star before a trailing star", "a\\**", "a*bc", true],
    ["an escaped star before a trailing star needs the star", "a\\**", "abc", false],
    ["an escaped backslash before a trailing star", "a\\\\*", "a\\bc", true],
    ["a trailing lone backslash is literal", "a\\", "a\\", true],
    ["regular-expression characters are plain", "a.b*", "a.bc", true],
    ["regular-expression characters are plain, no match", "a.b*", "axbc", false],
    ["newlines are characters like any other", "a*\n", "ab\n", true],
    ["the last star backs up, not the first", "*ab*ab", "xabyabab", true],
  ];
  it.each(rows)("%s: %s ~ %s → %s", (_name, pattern, value, expected) => {
    expect(compileWildcard(pattern)(value)).toBe(expected);
  });

  it("policy text and console input read a backslash as an ordinary character", () => {
    expect(compilePolicyPattern("a\\*")("a\\xyz")).toBe(true);
    expect(compilePolicyPattern("a\\*")("a*")).toBe(false);
  });

  it("ignores case when asked (actions and service prefixes)", () => {
    expect(compilePolicyPattern("S3:get*OBJECT", true)("s3:GetObject")).toBe(true);
    expect(compilePolicyPattern("S3:get*OBJECT", true)("s3:PutObject")).toBe(false);
    expect(compilePolicyPattern("S3:get*OBJECT")("s3:GetObject")).toBe(false);
  });
});

// The definition, position by position and memoised: slow, but plainly right.
interface RefToken {
  kind: "lit" | "?" | "*";
  char?: string;
  colon: boolean;
}
function referenceMatch(tokens: RefToken[], value: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (value.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    const t = tokens[i];
    if (t === undefined) result = j === value.length;
    else if (t.kind === "*") result = go(i + 1, j) || (j < value.length && (t.colon || value[j] !== ":") && go(i, j + 1));
    else if (j === value.length) result = false;
    else if (t.kind === "?") result = (t.colon || value[j] !== ":") && go(i + 1, j + 1);
    else result = t.char === value[j] && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}
// Internal pattern → tokens; `bounded(index, star)` says a wildcard may not match a colon.
function referenceTokens(pattern: string, bounded: (index: number, star: boolean) => boolean): RefToken[] {
  const tokens: RefToken[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) tokens.push({ kind: "lit", char: pattern[++i], colon: true });
    else if (c === "*" || c === "?") tokens.push({ kind: c, colon: !bounded(i, c === "*") });
    else tokens.push({ kind: "lit", char: c, colon: true });
  }
  return tokens;
}
function splitAtColons(text: string, escaped: boolean): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length && parts.length < 5; i++) {
    if (escaped && text[i] === "\\") i++;
    else if (text[i] === ":") {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
const plainReference = (pattern: string, value: string) => referenceMatch(referenceTokens(pattern, () => false), value);
function resourceReference(pattern: string, value: string): boolean {
  if (!pattern.startsWith("arn:")) return plainReference(pattern, value);
  const parts = splitAtColons(pattern, true);
  const resourceStart = parts.length === 6 ? pattern.length - parts[5].length : Infinity;
  const tokens = referenceTokens(pattern, (i, star) => i < resourceStart && !(star && (i + 1 === pattern.length || pattern[i + 1] === ":")));
  return referenceMatch(tokens, value);
}
function conditionReference(pattern: string, value: string): boolean {
  if (!pattern.startsWith("arn:")) return plainReference(pattern, value);
  const p = splitAtColons(pattern, true);
  const v = splitAtColons(value, false);
  return p.length === 6 && v.length === 6 && p.every((part, i) => plainReference(part, v[i]));
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function pick<T>(next: () => number, items: readonly T[], length: number): T[] {
  return Array.from({ length }, () => items[Math.floor(next() * items.length)]);
}

describe("the matcher agrees with the definition on random patterns", () => {
  const next = random(20_240_611);
  const cases = Array.from({ length: 4000 }, () => {
    const arn = next() < 0.6;
    const pattern = (arn ? "arn:" : "") + pick(next, ["a", "b", ":", ":", "*", "*", "?", "\\*", "\\\\"], Math.floor(next() * 12)).join("");
    const value = (arn ? "arn:" : "") + pick(next, ["a", "b", ":", "*", "\\"], Math.floor(next() * 14)).join("");
    return { pattern, value };
  });

  it("plain wildcards (actions, StringLike)", () => {
    const wrong = cases.filter(({ pattern, value }) => compileWildcard(pattern)(value) !== plainReference(pattern, value));
    expect(wrong).toEqual([]);
  });
  it("Resource ARNs", () => {
    const wrong = cases.filter(({ pattern, value }) => compileArnPattern(pattern)(value) !== resourceReference(pattern, value));
    expect(wrong).toEqual([]);
  });
  it("ArnLike values", () => {
    const wrong = cases.filter(({ pattern, value }) => compileArnConditionPattern(pattern)(value) !== conditionReference(pattern, value));
    expect(wrong).toEqual([]);
  });
});

describe("Resource: wildcards within ARN segments (Resource element page)", () => {
  const rows: Row[] = [
    ["* in the account segment", "arn:aws:iam::*:role/app", "arn:aws:iam::111111111111:role/app", true],
    ["? in the account segment", "arn:aws:iam::11111111111?:role/app", "arn:aws:iam::111111111112:role/app", true],
    ["several wildcards in one segment", "arn:aws:ec2:us-*-?:*:instance/*", "arn:aws:ec2:us-east-1:111111111111:instance/i-1", true],
    ["a * inside a segment stays within it", "arn:aws:ec2:us-*1:instance/i-1", "arn:aws:ec2:us-east-1:111111111111:instance/i-1", false],
    ["? never matches the colon between segments", "arn:aws:iam:?111111111111:role/app", "arn:aws:iam::111111111111:role/app", false],
    ["a * ending its segment expands past the colon", "arn:aws:ec2:*:instance/i-1", "arn:aws:ec2:us-east-1:111111111111:instance/i-1", true],
    ["a * ending the pattern stands for every later segment", "arn:aws:iam::*", "arn:aws:iam::111111111111:role/app", true],
    ["a * ending the service segment", "arn:aws:s3*", "arn:aws:s3:::bucket/key", true],
    ["without a trailing * the segments must all be written", "arn:aws:iam::111111111111", "arn:aws:iam::111111111111:role/app", false],
    ["the resource segment keeps its colons", "arn:aws:logs:*:*:log-group:app:*", "arn:aws:logs:eu-west-1:111111111111:log-group:app:log-stream:x", true],
    ["* expands over / inside the resource segment", "arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/1/2/test/3/object.jpg", true],
    ["the literal parts must still match", "arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/1-test/object.jpg", false],
    ["a pattern that is not an ARN is a plain wildcard", "*", "anything:at:all", true],
  ];
  it.each(rows)("%s: %s ~ %s → %s", (_name, pattern, resource, expected) => {
    const set = { identityPolicies: [identity("P", [{ Effect: "Allow", Action: "*", Resource: pattern }])] };
    expect(run(set, { principal: USER, resource }).decision).toBe(expected ? "Allow" : "ImplicitDeny");
  });
});

describe("ArnLike: six components checked separately (condition operators page)", () => {
  const rows: Row[] = [
    ["per-component wildcards", "arn:aws:sns:*:111111111111:*", "arn:aws:sns:eu-west-1:111111111111:topic", true],
    ["? in a component", "arn:aws:sns:eu-west-?:111111111111:topic", "arn:aws:sns:eu-west-1:111111111111:topic", true],
    ["a * never reaches into the next component", "arn:aws:sns:*:topic", "arn:aws:sns:eu-west-1:111111111111:topic", false],
    ["a trailing * does not stand for missing components", "arn:aws:sns:*", "arn:aws:sns:eu-west-1:111111111111:topic", false],
    ["the sixth component keeps its colons", "arn:aws:logs:*:*:log-group:*", "arn:aws:logs:eu-west-1:111111111111:log-group:app:log-stream:x", true],
    ["a value with fewer than six components does not match", "arn:aws:*:*:*:*", "arn:aws:sns", false],
  ];
  it.each(rows)("%s: %s ~ %s → %s", (_name, pattern, value, expected) => {
    expect(holds({ ArnLike: { "aws:SourceArn": pattern } }, { "aws:SourceArn": value })).toBe(expected);
  });
});

describe("actions in the catalog, the designer and the validator use the same matcher", () => {
  it("expands a pattern without case", () => {
    const ids = expandActionPattern("S3:get*TAGGING").map((a) => a.id);
    expect(ids).toContain("s3:GetObjectTagging");
    expect(ids.every((id) => id.toLowerCase().startsWith("s3:get") && id.toLowerCase().endsWith("tagging"))).toBe(true);
  });
  it("a service wildcard covers the services it names", () => {
    expect(expandActionPattern("s?s:Publish").map((a) => a.id)).toEqual(expect.arrayContaining(["sns:Publish"]));
  });
  it("a backslash in a pattern is an ordinary character", () => {
    expect(expandActionPattern("s3:Get\\*")).toEqual([]);
  });
});

describe("the catalog reads a Resource pattern's segments as the evaluator does", () => {
  it.each([
    ["a * ending a segment stands for the missing ones", "arn:aws:dynamodb:*:table/Orders", "dynamodb", "table", true],
    ["a trailing * after the service", "arn:aws:iam::*", "iam", "role", true],
    ["? in the account never matches the colon", "arn:aws:iam:?111111111111:role/app", "iam", "role", false],
    ["with every segment written, a * stays in its segment", "arn:aws:ec2:*:*:volume/*", "ec2", "instance", false],
    ["with every segment written, the type still fits", "arn:aws:ec2:*:*:instance/*", "ec2", "instance", true],
  ])("%s: %s fits %s %s → %s", (_name, resource, service, type, expected) => {
    expect(resourceFitsType(resource, service, type)).toBe(expected);
  });
});

// Hostile patterns that made the old regular-expression engines backtrack for seconds to minutes.
describe("adversarial patterns finish in bounded time", () => {
  const ACTION_PATTERN = `s3:${"*?".repeat(12)}!`;
  const RESOURCE_PATTERN = `arn:aws:s3:::${"*a".repeat(10)}!`;
  const HEADER_PATTERN = `arn:aws:${"*a".repeat(10)}!:*`;
  const LIKE_PATTERN = `${"*a".repeat(10)}!`;
  const lengths = [200, 10_000];

  // A generous bound: the point is minutes versus milliseconds, not a benchmark.
  const finishesQuickly = <T>(work: () => T): T => {
    const started = performance.now();
    const result = work();
    expect(performance.now() - started).toBeLessThan(1000);
    return result;
  };

  it("the catalog's action-pattern expansion (the designer's preview route)", () => {
    expandActionPattern("*"); // loads the catalog, so that only the matching is timed
    expect(finishesQuickly(() => expandActionPattern(ACTION_PATTERN))).toEqual([]);
    expect(finishesQuickly(() => previewActionPattern(`${"*?".repeat(6)}:${"*?".repeat(12)}!`).count)).toBe(0);
  });

  it("the validator's action checks", () => {
    const text = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ACTION_PATTERN, Resource: RESOURCE_PATTERN }] });
    finishesQuickly(() => validatePolicy(text, { policyType: "identity" }));
  });

  it.each(lengths)("the evaluator's Action match, %i characters", (length) => {
    const set = { identityPolicies: [identity("P", [{ Effect: "Allow", Action: ACTION_PATTERN, Resource: "*" }])] };
    const result = finishesQuickly(() => run(set, { principal: USER, action: `s3:${"a".repeat(length)}` }));
    expect(result.decision).toBe("ImplicitDeny");
  });

  it.each(lengths)("the evaluator's Resource match, %i characters", (length) => {
    for (const pattern of [RESOURCE_PATTERN, HEADER_PATTERN]) {
      const set = { identityPolicies: [identity("P", [{ Effect: "Allow", Action: "*", Resource: pattern }])] };
      const resource = pattern === RESOURCE_PATTERN ? `arn:aws:s3:::${"a".repeat(length)}` : `arn:aws:${"a".repeat(length)}:x`;
      const result = finishesQuickly(() => run(set, { principal: USER, resource }));
      expect(result.decision).toBe("ImplicitDeny");
    }
  });

  it.each(lengths)("StringLike, %i characters", (length) => {
    expect(finishesQuickly(() => holds({ StringLike: { "aws:userid": LIKE_PATTERN } }, { "aws:userid": "a".repeat(length) }))).toBe(false);
  });

  it.each(lengths)("ArnLike, %i characters", (length) => {
    expect(finishesQuickly(() => holds({ ArnLike: { "aws:SourceArn": RESOURCE_PATTERN } }, { "aws:SourceArn": `arn:aws:s3:::${"a".repeat(length)}` }))).toBe(false);
    expect(finishesQuickly(() => holds({ ArnLike: { "aws:SourceArn": `arn:aws:s3:${"*a".repeat(10)}!::*` } }, { "aws:SourceArn": `arn:aws:s3:${"a".repeat(length)}::x` }))).toBe(false);
  });
});
