/**
 * A policy document read against the IAM JSON grammar and compiled for fast matching: Statement as
 * an object or an array, single values or arrays, patterns compiled once.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { compileArnPattern } from "./arn";
import { compileConditions, type CompiledCondition } from "./conditions";
import { escapePointerToken, JsonSyntaxError, parseJsonWithPositions } from "./parse-json";
import { PolicyGrammarError } from "./policy-grammar-error";
import { parseVariables, type VariableTemplate } from "./policy-variables";
import { compilePrincipal, type PrincipalEntry } from "./principals";
import { compileWildcard, patternFromPolicyText, type MatchFn } from "./wildcard";

export type PolicyKind = "identity" | "resource" | "boundary" | "session" | "scp" | "rcp";

/** Points at one statement of one policy; what `decisive` lists and the UI highlights. */
export interface StatementRef {
  policy: string;
  kind: PolicyKind;
  statement: number;
  sid?: string;
  /** The organization level (root, OU or account id) for SCPs and RCPs. */
  target?: string;
}

/** A compiled Resource/NotResource entry. */
export interface ResourcePattern {
  text: string;
  /** Set when the pattern holds no policy variables. */
  fn?: MatchFn;
  template?: VariableTemplate;
}

export interface CompiledStatement {
  ref: StatementRef;
  /** JSON pointer of the statement in its document. */
  pointer: string;
  effect: "Allow" | "Deny";
  /** Action or NotAction patterns as written. */
  actionPatterns: string[];
  notAction: boolean;
  /** True when an Action pattern is `*` (or NotAction lists nothing). */
  anyAction: boolean;
  actionExact: Set<string>;
  actionWild: MatchFn[];
  resources: ResourcePattern[] | null;
  notResource: boolean;
  anyResource: boolean;
  principals: PrincipalEntry[] | null;
  notPrincipal: boolean;
  conditions: CompiledCondition[];
  /**
   * `Principal: "*"` narrowed by an `aws:PrincipalArn` condition: grants to the principal by ARN, so
   * boundaries and session policies do not limit it (Principal element page, "IAM role principals").
   */
  grantsByPrincipalArn: boolean;
}

export interface CompiledPolicy {
  name: string;
  kind: PolicyKind;
  target?: string;
  /** Policy variables are substituted only under Version 2012-10-17. */
  variablesEnabled: boolean;
  statements: CompiledStatement[];
  allows: CompiledStatement[];
  denies: CompiledStatement[];
}

const STATEMENT_KEYS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);
const POLICY_KEYS = new Set(["Version", "Id", "Statement"]);
const IDENTITY_KINDS = new Set<PolicyKind>(["identity", "boundary", "session", "scp"]);

/**
 * Compiles one policy document (a parsed value, or its JSON text). `kind` decides the grammar's variants: identity-side policies may
 * not name a Principal, resource-based policies must. Throws PolicyGrammarError.
 */
export function compilePolicy(document: unknown, name: string, kind: PolicyKind = "identity", target?: string): CompiledPolicy {
  try {
    return compileDocument(document, name, kind, target);
  } catch (error) {
    if (error instanceof PolicyGrammarError && error.policy === undefined) {
      throw new PolicyGrammarError(error.pointer, stripWhere(error.message), name);
    }
    throw error;
  }
}

function stripWhere(message: string): string {
  return message.replace(/ \(at [^)]*\)$/, "");
}

function compileDocument(input: unknown, name: string, kind: PolicyKind, target?: string): CompiledPolicy {
  const document = typeof input === "string" ? parseText(input) : input;
  if (!isObject(document)) throw new PolicyGrammarError("", "Policy document must be a JSON object");
  for (const key of Object.keys(document)) {
    if (!POLICY_KEYS.has(key)) throw new PolicyGrammarError(`/${escapePointerToken(key)}`, `Unknown policy element '${key}'`);
  }
  const version = document.Version;
  if (version !== undefined && version !== "2012-10-17" && version !== "2008-10-17") {
    throw new PolicyGrammarError("/Version", `Version must be "2012-10-17" or "2008-10-17", not ${JSON.stringify(version)}`);
  }
  if (document.Id !== undefined && typeof document.Id !== "string") throw new PolicyGrammarError("/Id", "Id must be a string");
  const raw = document.Statement;
  if (raw === undefined) throw new PolicyGrammarError("", "Policy document is missing Statement");
  const list = Array.isArray(raw) ? raw : [raw];
  const variablesEnabled = version === "2012-10-17";
  const statements = list.map((s, i) =>
    compileStatement(s, Array.isArray(raw) ? `/Statement/${i}` : "/Statement", i, { name, kind, target, variablesEnabled }),
  );
  return {
    name,
    kind,
    target,
    variablesEnabled,
    statements,
    allows: statements.filter((s) => s.effect === "Allow"),
    denies: statements.filter((s) => s.effect === "Deny"),
  };
}

// Policy text as stored or pasted: parsed with positions so errors can say where.
function parseText(text: string): unknown {
  try {
    return parseJsonWithPositions(text).value;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    if (error.reason === "duplicate-key") throw new PolicyGrammarError(error.pointer ?? "", `${error.message}; AWS rejects policies with repeated keys`);
    throw new PolicyGrammarError("", `Policy is not valid JSON: ${error.message}`);
  }
}

interface PolicyInfo {
  name: string;
  kind: PolicyKind;
  target?: string;
  variablesEnabled: boolean;
}

