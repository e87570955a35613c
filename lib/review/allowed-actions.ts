/**
 * Which catalog actions a compiled policy set allows on resource `*` (or another one) with an
 * empty request context, as the review contract counts them ("gained", "admin"). Every decision is the
 * evaluator's: with the resource and the context fixed, whether a statement applies depends only
 * on whether its Action covers the action, so actions covered by the same statements form one
 * class and `evaluateRequest` decides one representative per class. Thousands of actions, a few
 * dozen evaluations.
 */
import { ACCESS_LEVELS } from "../catalog/access-level";
import { actionIndex, type ActionIndex } from "../catalog/action-index";
import type { CompiledStatement } from "../policy/compile-policy";
import { evaluateCondition } from "../policy/conditions";
import { evaluateRequest, type CompiledPolicySet } from "../policy/evaluate";
import { PreparedRequest } from "../policy/request-context";
import { statementMatchesResource } from "../policy/statement-match";
import { markPatternActions } from "../policy/pattern-actions";

/** A bit per catalog action, in actionIndex() order. */
export type ActionBits = Uint32Array;

const ALL = "all" as const;
type Coverage = Int32Array | typeof ALL;
const coverageByPatterns = new Map<string, Coverage>();

/** The catalog actions a statement's Action/NotAction covers, cached by its patterns. */
function coverage(statement: CompiledStatement, index: ActionIndex): Coverage {
  const key = `${statement.notAction ? "!" : ""}${statement.actionPatterns.join("\u0000")}`;
  let found = coverageByPatterns.get(key);
  if (found) return found;
  const count = index.lowerIds.length;
  if (statement.anyAction) {
    found = statement.notAction ? new Int32Array(0) : ALL;
  } else {
    const listed = markPatternActions(statement.actionPatterns, index);
    const want = statement.notAction ? 0 : 1;
    let n = 0;
    for (let i = 0; i < count; i++) if (listed[i] === want) n++;
    const out = new Int32Array(n);
    n = 0;
    for (let i = 0; i < count; i++) if (listed[i] === want) out[n++] = i;
    found = out;
  }
  if (coverageByPatterns.size > 50_000) coverageByPatterns.clear();
  coverageByPatterns.set(key, found);
  return found;
}

function statementsOf(set: CompiledPolicySet): CompiledStatement[] {
  const out: CompiledStatement[] = [];
  for (const p of set.identity) out.push(...p.statements);
  if (set.boundary) out.push(...set.boundary.statements);
  for (const p of set.session) out.push(...p.statements);
  for (const level of set.scps) for (const p of level.policies) out.push(...p.statements);
  return out;
}

/**
 * The actions `principal` may perform on `resource` (`*` unless given) with an empty context under
 * `set`, decided by the evaluator; with `only`, just the actions in that range of the index (one
 * service's), the others left unset.
 */
export function allowedActions(set: CompiledPolicySet, principal: string, resource = "*", only?: { start: number; end: number }): ActionBits {
  const index = actionIndex();
  const count = index.lowerIds.length;
  const start = only?.start ?? 0;
  const end = only?.end ?? count;
  const bits = new Uint32Array((count + 31) >>> 5);
  const probe = new PreparedRequest({ principal, action: "roleplay:probe", resource });
  // Statements whose Resource and Condition hold for the resource and an empty context; only their
  // Action varies with the action.
  const live: CompiledStatement[] = [];
  for (const s of statementsOf(set)) {
    if (!statementMatchesResource(s, probe)) continue;
    let holds = true;
    for (const c of s.conditions) if (!evaluateCondition(c, probe)) holds = false;
    if (holds) live.push(s);
  }
  // Class of each action: the set of live statements covering it (exact as a sum of powers of
  // two up to 52 statements, as text beyond). Actions no live statement covers form one class.
  const exact = live.length <= 52;
  const masks = exact ? scratchMasks(count) : undefined;
  const texts = exact ? undefined : new Array<string>(count).fill("");
  const touched: number[] = [];
  const mark = (i: number) => {
    if (masks ? masks[i] === 0 : texts![i] === "") touched.push(i);
  };
  live.forEach((statement, j) => {
    const cover = coverage(statement, index);
    const weight = 2 ** j;
    if (cover === ALL) {
      for (let i = start; i < end; i++) {
        mark(i);
        if (masks) masks[i] += weight;
        else texts![i] += `${j},`;
      }
    } else {
      for (let k = 0; k < cover.length; k++) {
        const i = cover[k];
        if (i < start) continue;
        if (i >= end) break;
        mark(i);
        if (masks) masks[i] += weight;
        else texts![i] += `${j},`;
      }
    }
  });
  const decide = (i: number) => evaluateRequest(set, { principal, action: index.actions[i].id, resource }).decision === "Allow";
  const decided = new Map<number | string, boolean>();
  // The uncovered class is decided once; only if it were allowed would every action need a visit.
  let uncovered = -1;
  if (touched.length < end - start) {
    const isTouched = new Uint8Array(count);
    for (const i of touched) isTouched[i] = 1;
    uncovered = isTouched.indexOf(0, start);
  }
  const uncoveredAllowed = uncovered >= 0 && decide(uncovered);
  if (uncoveredAllowed && only) for (let i = start; i < end; i++) bits[i >>> 5] |= 1 << (i & 31);
  else if (uncoveredAllowed) bits.fill(0xffffffff);
  for (const i of touched) {
    const key = masks ? masks[i] : texts![i];
    let allowed = decided.get(key);
    if (allowed === undefined) {
      allowed = decide(i);
      decided.set(key, allowed);
    }
    if (allowed) bits[i >>> 5] |= 1 << (i & 31);
    else bits[i >>> 5] &= ~(1 << (i & 31));
  }
  if (uncoveredAllowed && count % 32) bits[bits.length - 1] &= (1 << (count % 32)) - 1;
  if (masks) for (const i of touched) masks[i] = 0;
  return bits;
}

