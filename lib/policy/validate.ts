/**
 * Policy validation in the IAM Access Analyzer style: grammar, the catalog's services, actions,
 * resource types and condition keys, security checks and size quotas, each finding with a line
 * and column in the text the user wrote.
 */
import { nearestName } from "../catalog/nearest-name";
import { escapePointerToken, JsonSyntaxError, parseJsonWithPositions, type ParsedJson } from "./parse-json";
import {
  checkNegatedAllow,
  checkPassRole,
  checkRedundantActions,
  checkResourceFit,
  checkTrustActions,
  resolveActions,
  type ResolvedAction,
  type StatementShape,
} from "./validate-actions";
import { checkCondition, conditionKeysOf } from "./validate-conditions";
import { describeJsonType, readStringList, type LocatedString, type PolicyType, type ValidationContext } from "./validate-context";
import { FindingCollector, type Finding } from "./validate-findings";
import { checkPrincipal } from "./validate-principal";
import { countPolicyCharacters, describeQuota, POLICY_SIZE_QUOTAS, type PolicySizeQuota } from "./validate-size";

export type { Finding, FindingCode, FindingSeverity } from "./validate-findings";
export type { PolicyType } from "./validate-context";

export interface ValidatePolicyOptions {
  policyType: PolicyType;
  /**
   * The size quota to check, or false for none. Defaults by type: trust → trust (2,048),
   * identity and boundary → managed (6,144), scp/rcp → 5,120, resource → none (service-specific).
   */
  sizeLimit?: PolicySizeQuota | false;
  /** Characters already used by the entity's other inline policies, for the aggregate quotas. */
  otherInlineCharacters?: number;
}

