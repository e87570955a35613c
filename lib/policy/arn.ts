/**
 * ARNs: reading the account out of one, and matching ARN patterns segment by segment, as AWS
 * does for Resource and the Arn* condition operators: the first five `:` separate partition,
 * service, region, account and resource, and a wildcard never reaches across them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
import { compileWildcard, hasWildcard, unescapePattern, type MatchFn } from "./wildcard";

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

const cache = new Map<string, MatchFn>();
const CACHE_LIMIT = 20_000;

/**
 * Compiles an internal pattern for ARN values. A pattern that is not an ARN (such as `*`) is a
 * plain wildcard over the whole value; an ARN pattern with fewer than six fields matches nothing.
 */
export function compileArnPattern(pattern: string): MatchFn {
  let fn = cache.get(pattern);
  if (fn === undefined) {
    fn = build(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, fn);
  }
  return fn;
}

function build(pattern: string): MatchFn {
  if (!pattern.startsWith("arn:")) return compileWildcard(pattern);
  const parts = splitPattern(pattern);
  if (parts.length < 6) return () => false;
  const head = parts.slice(0, 5);
  // With the first five fields literal, a whole-string match is the segment match.
  if (!head.some(hasWildcard)) {
    const prefix = `${head.map(unescapePattern).join(":")}:`;
    const rest = compileWildcard(parts[5]);
    return (value) => value.startsWith(prefix) && rest(value.slice(prefix.length));
  }
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
