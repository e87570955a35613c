/**
 * Wildcard patterns as IAM writes them: `*` is any run of characters, `?` any one character.
 * Patterns here use an internal escaped form (`\*`, `\?`, `\\` are literal) so that text inserted
 * by policy variables such as `${*}` stays literal. Matching is case-sensitive; callers lowercase
 * both sides where AWS compares without case.
 */

export type MatchFn = (value: string) => boolean;

const matchAll: MatchFn = () => true;
const cache = new Map<string, MatchFn>();
const CACHE_LIMIT = 20_000;

/** Turns policy text into the internal pattern form: `*`/`?` stay wildcards. */
export function patternFromPolicyText(text: string): string {
  return text.indexOf("\\") === -1 ? text : text.replace(/\\/g, "\\\\");
}

/** Turns text into the internal pattern form with every character literal. */
export function literalPattern(text: string): string {
  return /[\\*?]/.test(text) ? text.replace(/[\\*?]/g, "\\$&") : text;
}

/** True when the internal pattern holds an unescaped `*` or `?`. */
export function hasWildcard(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 42 || c === 63) return true;
  }
  return false;
}

/** The literal text an internal pattern without wildcards stands for. */
export function unescapePattern(pattern: string): string {
  return pattern.indexOf("\\") === -1 ? pattern : pattern.replace(/\\(.)/gs, "$1");
}

/** Compiles an internal pattern into a matcher; compiled matchers are shared by pattern text. */
export function compileWildcard(pattern: string): MatchFn {
  let fn = cache.get(pattern);
  if (fn === undefined) {
    fn = build(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, fn);
  }
  return fn;
}

function build(pattern: string): MatchFn {
  if (pattern === "*") return matchAll;
  if (!hasWildcard(pattern)) {
    const literal = unescapePattern(pattern);
    return (value) => value === literal;
  }
  // A literal prefix followed by one trailing `*` is the common shape (`s3:Get*`, `arn:...:bucket/*`).
  const body = pattern.slice(0, -1);
  if (pattern.endsWith("*") && !pattern.endsWith("\\*") && !hasWildcard(body)) {
    const prefix = unescapePattern(body);
    return (value) => value.startsWith(prefix);
  }
  let source = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) source += escapeRegex(pattern[++i]);
    else if (c === "*") source += ".*";
    else if (c === "?") source += ".";
    else source += escapeRegex(c);
  }
  const regex = new RegExp(`${source}$`, "s");
  return (value) => regex.test(value);
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
