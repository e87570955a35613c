/**
 * ARNs: reading the account out of one, and matching ARN patterns as AWS does. The first five `:`
 * separate partition, service, region, account and resource; the resource keeps any further `:`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 *
 * Resource/NotResource: "You can use wildcard characters (* and ?) within the individual segments
 * of an ARN (the parts separated by colons) … If the * wildcard is the last character of a
 * resource ARN segment, it can expand to match beyond the colon boundaries."
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 *
 * ArnLike/ArnEquals: "Each of the six colon-delimited components of the ARN is checked separately
 * and each can include multi-character match wildcards (*) or single-character match wildcards (?)."
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
import { compileProgram, compileWildcard, hasWildcard, programMatcher, unescapePattern, type MatchFn } from "./wildcard";

/** The account id an ARN carries (its fifth field), or undefined when it carries none. */
export function arnAccount(arn: string): string | undefined {
  if (!arn.startsWith("arn:")) return undefined;
  let start = 0;
  for (let i = 0; i < 4; i++) {
    start = arn.indexOf(":", start) + 1;
    if (start === 0) return undefined;
  }
  const end = arn.indexOf(":", start);
  if (end === -1 || end === start) return undefined;
  return arn.slice(start, end);
}

/** Splits an ARN into its six fields (the last keeps any further `:`), or null if it is not one. */
export function splitArn(arn: string): string[] | null {
  if (!arn.startsWith("arn:")) return null;
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const end = arn.indexOf(":", start);
    if (end === -1) return null;
    parts.push(arn.slice(start, end));
    start = end + 1;
  }
  parts.push(arn.slice(start));
  return parts;
}

// Splits an internal (escaped) pattern at unescaped colons, at most five times.
function splitPattern(pattern: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length && parts.length < 5; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 58) {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(pattern.slice(start));
  return parts;
}

const resourceCache = new Map<string, MatchFn>();
const conditionCache = new Map<string, MatchFn>();
const CACHE_LIMIT = 20_000;
const CACHED_PATTERN_LENGTH = 1_000;

function cached(cache: Map<string, MatchFn>, pattern: string, build: (pattern: string) => MatchFn): MatchFn {
  let fn = cache.get(pattern);
  if (fn === undefined) {
    fn = build(pattern);
    if (pattern.length <= CACHED_PATTERN_LENGTH) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(pattern, fn);
    }
  }
  return fn;
}

/**
 * Compiles an internal pattern of a Resource/NotResource element. A pattern that is not an ARN
 * (such as `*`) is a plain wildcard over the whole value. In the partition, service, region and
 * account segments a `?`, or a `*` inside the segment, stays within it; a `*` that ends its
 * segment (or the pattern) may run past colons, so `arn:aws:iam::*` names every IAM resource. In
 * the resource segment wildcards match anything, colons included.
 */
export function compileArnPattern(pattern: string): MatchFn {
  return cached(resourceCache, pattern, buildResource);
}

function buildResource(pattern: string): MatchFn {
  if (!pattern.startsWith("arn:")) return compileWildcard(pattern);
  const parts = splitPattern(pattern);
  const literalHead = parts.length === 6 ? literalHeadPrefix(parts) : undefined;
  if (literalHead !== undefined) return resourceAfter(literalHead, compileWildcard(parts[5]));
  if (!hasWildcard(pattern)) return compileWildcard(pattern);
  const resourceStart = parts.length === 6 ? pattern.length - parts[5].length : Infinity;
  const program = compileProgram(pattern, (index, star) => {
    if (index >= resourceStart) return true;
    return star && (index + 1 === pattern.length || pattern.charCodeAt(index + 1) === 58);
  });
  return programMatcher(program);
}

/**
 * Compiles an internal pattern of an ArnLike/ArnEquals condition value: the six components are
 * matched separately, so a pattern with fewer than six matches no ARN. A pattern that is not an
 * ARN (such as `*`) is a plain wildcard over the whole value.
 */
export function compileArnConditionPattern(pattern: string): MatchFn {
  return cached(conditionCache, pattern, buildCondition);
}

function buildCondition(pattern: string): MatchFn {
  if (!pattern.startsWith("arn:")) return compileWildcard(pattern);
  const parts = splitPattern(pattern);
  if (parts.length < 6) return () => false;
  const literalHead = literalHeadPrefix(parts);
  if (literalHead !== undefined) return resourceAfter(literalHead, compileWildcard(parts[5]));
  const matchers = parts.map(compileWildcard);
  return (value) => {
    let start = 0;
    for (let i = 0; i < 5; i++) {
      const end = value.indexOf(":", start);
      if (end === -1 || !matchers[i](value.slice(start, end))) return false;
      start = end + 1;
    }
    return matchers[5](value.slice(start));
  };
}

// With the first five fields literal, both readings are the literal prefix and the resource match.
function literalHeadPrefix(parts: string[]): string | undefined {
  const head = parts.slice(0, 5);
  return head.some(hasWildcard) ? undefined : `${head.map(unescapePattern).join(":")}:`;
}

function resourceAfter(prefix: string, rest: MatchFn): MatchFn {
  return (value) => value.startsWith(prefix) && rest(value.slice(prefix.length));
}
