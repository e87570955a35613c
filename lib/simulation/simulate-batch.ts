/**
 * The policy simulator: one caller of the workspace (a user, a role as a session with an optional
 * session policy, an instance or task through its role, or a pasted policy), many actions × many
 * resources, with the request keys AWS would set for that caller (editable). Every cell is
 * `checkRequest` with the caller's policy set (lib/authz/principal-policies.ts), the resource's side
 * (lib/authz/resource-policies.ts) and the caller's context (lib/authz/call-context.ts): the same
 * decision path as every other door. Also "what can this caller do on one resource?", by access level.
 */
import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { arns } from "../iam/arns";
import { findAction, listServiceActions, type CatalogAction } from "../catalog/actions";
import { ACCESS_LEVELS, type AccessLevel } from "../catalog/access-level";
import { conditionKeysForAction } from "../catalog/action-condition-keys";
import { matchResourceTypes } from "../catalog/resource-types";
import { resourceMismatch } from "../catalog/action-resource-fit";
import { findService } from "../catalog/services";
import { accountClockNow } from "../creds/workspace-clock";
import { describeWorkload } from "../compute/workload-permissions";
import { loadAccountScps, resolveActingPrincipal, withSessionPolicy, type ActingPrincipal } from "../authz/principal-policies";
import { loadResourceSide, type ResourceSide } from "../authz/resource-policies";
import { checkRequest, type AuthorizationCheck } from "../authz/authorize-call";
import { callerContext, type Context } from "../authz/call-context";
import { compileStoredPolicySet } from "../iam/stored-policies";
import { readTags } from "../iam/tags";
import { evaluateRequest, type CompiledPolicySet, type Explanation } from "../policy/evaluate";
import { describeRef } from "../policy/explain";
import { gatingPolicy } from "../policy/request-rules";
import { requestActionSchema, requestContextSchema, requestLimits, requestResourceSchema } from "../authz/request-schemas";
import { instanceIdSchema } from "../compute/ec2-schemas";

/** Bounds of one simulation, checked before any work. */
export const simulatorLimits = {
  actions: 500,
  resources: 50,
  /** actions × resources in one call; the console sends bigger runs in chunks and shows progress. */
  requests: 2000,
  /** A pasted or session policy's text (IAM allows 6,144 characters for managed policies). */
  policyLength: 20_000,
} as const;

/** The address AWS would see a console or CLI call come from, pre-filled and editable. */
export const simulatorSourceIp = "203.0.113.10";

const arnSchema = z.string().trim().min(1).max(requestLimits.arnLength, `An ARN is at most ${requestLimits.arnLength} characters`);
const policyTextSchema = z.string().trim().min(1, "Paste a policy document").max(simulatorLimits.policyLength, `A policy is at most ${simulatorLimits.policyLength} characters`);

/** Who is calling. */
export const callerSpecSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), arn: arnSchema }),
  z.object({ kind: z.literal("role"), arn: arnSchema, sessionPolicy: policyTextSchema.optional() }),
  z.object({ kind: z.literal("instance"), id: instanceIdSchema }),
  z.object({ kind: z.literal("task"), id: z.string().trim().min(1).max(128) }),
  z.object({ kind: z.literal("policy"), document: policyTextSchema }),
]);
export type CallerSpec = z.infer<typeof callerSpecSchema>;

/** The reader's changes to the keys AWS sets: keys added or changed, and keys taken away. */
export const contextEditsSchema = z
  .object({
    set: requestContextSchema,
    unset: z.array(z.string().min(1).max(requestLimits.contextKeyLength)).max(requestLimits.contextKeys).default([]),
  })
  .default({ set: {}, unset: [] });
export type ContextEdits = z.infer<typeof contextEditsSchema>;

export const simulateBatchSchema = z
  .object({
    accountId: z.string().regex(/^\d{12}$/),
    caller: callerSpecSchema,
    actions: z.array(requestActionSchema).min(1, "Choose at least one action").max(simulatorLimits.actions, `At most ${simulatorLimits.actions} actions at once`),
    resources: z.array(requestResourceSchema).min(1, "Choose at least one resource (an ARN, or *)").max(simulatorLimits.resources, `At most ${simulatorLimits.resources} resources at once`),
    context: contextEditsSchema,
  })
  .refine((v) => v.actions.length * v.resources.length <= simulatorLimits.requests, { message: `At most ${simulatorLimits.requests} requests (actions × resources) at once`, path: ["actions"] });

