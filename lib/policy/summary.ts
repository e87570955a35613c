/**
 * Effective permissions of a principal, summarised per service and access level as the AWS
 * console's policy summary does: Full (every action of the level, on every resource, without
 * conditions), Limited (some actions, or only some resources, or only under conditions), None.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary.html
 *
 * A statement-level pass over the whole catalog, using the evaluator's compiled statements and
 * its action matcher, so "which statements cover this action" is the evaluator's own answer.
 * Identity policies grant; the permissions boundary, session policies and every SCP level must
 * also allow; an unconditional Deny on every resource removes an action, any other Deny limits it.
 * Resource-based policies and RCPs depend on the resource, so they are not part of the summary.
 */
import { ACCESS_LEVELS, type AccessLevel } from "../catalog/access-level";
import { actionIndex, type ActionIndex } from "../catalog/action-index";
import type { CompiledPolicy, CompiledStatement } from "./compile-policy";
import { compilePolicySet, type CompiledPolicySet, type PolicySet } from "./evaluate";
import { markPatternActions } from "./pattern-actions";

export type AccessStatus = "Full" | "Limited" | "None";

/** One access level of one service. */
export interface LevelSummary {
  level: AccessLevel;
  status: AccessStatus;
  /** Actions of this level the service defines. */
  total: number;
  /** Actions allowed at least in part. */
  allowed: number;
  /** Actions allowed on every resource without conditions. */
  full: number;
  /** Resource patterns of the limiting Allow statements (NotResource entries prefixed "not "). */
  resources: string[];
  /** Condition keys of the limiting Allow statements. */
  conditionKeys: string[];
  /** Actions of this level that an explicit Deny removes, wholly or in part (a carve-out). */
  denied: number;
  /** Resource patterns of those Deny statements ("*" when they deny everywhere). */
  deniedResources: string[];
}

export interface ServiceSummary {
  service: string;
  name: string;
  status: AccessStatus;
  /** The access levels the service has actions for, in the console's order. */
  levels: LevelSummary[];
}

export interface PermissionsSummary {
  /** Services with any access, by prefix; a service not listed has None. */
  services: ServiceSummary[];
}

const NONE = 0;
const LIMITED = 1;
const FULL = 2;
const LEVELS = ACCESS_LEVELS.length;
/** Limits on the detail lists, to keep a summary of a large policy readable. */
const MAX_DETAILS = 12;

interface Details {
  resources: Set<string>[];
  conditionKeys: Set<string>[];
  /** Per action: an explicit Deny covers it (wholly or in part). */
  denied?: Uint8Array;
  deniedResources?: Set<string>[];
}

/** Calls `visit` for every catalog action the statement's Action/NotAction covers. */
function forEachCovered(statement: CompiledStatement, index: ActionIndex, visit: (i: number) => void): void {
  const count = index.lowerIds.length;
  // NotResource "*" excludes every resource: the statement never applies.
  if (statement.notResource && statement.anyResource) return;
  if (statement.anyAction) {
    // `*` in Action covers everything; in NotAction it excludes everything.
    if (!statement.notAction) for (let i = 0; i < count; i++) visit(i);
    return;
  }
  const listed = markPatternActions(statement.actionPatterns, index);
  const want = statement.notAction ? 0 : 1;
  for (let i = 0; i < count; i++) if (listed[i] === want) visit(i);
}

function unrestricted(statement: CompiledStatement): boolean {
  return statement.anyResource && !statement.notResource && statement.conditions.length === 0;
}

/** What a group of policies allows per action (the best statement wins); details for Limited. */
function grantsOf(policies: CompiledPolicy[], index: ActionIndex, details?: Details): Uint8Array {
  const grants = new Uint8Array(index.lowerIds.length);
  for (const policy of policies) {
    for (const statement of policy.allows) {
      const level = unrestricted(statement) ? FULL : LIMITED;
      const touched = details && level === LIMITED ? new Uint8Array(index.services.length * LEVELS) : undefined;
      forEachCovered(statement, index, (i) => {
        if (grants[i] < level) grants[i] = level;
        if (touched) touched[index.serviceOf[i] * LEVELS + index.levels[i]] = 1;
      });
      if (touched && details) recordDetails(statement, touched, details);
    }
  }
  return grants;
}

function recordDetails(statement: CompiledStatement, touched: Uint8Array, details: Details): void {
  const resources = statement.anyResource && !statement.notResource ? [] : (statement.resources ?? []).map((r) => (statement.notResource ? `not ${r.text}` : r.text));
  const keys = statement.conditions.map((c) => c.key);
  for (let key = 0; key < touched.length; key++) {
    if (!touched[key]) continue;
    const r = (details.resources[key] ??= new Set());
    for (const text of resources) if (r.size < MAX_DETAILS) r.add(text);
    const k = (details.conditionKeys[key] ??= new Set());
    for (const text of keys) if (k.size < MAX_DETAILS) k.add(text);
  }
}

