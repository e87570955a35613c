/**
 * Validation findings in the IAM Access Analyzer style: a severity, a stable code, a message a
 * person can act on, and where in the text the problem is.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import type { ParsedJson } from "./parse-json";

export type FindingSeverity = "ERROR" | "SECURITY_WARNING" | "WARNING" | "SUGGESTION";

/** Stable finding codes; the UI and tests key on them, so never rename one. */
export const FINDING_CODES = {
  /** The text is not JSON. */
  JSON_SYNTAX: "ERROR",
  /** A key appears twice in one object; AWS rejects the document. */
  DUPLICATE_KEY: "ERROR",
  /** An element AWS does not define at that level (or spelt with the wrong case). */
  UNKNOWN_ELEMENT: "ERROR",
  /** An element holds the wrong JSON type (a number for `Effect`, an object for `Action`…). */
  WRONG_TYPE: "ERROR",
  /** `Version` is neither 2012-10-17 nor 2008-10-17. */
  INVALID_VERSION: "ERROR",
  /** No `Statement`. */
  MISSING_STATEMENT: "ERROR",
  /** `Statement` is an empty array; IAM refuses the document (MalformedPolicyDocument). */
  EMPTY_STATEMENT: "ERROR",
  /** An empty `Action`, `NotAction`, `Resource` or `NotResource` list; IAM refuses the document. */
  EMPTY_ELEMENT: "ERROR",
  /** A statement without `Effect`. */
  MISSING_EFFECT: "ERROR",
  /** `Effect` is not `Allow` or `Deny`. */
  INVALID_EFFECT: "ERROR",
  /** A statement with neither `Action` nor `NotAction`. */
  MISSING_ACTION: "ERROR",
  /** A statement with neither `Resource` nor `NotResource` where the policy type needs one. */
  MISSING_RESOURCE: "ERROR",
  /** Two elements that exclude each other (`Action` and `NotAction`…), or `Resource` in a trust policy. */
  UNSUPPORTED_ELEMENT_COMBINATION: "ERROR",
  /** `Principal` or `NotPrincipal` in a policy type that has none (identity, boundary, SCP). */
  UNSUPPORTED_PRINCIPAL: "ERROR",
  /** A resource-based or trust policy statement without `Principal`. */
  MISSING_PRINCIPAL: "ERROR",
  /** A principal key other than AWS, Service, Federated, CanonicalUser, or a malformed value. */
  INVALID_PRINCIPAL: "ERROR",
  /** Two statements share a `Sid`. */
  DUPLICATE_SID: "ERROR",
  /** A `Sid` with characters IAM identity policies do not accept. */
  INVALID_SID: "ERROR",
  /** An action that is not `service:action` or `*`. */
  INVALID_ACTION_FORMAT: "ERROR",
  /** An action whose service prefix the catalog does not know. */
  UNKNOWN_SERVICE: "ERROR",
  /** An action (or wildcard pattern) that names no real action. */
  UNKNOWN_ACTION: "ERROR",
  /** A trust policy action other than sts:AssumeRole* / TagSession / SetSourceIdentity / SetContext; IAM rejects it. */
  UNSUPPORTED_TRUST_ACTION: "ERROR",
  /** A resource that is neither `*` nor an ARN. */
  INVALID_ARN: "ERROR",
  /** A resource that fits none of the statement's actions' resource types (or the reverse). */
  RESOURCE_TYPE_MISMATCH: "WARNING",
  /** A condition operator AWS does not define. */
  UNKNOWN_OPERATOR: "ERROR",
  /** A condition key neither the service nor the global keys define. */
  UNKNOWN_CONDITION_KEY: "ERROR",
  /** A condition key none of the statement's actions supports, so the condition never matches. */
  CONDITION_KEY_NOT_APPLICABLE: "WARNING",
  /** A condition value the operator cannot read (a date for a Date operator, an IP range…). */
  CONDITION_VALUE_TYPE: "ERROR",
  /** An operator family that does not suit the key's type (String operator on a Date key…). */
  CONDITION_OPERATOR_MISMATCH: "WARNING",
  /** A set qualifier on a single-valued key, or a multivalued key without one. */
  CONDITION_SET_OPERATOR: "WARNING",
  /** `Bool` or `Null` with several values, which can only be ambiguous. */
  CONDITION_MULTIPLE_BOOLEAN: "ERROR",
  /** Allow to every principal (`"*"`) with no condition: anyone, in any account, anonymous included. */
  PUBLIC_PRINCIPAL: "SECURITY_WARNING",
  /** `iam:PassRole` allowed on every role. */
  PASS_ROLE_WILDCARD_RESOURCE: "SECURITY_WARNING",
  /** `iam:PassRole` allowed without saying to which service (`iam:PassedToService`). */
  PASS_ROLE_WITHOUT_SERVICE_CONDITION: "WARNING",
  /** `Allow` with `NotAction` grants every other action, including future ones. */
  ALLOW_WITH_NOT_ACTION: "SECURITY_WARNING",
  /** `Allow` with `NotResource` grants every other resource, including future ones. */
  ALLOW_WITH_NOT_RESOURCE: "SECURITY_WARNING",
  /** `Allow` with `NotPrincipal` grants every other principal, anonymous callers included. */
  ALLOW_WITH_NOT_PRINCIPAL: "SECURITY_WARNING",
  /** Policy variables with no `Version` or 2008-10-17: AWS reads them as literal text. */
  MISSING_VERSION_WITH_VARIABLES: "WARNING",
  /** A malformed policy variable (`${aws:username` without its brace…). */
  INVALID_VARIABLE: "WARNING",
  /** No `Version`: AWS assumes 2008-10-17, which lacks policy variables. */
  MISSING_VERSION: "SUGGESTION",
  /** An action entry another entry of the same statement already covers. */
  REDUNDANT_ACTION: "SUGGESTION",
  /** An empty array where a value is expected; the statement can never apply. */
  EMPTY_ARRAY: "SUGGESTION",
  /** The document (or the aggregate of inline policies) is over AWS's size quota. */
  POLICY_SIZE_EXCEEDED: "ERROR",
  /** Saving would be refused for a reason no other check names: the refusal's own words. */
  REFUSED_ON_SAVE: "ERROR",
} as const satisfies Record<string, FindingSeverity>;

