import { compilePolicySet, evaluateRequest, type EvaluationRequest, type EvaluationResult, type PolicySet } from "../../../lib/policy/evaluate";

export const V = "2012-10-17";
export const ACCOUNT = "111111111111";
export const OTHER = "222222222222";
export const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/Get-pics/i-0abc123`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/Get-pics`;
export const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;

/** Evaluates a request against a policy set compiled on the spot. */
export function run(set: PolicySet, request: Partial<EvaluationRequest>, explain = false): EvaluationResult {
  const full: EvaluationRequest = { principal: SESSION, action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key", resourceAccount: ACCOUNT, ...request };
  return evaluateRequest(compilePolicySet(set), full, { explain });
}

/** Decisive statements as "policy#index" for compact expectations. */
export function refs(result: EvaluationResult): string[] {
  return result.decisive.map((r) => `${r.policy}#${r.statement}`);
}

/** An identity policy allowing everything under one Condition block. */
export function allowIf(condition: unknown, version: string | undefined = V): PolicySet {
  const document: Record<string, unknown> = { Statement: [{ Effect: "Allow", Action: "*", Resource: "*", Condition: condition }] };
  if (version) document.Version = version;
  return { identityPolicies: [{ name: "P", document }] };
}

/** True when the condition block holds for the context. */
export function holds(condition: unknown, context: Record<string, string | string[]> | undefined, version: string | undefined = V): boolean {
  return run(allowIf(condition, version), { context }).decision === "Allow";
}

export function identity(name: string, statements: unknown[], version = V) {
  return { name, document: { Version: version, Statement: statements } };
}