export const explainRequestSchema = z.object({ accountId: z.string().regex(/^\d{12}$/), caller: callerSpecSchema, action: requestActionSchema, resource: requestResourceSchema, context: contextEditsSchema });
export const callerDefaultsSchema = z.object({ accountId: z.string().regex(/^\d{12}$/), caller: callerSpecSchema, actions: z.array(requestActionSchema).max(simulatorLimits.actions).default([]) });
export const whatCanSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  caller: callerSpecSchema,
  resource: requestResourceSchema,
  /** A service prefix, or nothing for the resource's own service (every service for `*`). */
  service: z.string().trim().max(64).optional(),
  context: contextEditsSchema,
});

/** A caller resolved for simulation: its policy set, the session it acts as, and what AWS adds to its requests. */
export type SimulatedCaller = {
  principal: ActingPrincipal;
  label: string;
  sessionName: string;
  sourceInstanceArn?: string;
  /** Set when the instance or task gets no credentials at all (its service may not assume the role). */
  noCredentials: string | null;
};

const SIMULATED_USER = "policy-simulator";

async function resolveCaller(db: Db | Tx, accountId: string, spec: CallerSpec, now: Date): Promise<SimulatedCaller> {
  switch (spec.kind) {
    case "user":
    case "role": {
      const principal = await resolveActingPrincipal(db, spec.arn);
      if (principal.kind !== spec.kind) throw new AppError("InvalidInput", `${spec.arn} is not the ARN of an IAM ${spec.kind}`);
      if (spec.kind === "user") return { principal, label: `user ${principal.name}`, sessionName: "", noCredentials: null };
      const withPolicy = withSessionPolicy(principal, spec.sessionPolicy, principal.callerArn);
      return { principal: withPolicy, label: `role ${principal.name} as a session${spec.sessionPolicy ? ", with a session policy" : ""}`, sessionName: principal.callerArn.slice(principal.callerArn.lastIndexOf("/") + 1), noCredentials: null };
    }
    case "instance":
    case "task": {
      const ref = spec.kind === "instance" ? { kind: "instance" as const, accountId, instanceId: spec.id } : { kind: "task" as const, accountId, taskId: spec.id };
      const workload = await describeWorkload(db, ref, now);
      if (!workload.role) throw new AppError("InvalidInput", `${workload.noCredentialsReason} Nothing it asks could be allowed.`);
      const principal = await resolveActingPrincipal(db, workload.role.arn);
      const sessionName = workload.id;
      return {
        principal: { ...principal, callerArn: arns.assumedRole(principal.accountId, principal.name, sessionName) },
        label: `${spec.kind} ${workload.name} through role ${principal.name}`,
        sessionName,
        // Instance credentials carry the instance they were delivered to.
        sourceInstanceArn: spec.kind === "instance" ? workload.arn : undefined,
        noCredentials: workload.noCredentialsReason,
      };
    }
    case "policy": {
      const arn = arns.user(accountId, "/", SIMULATED_USER);
      const principal: ActingPrincipal = {
        kind: "user",
        arn,
        callerArn: arn,
        accountId,
        name: SIMULATED_USER,
        uniqueId: "AIDAPOLICYSIMULATOR0",
        tags: [],
        policies: { identityPolicies: [{ name: "Pasted policy", document: spec.document }], scps: await loadAccountScps(db, accountId) },
      };
      // A document that breaks the grammar is refused now (MalformedPolicyDocument, naming where).
      compileStoredPolicySet(principal.policies);
      return { principal, label: `a hypothetical user holding only the pasted policy (${arn})`, sessionName: "", noCredentials: null };
    }
  }
}

/** The keys AWS sets on this caller's requests at `now`, with the source address a call from the internet would carry. */
export function simulatorDefaultContext(caller: SimulatedCaller, now: Date): Context {
  return callerContext(caller.principal, now, caller.sessionName || undefined, { sourceIp: simulatorSourceIp, sourceInstanceArn: caller.sourceInstanceArn });
}

/** The defaults with the reader's edits: keys match ignoring case, as in AWS. */
export function applyContextEdits(base: Context, edits: ContextEdits): Context {
  const drop = new Set([...edits.unset, ...Object.keys(edits.set)].map((k) => k.toLowerCase()));
  const out: Context = {};
  for (const [key, value] of Object.entries(base)) if (!drop.has(key.toLowerCase())) out[key] = value;
  return { ...out, ...edits.set };
}