const TOP_LEVEL = ["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];
const VERSIONS = ["2012-10-17", "2008-10-17"];
const DEFAULT_QUOTA: Record<PolicyType, PolicySizeQuota | false> = {
  identity: "managed",
  boundary: "managed",
  trust: "trust",
  scp: "scp",
  rcp: "rcp",
  resource: false,
};

/** Validates policy text and returns its findings, sorted by position. Never throws. */
export function validatePolicy(text: string, options: ValidatePolicyOptions): Finding[] {
  let parsed: ParsedJson;
  try {
    // Repeats are recorded, so they are listed with every other finding rather than alone.
    parsed = parseJsonWithPositions(text, { duplicateKeys: "record" });
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const findings = new FindingCollector(undefined);
    findings.addAt("JSON_SYNTAX", `${error.message}. Fix the JSON before anything else can be checked.`, error.line, error.column);
    return findings.findings;
  }
  const findings = new FindingCollector(parsed);
  const context: ValidationContext = { findings, policyType: options.policyType };
  for (const duplicate of parsed.duplicateKeys) {
    const key = duplicate.pointer.slice(duplicate.pointer.lastIndexOf("/") + 1).replace(/~1/g, "/").replace(/~0/g, "~");
    findings.addAt("DUPLICATE_KEY", `"${key}" appears twice in the same object; AWS rejects the policy. Merge the two into one.`, duplicate.position.line, duplicate.position.column, duplicate.pointer);
  }
  checkDocument(parsed.value, context);
  checkSize(text, options, context);
  return findings.findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

function checkSize(text: string, options: ValidatePolicyOptions, context: ValidationContext): void {
  const quota = options.sizeLimit === undefined ? DEFAULT_QUOTA[options.policyType] : options.sizeLimit;
  if (!quota) return;
  const own = countPolicyCharacters(text);
  const other = quota.endsWith("-inline") ? (options.otherInlineCharacters ?? 0) : 0;
  const limit = POLICY_SIZE_QUOTAS[quota];
  if (own + other <= limit) return;
  context.findings.add(
    "POLICY_SIZE_EXCEEDED",
    `${other > 0 ? `With the other inline policies (${other} characters), this one brings` : "This policy has"} ${own + other} characters without white space; ` +
      `AWS allows ${limit} for ${describeQuota(quota)}. Merge statements, use wildcards or split it into several managed policies.`,
    "",
  );
}

function unknownElement(name: string, allowed: string[], where: string, pointer: string, context: ValidationContext): void {
  const sameCase = allowed.find((a) => a.toLowerCase() === name.toLowerCase());
  const suggestion = sameCase ?? nearestName(name, allowed);
  context.findings.add(
    "UNKNOWN_ELEMENT",
    `"${name}" is not a ${where} element${sameCase ? " (element names are case-sensitive)" : ""}.` +
      (suggestion ? ` Did you mean "${suggestion}"?` : ` Use only ${allowed.join(", ")}.`),
    pointer,
    "key",
  );
}

function checkDocument(root: unknown, context: ValidationContext): void {
  if (!root || typeof root !== "object" || Array.isArray(root)) {
    context.findings.add("WRONG_TYPE", `A policy must be a JSON object with "Version" and "Statement", not ${describeJsonType(root)}.`, "");
    return;
  }
  const document = root as Record<string, unknown>;
  for (const name of Object.keys(document)) {
    if (!TOP_LEVEL.includes(name)) unknownElement(name, TOP_LEVEL, "top-level policy", `/${escapePointerToken(name)}`, context);
  }
  const version = document.Version;
  if (version !== undefined && (typeof version !== "string" || !VERSIONS.includes(version))) {
    context.findings.add("INVALID_VERSION", `Version must be "2012-10-17" (or the older "2008-10-17"), not ${JSON.stringify(version)}; it is a fixed date, not the date you wrote the policy.`, "/Version");
  }
  if (document.Id !== undefined && typeof document.Id !== "string") {
    context.findings.add("WRONG_TYPE", `Id must be a string, not ${describeJsonType(document.Id)}.`, "/Id");
  }
  const statements = readStatements(document, context);
  const sids = new Map<string, string>();
  const variables: string[] = [];
  for (const { value, pointer } of statements) checkStatement(value, pointer, context, sids, variables);
  if (version === undefined || version === "2008-10-17") {
    if (variables.length > 0) {
      context.findings.add(
        "MISSING_VERSION_WITH_VARIABLES",
        `This policy uses policy variables but ${version === undefined ? "has no Version" : 'has Version "2008-10-17"'}, so AWS reads "\${…}" as literal text. Set "Version": "2012-10-17".`,
        variables[0],
      );
    } else if (version === undefined) {
      context.findings.add("MISSING_VERSION", `Add "Version": "2012-10-17": without it AWS applies the 2008-10-17 language, which has no policy variables.`, "");
    }
  }
}

function readStatements(document: Record<string, unknown>, context: ValidationContext): { value: unknown; pointer: string }[] {
  const statement = document.Statement;
  if (statement === undefined) {
    context.findings.add("MISSING_STATEMENT", `The policy has no "Statement"; add one statement object, or an array of them.`, "");
    return [];
  }
  if (Array.isArray(statement)) {
    if (statement.length === 0) {
      context.findings.add(
        "EMPTY_STATEMENT",
        `Statement must not be empty: AWS refuses a policy without statements (MalformedPolicyDocument). ${context.policyType === "trust" ? "To change who may assume the role, name another principal; a trust policy always needs one statement." : "Add a statement, or delete the policy instead."}`,
        "/Statement",
      );
    }
    return statement.map((value, index) => ({ value, pointer: `/Statement/${index}` }));
  }
  return [{ value: statement, pointer: "/Statement" }];
}

function checkStatement(raw: unknown, pointer: string, context: ValidationContext, sids: Map<string, string>, variables: string[]): void {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    context.findings.add("WRONG_TYPE", `Each statement must be an object with Effect, Action and Resource, not ${describeJsonType(raw)}.`, pointer);
    return;
  }
  const statement = raw as Record<string, unknown>;
  const { policyType } = context;
  for (const name of Object.keys(statement)) {
    if (!STATEMENT_ELEMENTS.includes(name)) unknownElement(name, STATEMENT_ELEMENTS, "statement", `${pointer}/${escapePointerToken(name)}`, context);
  }
  checkSid(statement.Sid, pointer, context, sids);
  const allow = checkEffect(statement.Effect, pointer, context);

  for (const [a, b] of [["Action", "NotAction"], ["Resource", "NotResource"], ["Principal", "NotPrincipal"]]) {
    if (statement[a] !== undefined && statement[b] !== undefined) {
      context.findings.add("UNSUPPORTED_ELEMENT_COMBINATION", `A statement has either ${a} or ${b}, not both; remove one.`, `${pointer}/${b}`, "key");
    }
  }

  const hasPrincipal = statement.Principal !== undefined || statement.NotPrincipal !== undefined;
  if (policyType === "identity" || policyType === "boundary" || policyType === "scp") {
    for (const element of ["Principal", "NotPrincipal"]) {
      if (statement[element] !== undefined) {
        context.findings.add(
          "UNSUPPORTED_PRINCIPAL",
          `${element} is not allowed in ${policyType === "scp" ? "a service control policy" : "an identity-based policy"}: the policy applies to the identity it is attached to. Remove ${element}.`,
          `${pointer}/${element}`,
          "key",
        );
      }
    }
  } else {
    if (!hasPrincipal) {
      context.findings.add(
        "MISSING_PRINCIPAL",
        policyType === "trust"
          ? `A trust policy statement must name who may assume the role in Principal, e.g. {"Service": "ec2.amazonaws.com"}.`
          : `A ${policyType === "rcp" ? "resource control policy" : "resource-based policy"} statement must name a Principal${policyType === "rcp" ? ' ("*")' : ""}.`,
        pointer,
      );
    }
    if (statement.Principal !== undefined) checkPrincipal(statement.Principal, `${pointer}/Principal`, "Principal", context);
    if (statement.NotPrincipal !== undefined) {
      checkPrincipal(statement.NotPrincipal, `${pointer}/NotPrincipal`, "NotPrincipal", context);
      if (allow) {
        context.findings.add(
          "ALLOW_WITH_NOT_PRINCIPAL",
          `Allow with NotPrincipal grants access to every principal not listed, anonymous callers included; name the principals to allow in Principal instead.`,
          `${pointer}/NotPrincipal`,
          "key",
        );
      }
    }
  }

  const actionEntries = statement.Action !== undefined ? readStringList(statement.Action, `${pointer}/Action`, "Action", context) : undefined;
  const notActionEntries = statement.NotAction !== undefined ? readStringList(statement.NotAction, `${pointer}/NotAction`, "NotAction", context) : undefined;
  if (statement.Action === undefined && statement.NotAction === undefined) {
    context.findings.add("MISSING_ACTION", `The statement has no Action; list what it allows or denies, e.g. "Action": "s3:GetObject".`, pointer);
  }

  let resources: LocatedString[] | undefined;
  let notResources: LocatedString[] | undefined;
  if (policyType === "trust") {
    for (const element of ["Resource", "NotResource"]) {
      if (statement[element] !== undefined) {
        context.findings.add("UNKNOWN_ELEMENT", `A trust policy has no ${element}: the role it belongs to is the resource. Remove ${element}.`, `${pointer}/${element}`, "key");
      }
    }
  } else {
    if (statement.Resource !== undefined) resources = readStringList(statement.Resource, `${pointer}/Resource`, "Resource", context);
    if (statement.NotResource !== undefined) notResources = readStringList(statement.NotResource, `${pointer}/NotResource`, "NotResource", context);
    // Identity policies and boundaries must name resources; the evaluator lets the others omit them.
    if (statement.Resource === undefined && statement.NotResource === undefined && (policyType === "identity" || policyType === "boundary")) {
      context.findings.add("MISSING_RESOURCE", `The statement has no Resource; name the resources it covers, or "*" for all.`, pointer);
    }
    for (const resource of [...(resources ?? []), ...(notResources ?? [])]) checkArn(resource, context);
  }

  const actions = actionEntries ? resolveActions(actionEntries, "Action", context) : undefined;
  const notActions = notActionEntries ? resolveActions(notActionEntries, "NotAction", context) : undefined;
  if (actions) checkRedundantActions(actions, "Action", context);
  if (notActions) checkRedundantActions(notActions, "NotAction", context);

  collectVariables(statement.Resource, `${pointer}/Resource`, variables, context);
  collectVariables(statement.NotResource, `${pointer}/NotResource`, variables, context);
  collectVariables(statement.Condition, `${pointer}/Condition`, variables, context);

  const shape: StatementShape = {
    allow: allow === true,
    actions,
    notActions,
    resources,
    notResources,
    conditionKeys: conditionKeysOf(statement.Condition),
    pointer,
  };
  if (policyType === "trust") checkTrustActions(actions, context);
  if (allow && statement.Condition === undefined && (policyType === "trust" || policyType === "resource") && isPublic(statement.Principal)) {
    context.findings.add(
      "PUBLIC_PRINCIPAL",
      policyType === "trust"
        ? `Principal "*" with no condition lets anyone, in any AWS account, assume this role. Name the account, role or service that may assume it.`
        : `Principal "*" with no condition opens this resource to everyone, anonymous callers included. Name the principals, or add a condition such as aws:PrincipalOrgID.`,
      `${pointer}/Principal`,
      "key",
    );
  }
  checkNegatedAllow(shape, context);
  checkPassRole(shape, context);
  checkResourceFit(shape, context);
  if (statement.Condition !== undefined) {
    checkCondition(statement.Condition, `${pointer}/Condition`, conditionActions(actions), context);
  }
}

/** True for `"*"` or `{"AWS": "*"}` (alone or in a list). */
function isPublic(principal: unknown): boolean {
  if (principal === "*") return true;
  if (!principal || typeof principal !== "object" || Array.isArray(principal)) return false;
  const aws = (principal as Record<string, unknown>).AWS;
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

/** The actions condition keys must apply to; undefined when the statement covers everything. */
function conditionActions(actions: ResolvedAction[] | undefined) {
  if (!actions || actions.some((a) => a.everything)) return undefined;
  const all = actions.flatMap((a) => a.actions);
  return all.length > 0 && all.length <= 5000 ? all : undefined;
}

function checkSid(sid: unknown, pointer: string, context: ValidationContext, sids: Map<string, string>): void {
  if (sid === undefined) return;
  if (typeof sid !== "string") {
    context.findings.add("WRONG_TYPE", `Sid must be a string, not ${describeJsonType(sid)}.`, `${pointer}/Sid`);
    return;
  }
  if ((context.policyType === "identity" || context.policyType === "boundary") && !/^[A-Za-z0-9]*$/.test(sid)) {
    context.findings.add("INVALID_SID", `IAM accepts only letters and digits in a Sid; "${sid}" has other characters. Try "${sid.replace(/[^A-Za-z0-9]/g, "")}".`, `${pointer}/Sid`);
  }
  const previous = sids.get(sid);
  if (previous !== undefined && sid !== "") {
    context.findings.add("DUPLICATE_SID", `Sid "${sid}" is already used by the statement at ${previous}; each Sid in a policy must be unique.`, `${pointer}/Sid`);
  } else sids.set(sid, pointer);
}

/** Returns true for Allow, false for Deny, undefined when missing or invalid. */
function checkEffect(effect: unknown, pointer: string, context: ValidationContext): boolean | undefined {
  if (effect === undefined) {
    context.findings.add("MISSING_EFFECT", `The statement has no Effect; add "Effect": "Allow" or "Effect": "Deny".`, pointer);
    return undefined;
  }
  if (typeof effect !== "string") {
    context.findings.add("WRONG_TYPE", `Effect must be the string "Allow" or "Deny", not ${describeJsonType(effect)}.`, `${pointer}/Effect`);
    return undefined;
  }
  if (effect === "Allow" || effect === "Deny") return effect === "Allow";
  const fixed = ["Allow", "Deny"].find((e) => e.toLowerCase() === effect.toLowerCase());
  context.findings.add("INVALID_EFFECT", `Effect must be "Allow" or "Deny"${fixed ? ` (case-sensitive): write "${fixed}"` : `, not "${effect}"`}.`, `${pointer}/Effect`);
  return undefined;
}

function checkArn(resource: LocatedString, context: ValidationContext): void {
  const value = resource.value;
  if (value === "*") return;
  if (!value.startsWith("arn:")) {
    context.findings.add("INVALID_ARN", `"${value}" is not an ARN; a resource is "*" or starts with "arn:", e.g. "arn:aws:s3:::amzn-s3-demo-bucket/*".`, resource.pointer);
    return;
  }
  const parts = value.split(":");
  // arn:partition:service:region:account:resource; a trailing * may stand for the remaining segments.
  if (parts.length < 6 && !value.endsWith("*")) {
    context.findings.add("INVALID_ARN", `"${value}" has ${parts.length - 1} of the 5 colons an ARN needs (arn:partition:service:region:account:resource).`, resource.pointer);
    return;
  }
  if (parts[1] && !/^(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)$/.test(parts[1]) && !/[*?$]/.test(parts[1])) {
    context.findings.add("INVALID_ARN", `"${parts[1]}" is not an AWS partition; use "aws" (or aws-cn, aws-us-gov).`, resource.pointer);
  }
}

function collectVariables(value: unknown, pointer: string, variables: string[], context: ValidationContext): void {
  if (typeof value === "string") {
    if (!value.includes("${")) return;
    variables.push(pointer);
    let from = 0;
    for (let open = value.indexOf("${", from); open >= 0; open = value.indexOf("${", from)) {
      const close = value.indexOf("}", open);
      if (close < 0) {
        context.findings.add("INVALID_VARIABLE", `"${value}" opens a policy variable with "\${" but never closes it with "}".`, pointer);
        return;
      }
      if (value.slice(open + 2, close).trim() === "") {
        context.findings.add("INVALID_VARIABLE", `"${value}" has an empty policy variable "\${}"; name a key, e.g. \${aws:username}.`, pointer);
      }
      from = close + 1;
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collectVariables(item, `${pointer}/${index}`, variables, context));
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      collectVariables(item, `${pointer}/${escapePointerToken(key)}`, variables, context);
    }
  }
}
