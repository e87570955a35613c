import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { isKnownAction } from "../catalog/actions";
import { principalContext, resolveActingPrincipal } from "../iam/principal-policies";
import { checkRequest } from "../compute/authorize-call";
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
 * the evaluator: the decision, the deciding statements, and what was missing.
 */
export async function simulatePrincipalRequest(db: Db | Tx, input: z.input<typeof simulatePrincipalSchema>, now: Date) {
  const data = simulatePrincipalSchema.parse(input);
  if (!isKnownAction(data.action)) throw new AppError("InvalidInput", `${data.action} is not an action of any AWS service in the catalog`);
  const principal = await resolveActingPrincipal(db, data.principalArn);
  const found = await resourcePolicyFor(db, data.action, data.resource);
  return checkRequest(principal, {
    action: data.action,
    resource: data.resource,
    resourceAccount: found.account,
    resourcePolicy: found.policy,
    context: { ...principalContext(principal, now), ...data.context },
  });
}