function requireAction(action: string): CatalogAction {
  const found = findAction(action);
  if (!found) throw new AppError("InvalidInput", `${action} is not an action of any AWS service in the catalog`);
  return found;
}

/** Reads resource sides and compiles the caller's set once per distinct side. */
class Sides {
  private readonly cache = new Map<string, { side: ResourceSide; compiled: CompiledPolicySet }>();
  constructor(
    private readonly db: Db | Tx,
    private readonly principal: ActingPrincipal,
  ) {}

  async for(action: string, resource: string) {
    // Only the trust-gated STS actions read a different policy on the same resource.
    const key = `${gatingPolicy(action.toLowerCase(), resource) ?? ""}\u0000${resource}`;
    let hit = this.cache.get(key);
    if (!hit) {
      const side = await loadResourceSide(this.db, action, resource, this.principal.accountId);
      hit = { side, compiled: compileStoredPolicySet({ ...this.principal.policies, resourcePolicy: side.policy, rcps: side.rcps }) };
      this.cache.set(key, hit);
    }
    return hit;
  }
}

export type SimulationRow = Pick<AuthorizationCheck, "action" | "resource" | "decision" | "reason" | "summary" | "deciding" | "decisive" | "missing" | "nearest"> & {
  /** Set when the action does not act on this kind of resource (the catalog's resource types): why, in a sentence. */
  mismatch?: string;
};

export type SimulationResult = {
  caller: { label: string; arn: string; callerArn: string; kind: ActingPrincipal["kind"] };
  noCredentials: string | null;
  /** The request context every row was decided with. */
  context: Context;
  rows: SimulationRow[];
};

type Prepared = { caller: SimulatedCaller; context: Context; sides: Sides };

async function prepare(db: Db | Tx, accountId: string, spec: CallerSpec, edits: ContextEdits, realNow: Date): Promise<Prepared> {
  const now = await accountClockNow(db, accountId, realNow);
  const caller = await resolveCaller(db, accountId, spec, now);
  return { caller, context: applyContextEdits(simulatorDefaultContext(caller, now), edits), sides: new Sides(db, caller.principal) };
}

function refusedWithoutCredentials(check: AuthorizationCheck, noCredentials: string | null): AuthorizationCheck {
  if (!noCredentials) return check;
  return { ...check, decision: "ImplicitDeny", allowed: false, summary: `${noCredentials} Were it to get them, the evaluator says: ${check.summary}` };
}

/** Decides every action on every resource for the caller, in the order given (actions first). */
export async function simulateBatch(db: Db | Tx, input: z.input<typeof simulateBatchSchema>, realNow: Date): Promise<SimulationResult> {
  const data = simulateBatchSchema.parse(input);
  const actions = data.actions.map((a) => requireAction(a).id);
  const { caller, context, sides } = await prepare(db, data.accountId, data.caller, data.context, realNow);
  const rows: SimulationRow[] = [];
  for (const action of actions) {
    for (const resource of data.resources) {
      const { side, compiled } = await sides.for(action, resource);
      const check = refusedWithoutCredentials(checkRequest(caller.principal, { action, resource, resourceAccount: side.account, resourcePolicy: side.policy, rcps: side.rcps, context }, compiled), caller.noCredentials);
      const mismatch = resourceMismatch(action, resource);
      rows.push({ action, resource, decision: check.decision, reason: check.reason, summary: check.summary, deciding: check.deciding, decisive: check.decisive, missing: check.missing, nearest: check.nearest, ...(mismatch ? { mismatch } : {}) });
    }
  }
  return { caller: { label: caller.label, arn: caller.principal.arn, callerArn: caller.principal.callerArn, kind: caller.principal.kind }, noCredentials: caller.noCredentials, context, rows };
}

/** One request of a simulation with the evaluator's full explanation (the results' drawer). */
export async function explainSimulatedRequest(db: Db | Tx, input: z.input<typeof explainRequestSchema>, realNow: Date): Promise<{ check: AuthorizationCheck; explanation: Explanation; context: Context }> {
  const data = explainRequestSchema.parse(input);
  const action = requireAction(data.action).id;
  const { caller, context, sides } = await prepare(db, data.accountId, data.caller, data.context, realNow);
  const { side, compiled } = await sides.for(action, data.resource);
  const request = { action, resource: data.resource, resourceAccount: side.account, resourcePolicy: side.policy, rcps: side.rcps, context };
  const check = refusedWithoutCredentials(checkRequest(caller.principal, request, compiled), caller.noCredentials);
  const explanation = evaluateRequest(compiled, { principal: caller.principal.callerArn, action, resource: data.resource, resourceAccount: side.account, context }, { explain: true }).explanation!;
  return { check, explanation, context };
}

