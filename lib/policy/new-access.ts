/**
 * "Does this change grant new access?": the access a draft policy set allows that the saved set
 * does not, from the evaluator's compiled statements. For every catalog action, each resource
 * pattern of a draft Allow is new unless the saved set is proven to allow it already — an Allow
 * for the action whose pattern contains the draft's (every ARN the draft pattern matches, the saved
 * one matches) under no more conditions, in every guard (boundary, session policies, each SCP
 * level), with no saved Deny over it that the draft dropped. Proofs that fail count as new access,
 * so the answer errs towards "yes": narrowing a Resource never reads as new access, while widening
 * one, dropping a Deny or widening a boundary always does.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { actionIndex, type ActionIndex } from "../catalog/action-index";
import type { CompiledPolicy, CompiledStatement } from "./compile-policy";
import type { CompiledPolicySet } from "./evaluate";
import { markPatternActions } from "./pattern-actions";
import { patternFromPolicyText } from "./wildcard";

/** One action the draft newly allows, and on which of the draft's resource patterns. */
export interface NewAccess {
  action: string;
  /** Draft Resource patterns as written; NotResource entries read "not <pattern>". */
  resources: string[];
}

export interface NewAccessReport {
  /** In catalog order, at most `limit` entries. */
  actions: NewAccess[];
  /** How many actions are newly allowed in all. */
  count: number;
}

// ---------------------------------------------------------------------------------------------
// Wildcard patterns as token lists: a character code, STAR (`*`) or ONE (`?`).

const STAR = -1;
const ONE = -2;
const END = -3;
const COLON = 58;
const BACKSLASH = 92;

/** Tokens of an internal pattern, each run of wildcards rewritten as `?…?` then at most one `*`. */
function tokenize(pattern: string): Int32Array {
  const out: number[] = [];
  let ones = 0;
  let star = false;
  const flush = () => {
    for (; ones > 0; ones--) out.push(ONE);
    if (star) out.push(STAR);
    star = false;
  };
  for (let i = 0; i < pattern.length; i++) {
    let c = pattern.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < pattern.length) c = pattern.charCodeAt(++i);
    else if (c === 42) {
      star = true;
      continue;
    } else if (c === 63) {
      ones++;
      continue;
    }
    flush();
    out.push(c);
  }
  flush();
  return Int32Array.from(out);
}

/**
 * Sound containment: true only when every string `inner` matches, `outer` matches. `outer` must
 * match `inner` read as a string of symbols, where a `?` of outer takes a character or a `?`, and
 * only a `*` of outer takes a `*`. Dynamic programming over the two patterns (O(|outer|·|inner|)).
 * General glob containment with `?` is coNP-hard; the rare containments this misses (after the
 * normalisation above) are reported as new access.
 */
function globContains(outer: Int32Array, inner: Int32Array): boolean {
  const m = outer.length;
  const n = inner.length;
  if (m === 1 && outer[0] === STAR) return true;
  // next[j]: outer[i+1..] matches inner[j..]
  let next = new Uint8Array(n + 1);
  let cur = new Uint8Array(n + 1);
  next[n] = 1;
  for (let i = m - 1; i >= 0; i--) {
    const s = outer[i];
    if (s === STAR) {
      cur[n] = next[n];
      for (let j = n - 1; j >= 0; j--) cur[j] = next[j] | cur[j + 1];
    } else {
      cur[n] = 0;
      for (let j = 0; j < n; j++) {
        const d = inner[j];
        cur[j] = (s === ONE ? d !== STAR : d === s) ? next[j + 1] : 0;
      }
    }
    [next, cur] = [cur, next];
  }
  return next[0] === 1;
}