export type FindingCode = keyof typeof FINDING_CODES;

/** One problem found in a policy; `line` and `column` are 1-based. */
export interface Finding {
  severity: FindingSeverity;
  code: FindingCode;
  message: string;
  line: number;
  column: number;
  /** RFC 6901 pointer to the offending value, when there is one. */
  pointer?: string;
}

/** Where a finding points: the value itself, or the key that introduces it. */
export type Anchor = "value" | "key";

/** Accumulates findings, resolving pointers to positions through the parser's source map. */
export class FindingCollector {
  readonly findings: Finding[] = [];

  constructor(private readonly parsed: ParsedJson | undefined) {}

  /** Records a finding at `pointer` (its key when `anchor` is "key" and the value has one). */
  add(code: FindingCode, message: string, pointer: string, anchor: Anchor = "value"): void {
    const location = this.parsed?.locate(pointer);
    const position = (anchor === "key" ? location?.key : undefined) ?? location?.value;
    this.findings.push({
      severity: FINDING_CODES[code],
      code,
      message,
      line: position?.line ?? 1,
      column: position?.column ?? 1,
      pointer,
    });
  }

  /** Records a finding at an explicit position (syntax errors, duplicate keys). */
  addAt(code: FindingCode, message: string, line: number, column: number, pointer?: string): void {
    this.findings.push({ severity: FINDING_CODES[code], code, message, line, column, pointer });
  }
}
