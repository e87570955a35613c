/**
 * The evaluator's public entry points: compile a principal's policies once, then evaluate many
 * requests against them. Pure: no clock, no I/O; the caller supplies every context key.
 */
import { compilePolicy, type CompiledPolicy, type StatementRef } from "./compile-policy";
import { decide, type CompiledLevel, type CompiledPolicySet, type Decision, type DecisionReason } from "./decide";
import { buildExplanation, type Explanation } from "./explain";
import { PreparedRequest, type EvaluationRequest } from "./request-context";

export type { EvaluationRequest } from "./request-context";
export type { CompiledPolicySet, Decision, DecisionReason } from "./decide";
export type { CompiledPolicy, CompiledStatement, PolicyKind, StatementRef } from "./compile-policy";
export type { Explanation, PolicyExplanation, StatementExplanation } from "./explain";
export { compilePolicy } from "./compile-policy";
export { statementMatchesAction } from "./statement-match";

/** A policy document and the name decisions and explanations call it by. */
export interface NamedPolicy {
  name: string;
  document: unknown;
}

/** Every policy that bears on a principal's requests. */
export interface PolicySet {
  identityPolicies?: NamedPolicy[];
  permissionsBoundary?: NamedPolicy;
  sessionPolicies?: NamedPolicy[];
  resourcePolicy?: NamedPolicy;
  /** One entry per organization level (root, OUs, account); missing or empty: no organization. */
  scps?: { target: string; policies: NamedPolicy[] }[];
  /** One entry per organization level; missing or empty: only the implicit RCPFullAWSAccess. */
  rcps?: { target: string; policies: NamedPolicy[] }[];
}

export interface EvaluationResult {
  decision: Decision;
  /** The denying statements for ExplicitDeny, the allowing ones for Allow, empty for ImplicitDeny. */
  decisive: StatementRef[];
  /** Why, as a typed reason: doors word refusals from it, never from the explanation's text. */
  reason: DecisionReason;
  explanation?: Explanation;
}

/** Compiles a policy set once for many evaluations. Throws PolicyGrammarError naming the policy. */
export function compilePolicySet(set: PolicySet): CompiledPolicySet {
  const boundary = set.permissionsBoundary;
  const resource = set.resourcePolicy;
  return {
    identity: compileMany(set.identityPolicies, "identity"),
    boundary: boundary && compilePolicy(boundary.document, boundary.name, "boundary"),
    session: compileMany(set.sessionPolicies, "session"),
    resource: resource && compilePolicy(resource.document, resource.name, "resource"),
    scps: compileLevels(set.scps, "scp"),
    rcps: compileLevels(set.rcps, "rcp"),
  };
}

function compileMany(list: NamedPolicy[] | undefined, kind: "identity" | "session"): CompiledPolicy[] {
  const out: CompiledPolicy[] = [];
  if (list) for (const p of list) out.push(compilePolicy(p.document, p.name, kind));
  return out;
}

function compileLevels(list: PolicySet["scps"], kind: "scp" | "rcp"): CompiledLevel[] {
  const out: CompiledLevel[] = [];
  if (!list) return out;
  for (const level of list) {
    const policies: CompiledPolicy[] = [];
    for (const p of level.policies) policies.push(compilePolicy(p.document, p.name, kind, level.target));
    out.push({ target: level.target, policies });
  }
  return out;
}

/**
 * Decides one request against a compiled policy set. With `explain`, also says for every
 * statement whether it applied and why not; without it, nothing of the kind is computed.
 */
export function evaluateRequest(
  compiled: CompiledPolicySet,
  request: EvaluationRequest,
  options?: { explain?: boolean },
): EvaluationResult {
  const prepared = new PreparedRequest(request);
  const outcome = decide(compiled, prepared);
  if (!options?.explain) return { decision: outcome.decision, decisive: outcome.decisive, reason: outcome.reason };
  return { decision: outcome.decision, decisive: outcome.decisive, reason: outcome.reason, explanation: buildExplanation(compiled, prepared, outcome) };
}
