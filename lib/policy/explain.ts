/**
 * Explanations for trainers and reviewers: every policy and statement with whether it applied
 * and, if not, which element failed and why; the deciding statements; and for an implicit deny
 * the nearest misses (Allow statements that failed on exactly one element).
 */
import type { CompiledPolicy, CompiledStatement, StatementRef } from "./compile-policy";
import { applicability, type CompiledPolicySet, type Outcome } from "./decide";
import { PrincipalMatch } from "./principals";
import type { PreparedRequest } from "./request-context";
import { gatingPolicy, isServiceLinkedCaller, RCP_SERVICES, type GatingPolicy } from "./request-rules";

const GATE_WORDS: Record<GatingPolicy, string> = { trust: "the role's trust policy", key: "the KMS key policy" };
import { explainStatement, statementPrincipalMatch, type MatchFailure } from "./statement-match";

export interface StatementExplanation {
  ref: StatementRef;
  effect: "Allow" | "Deny";
  /** JSON pointer of the statement in its document. */
  pointer: string;
  applied: boolean;
  /** How the caller matched Principal, for resource-based policies that applied. */
  principalMatch?: "caller" | "principal-arn-condition" | "role" | "account" | "any";
  failures: MatchFailure[];
}

export interface PolicyExplanation {
  policy: string;
  kind: CompiledPolicy["kind"];
  target?: string;
  /** False when this policy type does not apply to the caller (say, SCPs for a service principal). */
  considered: boolean;
  note?: string;
  statements: StatementExplanation[];
}

export interface Explanation {
  /** One or two plain sentences: the decision and its reason. */
  summary: string;
  policies: PolicyExplanation[];
  deciding: StatementRef[];
  nearestMisses: StatementExplanation[];
}

const MATCH_NAMES = { 1: "caller", 2: "principal-arn-condition", 3: "role", 4: "account", 5: "any" } as const;

function explainPolicy(policy: CompiledPolicy, request: PreparedRequest, considered: boolean, note?: string): PolicyExplanation {
  const statements = policy.statements.map((s: CompiledStatement): StatementExplanation => {
    const failures = explainStatement(s, request, policy.variablesEnabled);
    const out: StatementExplanation = { ref: s.ref, effect: s.effect, pointer: s.pointer, applied: failures.length === 0, failures };
    if (out.applied && s.principals !== null) {
      const m = statementPrincipalMatch(s, request);
      if (m !== PrincipalMatch.None) out.principalMatch = MATCH_NAMES[m];
    }
    return out;
  });
  const out: PolicyExplanation = { policy: policy.name, kind: policy.kind, considered, statements };
  if (policy.target !== undefined) out.target = policy.target;
  if (note !== undefined) out.note = note;
  return out;
}

/** Builds the full explanation for a decided request. */
export function buildExplanation(set: CompiledPolicySet, request: PreparedRequest, outcome: Outcome): Explanation {
  const applies = applicability(set, request);
  const notIdentity = "the caller is not an IAM identity, so identity-side policies do not apply";
  const policies: PolicyExplanation[] = [];
  for (const p of set.identity) policies.push(explainPolicy(p, request, applies.identitySide, applies.identitySide ? undefined : notIdentity));
  if (set.resource) policies.push(explainPolicy(set.resource, request, true));
  if (set.boundary) {
    const considered = applies.identitySide && request.caller.kind !== "root";
    policies.push(explainPolicy(set.boundary, request, considered, considered ? undefined : "a permissions boundary does not limit this caller"));
  }
  for (const p of set.session) policies.push(explainPolicy(p, request, applies.identitySide, applies.identitySide ? undefined : notIdentity));
  const scpNote = isServiceLinkedCaller(request.caller) ? "SCPs do not limit service-linked roles" : "SCPs do not apply to this caller";
  for (const level of set.scps) {
    for (const p of level.policies) {
      policies.push(explainPolicy(p, request, applies.scps, applies.scps ? undefined : scpNote));
    }
  }
  const rcpNote =
    request.caller.kind === "service"
      ? "RCPs do not apply to AWS service principals"
      : isServiceLinkedCaller(request.caller)
        ? "RCPs do not limit service-linked roles"
        : `RCPs do not apply to ${request.request.action} (they reach only ${RCP_SERVICES.join(", ")})`;
  for (const level of set.rcps) {
    for (const p of level.policies) {
      policies.push(explainPolicy(p, request, applies.rcps, applies.rcps ? undefined : rcpNote));
    }
  }

  const nearestMisses: StatementExplanation[] = [];
  if (outcome.decision === "ImplicitDeny") {
    for (const p of policies) {
      if (!p.considered) continue;
      for (const s of p.statements) if (s.effect === "Allow" && s.failures.length === 1) nearestMisses.push(s);
    }
  }
  return { summary: summarise(set, request, outcome), policies, deciding: outcome.decisive, nearestMisses };
}

