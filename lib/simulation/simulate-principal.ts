import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { isKnownAction } from "../catalog/actions";
import { resolveActingPrincipal, type ActingPrincipal } from "../authz/principal-policies";
import { compileStoredPolicySet } from "../iam/stored-policies";
import { checkRequest } from "../authz/authorize-call";
import { loadResourceSide, type ResourceSide } from "../authz/resource-policies";
import { callerContext } from "../authz/call-context";

/**
 * Bounds of one simulate request, checked before any work: IAM's lengths for ARNs
 * (SimulatePrincipalPolicy's ResourceArns, 2048), action names and context key names (256), and
 * room for any real request context.
 */
export const simulateLimits = {
  arnLength: 2048,
  actionLength: 128,
  contextKeys: 64,
  contextKeyLength: 256,
  valuesPerKey: 64,
  valueLength: 2048,
  /** The route's request body: the bounds above fit well within it. */
  bodyBytes: 256 * 1024,
} as const;

export const simulatePrincipalSchema = z.object({
  principalArn: z.string().min(1, "Name a principal ARN (user, role or account root)").max(simulateLimits.arnLength, `A principal ARN is at most ${simulateLimits.arnLength} characters`),
  action: z
    .string()
    .trim()
    .max(simulateLimits.actionLength, `An action is at most ${simulateLimits.actionLength} characters`)
    .regex(/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/, "An action is service:Action, e.g. s3:GetObject"),
  resource: z.string().trim().min(1, "Name a resource ARN, or *").max(simulateLimits.arnLength, `A resource ARN is at most ${simulateLimits.arnLength} characters`),
  context: z
    .record(z.string(), z.union([z.string(), z.array(z.string())]))
    .superRefine((context, issues) => {
      const refuse = (message: string) => issues.addIssue({ code: "custom", message });
      const keys = Object.keys(context);
      if (keys.length > simulateLimits.contextKeys) return refuse(`A request takes at most ${simulateLimits.contextKeys} context keys, not ${keys.length}`);
      for (const key of keys) {
        const values = context[key];
        if (key.length === 0 || key.length > simulateLimits.contextKeyLength) return refuse(`A context key is at most ${simulateLimits.contextKeyLength} characters, and not empty`);
        if (Array.isArray(values) && values.length > simulateLimits.valuesPerKey) return refuse(`Context key ${key} takes at most ${simulateLimits.valuesPerKey} values, not ${values.length}`);
        for (const value of Array.isArray(values) ? values : [values]) {
          if (value.length > simulateLimits.valueLength) return refuse(`A value of context key ${key} is at most ${simulateLimits.valueLength} characters`);
        }
      }
    })
    .default({}),
});

// Every change to the workspace appends to the audit log in its own transaction, so the newest
// audit id tells whether anything a principal's policies depend on may have changed since.
type Prepared = { principal: ActingPrincipal; compiled: ReturnType<typeof compileStoredPolicySet> };
const prepared = new Map<string, Prepared>();
const preparedLimit = 200;

async function prepare(db: Db | Tx, principalArn: string, side: ResourceSide): Promise<Prepared> {
  const latest = await db.auditEntry.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const key = `${latest?.id ?? 0}|${principalArn}|${side.policy?.name ?? ""}|${side.account ?? ""}`;
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
  const side = await loadResourceSide(db, data.action, data.resource);
  const { principal, compiled } = await prepare(db, data.principalArn, side);
  return checkRequest(
    principal,
    { action: data.action, resource: data.resource, resourceAccount: side.account, resourcePolicy: side.policy, rcps: side.rcps, context: { ...callerContext(principal, now), ...data.context } },
    compiled,
  );
}
