/**
 * Conditions in plain English, with the logic AWS applies made explicit: the values of one key are
 * alternatives (OR; for negated operators, none may match), and every key and operator block must
 * hold (AND).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 */
import type { ConditionClause } from "./statement-view";

/** One clause as words: "aws:SourceIp" "is in" ["10.0.0.0/8", "192.0.2.0/24"] joined by "or". */
export interface ClauseText {
  subject: string;
  verb: string;
  values: string[];
  /** How the values combine: alternatives ("or") or exclusions ("nor", read "none of"). */
  join: "or" | "nor" | "";
  /** Qualifier and IfExists consequences, in a sentence. */
  note?: string;
  sentence: string;
}

const VERBS: Record<string, [string, boolean]> = {
  StringEquals: ["is", false],
  StringNotEquals: ["is not", true],
  StringEqualsIgnoreCase: ["is, ignoring case,", false],
  StringNotEqualsIgnoreCase: ["is not, ignoring case,", true],
  StringLike: ["matches", false],
  StringNotLike: ["does not match", true],
  NumericEquals: ["equals", false],
  NumericNotEquals: ["does not equal", true],
  NumericLessThan: ["is less than", false],
  NumericLessThanEquals: ["is at most", false],
  NumericGreaterThan: ["is greater than", false],
  NumericGreaterThanEquals: ["is at least", false],
  DateEquals: ["is the instant", false],
  DateNotEquals: ["is not the instant", true],
  DateLessThan: ["is before", false],
  DateLessThanEquals: ["is at or before", false],
  DateGreaterThan: ["is after", false],
  DateGreaterThanEquals: ["is at or after", false],
  Bool: ["is", false],
  BinaryEquals: ["is", false],
  IpAddress: ["is in", false],
  NotIpAddress: ["is not in", true],
  ArnEquals: ["is", false],
  ArnLike: ["matches", false],
  ArnNotEquals: ["is not", true],
  ArnNotLike: ["does not match", true],
};

/** The operators the builder offers, by the key type they suit. */
export const operatorsByType: Record<string, string[]> = {
  String: ["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"],
  ARN: ["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "StringEquals", "StringLike"],
  Numeric: ["NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"],
  Date: ["DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"],
  Bool: ["Bool"],
  IPAddress: ["IpAddress", "NotIpAddress"],
  Binary: ["BinaryEquals"],
};

/** Operators suited to a catalog key type (`ArrayOfString` → the String operators), plus Null. */
export function operatorsForKeyType(type: string): string[] {
  const base = type.replace(/^ArrayOf/, "");
  return [...(operatorsByType[base] ?? operatorsByType.String), "Null"];
}

function quoteAll(values: string[]): string[] {
  return values.map((v) => `“${v}”`);
}

function joinWords(values: string[], word: string): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} ${word} ${values[values.length - 1]}`;
}

/** Describes one clause in words. */
export function describeClause(clause: ConditionClause): ClauseText {
  const subject = clause.key;
  if (clause.operator === "Null") {
    const absent = clause.values.every((v) => v.toLowerCase() === "true");
    const verb = absent ? "is absent from the request" : "is present in the request";
    return { subject, verb, values: [], join: "", sentence: `${subject} ${verb}` };
  }
  const [verb, negated] = VERBS[clause.operator] ?? [`${clause.operator}`, false];
  const values = quoteAll(clause.values);
  const join = values.length > 1 ? (negated ? "nor" : "or") : "";
  let sentence: string;
  if (negated && values.length > 1) sentence = `${subject} ${verb} any of ${joinWords(values, "or")}`;
  else sentence = `${subject} ${verb} ${joinWords(values, "or")}`;
  let note: string | undefined;
  if (clause.qualifier === "ForAnyValue") {
    sentence = `at least one value of ${sentence.replace(`${subject} `, `${subject} `)}`;
    note = "true when any one of the request's values passes; false when the request has no value";
  } else if (clause.qualifier === "ForAllValues") {
    sentence = `every value of ${sentence}`;
    note = "true when each of the request's values passes — also true when the request has no value at all";
  }
  if (clause.ifExists) {
    sentence += `, or ${subject} is not in the request`;
    note = note ? `${note}; IfExists: a request without the key passes` : "IfExists: a request without the key passes";
  }
  return { subject, verb, values, join, note, sentence };
}

/** The whole Condition block as one sentence: every clause must hold. */
export function describeConditions(clauses: ConditionClause[]): { clauses: ClauseText[]; sentence: string } {
  const texts = clauses.map(describeClause);
  const sentence = texts.length === 0 ? "Always (no condition)." : `Only when ${texts.map((t) => t.sentence).join(" AND ")}.`;
  return { clauses: texts, sentence };
}
