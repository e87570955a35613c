/**
 * Checks on a statement's Condition block: operators, keys, whether the keys apply to the
 * statement's actions, and whether each value can be read as the operator's type.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { CatalogAction } from "../catalog/actions";
import { conditionKeyListed, findConditionKey, type CatalogConditionKey } from "../catalog/condition-keys";
import { nearestName } from "../catalog/nearest-name";
import { findResourceType } from "../catalog/resource-types";
import { CONDITION_OPERATOR_NAMES, parseConditionOperator, type OperatorFamily } from "./condition-operators";
import { parseDate, parseNumber } from "./conditions";
import { parseCidr, parseIp } from "./ip-address";
import { escapePointerToken } from "./parse-json";
import { describeJsonType, type ValidationContext } from "./validate-context";

/** A condition value with where it sits; numbers and booleans are read as AWS reads them, as text. */
interface LocatedValue {
  text: string;
  pointer: string;
}

/** Keys that AWS defines per action even though they use the `aws:` prefix. */
const TAG_KEY = /^aws:(requesttag\/|resourcetag\/|tagkeys$)/i;

/** Operator families each key type accepts without a type mismatch. */
const FAMILIES_FOR_TYPE: Record<string, OperatorFamily[]> = {
  String: ["String", "StringIgnoreCase", "StringLike"],
  ARN: ["Arn", "String", "StringIgnoreCase", "StringLike"],
  Numeric: ["Numeric"],
  Date: ["Date"],
  Bool: ["Bool"],
  IPAddress: ["IpAddress"],
  Binary: ["Binary"],
};

const OPERATOR_HINT: Record<string, string> = {
  String: "StringEquals or StringLike",
  ARN: "ArnEquals or ArnLike",
  Numeric: "a Numeric operator (NumericLessThan…)",
  Date: "a Date operator (DateLessThan…)",
  Bool: "Bool",
  IPAddress: "IpAddress or NotIpAddress",
  Binary: "BinaryEquals",
};

/** Keys that no catalog lists but that are valid: custom OIDC providers (`example.com/id:sub`). */
function isProviderKey(key: string): boolean {
  const prefix = key.slice(0, key.indexOf(":"));
  return prefix.includes(".") || prefix.includes("/");
}

function readValues(raw: unknown, pointer: string, key: string, context: ValidationContext): LocatedValue[] | undefined {
  const scalar = (value: unknown, at: string): LocatedValue | undefined => {
    if (typeof value === "string") return { text: value, pointer: at };
    if (typeof value === "number" || typeof value === "boolean") return { text: String(value), pointer: at };
    context.findings.add("WRONG_TYPE", `The value of ${key} must be a string, number, boolean or an array of them, not ${describeJsonType(value)}.`, at);
    return undefined;
  };
  if (!Array.isArray(raw)) {
    const one = scalar(raw, pointer);
    return one ? [one] : undefined;
  }
  if (raw.length === 0) {
    context.findings.add("EMPTY_ARRAY", `${key} has an empty list of values, so the condition can never match; give at least one value.`, pointer);
  }
  return raw.map((item, index) => scalar(item, `${pointer}/${index}`)).filter((v): v is LocatedValue => v !== undefined);
}

function valueProblem(family: OperatorFamily, text: string): string | undefined {
  if (text.includes("${")) return undefined; // A variable's value is only known per request.
  switch (family) {
    case "Numeric":
      return Number.isNaN(parseNumber(text)) ? "is not a number" : undefined;
    case "Date":
      return Number.isNaN(parseDate(text)) ? "is not a date (use ISO 8601, e.g. 2026-01-31T12:00:00Z, or epoch seconds)" : undefined;
    case "Bool":
    case "Null":
      return /^(true|false)$/i.test(text) ? undefined : `is not "true" or "false"`;
    case "IpAddress":
      return parseCidr(text) || parseIp(text) ? undefined : "is not an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32)";
    case "Binary":
      return /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? undefined : "is not base64";
    default:
      return undefined;
  }
}

/** True when some action (or its resource types) lists the key. */
function keyApplies(key: string, actions: CatalogAction[]): boolean {
  return actions.some(
    (action) =>
      conditionKeyListed(key, action.conditionKeys) ||
      action.resourceTypes.some(
        (type) =>
          conditionKeyListed(key, type.conditionKeys) ||
          conditionKeyListed(key, findResourceType(action.service, type.name)?.conditionKeys ?? []),
      ),
  );
}

function checkKeyApplies(key: string, definition: CatalogConditionKey, actions: CatalogAction[] | undefined, pointer: string, context: ValidationContext): void {
  if (!actions || actions.length === 0) return;
  if (definition.global && !TAG_KEY.test(key)) return;
  if (keyApplies(key, actions)) return;
  const sample = actions.slice(0, 3).map((a) => a.id).join(", ");
  context.findings.add(
    "CONDITION_KEY_NOT_APPLICABLE",
    `${key} is not available for ${actions.length === 1 ? sample : `any of this statement's actions (${sample}${actions.length > 3 ? ", …" : ""})`}, ` +
      `so the request never carries it and the condition treats it as missing (a plain operator never matches); use a key the actions support or move it to a statement with those actions.`,
    pointer,
    "key",
  );
}

