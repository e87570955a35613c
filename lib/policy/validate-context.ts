/** What every validation step shares: the findings, the policy type and a few lookups. */
import type { FindingCollector } from "./validate-findings";

export type PolicyType = "identity" | "resource" | "trust" | "boundary" | "scp" | "rcp";

export interface ValidationContext {
  findings: FindingCollector;
  policyType: PolicyType;
}

/** A string value of the document with the pointer it sits at. */
export interface LocatedString {
  value: string;
  pointer: string;
}

/** Names a JSON value's type the way a person would, for WRONG_TYPE messages. */
export function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/**
 * Reads an element that holds a string or an array of strings, reporting anything else; returns
 * undefined when the element has the wrong type.
 */
export function readStringList(value: unknown, pointer: string, element: string, context: ValidationContext): LocatedString[] | undefined {
  if (typeof value === "string") return [{ value, pointer }];
  if (!Array.isArray(value)) {
    context.findings.add("WRONG_TYPE", `${element} must be a string or an array of strings, not ${describeJsonType(value)}.`, pointer);
    return undefined;
  }
  if (value.length === 0) {
    context.findings.add("EMPTY_ELEMENT", `${element} must not be empty: AWS refuses a statement whose ${element} lists nothing (MalformedPolicyDocument). List at least one value, or remove the statement.`, pointer);
  }
  const strings: LocatedString[] = [];
  value.forEach((item, index) => {
    const itemPointer = `${pointer}/${index}`;
    if (typeof item === "string") strings.push({ value: item, pointer: itemPointer });
    else context.findings.add("WRONG_TYPE", `Each ${element} entry must be a string, not ${describeJsonType(item)}.`, itemPointer);
  });
  return strings;
}