function names(refs: StatementRef[]): string {
  return refs.map(describeRef).join("; ");
}

/**
 * "statement 1 (Sid ReadPhotos)": the one wording of a statement on every screen and CLI line,
 * counted from 1 as people count (JSON fields stay 0-based, per the contracts).
 */
export function statementLabel(ref: { statement: number; sid?: string }): string {
  return `statement ${ref.statement + 1}${ref.sid ? ` (Sid ${ref.sid})` : ""}`;
}

/** Each kind of policy, as explanations name it. */
export const policyKindWords: Record<StatementRef["kind"], string> = {
  identity: "identity-based policy",
  resource: "resource-based policy",
  boundary: "permissions boundary",
  session: "session policy",
  scp: "SCP",
  rcp: "RCP",
};

/** "statement 1 (Sid ReadPhotos) of identity-based policy ReadPhotos". */
export function describeRef(ref: StatementRef): string {
  const kind = policyKindWords[ref.kind];
  const target = ref.target ? ` attached to ${ref.target}` : "";
  return `${statementLabel(ref)} of ${kind} ${ref.policy}${target}`;
}

function summarise(set: CompiledPolicySet, request: PreparedRequest, outcome: Outcome): string {
  const r = request.request;
  const what = `${r.principal} calling ${r.action} on ${r.resource}`;
  switch (outcome.reason) {
    case "explicit-deny":
      return `ExplicitDeny: ${what} is denied by ${names(outcome.decisive)}. An explicit Deny overrides every Allow.`;
    case "scp-level":
      return `ImplicitDeny: no SCP attached to ${set.scps[outcome.level!].target} allows ${r.action}; every level of the organization must allow.`;
    case "no-grant":
      if (gatingPolicy(request.actionLower, r.resource) !== undefined) {
        return `ImplicitDeny: ${GATE_WORDS[gatingPolicy(request.actionLower, r.resource)!]} names only the caller's account, which hands the decision to the account's identity-based policies, and none of them allows ${what}.`;
      }
      return `ImplicitDeny: no identity-based or resource-based policy allows ${what}.`;
    case "resource-policy-required":
      return `ImplicitDeny: ${GATE_WORDS[outcome.gate!]} does not allow ${r.principal}. It must allow the caller (or name its account) itself; an identity-based policy alone grants nothing here, even in the same account.`;
    case "root-cannot-assume-role":
      return `ImplicitDeny: the root user cannot assume a role (AWS refuses ${r.action} with root credentials); sign in as an IAM user or role instead.`;
    case "no-permission-needed":
      return `Allow: ${r.action} needs no permission and no policy can deny it.`;
    case "no-resource-grant":
      return `ImplicitDeny: the caller is not an IAM identity of an account, so only a resource-based policy can allow it, and none allows ${what}.`;
    case "cross-account-identity":
      return `ImplicitDeny: the resource is in account ${request.resourceAccount}, the caller in ${request.caller.account}; cross-account access needs an identity-based policy allowing ${r.action}, and none does.`;
    case "cross-account-resource":
      return `ImplicitDeny: the resource is in account ${request.resourceAccount}, the caller in ${request.caller.account}; cross-account access needs the resource-based policy to allow the caller too, and it does not.`;
    case "boundary":
      return `ImplicitDeny: the permissions boundary ${set.boundary!.name} does not allow ${r.action} on ${r.resource}; a boundary caps what identity-based policies grant.`;
    case "session":
      return `ImplicitDeny: no session policy allows ${r.action} on ${r.resource}; session policies cap the role's permissions for this session.`;
    case "allowed-resource-names-caller":
      return `Allow: ${names(outcome.decisive)} allows it; a resource-based policy in the same account that names the caller itself is not limited by a permissions boundary or session policy (nor is one granting to "*" under an aws:PrincipalArn condition).`;
    case "allowed-by-resource-policy":
      return `Allow: ${names(outcome.decisive)} allows it.`;
    case "allowed":
      return `Allow: allowed by ${names(outcome.decisive)}, and no statement denies it.`;
  }
}
