/**
 * Does a statement apply to a request? The fast path answers yes or no, element by element,
 * cheapest first; `explainStatement` checks every element and says which failed and why.
 */
import type { CompiledStatement, ResourcePattern } from "./compile-policy";
import { evaluateCondition, requestValues, resolvedPolicyValues, type CompiledCondition } from "./conditions";
import { compileArnPattern } from "./arn";
import { resolveTemplate } from "./policy-variables";
import { matchPrincipal, notPrincipalExcludes, PrincipalMatch } from "./principals";
import type { PreparedRequest } from "./request-context";

/** True when the statement's Action/NotAction covers the (lowercase) action. Cheap; no request needed. */
export function statementMatchesAction(statement: CompiledStatement, actionLower: string): boolean {
  return actionListed(statement, actionLower) !== statement.notAction;
}

function actionListed(statement: CompiledStatement, actionLower: string): boolean {
  if (statement.anyAction || statement.actionExact.has(actionLower)) return true;
  for (const fn of statement.actionWild) if (fn(actionLower)) return true;
  return false;
}

function resourcePatternMatches(pattern: ResourcePattern, request: PreparedRequest): boolean {
  if (pattern.fn) return pattern.fn(request.resource);
  const resolved = resolveTemplate(pattern.template!, request, true);
  return resolved !== null && compileArnPattern(resolved)(request.resource);
}

/** True when the statement's Resource/NotResource covers the request's resource. */
export function statementMatchesResource(statement: CompiledStatement, request: PreparedRequest): boolean {
  if (statement.resources === null) return true;
  let listed = false;
  if (statement.anyResource) listed = true;
  else {
    for (const p of statement.resources) {
      if (resourcePatternMatches(p, request)) {
        listed = true;
        break;
      }
    }
  }
  return listed !== statement.notResource;
}

/**
 * How the caller matches the statement's Principal/NotPrincipal; `Wildcard` when the statement
 * has none (identity-side policies) or matches through NotPrincipal.
 */
export function statementPrincipalMatch(statement: CompiledStatement, request: PreparedRequest): PrincipalMatch {
  if (statement.principals === null) return PrincipalMatch.Wildcard;
  if (statement.notPrincipal) {
    // "NotPrincipal with Deny always denies principals with a permissions boundary attached,
    // regardless of the values specified in the NotPrincipal element" (NotPrincipal element page).
    if (statement.effect === "Deny" && request.callerHasBoundary) return PrincipalMatch.Wildcard;
    return notPrincipalExcludes(statement.principals, request.caller) ? PrincipalMatch.None : PrincipalMatch.Wildcard;
  }
  const match = matchPrincipal(statement.principals, request.caller);
  return match === PrincipalMatch.Wildcard && statement.grantsByPrincipalArn ? PrincipalMatch.ArnCondition : match;
}

/**
 * The fast path: the principal match (None when the statement does not apply). Elements are
 * checked in order of cost; the first failure ends the check.
 */
export function statementApplies(statement: CompiledStatement, request: PreparedRequest): PrincipalMatch {
  if (!statementMatchesAction(statement, request.actionLower)) return PrincipalMatch.None;
  if (!statementMatchesResource(statement, request)) return PrincipalMatch.None;
  const principal = statementPrincipalMatch(statement, request);
  if (principal === PrincipalMatch.None) return principal;
  const conditions = statement.conditions;
  for (let i = 0; i < conditions.length; i++) if (!evaluateCondition(conditions[i], request)) return PrincipalMatch.None;
  return principal;
}

/** Why one element of a statement did not match the request. */
export interface MatchFailure {
  element: "Action" | "NotAction" | "Resource" | "NotResource" | "Principal" | "NotPrincipal" | "Condition";
  message: string;
  /** For conditions: the operator as written, the key, the policy's values and the request's. */
  operator?: string;
  key?: string;
  policyValues?: string[];
  requestValues?: string[] | null;
  /** JSON pointer of the failing element in the document. */
  pointer: string;
}

const quote = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

/** Checks every element of the statement and describes each one that fails. */
export function explainStatement(statement: CompiledStatement, request: PreparedRequest, variablesEnabled: boolean): MatchFailure[] {
  const failures: MatchFailure[] = [];
  const p = statement.pointer;
  if (!statementMatchesAction(statement, request.actionLower)) {
    const action = request.request.action;
    failures.push(
      statement.notAction
        ? { element: "NotAction", pointer: `${p}/NotAction`, message: `NotAction excludes ${action} (it lists ${quote(statement.actionPatterns)})` }
        : { element: "Action", pointer: `${p}/Action`, message: `Action ${quote(statement.actionPatterns)} does not include ${action}` },
    );
  }
  if (!statementMatchesResource(statement, request)) {
    const texts = statement.resources!.map((r) => r.text);
    failures.push(
      statement.notResource
        ? { element: "NotResource", pointer: `${p}/NotResource`, message: `NotResource excludes ${request.resource} (it lists ${quote(texts)})` }
        : { element: "Resource", pointer: `${p}/Resource`, message: `Resource ${quote(texts)} does not match ${request.resource}` },
    );
  }
  if (statementPrincipalMatch(statement, request) === PrincipalMatch.None) {
    const texts = statement.principals!.map((e) => e.text);
    failures.push(
      statement.notPrincipal
        ? {
            element: "NotPrincipal",
            pointer: `${p}/NotPrincipal`,
            message: `NotPrincipal ${quote(texts)} excludes the caller ${request.caller.text}`,
          }
        : {
            element: "Principal",
            pointer: `${p}/Principal`,
            message: `Principal ${quote(texts)} does not name the caller ${request.caller.text}`,
          },
    );
  }
  for (const condition of statement.conditions) {
    if (!evaluateCondition(condition, request)) failures.push(explainCondition(condition, request, variablesEnabled));
  }
  return failures;
}

function explainCondition(condition: CompiledCondition, request: PreparedRequest, variablesEnabled: boolean): MatchFailure {
  const op = condition.operator;
  const actual = requestValues(condition, request) ?? null;
  const expected = resolvedPolicyValues(condition, request, variablesEnabled);
  const head = `Condition ${op.text} on ${condition.key} failed`;
  let why: string;
  if (op.family === "Null") {
    const wantAbsent = condition.values.some((v) => v.toLowerCase() === "true");
    why = wantAbsent ? `the policy requires the key to be absent, and the request has ${quote(actual ?? [])}` : "the policy requires the key, and the request does not have it";
  } else if (actual === null || actual.length === 0) {
    why =
      op.qualifier === "ForAnyValue"
        ? `the request has no ${condition.key}, and ForAnyValue needs at least one value`
        : `the request has no ${condition.key}`;
  } else {
    const verb = op.negated ? "must match none of" : op.qualifier === "ForAllValues" ? "must each match one of" : "must match one of";
    why = `the request has ${quote(actual)}, which ${verb} ${quote(expected)}`;
  }
  return {
    element: "Condition",
    pointer: condition.pointer,
    operator: op.text,
    key: condition.key,
    policyValues: expected,
    requestValues: actual,
    message: `${head}: ${why}`,
  };
}
