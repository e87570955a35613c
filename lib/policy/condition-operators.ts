/**
 * The condition operators AWS defines, read from their policy spelling: an optional set qualifier
 * (`ForAnyValue:`, `ForAllValues:`), the operator, and an optional `IfExists` suffix.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */

export type OperatorFamily =
  | "String"
  | "StringIgnoreCase"
  | "StringLike"
  | "Numeric"
  | "Date"
  | "Bool"
  | "Binary"
  | "IpAddress"
  | "Arn"
  | "Null";

export type Comparison = "eq" | "lt" | "lte" | "gt" | "gte";
export type SetQualifier = "ForAnyValue" | "ForAllValues";

export interface ConditionOperator {
  /** The operator exactly as the policy spells it. */
  text: string;
  /** The canonical operator name without qualifier or suffix, e.g. `StringNotLike`. */
  name: string;
  family: OperatorFamily;
  /** Negated operators (`StringNotEquals`, `NotIpAddress`, ...) are true when no value matches. */
  negated: boolean;
  comparison: Comparison;
  ifExists: boolean;
  qualifier?: SetQualifier;
}

type Base = [name: string, family: OperatorFamily, negated: boolean, comparison: Comparison];

const BASES: Base[] = [
  ["StringEquals", "String", false, "eq"],
  ["StringNotEquals", "String", true, "eq"],
  ["StringEqualsIgnoreCase", "StringIgnoreCase", false, "eq"],
  ["StringNotEqualsIgnoreCase", "StringIgnoreCase", true, "eq"],
  ["StringLike", "StringLike", false, "eq"],
  ["StringNotLike", "StringLike", true, "eq"],
  ["NumericEquals", "Numeric", false, "eq"],
  ["NumericNotEquals", "Numeric", true, "eq"],
  ["NumericLessThan", "Numeric", false, "lt"],
  ["NumericLessThanEquals", "Numeric", false, "lte"],
  ["NumericGreaterThan", "Numeric", false, "gt"],
  ["NumericGreaterThanEquals", "Numeric", false, "gte"],
  ["DateEquals", "Date", false, "eq"],
  ["DateNotEquals", "Date", true, "eq"],
  ["DateLessThan", "Date", false, "lt"],
  ["DateLessThanEquals", "Date", false, "lte"],
  ["DateGreaterThan", "Date", false, "gt"],
  ["DateGreaterThanEquals", "Date", false, "gte"],
  ["Bool", "Bool", false, "eq"],
  ["BinaryEquals", "Binary", false, "eq"],
  ["IpAddress", "IpAddress", false, "eq"],
  ["NotIpAddress", "IpAddress", true, "eq"],
  ["ArnEquals", "Arn", false, "eq"],
  ["ArnLike", "Arn", false, "eq"],
  ["ArnNotEquals", "Arn", true, "eq"],
  ["ArnNotLike", "Arn", true, "eq"],
  ["Null", "Null", false, "eq"],
];

const BY_NAME = new Map(BASES.map((b) => [b[0].toLowerCase(), b]));

/** Every operator name AWS accepts (without qualifiers or IfExists), for validation and docs. */
export const CONDITION_OPERATOR_NAMES: readonly string[] = BASES.map((b) => b[0]);

/** Reads an operator spelling; null when AWS has no such operator. */
export function parseConditionOperator(text: string): ConditionOperator | null {
  let rest = text;
  let qualifier: SetQualifier | undefined;
  const colon = rest.indexOf(":");
  if (colon !== -1) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === "foranyvalue") qualifier = "ForAnyValue";
    else if (prefix === "forallvalues") qualifier = "ForAllValues";
    else return null;
    rest = rest.slice(colon + 1);
  }
  let base = BY_NAME.get(rest.toLowerCase());
  let ifExists = false;
  if (!base && rest.toLowerCase().endsWith("ifexists")) {
    base = BY_NAME.get(rest.slice(0, -"IfExists".length).toLowerCase());
    ifExists = true;
    // Null already asks whether the key exists; AWS has no NullIfExists.
    if (base && base[1] === "Null") return null;
  }
  if (!base) return null;
  const [name, family, negated, comparison] = base;
  return { text, name, family, negated, comparison, ifExists, qualifier };
}