/** Collected condition keys (lower-cased), for the PassRole check. */
export function conditionKeysOf(condition: unknown): Set<string> {
  const keys = new Set<string>();
  if (condition && typeof condition === "object" && !Array.isArray(condition)) {
    for (const block of Object.values(condition)) {
      if (block && typeof block === "object" && !Array.isArray(block)) {
        for (const key of Object.keys(block)) keys.add(key.toLowerCase());
      }
    }
  }
  return keys;
}

/**
 * Validates a Condition element. `actions` are the statement's real actions when it uses Action
 * (undefined for NotAction or `*`, where any key may apply).
 */
export function checkCondition(condition: unknown, pointer: string, actions: CatalogAction[] | undefined, context: ValidationContext): void {
  if (!condition || typeof condition !== "object" || Array.isArray(condition)) {
    context.findings.add("WRONG_TYPE", `Condition must be an object of operators, e.g. {"StringEquals": {"aws:PrincipalTag/team": "web"}}, not ${describeJsonType(condition)}.`, pointer);
    return;
  }
  for (const [operatorText, block] of Object.entries(condition)) {
    const operatorPointer = `${pointer}/${escapePointerToken(operatorText)}`;
    const operator = parseConditionOperator(operatorText);
    if (!operator) {
      const base = operatorText.replace(/^For(Any|All)Values?:/i, "").replace(/IfExists$/i, "");
      const suggestion = /^null$/i.test(base) ? undefined : nearestName(base, CONDITION_OPERATOR_NAMES);
      context.findings.add(
        "UNKNOWN_OPERATOR",
        /^nullifexists$/i.test(operatorText.replace(/^For(Any|All)Values?:/i, ""))
          ? `NullIfExists does not exist: Null already tests whether the key is present.`
          : `"${operatorText}" is not a condition operator.` + (suggestion ? ` Did you mean "${operatorText.replace(base, suggestion)}"?` : ""),
        operatorPointer,
        "key",
      );
      continue;
    }
    if (!block || typeof block !== "object" || Array.isArray(block)) {
      context.findings.add("WRONG_TYPE", `${operatorText} must map condition keys to values, e.g. {"aws:SourceIp": "203.0.113.0/24"}, not ${describeJsonType(block)}.`, operatorPointer);
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const keyPointer = `${operatorPointer}/${escapePointerToken(key)}`;
      const values = readValues(raw, keyPointer, key, context);
      const definition = findConditionKey(key);
      if (!definition) {
        if (!key.includes(":")) {
          context.findings.add("UNKNOWN_CONDITION_KEY", `"${key}" is not a condition key: keys are written prefix:name, e.g. "aws:SourceIp" or "s3:prefix".`, keyPointer, "key");
        } else if (!isProviderKey(key)) {
          context.findings.add("UNKNOWN_CONDITION_KEY", `"${key}" is not a condition key AWS defines; check the spelling against the service's condition keys or the global aws: keys.`, keyPointer, "key");
        }
      } else {
        checkKeyApplies(key, definition, actions, keyPointer, context);
        const type = definition.type.replace(/^ArrayOf/, "");
        const multivalued = definition.type.startsWith("ArrayOf");
        const accepted = FAMILIES_FOR_TYPE[type];
        if (operator.family !== "Null" && accepted && !accepted.includes(operator.family)) {
          context.findings.add(
            "CONDITION_OPERATOR_MISMATCH",
            `${key} is ${/^[AEIOU]/.test(type) ? "an" : "a"} ${type} key; ${operator.name} compares its values as ${operator.family === "IpAddress" ? "IP addresses" : operator.family}. Use ${OPERATOR_HINT[type] ?? "an operator of its type"} instead.`,
            operatorPointer,
            "key",
          );
        }
        if (operator.family !== "Null") {
          if (multivalued && !operator.qualifier) {
            context.findings.add(
              "CONDITION_SET_OPERATOR",
              `${key} can hold several values; say how to compare them with ForAnyValue:${operator.name} (at least one matches) or ForAllValues:${operator.name} (every one matches).`,
              keyPointer,
              "key",
            );
          } else if (!multivalued && operator.qualifier) {
            context.findings.add(
              "CONDITION_SET_OPERATOR",
              `${key} holds a single value, so ${operator.qualifier}: is misleading${operator.qualifier === "ForAllValues" ? " (ForAllValues is also true when the key is missing)" : ""}; use ${operator.name} without it.`,
              operatorPointer,
              "key",
            );
          }
        }
      }
      if (!values) continue;
      if ((operator.family === "Bool" || operator.family === "Null") && values.length > 1) {
        context.findings.add("CONDITION_MULTIPLE_BOOLEAN", `${operator.name} takes one value for ${key}, "true" or "false"; remove the others.`, keyPointer);
      }
      for (const value of values) {
        const problem = valueProblem(operator.family, value.text);
        if (problem) {
          context.findings.add("CONDITION_VALUE_TYPE", `"${value.text}" ${problem}, so ${operator.name} on ${key} can never match it.`, value.pointer);
        }
      }
    }
  }
}