/** A condition key the reader may add: the actions' own keys, and global keys AWS sets only sometimes. */
export type SuggestedKey = { key: string; description: string; from: string };

const OCCASIONAL_GLOBAL_KEYS: SuggestedKey[] = [
  { key: "aws:MultiFactorAuthPresent", description: "true when the caller signed in with MFA (absent for long-term access keys)", from: "global" },
  { key: "aws:MultiFactorAuthAge", description: "seconds since the caller authenticated with MFA", from: "global" },
  { key: "aws:CalledVia", description: "the services that made the request on the caller's behalf (e.g. cloudformation.amazonaws.com)", from: "global" },
  { key: "aws:ViaAWSService", description: "true when a service makes the request with the caller's credentials", from: "global" },
  { key: "aws:RequestedRegion", description: "the Region the request is sent to", from: "global" },
  { key: "aws:SourceVpc", description: "the VPC the request comes through (VPC endpoint)", from: "global" },
  { key: "aws:SourceVpce", description: "the VPC endpoint the request comes through", from: "global" },
  { key: "aws:TokenIssueTime", description: "when the temporary credentials were issued", from: "global" },
  { key: "aws:RequestTag/KEY", description: "a tag sent with the request", from: "global" },
  { key: "aws:ResourceTag/KEY", description: "a tag of the resource", from: "global" },
  { key: "aws:TagKeys", description: "the tag keys sent with the request", from: "global" },
];

/** Who the caller is, the keys AWS would set for it now, and the keys its chosen actions support. */
export async function simulatorCallerDefaults(db: Db | Tx, input: z.input<typeof callerDefaultsSchema>, realNow: Date) {
  const data = callerDefaultsSchema.parse(input);
  const now = await accountClockNow(db, data.accountId, realNow);
  const caller = await resolveCaller(db, data.accountId, data.caller, now);
  const suggestions = new Map<string, SuggestedKey>();
  for (const action of data.actions.slice(0, 100)) {
    for (const key of conditionKeysForAction(action)) {
      const seen = suggestions.get(key.name.toLowerCase());
      if (seen) seen.from = seen.from.split(", ").length < 3 ? `${seen.from}, ${action}` : seen.from.endsWith("…") ? seen.from : `${seen.from}, …`;
      else suggestions.set(key.name.toLowerCase(), { key: key.name, description: key.description, from: action });
    }
  }
  return {
    caller: { label: caller.label, arn: caller.principal.arn, callerArn: caller.principal.callerArn, kind: caller.principal.kind },
    noCredentials: caller.noCredentials,
    context: simulatorDefaultContext(caller, now),
    suggestions: [...suggestions.values(), ...OCCASIONAL_GLOBAL_KEYS],
  };
}

export type WhatCanEntry = { action: string; decision: "Allow" | "ExplicitDeny"; deciding: string[] };
export type WhatCanResult = {
  caller: SimulationResult["caller"];
  resource: string;
  services: string[];
  evaluated: number;
  levels: { level: AccessLevel; evaluated: number; allowed: WhatCanEntry[]; denied: WhatCanEntry[] }[];
};

/** The actions of a service that can act on `resource`: those with one of the resource types its ARN fits (all for `*`). */
function actionsOn(service: string, resource: string): CatalogAction[] {
  const actions = listServiceActions(service);
  if (resource === "*") return actions;
  const types = new Set(matchResourceTypes(service, resource).map((t) => t.name));
  return actions.filter((a) => a.resourceTypes.some((t) => types.has(t.name)));
}