/** Denies across the given policies: FULL when an action is denied outright, LIMITED when in part. */
function deniesOf(policies: CompiledPolicy[], index: ActionIndex, details?: Details): Uint8Array {
  const denies = new Uint8Array(index.lowerIds.length);
  for (const policy of policies) {
    for (const statement of policy.denies) {
      const level = unrestricted(statement) ? FULL : LIMITED;
      const touched = details ? new Uint8Array(index.services.length * LEVELS) : undefined;
      forEachCovered(statement, index, (i) => {
        if (denies[i] < level) denies[i] = level;
        if (touched) touched[index.serviceOf[i] * LEVELS + index.levels[i]] = 1;
      });
      if (touched && details) {
        const texts = statement.anyResource && !statement.notResource ? ["*"] : (statement.resources ?? []).map((r) => (statement.notResource ? `not ${r.text}` : r.text));
        details.deniedResources ??= [];
        for (let key = 0; key < touched.length; key++) {
          if (!touched[key]) continue;
          const set = (details.deniedResources[key] ??= new Set());
          for (const text of texts) if (set.size < MAX_DETAILS) set.add(text);
        }
      }
    }
  }
  return denies;
}

function intersect(into: Uint8Array, other: Uint8Array): void {
  for (let i = 0; i < into.length; i++) if (other[i] < into[i]) into[i] = other[i];
}

function status(allowed: number, full: number, total: number): AccessStatus {
  if (allowed === 0) return "None";
  return full === total ? "Full" : "Limited";
}

/** Per-action effective grant (0 None, 1 Limited, 2 Full) for a compiled set, in catalog order. */
export function effectiveGrants(compiled: CompiledPolicySet, details?: Details): Uint8Array {
  const index = actionIndex();
  const grants = grantsOf(compiled.identity, index, details);
  const guards: CompiledPolicy[][] = [];
  if (compiled.boundary) guards.push([compiled.boundary]);
  if (compiled.session.length > 0) guards.push(compiled.session);
  for (const level of compiled.scps) guards.push(level.policies);
  for (const guard of guards) intersect(grants, grantsOf(guard, index));
  const denies = deniesOf([...compiled.identity, ...(compiled.boundary ? [compiled.boundary] : []), ...compiled.session, ...compiled.scps.flatMap((l) => l.policies)], index, details);
  if (details) details.denied = denies;
  for (let i = 0; i < grants.length; i++) {
    if (denies[i] === FULL) grants[i] = NONE;
    else if (denies[i] === LIMITED && grants[i] === FULL) grants[i] = LIMITED;
  }
  return grants;
}

/** Summarises an already compiled policy set over the whole catalog. */
export function summarizeCompiledPolicySet(compiled: CompiledPolicySet): PermissionsSummary {
  const index = actionIndex();
  const details: Details = { resources: [], conditionKeys: [] };
  const grants = effectiveGrants(compiled, details);
  const services: ServiceSummary[] = [];
  const total = new Uint32Array(LEVELS);
  const allowed = new Uint32Array(LEVELS);
  const full = new Uint32Array(LEVELS);
  const denied = new Uint32Array(LEVELS);
  const deniedBy = details.denied!;
  index.services.forEach((range, ordinal) => {
    let any = false;
    for (let i = range.start; i < range.end && !any; i++) any = grants[i] !== NONE;
    if (!any) return;
    total.fill(0);
    allowed.fill(0);
    full.fill(0);
    denied.fill(0);
    for (let i = range.start; i < range.end; i++) {
      const level = index.levels[i];
      total[level]++;
      if (grants[i] !== NONE) allowed[level]++;
      if (grants[i] === FULL) full[level]++;
      if (deniedBy[i] !== NONE) denied[level]++;
    }
    const levels: LevelSummary[] = [];
    for (let level = 0; level < LEVELS; level++) {
      if (total[level] === 0) continue;
      const key = ordinal * LEVELS + level;
      const limited = allowed[level] > 0 && full[level] < total[level];
      levels.push({
        level: ACCESS_LEVELS[level],
        status: status(allowed[level], full[level], total[level]),
        total: total[level],
        allowed: allowed[level],
        full: full[level],
        resources: limited ? [...(details.resources[key] ?? [])] : [],
        conditionKeys: limited ? [...(details.conditionKeys[key] ?? [])] : [],
        denied: denied[level],
        deniedResources: denied[level] ? [...(details.deniedResources?.[key] ?? [])] : [],
      });
    }
    const allFull = levels.every((l) => l.status === "Full");
    services.push({ service: range.prefix, name: range.name, status: allFull ? "Full" : "Limited", levels });
  });
  return { services };
}

/** Compiles a principal's policies and summarises them. Throws PolicyGrammarError on a bad policy. */
export function summarizePolicySet(set: PolicySet): PermissionsSummary {
  return summarizeCompiledPolicySet(compilePolicySet(set));
}

/** The status of one service and access level in a summary (None when the service is absent). */
export function summaryStatus(summary: PermissionsSummary, service: string, level?: AccessLevel): AccessStatus {
  const entry = summary.services.find((s) => s.service === service.toLowerCase());
  if (!entry) return "None";
  if (!level) return entry.status;
  return entry.levels.find((l) => l.level === level)?.status ?? "None";
}
