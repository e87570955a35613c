/**
 * Whether an AWS service may assume a role for its compute (EC2 for instance profiles, ECS for
 * task roles), decided by the evaluator on the role's trust policy: the service principal asks
 * for sts:AssumeRole on the role (lib/authz/call-context.ts builds the request every door uses),
 * and only the trust policy (a resource-based policy) can grant.
 */
import { serviceAssumeRoleRequest } from "../authz/call-context";
import { trustPolicyName } from "../authz/resource-policies";
import { compilePolicySet, evaluateRequest, type EvaluationResult } from "../policy/evaluate";
import { PolicyGrammarError } from "../policy/policy-grammar-error";
import { roleArn, type RoleRow } from "./role-policies";

export type ComputeService = "ec2.amazonaws.com" | "ecs-tasks.amazonaws.com";

export type ServiceTrust = { allowed: boolean; result?: EvaluationResult; error?: string };

/** Evaluates the role's trust policy for `service` calling sts:AssumeRole at the clock's `now`. */
export function evaluateServiceTrust(role: RoleRow, service: ComputeService, now: Date, explain = false): ServiceTrust {
  let compiled;
  try {
    compiled = compilePolicySet({ resourcePolicy: { name: trustPolicyName(role.name), document: role.trustPolicy } });
  } catch (error) {
    if (error instanceof PolicyGrammarError) return { allowed: false, error: error.message };
    throw error;
  }
  const result = evaluateRequest(compiled, serviceAssumeRoleRequest(service, { arn: roleArn(role), accountId: role.accountId }, now), { explain });
  return { allowed: result.decision === "Allow", result };
}