/** Exact: true when some string matches both patterns (reachability over pairs of positions). */
function globOverlaps(p: Int32Array, q: Int32Array): boolean {
  const m = p.length;
  const n = q.length;
  const width = n + 1;
  const reach = new Uint8Array((m + 1) * width);
  reach[0] = 1;
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      if (!reach[i * width + j]) continue;
      const a = i < m ? p[i] : END;
      const b = j < n ? q[j] : END;
      if (a === STAR) reach[(i + 1) * width + j] = 1;
      if (b === STAR) reach[i * width + j + 1] = 1;
      if (i === m || j === n) continue;
      // One character read by both sides; a `*` reads it and stays.
      if (a === STAR && b !== STAR) reach[i * width + j + 1] = 1;
      else if (b === STAR && a !== STAR) reach[(i + 1) * width + j] = 1;
      else if (a !== STAR && (a === ONE || b === ONE || a === b)) reach[(i + 1) * width + j + 1] = 1;
    }
  }
  return reach[m * width + n] === 1;
}

// ---------------------------------------------------------------------------------------------
// Resource patterns, with the ARN matcher's semantics (lib/policy/arn.ts): an ARN pattern is
// matched field by field, its wildcards never reaching across the first five colons.

interface Glob {
  text: string;
  /** Holds policy variables: compared by text when it must be covered; read as `*` otherwise. */
  template: boolean;
  /** Tokens of the whole pattern (variables as `*`). */
  whole: Int32Array;
  /** The six ARN fields' tokens for an ARN pattern; null when not an ARN or not field-safe. */
  fields: Int32Array[] | null;
  arn: boolean;
  /** An ARN pattern with fewer than six fields matches nothing. */
  empty: boolean;
}

// Splits an internal pattern at unescaped colons, at most five times (as the ARN matcher does).
function splitFields(pattern: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length && parts.length < 5; i++) {
    const c = pattern.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === COLON) {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(pattern.slice(start));
  return parts;
}

const globs = new Map<string, Glob>();
const CACHE_LIMIT = 20_000;

// A variable's value is inserted literally; `*` over-approximates it. Where the value could hold
// a colon before the resource field, the ARN fields would shift, so the pattern is not field-safe.
const VARIABLE = /\$\{[^}]*\}/g;

function globOf(text: string, template: boolean): Glob {
  const key = `${template ? "v" : "l"}${text}`;
  let glob = globs.get(key);
  if (glob) return glob;
  let internal = patternFromPolicyText(text);
  let fieldSafe = true;
  if (template) {
    const first = text.indexOf("${");
    fieldSafe = splitFields(patternFromPolicyText(text.slice(0, first))).length === 6;
    internal = text
      .split(VARIABLE)
      .map((part) => patternFromPolicyText(part))
      .join("*");
  }
  const arn = internal.startsWith("arn:");
  const parts = arn ? splitFields(internal) : [];
  const empty = arn && !template && parts.length < 6;
  glob = {
    text,
    template,
    whole: tokenize(internal),
    fields: arn && fieldSafe && parts.length === 6 ? parts.map(tokenize) : null,
    arn,
    empty,
  };
  if (globs.size >= CACHE_LIMIT) globs.clear();
  globs.set(key, glob);
  return glob;
}

const containsCache = new Map<string, boolean>();

/** Every resource `inner` matches, `outer` matches (sound; false when it cannot be shown). */
function patternContains(outer: Glob, inner: Glob): boolean {
  if (outer.text === inner.text && outer.template === inner.template) return true;
  if (inner.empty) return true;
  if (outer.template || outer.empty) return false;
  const key = `${outer.text}\u0000${inner.template ? "v" : "l"}${inner.text}`;
  let answer = containsCache.get(key);
  if (answer !== undefined) return answer;
  if (!outer.arn) answer = globContains(outer.whole, inner.whole);
  else if (!inner.arn || !inner.fields) answer = false;
  else answer = outer.fields!.every((field, i) => globContains(field, inner.fields![i]));
  if (containsCache.size >= CACHE_LIMIT) containsCache.clear();
  containsCache.set(key, answer);
  return answer;
}

/** Some resource matches both (never false when one does; true when unsure). */
function patternsOverlap(a: Glob, b: Glob): boolean {
  if (a.template || b.template) return true;
  if (a.empty || b.empty) return false;
  if (a.arn && b.arn && a.fields && b.fields) return a.fields.every((field, i) => globOverlaps(field, b.fields![i]));
  return globOverlaps(a.whole, b.whole);
}