function compileStatement(raw: unknown, pointer: string, index: number, info: PolicyInfo): CompiledStatement {
  if (!isObject(raw)) throw new PolicyGrammarError(pointer, "Statement must be an object");
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) throw new PolicyGrammarError(`${pointer}/${escapePointerToken(key)}`, `Unknown statement element '${key}'`);
  }
  const sid = raw.Sid;
  if (sid !== undefined && typeof sid !== "string") throw new PolicyGrammarError(`${pointer}/Sid`, "Sid must be a string");
  const effect = raw.Effect;
  if (effect !== "Allow" && effect !== "Deny") {
    throw new PolicyGrammarError(
      `${pointer}${effect === undefined ? "" : "/Effect"}`,
      effect === undefined ? "Statement is missing Effect" : `Effect must be "Allow" or "Deny", not ${JSON.stringify(effect)}`,
    );
  }

  const ref: StatementRef = { policy: info.name, kind: info.kind, statement: index };
  if (sid !== undefined) ref.sid = sid;
  if (info.target !== undefined) ref.target = info.target;

  // Action / NotAction
  const action = pickOne(raw, pointer, "Action", "NotAction", true)!;
  const actionPatterns = readStrings(raw[action], `${pointer}/${action}`, action).map((a, i, all) => {
    if (a !== "*" && a.indexOf(":") <= 0) {
      const where = Array.isArray(raw[action]) ? `${pointer}/${action}/${i}` : `${pointer}/${action}`;
      throw new PolicyGrammarError(where, `${action} '${a}' must be "*" or "service:action"`);
    }
    return all[i];
  });
  const actionExact = new Set<string>();
  const actionWild: MatchFn[] = [];
  let anyAction = false;
  for (const written of actionPatterns) {
    const a = written.toLowerCase();
    if (a === "*") anyAction = true;
    else if (a.indexOf("*") === -1 && a.indexOf("?") === -1) actionExact.add(a);
    else actionWild.push(compileWildcard(patternFromPolicyText(a)));
  }

  // Resource / NotResource: trust and other resource-based policies, SCPs and RCPs may omit it.
  const resourceKey = pickOne(raw, pointer, "Resource", "NotResource", false);
  if (resourceKey === undefined && (info.kind === "identity" || info.kind === "boundary" || info.kind === "session")) {
    throw new PolicyGrammarError(pointer, "Statement is missing Resource or NotResource");
  }
  let resources: ResourcePattern[] | null = null;
  let anyResource = resourceKey === undefined;
  if (resourceKey !== undefined) {
    resources = readStrings(raw[resourceKey], `${pointer}/${resourceKey}`, resourceKey).map((text) => {
      if (text === "*") anyResource = true;
      const template = info.variablesEnabled ? parseVariables(text) : null;
      return template ? { text, template } : { text, fn: compileArnPattern(patternFromPolicyText(text)) };
    });
  }

  // Principal / NotPrincipal
  const principalKey = pickOne(raw, pointer, "Principal", "NotPrincipal", false);
  if (principalKey !== undefined && IDENTITY_KINDS.has(info.kind)) {
    throw new PolicyGrammarError(`${pointer}/${principalKey}`, `${principalKey} is not allowed in ${article(info.kind)} policy`);
  }
  if (principalKey === undefined && info.kind === "resource") {
    throw new PolicyGrammarError(pointer, "Statement in a resource-based policy is missing Principal or NotPrincipal");
  }
  const principals = principalKey === undefined ? null : compilePrincipal(raw[principalKey], `${pointer}/${principalKey}`, principalKey);

  const conditions = raw.Condition === undefined ? [] : compileConditions(raw.Condition, `${pointer}/Condition`, info.variablesEnabled);

  return {
    ref,
    pointer,
    effect,
    actionPatterns,
    notAction: action === "NotAction",
    anyAction,
    actionExact,
    actionWild,
    resources,
    notResource: resourceKey === "NotResource",
    anyResource,
    principals,
    notPrincipal: principalKey === "NotPrincipal",
    conditions,
    grantsByPrincipalArn:
      principalKey === "Principal" &&
      principals !== null &&
      principals.some((p) => p.type === "any") &&
      conditions.some((c) => c.keyLower === "aws:principalarn" && !c.operator.negated && c.operator.family !== "Null"),
  };
}

function article(kind: PolicyKind): string {
  switch (kind) {
    case "identity":
      return "an identity-based";
    case "boundary":
      return "a permissions boundary";
    case "session":
      return "a session";
    default:
      return "a service control";
  }
}

function pickOne(raw: Record<string, unknown>, pointer: string, a: string, b: string, required: boolean): string | undefined {
  const hasA = raw[a] !== undefined;
  const hasB = raw[b] !== undefined;
  if (hasA && hasB) throw new PolicyGrammarError(`${pointer}/${b}`, `Statement has both ${a} and ${b}; use one`);
  if (!hasA && !hasB && required) throw new PolicyGrammarError(pointer, `Statement is missing ${a} or ${b}`);
  return hasA ? a : hasB ? b : undefined;
}

function readStrings(value: unknown, pointer: string, element: string): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) {
    if (value.length === 0) throw new PolicyGrammarError(pointer, `${element} must not be an empty list`);
    return value.map((v, i) => {
      if (typeof v !== "string") throw new PolicyGrammarError(`${pointer}/${i}`, `${element} entries must be strings`);
      return v;
    });
  }
  throw new PolicyGrammarError(pointer, `${element} must be a string or a list of strings`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
