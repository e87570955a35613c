/**
 * The one wildcard matcher: `*` is any run of characters, `?` any one character, as IAM writes
 * them in actions, resources and StringLike/ArnLike values. Patterns here use an internal escaped
 * form (`\*`, `\?`, `\\` are literal) so that text inserted by policy variables such as `${*}`
 * stays literal. Matching is case-sensitive; `compilePolicyPattern(text, true)` folds case.
 *
 * No regular expressions: a pattern is split at its stars and each piece is placed at its first
 * fit, left to right (or, for ARN patterns whose stars may not cross a colon, the set of live
 * pattern positions is followed character by character), so a match costs at most pattern length
 * × value length steps and a hostile pattern such as `*?*?*?…!` cannot make it backtrack.
 */

export type MatchFn = (value: string) => boolean;

// Token kinds of a compiled pattern.
const LITERAL = 0;
const ONE = 1;
const ANY_RUN = 2;

/**
 * A compiled pattern: parallel arrays, one entry per token. `crossesColon[i]` is 0 when the `?` or
 * `*` at i may not match a `:` (wildcards inside the first five fields of an ARN).
 */
export interface WildcardProgram {
  kinds: Uint8Array;
  codes: Uint16Array;
  crossesColon: Uint8Array;
  /** True when some star may not match a colon; the greedy scan is then not enough. */
  boundedStars: boolean;
}

const COLON = 58;
const BACKSLASH = 92;
const STAR = 42;
const QUESTION = 63;

const matchAll: MatchFn = () => true;
const cache = new Map<string, MatchFn>();
const CACHE_LIMIT = 20_000;
// Long patterns compile in one pass; keeping them would let a few requests hold a lot of memory.
const CACHED_PATTERN_LENGTH = 1_000;

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
    if (c === BACKSLASH) i++;
    else if (c === STAR || c === QUESTION) return true;
  }
  return false;
}

/** True when text as written in a policy or typed in the console holds a `*` or `?`. */
export function textHasWildcard(text: string): boolean {
  return text.indexOf("*") !== -1 || text.indexOf("?") !== -1;
}

/** The literal text an internal pattern without wildcards stands for. */
export function unescapePattern(pattern: string): string {
  return pattern.indexOf("\\") === -1 ? pattern : pattern.replace(/\\(.)/gs, "$1");
}

/** Compiles an internal pattern into a case-sensitive matcher; matchers are shared by pattern text. */
export function compileWildcard(pattern: string): MatchFn {
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
 * Compiles a pattern as written in a policy or typed in the console (`s3:Get*`), where a
 * backslash is an ordinary character. With `ignoreCase` (actions, service prefixes) both sides
 * are compared lowercased.
 */
export function compilePolicyPattern(text: string, ignoreCase = false): MatchFn {
  if (!ignoreCase) return compileWildcard(patternFromPolicyText(text));
  const fn = compileWildcard(patternFromPolicyText(text.toLowerCase()));
  return fn === matchAll ? fn : (value) => fn(value.toLowerCase());
}

function build(pattern: string): MatchFn {
  if (pattern === "*") return matchAll;
  if (!hasWildcard(pattern)) {
    const literal = unescapePattern(pattern);
    return (value) => value === literal;
  }
  // A literal prefix followed by one trailing `*` is the common shape (`s3:Get*`, `arn:...:bucket/*`).
  const body = pattern.slice(0, -1);
  if (pattern.endsWith("*") && !hasWildcard(body) && !endsWithEscape(body)) {
    const prefix = unescapePattern(body);
    return (value) => value.startsWith(prefix);
  }
  return programMatcher(compileProgram(pattern, () => true));
}

// True when the text ends in an odd run of backslashes, so that the character after it is escaped.
function endsWithEscape(text: string): boolean {
  let n = 0;
  for (let i = text.length - 1; i >= 0 && text.charCodeAt(i) === BACKSLASH; i--) n++;
  return n % 2 === 1;
}

/**
 * Compiles an internal pattern into tokens. `crossesColon(index, star)` says, for the `?` or `*`
 * at `index` of the pattern text, whether it may match a colon.
 */
export function compileProgram(pattern: string, crossesColon: (index: number, star: boolean) => boolean): WildcardProgram {
  const kinds: number[] = [];
  const codes: number[] = [];
  const crosses: number[] = [];
  let boundedStars = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < pattern.length) {
      kinds.push(LITERAL);
      codes.push(pattern.charCodeAt(++i));
      crosses.push(0);
    } else if (c === STAR || c === QUESTION) {
      const star = c === STAR;
      const crossing = crossesColon(i, star);
      // `**` is `*`; dropping the repeat keeps the token list short for hostile patterns.
      const last = kinds.length - 1;
      if (star && last >= 0 && kinds[last] === ANY_RUN && crosses[last] === (crossing ? 1 : 0)) continue;
      kinds.push(star ? ANY_RUN : ONE);
      codes.push(0);
      crosses.push(crossing ? 1 : 0);
      if (star && !crossing) boundedStars = true;
    } else {
      kinds.push(LITERAL);
      codes.push(c);
      crosses.push(0);
    }
  }
  return { kinds: Uint8Array.from(kinds), codes: Uint16Array.from(codes), crossesColon: Uint8Array.from(crosses), boundedStars };
}