/** A statement's resources: any, one Resource pattern, or everything but the NotResource list. */
type Unit = { kind: "any" } | { kind: "in"; glob: Glob } | { kind: "notIn"; globs: Glob[] };

function unitContains(outer: Unit, inner: Unit): boolean {
  if (outer.kind === "any") return true;
  if (outer.kind === "in") return inner.kind === "in" && patternContains(outer.glob, inner.glob);
  if (inner.kind === "any") return false;
  if (inner.kind === "in") return outer.globs.every((x) => !patternsOverlap(x, inner.glob));
  return outer.globs.every((x) => inner.globs.some((y) => patternContains(y, x)));
}

function unitsOverlap(a: Unit, b: Unit): boolean {
  if (a.kind === "in" && b.kind === "in") return patternsOverlap(a.glob, b.glob);
  if (a.kind === "in" && b.kind === "notIn") return !b.globs.some((x) => patternContains(x, a.glob));
  if (b.kind === "in" && a.kind === "notIn") return !a.globs.some((x) => patternContains(x, b.glob));
  return true;
}

function unitTexts(unit: Unit): string[] {
  if (unit.kind === "any") return ["*"];
  if (unit.kind === "in") return [unit.glob.text];
  return unit.globs.map((g) => `not ${g.text}`);
}

// ---------------------------------------------------------------------------------------------
// Statements, prepared once per call: the catalog actions they cover, resources, conditions.

interface Prepared {
  bits: Uint8Array;
  covered: Int32Array;
  units: Unit[];
  /** Normalised condition entries (operator, key, values); a statement applies when all hold. */
  conditions: string[];
}

const actionCache = new Map<string, { bits: Uint8Array; covered: Int32Array }>();
const ACTION_CACHE_LIMIT = 512;

function coveredActions(statement: CompiledStatement, index: ActionIndex): { bits: Uint8Array; covered: Int32Array } {
  const key = `${statement.notAction ? "n" : "a"}${statement.actionPatterns.map((p) => p.toLowerCase()).join("\n")}`;
  let entry = actionCache.get(key);
  if (entry) return entry;
  const count = index.lowerIds.length;
  let bits: Uint8Array;
  if (statement.anyAction) bits = statement.notAction ? new Uint8Array(count) : new Uint8Array(count).fill(1);
  else {
    bits = markPatternActions(statement.actionPatterns, index);
    if (statement.notAction) for (let i = 0; i < count; i++) bits[i] ^= 1;
  }
  const covered: number[] = [];
  for (let i = 0; i < count; i++) if (bits[i]) covered.push(i);
  entry = { bits, covered: Int32Array.from(covered) };
  if (actionCache.size >= ACTION_CACHE_LIMIT) actionCache.clear();
  actionCache.set(key, entry);
  return entry;
}

function unitsOf(statement: CompiledStatement): Unit[] {
  if (statement.resources === null || (statement.anyResource && !statement.notResource)) return [{ kind: "any" }];
  // NotResource "*" excludes every resource: the statement applies to nothing.
  if (statement.notResource) return statement.anyResource ? [] : [{ kind: "notIn", globs: statement.resources.map((r) => globOf(r.text, r.template !== undefined)) }];
  const seen = new Set<string>();
  const units: Unit[] = [];
  for (const r of statement.resources) {
    if (seen.has(r.text)) continue;
    seen.add(r.text);
    units.push({ kind: "in", glob: globOf(r.text, r.template !== undefined) });
  }
  return units;
}

function conditionEntries(statement: CompiledStatement, variablesEnabled: boolean): string[] {
  return statement.conditions.map((c) => {
    const values = [...new Set(c.values)].sort();
    // The same text means something else where variables are substituted.
    const variables = variablesEnabled && values.some((v) => v.includes("${")) ? "\u0000vars" : "";
    return `${c.operator.text}\u0000${c.keyLower}\u0000${JSON.stringify(values)}${variables}`;
  });
}

