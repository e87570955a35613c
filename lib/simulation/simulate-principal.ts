import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { cacheOf } from "../db/per-database";
import { isKnownAction } from "../catalog/actions";
import { parsePrincipalArn, resolveActingPrincipal, type ActingPrincipal } from "../authz/principal-policies";
import { compileStoredPolicySet } from "../iam/stored-policies";
import { checkRequest } from "../authz/authorize-call";
import { loadResourceSide, type ResourceSide } from "../authz/resource-policies";
import { callerContext } from "../authz/call-context";
import { evaluationRequestSchema, requestLimits } from "../authz/request-schemas";

export { requestLimits as simulateLimits } from "../authz/request-schemas";

/** A simulate request: a principal of the workspace and one request (lib/authz/request-schemas.ts). */
export const simulatePrincipalSchema = evaluationRequestSchema.extend({
  principalArn: z.string().min(1, "Name a principal ARN (user, role or account root)").max(requestLimits.arnLength, `A principal ARN is at most ${requestLimits.arnLength} characters`),
});

// Every change to the workspace appends to the audit log in its own transaction, so the newest
// audit id tells whether anything a principal's policies depend on may have changed since.
type Prepared = { principal: ActingPrincipal; compiled: ReturnType<typeof compileStoredPolicySet> };
const preparedLimit = 200;

async function prepare(db: Db | Tx, principalArn: string, side: ResourceSide): Promise<Prepared> {
  const latest = await db.auditEntry.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const key = `${latest?.id ?? 0}|${principalArn}|${side.policy?.name ?? ""}|${side.account ?? ""}`;
  // Per database: another workspace has the same ARNs and audit ids.
  const prepared = cacheOf<Prepared>(db, "simulate-principal");
  const hit = prepared.get(key);
  if (hit) return hit;
  const principal = await resolveActingPrincipal(db, principalArn);
  const entry = { principal, compiled: compileStoredPolicySet({ ...principal.policies, resourcePolicy: side.policy, rcps: side.rcps }) };
  if (prepared.size >= preparedLimit) prepared.delete(prepared.keys().next().value!);
  prepared.set(key, entry);
  return entry;
}

/**
 * "Can this principal of the workspace do ACTION on RESOURCE?" — its combined policies, the
 * resource's policy where the workspace has one, and AWS's request keys for that caller, through
 * the evaluator: the decision, the deciding statements, and what was missing.
 */
export async function simulatePrincipalRequest(db: Db | Tx, input: z.input<typeof simulatePrincipalSchema>, now: Date) {
  const data = simulatePrincipalSchema.parse(input);
  if (!isKnownAction(data.action)) throw new AppError("InvalidInput", `${data.action} is not an action of any AWS service in the catalog`);
  // Resources are looked up within the principal's workspace only.
  const side = await loadResourceSide(db, data.action, data.resource, parsePrincipalArn(data.principalArn)?.accountId ?? "");
  const { principal, compiled } = await prepare(db, data.principalArn, side);
  return checkRequest(
    principal,
    { action: data.action, resource: data.resource, resourceAccount: side.account, resourcePolicy: side.policy, rcps: side.rcps, context: { ...callerContext(principal, now), ...data.context } },
    compiled,
  );
}