/**
 * The actions `principal` may perform on some resource, with an empty context: on `*`, or on a
 * resource an Allow statement of its identity policies names, taken as written
 * (`arn:aws:s3:::photos/*` stands for the objects it matches). A role reading one bucket has its
 * S3 actions counted here, none on `*`. A named ARN counts for its own service's actions only (an
 * S3 ARN allows no IAM action); a resource with policy variables needs a request, so is left out.
 */
export function allowedOnSomeResource(set: CompiledPolicySet, principal: string): ActionBits {
  const index = actionIndex();
  const bits = allowedActions(set, principal);
  const named = new Set<string>();
  for (const policy of set.identity) {
    for (const s of policy.statements) {
      if (s.effect !== "Allow" || s.notResource || !s.resources) continue;
      for (const r of s.resources) if (!r.template && r.text !== "*") named.add(r.text);
    }
  }
  for (const resource of named) {
    const service = /^arn:[^:]*:([^:]*):/.exec(resource)?.[1];
    // A wildcard service (or no ARN at all) may name any service's resources.
    const anyService = service === undefined || /[*?]/.test(service);
    const range = anyService ? undefined : index.byService.get(service.toLowerCase());
    if (!anyService && !range) continue;
    const on = allowedActions(set, principal, resource, range);
    for (let w = 0; w < bits.length; w++) bits[w] |= on[w];
  }
  return bits;
}

let scratch: Float64Array | undefined;
/** One zeroed buffer reused across calls (callers zero what they touched). */
function scratchMasks(count: number): Float64Array {
  if (!scratch || scratch.length !== count) scratch = new Float64Array(count);
  return scratch;
}

/** How many actions the bits hold. */
export function countActions(bits: ActionBits): number {
  let n = 0;
  for (let w of bits) {
    w -= (w >>> 1) & 0x55555555;
    w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
    n += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}

/** True when every catalog action is allowed. */
export function isEveryAction(bits: ActionBits): boolean {
  const count = actionIndex().lowerIds.length;
  return countActions(bits) === count;
}

/** Actions in `gainer` and not in `base`: their number, and the services they belong to (most first). */
export function actionsGained(gainer: ActionBits, base: ActionBits): { actions: number; services: string[] } {
  const index = actionIndex();
  const perService = new Uint32Array(index.services.length);
  let actions = 0;
  for (let w = 0; w < gainer.length; w++) {
    let diff = gainer[w] & ~base[w];
    while (diff !== 0) {
      const bit = 31 - Math.clz32(diff & -diff);
      diff &= diff - 1;
      perService[index.serviceOf[(w << 5) + bit]]++;
      actions++;
    }
  }
  const ordinals: number[] = [];
  for (let k = 0; k < perService.length; k++) if (perService[k] > 0) ordinals.push(k);
  ordinals.sort((a, b) => perService[b] - perService[a] || (index.services[a].prefix < index.services[b].prefix ? -1 : 1));
  return { actions, services: ordinals.map((k) => index.services[k].prefix) };
}

/** Gained actions per service and access level, for the summary of what an escalation gains. */
export function gainedByLevel(gainer: ActionBits, base: ActionBits): { service: string; level: string; actions: number }[] {
  const index = actionIndex();
  const levels = ACCESS_LEVELS.length;
  const counts = new Uint32Array(index.services.length * levels);
  for (let w = 0; w < gainer.length; w++) {
    let diff = gainer[w] & ~base[w];
    while (diff !== 0) {
      const bit = 31 - Math.clz32(diff & -diff);
      diff &= diff - 1;
      const i = (w << 5) + bit;
      counts[index.serviceOf[i] * levels + index.levels[i]]++;
    }
  }
  const out: { service: string; level: string; actions: number }[] = [];
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] > 0) out.push({ service: index.services[Math.floor(k / levels)].prefix, level: ACCESS_LEVELS[k % levels], actions: counts[k] });
  }
  return out;
}
