/**
 * The visual editor's view of one statement, and writing a view back into the statement it came
 * from. Writing back changes only the elements whose meaning the view changed: untouched elements
 * keep their value exactly (string or array, types, key order), elements the view does not model
 * (Principal, unknown keys) are kept as they are, and new elements go where AWS writes them.
 */
import type { JsonObject } from "./policy-text";
import { sameJson } from "./policy-text";
import { setOwnKey } from "../policy/parse-json";

export const conditionQualifiers = ["", "ForAnyValue", "ForAllValues"] as const;
export type ConditionQualifier = (typeof conditionQualifiers)[number];

/** One key test of a Condition block: `"ForAnyValue:StringLikeIfExists": { key: values }`. */
export interface ConditionClause {
  /** The base operator, e.g. `StringEquals`, `IpAddress`, `Null`. */
  operator: string;
  qualifier: ConditionQualifier;
  ifExists: boolean;
  key: string;
  values: string[];
}

export interface StatementView {
  sid: string | undefined;
  effect: "Allow" | "Deny";
  actionElement: "Action" | "NotAction";
  actions: string[];
  /** Absent in trust policies; `null` then. */
  resourceElement: "Resource" | "NotResource" | null;
  resources: string[];
  conditions: ConditionClause[];
  /** Elements kept as written that the visual editor does not edit (Principal, unknown keys). */
  kept: string[];
}

export type ReadStatementResult = { ok: true; view: StatementView } | { ok: false; reason: string };

/** Where AWS writes each element; new elements are inserted in this order. */
const ELEMENT_ORDER = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];
const MODELLED = new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"]);

function readList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}

/** Splits a full operator name into qualifier, base operator and IfExists. */
export function splitOperator(name: string): { qualifier: ConditionQualifier; operator: string; ifExists: boolean } {
  let rest = name;
  let qualifier: ConditionQualifier = "";
  for (const q of ["ForAnyValue", "ForAllValues"] as const) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q;
      rest = rest.slice(q.length + 1);
    }
  }
  const ifExists = rest.endsWith("IfExists") && rest !== "IfExists";
  return { qualifier, operator: ifExists ? rest.slice(0, -"IfExists".length) : rest, ifExists };
}

export function joinOperator(clause: Pick<ConditionClause, "qualifier" | "operator" | "ifExists">): string {
  return `${clause.qualifier ? `${clause.qualifier}:` : ""}${clause.operator}${clause.ifExists ? "IfExists" : ""}`;
}

