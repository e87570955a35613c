/**
 * Authorizes one request of an acting principal with the evaluator, as AWS would, and turns a
 * refusal into the service's own error: EC2 answers `UnauthorizedOperation` (for the EC2 action
 * and for the `iam:PassRole` it checks on the way), IAM and STS `AccessDenied`, ECS
 * `AccessDeniedException`, S3 `AccessDenied`. The message follows AWS's wording ("User: ARN is not authorized to
 * perform: ACTION on resource: ARN because no identity-based policy allows the ACTION action");
 * the error's details carry the evaluator's explanation: the missing permission and the nearest
 * statement.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { AppError } from "../errors";
import { evaluateRequest, type DecisionReason, type EvaluationResult, type NamedPolicy, type PolicySet, type StatementExplanation } from "../policy/evaluate";
import { describeRef } from "../policy/explain";
import type { StatementRef } from "../policy/compile-policy";
import { compileStoredPolicySet } from "../iam/stored-policies";
import type { ActingPrincipal } from "./principal-policies";

export type AuthorizationRequest = {
  action: string;
  resource: string;
  resourceAccount?: string;
  context: Record<string, string | string[]>;
  /** The resource's own policy, where it has one (a bucket policy, a role's trust policy). */
  resourcePolicy?: NamedPolicy;
  /** The RCP levels over the resource's account. */
  rcps?: PolicySet["rcps"];
};

export type AuthorizationCheck = {
  principal: string;
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
  decision: EvaluationResult["decision"];
  reason: DecisionReason;
  allowed: boolean;
  summary: string;
  /** What was missing, in a line: "iam:PassRole on arn:…:role/ops-admin (iam:PassedToService=ec2.amazonaws.com)". */
  missing?: string;
  /** The statement that came closest to allowing, and why it did not. */
  nearest?: { statement: string; failures: string[] };
  deciding: string[];
  /** The deciding statements as references (policy, kind, 0-based index, Sid). */
  decisive: StatementRef[];
};

// The decision log of `roleplay api` sees every check a request's services make, without a
// second path: checks report to the observer of the request they run in, if any.
const checkObservers = new AsyncLocalStorage<(check: AuthorizationCheck) => void>();

/** Runs `fn`, handing every check decided within it (in any service it calls) to `observe`. */
export function observeChecks<T>(observe: (check: AuthorizationCheck) => void, fn: () => Promise<T>): Promise<T> {
  return checkObservers.run(observe, fn);
}

/**
 * Evaluates the request for the principal and describes the outcome. `compiled` may carry the
 * principal's policies (and the request's resource policy) compiled earlier.
 */
export function checkRequest(principal: ActingPrincipal, request: AuthorizationRequest, compiled = compileStoredPolicySet({ ...principal.policies, resourcePolicy: request.resourcePolicy, rcps: request.rcps })): AuthorizationCheck {
  const result = evaluateRequest(compiled, { principal: principal.callerArn, action: request.action, resource: request.resource, resourceAccount: request.resourceAccount, context: request.context }, { explain: true });
  const explanation = result.explanation!;
  const check: AuthorizationCheck = {
    principal: principal.callerArn,
    action: request.action,
    resource: request.resource,
    context: request.context,
    decision: result.decision,
    reason: result.reason,
    allowed: result.decision === "Allow",
    summary: explanation.summary,
    deciding: result.decisive.map(describeRef),
    decisive: result.decisive,
  };
  if (!check.allowed) {
    const keys = ["iam:PassedToService", "iam:AssociatedResourceArn", "ec2:InstanceProfile", "ec2:NewInstanceProfile"].filter((k) => request.context[k] !== undefined);
    const shown = keys.map((k) => `${k}=${String(request.context[k])}`).join(", ");
    check.missing = `${request.action} on ${request.resource}${shown ? ` (${shown})` : ""}`;
    const nearest = nearestStatement(explanation.nearestMisses, explanation.policies.filter((p) => p.considered).flatMap((p) => p.statements));
    if (nearest) check.nearest = { statement: describeRef(nearest.ref), failures: nearest.failures.map((f) => f.message) };
  }
  checkObservers.getStore()?.(check);
  return check;
}