/** "What can this caller do on this resource?": every action of the service(s) that can act on it, decided and grouped by access level. */
export async function whatCanCallerDo(db: Db | Tx, input: z.input<typeof whatCanSchema>, realNow: Date): Promise<WhatCanResult> {
  const data = whatCanSchema.parse(input);
  const ownService = data.resource === "*" ? undefined : data.resource.split(":")[2];
  const service = data.service || ownService;
  if (!service) throw new AppError("InvalidInput", "Choose a service to ask about * (every action of every service is too many to list)");
  if (!findService(service)) throw new AppError("InvalidInput", `The catalog has no service ${service}`);
  const { caller, context, sides } = await prepare(db, data.accountId, data.caller, data.context, realNow);
  const actions = actionsOn(service, data.resource);
  const levels = ACCESS_LEVELS.map((level) => ({ level, evaluated: 0, allowed: [] as WhatCanEntry[], denied: [] as WhatCanEntry[] }));
  for (const action of actions) {
    const { side, compiled } = await sides.for(action.id, data.resource);
    const result = evaluateRequest(compiled, { principal: caller.principal.callerArn, action: action.id, resource: data.resource, resourceAccount: side.account, context });
    const level = levels.find((l) => l.level === action.accessLevel)!;
    level.evaluated++;
    if (result.decision === "ImplicitDeny" || (caller.noCredentials && result.decision === "Allow")) continue;
    (result.decision === "Allow" ? level.allowed : level.denied).push({ action: action.id, decision: result.decision, deciding: result.decisive.map(describeRef) });
  }
  return {
    caller: { label: caller.label, arn: caller.principal.arn, callerArn: caller.principal.callerArn, kind: caller.principal.kind },
    resource: data.resource,
    services: [service],
    evaluated: actions.length,
    levels: levels.filter((l) => l.evaluated > 0),
  };
}

export const searchCallersSchema = z.object({ accountId: z.string().regex(/^\d{12}$/), query: z.string().trim().max(128).default("") });

export type CallerOption = { spec: CallerSpec; label: string; detail: string; kind: "user" | "role" | "group member" | "instance" | "task" };

/**
 * The account's callers whose name holds `query` (ignoring case), a few of each kind: users, roles,
 * members of matching groups, instances (by id or Name tag) and tasks. Searched in the database, so
 * an account of thousands of roles sends only what matches.
 */
export async function searchCallers(db: Db | Tx, input: z.input<typeof searchCallersSchema>, limit = 8): Promise<CallerOption[]> {
  const { accountId, query } = searchCallersSchema.parse(input);
  const q = query.toLowerCase();
  const byName = q ? { nameKey: { contains: q } } : {};
  const [users, roles, groups, instances, tasks] = await Promise.all([
    db.user.findMany({ where: { accountId, ...byName }, orderBy: { nameKey: "asc" }, take: limit }),
    db.role.findMany({ where: { accountId, ...byName }, orderBy: { nameKey: "asc" }, take: limit }),
    db.group.findMany({ where: { accountId, ...byName }, orderBy: { nameKey: "asc" }, take: 3, include: { memberships: { include: { user: true }, take: limit } } }),
    db.instance.findMany({ where: { accountId, ...(q ? { OR: [{ id: { contains: q } }, { tags: { contains: query } }] } : {}) }, orderBy: { id: "asc" }, take: limit }),
    db.ecsTask.findMany({ where: { cluster: { accountId }, ...(q ? { OR: [{ id: { contains: q } }, { taskDefinition: { contains: query } }] } : {}) }, orderBy: { id: "asc" }, take: limit, include: { taskRole: true } }),
  ]);
  const nameOf = (tags: string) => readTags(tags).find((t) => t.Key === "Name")?.Value;
  return [
    ...users.map((u): CallerOption => ({ kind: "user", spec: { kind: "user", arn: arns.user(u.accountId, u.path, u.name) }, label: u.name, detail: arns.user(u.accountId, u.path, u.name) })),
    ...roles.map((r): CallerOption => ({ kind: "role", spec: { kind: "role", arn: arns.role(r.accountId, r.path, r.name) }, label: r.name, detail: `as a session: ${arns.assumedRole(r.accountId, r.name, "roleplay")}` })),
    ...groups.flatMap((g) => g.memberships.map((m): CallerOption => ({ kind: "group member", spec: { kind: "user", arn: arns.user(m.user.accountId, m.user.path, m.user.name) }, label: `${m.user.name} (member of ${g.name})`, detail: `the user's own policies and every group's` }))),
    ...instances.map((i): CallerOption => ({ kind: "instance", spec: { kind: "instance", id: i.id }, label: nameOf(i.tags) ?? i.id, detail: `${i.id} · ${i.state} · through its instance profile's role` })),
    ...tasks.map((t): CallerOption => ({ kind: "task", spec: { kind: "task", id: t.id }, label: t.taskDefinition, detail: `task ${t.id} · ${t.taskRole ? `task role ${t.taskRole.name}` : "no task role"}` })),
  ];
}