function readConditions(value: unknown): ConditionClause[] | undefined {
  if (value === undefined) return [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const clauses: ConditionClause[] = [];
  for (const [name, block] of Object.entries(value)) {
    if (typeof block !== "object" || block === null || Array.isArray(block)) return undefined;
    const { qualifier, operator, ifExists } = splitOperator(name);
    for (const [key, raw] of Object.entries(block)) {
      const list = Array.isArray(raw) ? raw : [raw];
      if (!list.every((v) => ["string", "number", "boolean"].includes(typeof v))) return undefined;
      clauses.push({ operator, qualifier, ifExists, key, values: list.map(String) });
    }
  }
  return clauses;
}

/** Reads a statement into the visual editor's view; fails when an element has a shape it cannot edit. */
export function readStatementView(statement: JsonObject): ReadStatementResult {
  const sid = statement.Sid;
  if (sid !== undefined && typeof sid !== "string") return { ok: false, reason: "Sid is not a string" };
  if (statement.Effect !== "Allow" && statement.Effect !== "Deny") return { ok: false, reason: "Effect is neither Allow nor Deny" };
  const actionElement = Object.hasOwn(statement, "NotAction") && !Object.hasOwn(statement, "Action") ? "NotAction" : "Action";
  if (Object.hasOwn(statement, "Action") && Object.hasOwn(statement, "NotAction")) return { ok: false, reason: "it has both Action and NotAction" };
  const actions = statement[actionElement] === undefined ? [] : readList(statement[actionElement]);
  if (!actions) return { ok: false, reason: `${actionElement} is not a string or a list of strings` };
  if (Object.hasOwn(statement, "Resource") && Object.hasOwn(statement, "NotResource")) return { ok: false, reason: "it has both Resource and NotResource" };
  const resourceElement = Object.hasOwn(statement, "NotResource") ? "NotResource" : Object.hasOwn(statement, "Resource") ? "Resource" : null;
  const resources = resourceElement ? readList(statement[resourceElement]) : [];
  if (!resources) return { ok: false, reason: `${resourceElement} is not a string or a list of strings` };
  const conditions = readConditions(statement.Condition);
  if (!conditions) return { ok: false, reason: "Condition is not a map of operators to keys and values" };
  const kept = Object.keys(statement).filter((k) => !MODELLED.has(k));
  return { ok: true, view: { sid, effect: statement.Effect, actionElement, actions, resourceElement, resources, conditions, kept } };
}

/** A list written in the form it had: a single value stays a string, a list stays a list. */
function writeList(values: string[], original: unknown): string | string[] {
  if (values.length === 1 && !Array.isArray(original)) return values[0];
  return values;
}

function writeConditions(clauses: ConditionClause[], original: unknown): JsonObject {
  const before = readConditions(original) ?? [];
  const out: JsonObject = {};
  const originalBlocks = (typeof original === "object" && original !== null ? original : {}) as Record<string, Record<string, unknown>>;
  for (const clause of clauses) {
    const name = joinOperator(clause);
    if (!Object.hasOwn(out, name)) setOwnKey(out, name, {});
    const block = out[name] as JsonObject;
    // Condition keys are the user's text: own keys only, so "__proto__" or "constructor" stay keys.
    const originalBlock = Object.hasOwn(originalBlocks, name) ? originalBlocks[name] : undefined;
    const previous = originalBlock && Object.hasOwn(originalBlock, clause.key) ? originalBlock[clause.key] : undefined;
    const was = before.find((c) => joinOperator(c) === name && c.key === clause.key);
    setOwnKey(block, clause.key, was && sameJson(was.values, clause.values) ? previous : writeList(clause.values, previous));
  }
  return out;
}

function insertInOrder(target: JsonObject, key: string, value: unknown): JsonObject {
  const rank = ELEMENT_ORDER.indexOf(key);
  const out: JsonObject = {};
  let placed = false;
  for (const [k, v] of Object.entries(target)) {
    const r = ELEMENT_ORDER.indexOf(k);
    if (!placed && r > rank) {
      setOwnKey(out, key, value);
      placed = true;
    }
    setOwnKey(out, k, v);
  }
  if (!placed) setOwnKey(out, key, value);
  return out;
}

/**
 * Writes a view back into `original` (or a new statement when undefined). Elements whose meaning
 * is unchanged keep their original value; `kept` elements are never touched.
 */
export function writeStatementView(view: StatementView, original: JsonObject = {}): JsonObject {
  const read = readStatementView(original);
  const before = read.ok ? read.view : undefined;
  const wanted: Record<string, unknown> = {};
  if (view.sid !== undefined && view.sid !== "") wanted.Sid = before && before.sid === view.sid ? original.Sid : view.sid;
  wanted.Effect = view.effect;
  const sameActions = before && before.actionElement === view.actionElement && sameJson(before.actions, view.actions);
  wanted[view.actionElement] = sameActions ? original[view.actionElement] : writeList(view.actions, original[view.actionElement] ?? original[view.actionElement === "Action" ? "NotAction" : "Action"]);
  if (view.resourceElement) {
    const same = before && before.resourceElement === view.resourceElement && sameJson(before.resources, view.resources);
    const previous = original[view.resourceElement] ?? original[view.resourceElement === "Resource" ? "NotResource" : "Resource"];
    wanted[view.resourceElement] = same ? original[view.resourceElement] : writeList(view.resources, previous);
  }
  if (view.conditions.length) {
    wanted.Condition = before && sameJson(before.conditions, view.conditions) ? original.Condition : writeConditions(view.conditions, original.Condition);
  }

  // Rebuild in the original key order: replace modelled keys in place, drop the ones the view removed.
  let out: JsonObject = {};
  const renamed: Record<string, string> = { Action: "NotAction", NotAction: "Action", Resource: "NotResource", NotResource: "Resource" };
  for (const [key, value] of Object.entries(original)) {
    if (!MODELLED.has(key)) setOwnKey(out, key, value);
    else if (Object.hasOwn(wanted, key)) out[key] = wanted[key];
    else if (Object.hasOwn(renamed, key) && Object.hasOwn(wanted, renamed[key]) && !Object.hasOwn(original, renamed[key])) out[renamed[key]] = wanted[renamed[key]];
  }
  for (const [key, value] of Object.entries(wanted)) if (!Object.hasOwn(out, key)) out = insertInOrder(out, key, value);
  return out;
}

/** Sets one element (Principal, say) in place, or where AWS writes it when the statement lacks it. */
export function setStatementElement(statement: JsonObject, key: string, value: unknown): JsonObject {
  return Object.hasOwn(statement, key) ? { ...statement, [key]: value } : insertInOrder(statement, key, value);
}

/** A new, empty statement view for the builder. */
export function emptyStatementView(kind: "identity" | "trust"): StatementView {
  return {
    sid: undefined,
    effect: "Allow",
    actionElement: "Action",
    actions: kind === "trust" ? ["sts:AssumeRole"] : [],
    resourceElement: kind === "trust" ? null : "Resource",
    resources: [],
    conditions: [],
    kept: [],
  };
}
