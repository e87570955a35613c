import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { compilePolicySet, evaluateRequest } from "../policy/evaluate";
import { PolicyGrammarError } from "../policy/policy-grammar-error";
import { isKnownAction } from "../catalog/actions";
import { principalContext, resolveActingPrincipal } from "../iam/principal-policies";
import { resourcePolicyFor } from "../compute/workload-permissions";

export const simulatePrincipalSchema = z.object({
  principalArn: z.string().min(1, "Name a principal ARN (user, role or account root)"),
  action: z.string().trim().regex(/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/, "An action is service:Action, e.g. s3:GetObject"),
  resource: z.string().trim().min(1, "Name a resource ARN, or *"),
  context: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
});

/**
 * "Can this principal of the workspace do ACTION on RESOURCE?" — its combined policies, the
 * resource's policy where the workspace has one, and AWS's request keys for that caller, through
 * the evaluator, with the explanation.
 */
export async function simulatePrincipalRequest(db: Db | Tx, input: z.input<typeof simulatePrincipalSchema>, now: Date) {
  const data = simulatePrincipalSchema.parse(input);
  if (!isKnownAction(data.action)) throw new AppError("InvalidInput", `${data.action} is not an action of any AWS service in the catalog`);
  const principal = await resolveActingPrincipal(db, data.principalArn);
  const found = await resourcePolicyFor(db, data.action, data.resource);
  let compiled;
  try {
    compiled = compilePolicySet({ ...principal.policies, resourcePolicy: found.policy });
  } catch (error) {
    if (error instanceof PolicyGrammarError) throw new AppError("MalformedPolicyDocument", error.message);
    throw error;
  }
  const context = { ...principalContext(principal, now), ...data.context };
  const result = evaluateRequest(compiled, { principal: principal.callerArn, action: data.action, resource: data.resource, resourceAccount: found.account, context }, { explain: true });
  return { principal: principal.callerArn, action: data.action, resource: data.resource, decision: result.decision, decisive: result.decisive, explanation: result.explanation, context };
}