function nearestStatement(misses: StatementExplanation[], all: StatementExplanation[]): StatementExplanation | undefined {
  const actionMatches = (s: StatementExplanation) => !s.failures.some((f) => f.element === "Action" || f.element === "NotAction");
  // A statement about this very action is the most useful miss to show; then the fewest failures.
  const pool = (misses.length ? misses : all.filter((s) => s.effect === "Allow" && !s.applied)).slice();
  pool.sort((a, b) => Number(actionMatches(b)) - Number(actionMatches(a)) || a.failures.length - b.failures.length);
  return pool[0];
}

const DENYING_POLICY_WORDS: Record<StatementRef["kind"], string> = {
  identity: "an identity-based policy",
  resource: "a resource-based policy",
  boundary: "a permissions boundary",
  session: "a session policy",
  scp: "a service control policy",
  rcp: "a resource control policy",
};

/** The tail of AWS's refusal message, from the evaluator's typed reason. */
function denialReason(check: AuthorizationCheck): string {
  switch (check.reason) {
    case "explicit-deny":
      return `with an explicit deny in ${DENYING_POLICY_WORDS[check.decisive[0]?.kind ?? "identity"]}`;
    case "scp-level":
      return `because no service control policy allows the ${check.action} action`;
    case "boundary":
      return `because no permissions boundary allows the ${check.action} action`;
    case "session":
      return `because no session policy allows the ${check.action} action`;
    case "cross-account-resource":
    case "resource-policy-required":
    case "no-resource-grant":
      return `because no resource-based policy allows the ${check.action} action`;
    default:
      return `because no identity-based policy allows the ${check.action} action`;
  }
}

export type ErrorStyle = "ec2" | "iam" | "ecs" | "s3";

/** AWS's message for a refused check, as the service in `style` words it. */
export function refusalMessage(check: AuthorizationCheck, style: ErrorStyle): string {
  const core = `User: ${check.principal} is not authorized to perform: ${check.action} on resource: ${check.resource} ${denialReason(check)}`;
  if (style !== "ec2") return core;
  // EC2 appends an encoded message that sts:DecodeAuthorizationMessage would read; ours decodes with base64.
  const encoded = Buffer.from(JSON.stringify({ allowed: false, explicitDeny: check.decision === "ExplicitDeny", action: check.action, resource: check.resource, context: check.context })).toString("base64url");
  return `You are not authorized to perform this operation. ${core}. Encoded authorization failure message: ${encoded}`;
}

/** The explanation line shown beside (or under) a refusal. */
export function explanationLine(check: AuthorizationCheck): string {
  if (check.decision === "ExplicitDeny") return `Explicitly denied: ${check.missing}, by ${check.deciding.join("; ")}. An explicit Deny overrides every Allow.`;
  const nearest = check.nearest ? ` Nearest statement: ${check.nearest.statement} — ${check.nearest.failures.join("; ")}.` : " No statement of the caller's policies comes close.";
  return `Missing permission: ${check.missing}.${nearest}`;
}

const codes: Record<ErrorStyle, "UnauthorizedOperation" | "AccessDenied" | "AccessDeniedException"> = { ec2: "UnauthorizedOperation", iam: "AccessDenied", ecs: "AccessDeniedException", s3: "AccessDenied" };

/** Throws the service's authorization error for a refused check; returns the check when allowed. */
export function requireAllowed(check: AuthorizationCheck, style: ErrorStyle): AuthorizationCheck {
  if (check.allowed) return check;
  throw new AppError(codes[style], refusalMessage(check, style), { authorization: check, explanation: explanationLine(check) });
}

/** Evaluates and throws on refusal: the one call most doors need. */
export function authorize(principal: ActingPrincipal, request: AuthorizationRequest, style: ErrorStyle): AuthorizationCheck {
  return requireAllowed(checkRequest(principal, request), style);
}