/** A matcher for a compiled program, choosing the scan that is exact for it. */
export function programMatcher(program: WildcardProgram): MatchFn {
  if (program.boundedStars) return (value) => matchPositions(program, value);
  const blocks = splitAtStars(program);
  return (value) => matchBlocks(blocks, value);
}

/**
 * The text between two stars: `codes[k]` is a character code, or ANY_CHAR / ANY_BUT_COLON for a
 * `?`; `text` is set when the block holds no `?`, so that native string search can find it.
 */
interface Block {
  codes: Int32Array;
  text: string | null;
}
const ANY_CHAR = -1;
const ANY_BUT_COLON = -2;

function splitAtStars(program: WildcardProgram): Block[] {
  const blocks: Block[] = [];
  let codes: number[] = [];
  const close = () => {
    const wild = codes.some((c) => c < 0);
    blocks.push({ codes: Int32Array.from(codes), text: wild ? null : codes.map((c) => String.fromCharCode(c)).join("") });
    codes = [];
  };
  for (let i = 0; i < program.kinds.length; i++) {
    const kind = program.kinds[i];
    if (kind === ANY_RUN) close();
    else if (kind === ONE) codes.push(program.crossesColon[i] === 1 ? ANY_CHAR : ANY_BUT_COLON);
    else codes.push(program.codes[i]);
  }
  close();
  return blocks;
}

function blockAt(block: Block, value: string, at: number): boolean {
  if (block.text !== null) return value.startsWith(block.text, at);
  const codes = block.codes;
  for (let k = 0; k < codes.length; k++) {
    const want = codes[k];
    const c = value.charCodeAt(at + k);
    if (want >= 0 ? c !== want : want === ANY_BUT_COLON && c === COLON) return false;
  }
  return true;
}

// The first position in [from, last] where the block matches, or -1.
function findBlock(block: Block, value: string, from: number, last: number): number {
  if (block.text !== null) {
    const at = value.indexOf(block.text, from);
    return at !== -1 && at <= last ? at : -1;
  }
  for (let at = from; at <= last; at++) if (blockAt(block, value, at)) return at;
  return -1;
}

/**
 * For programs whose every star matches any character. The text before the first star is
 * anchored at the start, the text after the last star at the end, and each block in between is
 * placed at its first fit: an earlier fit never hurts, because the stars around it absorb whatever
 * lies between. Each block is searched once, so a match costs at most pattern × value steps.
 */
function matchBlocks(blocks: Block[], value: string): boolean {
  const n = value.length;
  const head = blocks[0];
  if (blocks.length === 1) return n === head.codes.length && blockAt(head, value, 0);
  const tail = blocks[blocks.length - 1];
  const end = n - tail.codes.length;
  if (head.codes.length > end || !blockAt(head, value, 0) || !blockAt(tail, value, end)) return false;
  let pos = head.codes.length;
  for (let b = 1; b < blocks.length - 1; b++) {
    const block = blocks[b];
    const length = block.codes.length;
    if (length === 0) continue;
    const at = findBlock(block, value, pos, end - length);
    if (at < 0) return false;
    pos = at + length;
  }
  return true;
}

/**
 * Scan that follows every pattern position the value so far can reach (no backtracking at all),
 * for programs where some star stops at colons and the greedy scan could miss a match.
 */
function matchPositions(program: WildcardProgram, value: string): boolean {
  const { kinds, codes, crossesColon } = program;
  const m = kinds.length;
  const seen = new Int32Array(m + 1).fill(-1);
  let current: number[] = [];
  let next: number[] = [];
  // Adds position j, and the positions after the stars it can skip, to `list` for step `stamp`.
  const reach = (list: number[], j: number, stamp: number) => {
    while (seen[j] !== stamp) {
      seen[j] = stamp;
      list.push(j);
      if (j < m && kinds[j] === ANY_RUN) j++;
      else return;
    }
  };
  reach(current, 0, 0);
  for (let v = 0; v < value.length; v++) {
    const c = value.charCodeAt(v);
    next.length = 0;
    const stamp = v + 1;
    for (const j of current) {
      if (j === m) continue;
      const kind = kinds[j];
      if (kind === LITERAL) {
        if (codes[j] === c) reach(next, j + 1, stamp);
      } else if (c !== COLON || crossesColon[j] === 1) {
        reach(next, kind === ANY_RUN ? j : j + 1, stamp);
      }
    }
    if (next.length === 0) return false;
    [current, next] = [next, current];
  }
  return seen[m] === value.length;
}