function prepare(policies: CompiledPolicy[], effect: "allows" | "denies", index: ActionIndex): Prepared[] {
  const out: Prepared[] = [];
  for (const policy of policies) {
    for (const statement of policy[effect]) {
      const units = unitsOf(statement);
      if (units.length === 0) continue;
      out.push({ ...coveredActions(statement, index), units, conditions: conditionEntries(statement, policy.variablesEnabled) });
    }
  }
  return out;
}

/** No more conditions than `than`: applies whenever a statement with `than` applies. */
function conditionsWithin(conditions: string[], than: string[]): boolean {
  return conditions.every((c) => than.includes(c));
}

/** The statements whose effect reaches every request of (unit, conditions), for any action they cover. */
function reaching(statements: Prepared[], unit: Unit, conditions: string[]): Prepared[] {
  return statements.filter((s) => conditionsWithin(s.conditions, conditions) && s.units.some((u) => unitContains(u, unit)));
}

/** Per action: 1 when one of the statements covers it. */
function union(statements: Prepared[], count: number): Uint8Array {
  if (statements.length === 1) return statements[0].bits;
  const out = new Uint8Array(count);
  for (const s of statements) for (const a of s.covered) out[a] = 1;
  return out;
}

interface Layer {
  key: string;
  policies: CompiledPolicy[];
}

/** The policies that must also allow: boundary, session policies, each SCP level. */
function guardLayers(set: CompiledPolicySet): Layer[] {
  const layers: Layer[] = [];
  if (set.boundary) layers.push({ key: "boundary", policies: [set.boundary] });
  if (set.session.length > 0) layers.push({ key: "session", policies: set.session });
  set.scps.forEach((level, i) => layers.push({ key: `scp\u0000${i}\u0000${level.target}`, policies: level.policies }));
  return layers;
}

function denyingPolicies(set: CompiledPolicySet): CompiledPolicy[] {
  return [...set.identity, ...(set.boundary ? [set.boundary] : []), ...set.session, ...set.scps.flatMap((l) => l.policies)];
}

/** Per action: 1 when the saved guard allows at least what the draft's version of it allows. */
function widerGuard(saved: Prepared[], draft: Prepared[], count: number): Uint8Array {
  const wider = new Uint8Array(count).fill(1);
  for (const statement of draft) {
    for (const unit of statement.units) {
      const contained = union(reaching(saved, unit, statement.conditions), count);
      for (const a of statement.covered) wider[a] &= contained[a];
    }
  }
  return wider;
}

type NotIn = Extract<Unit, { kind: "notIn" }>;

/** For one resource unit of a draft grant, per action: already allowed, removed by a draft Deny. */
interface UnitCheck {
  unit: Unit;
  allowed: Uint8Array;
  removed: Uint8Array;
  /** Saved Denies over the unit, with the actions where the draft no longer denies what they did. */
  lifted: { unit: Unit; at: Uint8Array }[];
}

/** The part of `unit` inside the list a `Deny … NotResource` spares, as units (never less than it). */
function insideOf(unit: Unit, spared: NotIn): Unit[] {
  const out: Unit[] = [];
  const add = (u: Unit) => {
    if (!out.some((o) => unitContains(o, u))) out.push(u);
  };
  for (const x of spared.globs) {
    const inX: Unit = { kind: "in", glob: x };
    if (unit.kind === "any") add(inX);
    else if (unit.kind === "notIn") {
      if (!unit.globs.some((y) => patternContains(y, x))) add(inX);
    } else if (patternContains(unit.glob, x)) add(inX);
    else if (patternsOverlap(unit.glob, x)) add(unit);
  }
  return out;
}

/**
 * The access `draft` allows that `saved` does not, per catalog action with the draft's resource
 * patterns. Both sets come from compilePolicySet for the same principal; resource policies and
 * RCPs are not compared (they depend on the resource, as in the permissions summary).
 */
