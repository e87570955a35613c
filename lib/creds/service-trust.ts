/**
 * Whether an AWS service may assume a role for its compute (EC2 for instance profiles, ECS for
 * task roles), decided by the evaluator on the role's trust policy: the service principal asks
 * for sts:AssumeRole on the role, and only the trust policy (a resource-based policy) can grant.
 */
import { compilePolicySet, evaluateRequest, type EvaluationResult } from "../policy/evaluate";
import { PolicyGrammarError } from "../policy/policy-grammar-error";
import { awsTimestamp } from "./rotation";
import { roleArn, type RoleRow } from "./role-policies";

export type ComputeService = "ec2.amazonaws.com" | "ecs-tasks.amazonaws.com";

export type ServiceTrust = { allowed: boolean; result?: EvaluationResult; error?: string };

/** Evaluates the role's trust policy for `service` calling sts:AssumeRole at the clock's `now`. */
export function evaluateServiceTrust(role: RoleRow, service: ComputeService, now: Date, extraContext: Record<string, string> = {}): ServiceTrust {
  let compiled;
  try {
    compiled = compilePolicySet({ resourcePolicy: { name: `Trust policy of role ${role.name}`, document: role.trustPolicy } });
  } catch (error) {
    if (error instanceof PolicyGrammarError) return { allowed: false, error: error.message };
    throw error;
  }
  const result = evaluateRequest(compiled, {
    principal: service,
    action: "sts:AssumeRole",
    resource: roleArn(role),
    resourceAccount: role.accountId,
    context: {
      "aws:PrincipalServiceName": service,
      "aws:CurrentTime": awsTimestamp(now),
      "aws:EpochTime": String(Math.floor(now.getTime() / 1000)),
      "aws:SecureTransport": "true",
      ...extraContext,
    },
  });
  return { allowed: result.decision === "Allow", result };
}