export function findNewAccess(saved: CompiledPolicySet, draft: CompiledPolicySet, options: { limit?: number } = {}): NewAccessReport {
  const index = actionIndex();
  const count = index.lowerIds.length;
  const candidates = prepare(draft.identity, "allows", index);
  const savedAllows = prepare(saved.identity, "allows", index);
  const draftDenies = prepare(denyingPolicies(draft), "denies", index);

  // The draft's guards: an action none of them allows is granted by nothing in the draft.
  const draftGuard = new Uint8Array(count).fill(1);
  const draftLayers = new Map(guardLayers(draft).map((layer) => [layer.key, prepare(layer.policies, "allows", index)]));
  for (const allows of draftLayers.values()) {
    const allowed = new Uint8Array(count);
    for (const s of allows) for (const a of s.covered) allowed[a] = 1;
    for (let a = 0; a < count; a++) draftGuard[a] &= allowed[a];
  }
  const savedGuards = guardLayers(saved).map((layer) => {
    const allows = prepare(layer.policies, "allows", index);
    const draftVersion = draftLayers.get(layer.key);
    return { allows, wider: draftVersion ? widerGuard(allows, draftVersion, count) : null };
  });

  // Saved Deny entries, each with the draft Denies that still deny at least as much.
  const savedDenies = prepare(denyingPolicies(saved), "denies", index).flatMap((deny) =>
    deny.units.map((unit) => {
      const kept = union(reaching(draftDenies, unit, deny.conditions), count);
      const at = new Uint8Array(count);
      for (const a of deny.covered) at[a] = kept[a] ^ 1;
      return { unit, at };
    }),
  );

  // Per action, the new resource units, none containing another.
  const found: (Unit[] | undefined)[] = new Array(count);
  let foundCount = 0;
  const record = (action: number, unit: Unit) => {
    const units = found[action];
    if (!units) {
      found[action] = [unit];
      foundCount++;
    } else if (!units.some((u) => unitContains(u, unit))) found[action] = [...units.filter((u) => !unitContains(unit, u)), unit];
  };

  for (const candidate of candidates) {
    // What must hold for one of the draft grant's resource units to be allowed already.
    const checks = new Map<Unit, UnitCheck>();
    const checkOf = (unit: Unit): UnitCheck => {
      let check = checks.get(unit);
      if (!check) {
        const allowed = new Uint8Array(union(reaching(savedAllows, unit, candidate.conditions), count));
        for (const guard of savedGuards) {
          const reach = union(reaching(guard.allows, unit, candidate.conditions), count);
          for (let a = 0; a < count; a++) allowed[a] &= reach[a] | (guard.wider ? guard.wider[a] : 0);
        }
        check = {
          unit,
          allowed,
          removed: union(reaching(draftDenies, unit, candidate.conditions), count),
          lifted: savedDenies.filter((d) => unitsOverlap(d.unit, unit)),
        };
        checks.set(unit, check);
      }
      return check;
    };
    // A draft `Deny … NotResource` that always applies with this grant leaves only its list.
    const narrowers = draftDenies.filter((d) => d.units.length === 1 && d.units[0].kind === "notIn" && conditionsWithin(d.conditions, candidate.conditions));
    for (const unit of candidate.units) {
      const whole = [checkOf(unit)];
      const narrowed = narrowers.map((deny) => ({ deny, checks: insideOf(unit, deny.units[0] as NotIn).map(checkOf) }));
      for (const a of candidate.covered) {
        if (!draftGuard[a]) continue;
        const left = narrowed.length === 0 ? whole : (narrowed.find((n) => n.deny.bits[a] === 1)?.checks ?? whole);
        for (const check of left) {
          if (check.removed[a]) continue;
          if (!check.allowed[a]) {
            record(a, check.unit);
            continue;
          }
          for (const d of check.lifted) {
            // A saved Deny over this grant that the draft no longer has: what it denied is new.
            if (d.at[a]) record(a, unitContains(check.unit, d.unit) ? d.unit : check.unit);
          }
        }
      }
    }
  }

  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const actions: NewAccess[] = [];
  for (let a = 0; a < count && actions.length < limit; a++) {
    const units = found[a];
    if (units) actions.push({ action: index.actions[a].id, resources: units.flatMap(unitTexts) });
  }
  return { actions, count: foundCount };
}
