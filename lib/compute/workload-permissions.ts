/**
 * What the application on an instance (or in an ECS task) may do: the chain instance → profile →
 * role → policies, whether the compute service may assume the role at all (the trust policy,
 * decided by the evaluator: a refusal is `AssumeRoleUnauthorizedAccess` and no credentials), the
 * role's summary by service and access level, an access matrix, single questions with the full
 * explanation, and the cross-account AssumeRole preview. Read live from the database on every
 * call, so a change to the role shows at once, as on AWS.
 */
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { arns } from "../iam/arns";
import { findAction } from "../catalog/actions";
import { evaluateServiceTrust, type ComputeService } from "../creds/service-trust";
import { findRoleByArn } from "../creds/role-policies";
import { resolveActingPrincipal, type ActingPrincipal } from "../authz/principal-policies";
import { loadResourceSide, trustPolicyName, type ResourceSide } from "../authz/resource-policies";
import { decideEachSide } from "../authz/decide-sides";
import { evaluateRequest, type Explanation, type PolicySet } from "../policy/evaluate";
import { compileStoredPolicySet, withStoredPolicies } from "../iam/stored-policies";
import { describeRef } from "../policy/explain";
import { summarizePolicySet, type PermissionsSummary } from "../policy/summary";
import { readTags } from "../iam/tags";
import { instanceArn } from "./ec2-context";
import { callerContext } from "../authz/call-context";
import { namedResourceColumns } from "./named-resources";
import { compilePolicyPattern } from "../policy/wildcard";
import type { z } from "zod";
import type { workloadRefSchema } from "./ec2-schemas";
import { evaluationRequestSchema } from "../authz/request-schemas";

export type WorkloadRef = z.infer<typeof workloadRefSchema>;

export type TrustView = { service: ComputeService; allowed: boolean; summary: string; deciding: string[]; code?: "AssumeRoleUnauthorizedAccess"; error?: string };

export type Workload = {
  kind: "instance" | "task";
  id: string;
  arn: string;
  name: string;
  accountId: string;
  state: string;
  service: ComputeService;
  profile: { name: string; arn: string; associationId: string } | null;
  role: { name: string; arn: string } | null;
  /** For tasks: the container instances' role, which the task does not use. */
  instanceRole: { name: string; arn: string; profile: string } | null;
  trust: TrustView | null;
  /** The session the application's credentials belong to; null when it gets none. */
  sessionArn: string | null;
  noCredentialsReason: string | null;
  policies: { name: string; kind: "identity" | "boundary" | "scp" }[];
};

type Loaded = { workload: Workload; principal: ActingPrincipal | null; sessionName: string; extraContext: Record<string, string> };

async function load(db: Db | Tx, ref: WorkloadRef, now: Date): Promise<Loaded> {
  let base: Omit<Workload, "trust" | "sessionArn" | "noCredentialsReason" | "policies">;
  let roleRow: Awaited<ReturnType<typeof db.role.findUnique>> = null;
  const extraContext: Record<string, string> = {};
  if (ref.kind === "instance") {
    const instance = await db.instance.findFirst({
      where: { id: ref.instanceId, accountId: ref.accountId },
      include: { associations: { where: { state: { in: ["associating", "associated"] } }, include: { instanceProfile: { include: { role: true } } } } },
    });
    if (!instance) throw new AppError("InvalidInstanceID.NotFound", `The instance ID '${ref.instanceId}' does not exist`);
    const current = instance.associations[0];
    roleRow = current?.instanceProfile.role ?? null;
    base = {
      kind: "instance",
      id: instance.id,
      arn: instanceArn(instance),
      name: readTags(instance.tags).find((t) => t.Key === "Name")?.Value ?? instance.id,
      accountId: instance.accountId,
      state: instance.state,
      service: "ec2.amazonaws.com",
      profile: current ? { name: current.instanceProfile.name, arn: arns.instanceProfile(current.instanceProfile.accountId, current.instanceProfile.path, current.instanceProfile.name), associationId: current.id } : null,
      role: roleRow ? { name: roleRow.name, arn: arns.role(roleRow.accountId, roleRow.path, roleRow.name) } : null,
      instanceRole: null,
    };
    // Instance credentials carry the instance they were delivered to.
    extraContext["ec2:SourceInstanceARN"] = base.arn;
  } else {
    const task = await db.ecsTask.findFirst({
      where: { id: ref.taskId, cluster: { accountId: ref.accountId } },
      include: { cluster: { include: { containerInstanceProfile: { include: { role: true } } } }, taskRole: true },
    });
    if (!task) throw new AppError("InvalidParameterValue", `The task ${ref.taskId} does not exist in account ${ref.accountId}`);
    roleRow = task.taskRole;
    const ip = task.cluster.containerInstanceProfile;
    base = {
      kind: "task",
      id: task.id,
      arn: arns.ecsTask(task.cluster.region, ref.accountId, task.cluster.name, task.id),
      name: task.taskDefinition,
      accountId: ref.accountId,
      state: task.lastStatus,
      service: "ecs-tasks.amazonaws.com",
      profile: null,
      role: roleRow ? { name: roleRow.name, arn: arns.role(roleRow.accountId, roleRow.path, roleRow.name) } : null,
      instanceRole: ip?.role ? { name: ip.role.name, arn: arns.role(ip.role.accountId, ip.role.path, ip.role.name), profile: ip.name } : null,
    };
  }
  const sessionName = base.id;
  if (!roleRow) {
    const reason = base.kind === "instance" ? (base.profile ? "The instance profile holds no role, so the instance gets no credentials." : "No instance profile is associated, so the instance gets no credentials.") : "The task has no task role, so its containers get no credentials.";
    return { workload: { ...base, trust: null, sessionArn: null, noCredentialsReason: reason, policies: [] }, principal: null, sessionName, extraContext };
  }
  const serviceTrust = evaluateServiceTrust(roleRow, base.service, now, true);
  const trust: TrustView = {
    service: base.service,
    allowed: serviceTrust.allowed,
    summary: "",
    deciding: serviceTrust.result?.decisive.map(describeRef) ?? [],
  };
  // In words, from the evaluator's typed result: who may assume, by which statements.
  trust.summary =
    serviceTrust.error ??
    (serviceTrust.allowed
      ? `${base.service} may assume ${roleRow.name}: ${trust.deciding.join("; ")} allows sts:AssumeRole.`
      : `The trust policy of ${roleRow.name} does not let ${base.service} call sts:AssumeRole${serviceTrust.result?.decision === "ExplicitDeny" ? ` (explicitly denied by ${trust.deciding.join("; ")})` : ""}.`);
  if (!serviceTrust.allowed) {
    trust.code = "AssumeRoleUnauthorizedAccess";
    if (serviceTrust.error) trust.error = serviceTrust.error;
  }
  const principal = await resolveActingPrincipal(db, arns.role(roleRow.accountId, roleRow.path, roleRow.name));
  const sessionArn = arns.assumedRole(roleRow.accountId, roleRow.name, sessionName);
  const policies: Workload["policies"] = [
    ...(principal.policies.identityPolicies ?? []).map((p) => ({ name: p.name, kind: "identity" as const })),
    ...(principal.policies.permissionsBoundary ? [{ name: principal.policies.permissionsBoundary.name, kind: "boundary" as const }] : []),
    ...(principal.policies.scps ?? []).flatMap((l) => l.policies.map((p) => ({ name: `${p.name} (${l.target})`, kind: "scp" as const }))),
  ];
  const noCredentialsReason = trust.allowed ? null : `${base.service} is not allowed to assume ${roleRow.name} (AssumeRoleUnauthorizedAccess): the ${base.kind} gets no credentials.`;
  return {
    workload: { ...base, trust, sessionArn: trust.allowed ? sessionArn : null, noCredentialsReason, policies },
    principal: { ...principal, callerArn: sessionArn },
    sessionName,
    extraContext,
  };
}

/** The chain and trust of an instance or task, without evaluating anything else. */
export async function describeWorkload(db: Db | Tx, ref: WorkloadRef, now: Date): Promise<Workload> {
  return (await load(db, ref, now)).workload;
}

/** The role's effective permissions by service and access level (what the application would have). */
export async function summarizeWorkload(db: Db | Tx, ref: WorkloadRef, now: Date): Promise<{ workload: Workload; summary: PermissionsSummary | null }> {
  const loaded = await load(db, ref, now);
  if (!loaded.principal) return { workload: loaded.workload, summary: null };
  return { workload: loaded.workload, summary: summarize(loaded.principal.policies) };
}

function summarize(policies: PolicySet): PermissionsSummary {
  return withStoredPolicies(() => summarizePolicySet({ identityPolicies: policies.identityPolicies, permissionsBoundary: policies.permissionsBoundary, scps: policies.scps }));
}

export type WorkloadAnswer = {
  action: string;
  resource: string;
  /** Set when the application has no credentials: nothing it asks is allowed. */
  noCredentials: string | null;
  decision: "Allow" | "ExplicitDeny" | "ImplicitDeny";
  summary: string;
  deciding: string[];
  explanation: Explanation | null;
  context: Record<string, string | string[]>;
};

function evaluateFor(loaded: Loaded, now: Date, action: string, resource: string, side: ResourceSide, explain: boolean, extra: Record<string, string | string[]> = {}) {
  const principal = loaded.principal!;
  const context = { ...callerContext(principal, now, loaded.sessionName), ...loaded.extraContext, ...extra };
  const compiled = compileStoredPolicySet({ ...principal.policies, resourcePolicy: side.policy, rcps: side.rcps });
  const result = evaluateRequest(compiled, { principal: principal.callerArn, action, resource, resourceAccount: side.account, context }, { explain });
  return { result, context };
}

/** "Can the application on this instance (task) do ACTION on RESOURCE?", with the evaluator's full explanation. */
export async function askWorkload(db: Db | Tx, ref: WorkloadRef, question: z.input<typeof evaluationRequestSchema>, now: Date): Promise<WorkloadAnswer> {
  const parsed = evaluationRequestSchema.safeParse(question);
  if (!parsed.success) throw new AppError("InvalidInput", parsed.error.issues[0].message);
  const { action, resource, context: extra } = parsed.data;
  const loaded = await load(db, ref, now);
  if (!loaded.principal) {
    return { action, resource, noCredentials: loaded.workload.noCredentialsReason, decision: "ImplicitDeny", summary: loaded.workload.noCredentialsReason ?? "No credentials.", deciding: [], explanation: null, context: {} };
  }
  const { result, context } = evaluateFor(loaded, now, action, resource, await loadResourceSide(db, action, resource, ref.accountId), true, extra);
  const noCredentials = loaded.workload.noCredentialsReason;
  return {
    action,
    resource,
    noCredentials,
    decision: noCredentials ? "ImplicitDeny" : result.decision,
    summary: noCredentials ? `${noCredentials} Were it to get them, the evaluator says: ${result.explanation!.summary}` : result.explanation!.summary,
    deciding: result.decisive.map(describeRef),
    explanation: result.explanation ?? null,
    context,
  };
}

export const defaultMatrixActions = ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "dynamodb:Scan", "iam:CreateUser", "iam:PassRole", "sts:AssumeRole"];

export type MatrixCell = { resource: string; decision: "Allow" | "ExplicitDeny" | "ImplicitDeny" | "n/a"; deciding: string[] };
export type AccessMatrix = { columns: { label: string; resource: string }[]; rows: { action: string; cells: MatrixCell[] }[]; noCredentials: string | null };

/** The resource a column stands for, for one action: a bucket column asks object actions about its objects. */
function cellResource(action: string, column: string): string | null {
  const bucket = /^arn:aws:s3:::([^/]+)$/.exec(column);
  if (!bucket) return column.startsWith("arn:aws:s3:::") && !action.toLowerCase().startsWith("s3:") ? null : column;
  if (!action.toLowerCase().startsWith("s3:")) return null;
  const types = findAction(action)?.resourceTypes.map((t) => t.name) ?? [];
  if (types.includes("object") && !types.includes("bucket")) return `${column}/*`;
  return column;
}

/**
 * Actions × resources, each cell decided by the evaluator with the resource's own policy. By
 * default the columns are the resources the role's own policies name (buckets, ARNs) and `*`.
 */
export async function workloadAccessMatrix(db: Db | Tx, ref: WorkloadRef, now: Date, choice: { actions?: string[]; resources?: string[] } = {}): Promise<AccessMatrix> {
  const loaded = await load(db, ref, now);
  const actions = choice.actions?.length ? choice.actions : defaultMatrixActions;
  let resources = choice.resources?.length ? choice.resources : undefined;
  resources ??= loaded.principal ? namedResourceColumns(compileStoredPolicySet(loaded.principal.policies)) : ["*"];
  const columns = resources.map((r) => ({ label: r.startsWith("arn:aws:s3:::") ? r.slice("arn:aws:s3:::".length) : r, resource: r }));
  const rows: AccessMatrix["rows"] = [];
  for (const action of actions) {
    const cells: MatrixCell[] = [];
    for (const column of resources) {
      const resource = cellResource(action, column);
      if (!resource) {
        cells.push({ resource: column, decision: "n/a", deciding: [] });
        continue;
      }
      if (!loaded.principal || loaded.workload.noCredentialsReason) {
        cells.push({ resource, decision: "ImplicitDeny", deciding: [] });
        continue;
      }
      const { result } = evaluateFor(loaded, now, action, resource, await loadResourceSide(db, action, resource, ref.accountId), false);
      cells.push({ resource, decision: result.decision, deciding: result.decisive.map(describeRef) });
    }
    rows.push({ action, cells });
  }
  return { columns, rows, noCredentials: loaded.workload.noCredentialsReason };
}

export type AssumeRolePreview = {
  caller: string;
  target: string;
  sessionName: string;
  /** The workload's own credentials come from a role session: assuming another role is role chaining. */
  chained: boolean;
  maxDurationSeconds: number;
  noCredentials: string | null;
  callerSide: { allowed: boolean; summary: string; deciding: string[]; nearest: string | null };
  trustSide: { allowed: boolean; summary: string; deciding: string[]; nearest: string | null };
  decision: "Allow" | "ExplicitDeny" | "ImplicitDeny";
  summary: string;
  session: { arn: string; summary: PermissionsSummary; matrix: AccessMatrix } | null;
};

/**
 * "Assume role…" from the workload: sts:AssumeRole to `targetRoleArn`, decided once by the
 * evaluator with the target's trust policy as the resource policy (cross-account: both sides must
 * allow; same account: the trust policy must name the caller or delegate to its account). Each side
 * is also shown alone (lib/authz/decide-sides.ts). A role session assuming a role is role chaining:
 * the new session lasts at most one hour.
 */
export async function previewAssumeRole(db: Db | Tx, ref: WorkloadRef, targetRoleArn: string, now: Date): Promise<AssumeRolePreview> {
  const loaded = await load(db, ref, now);
  const target = await findRoleByArn(db, targetRoleArn.trim());
  if (!target) throw new AppError("NoSuchEntity", `The workspace has no role ${targetRoleArn}.`);
  if (!loaded.principal) throw new AppError("InvalidInput", loaded.workload.noCredentialsReason ?? "The workload has no credentials to call AssumeRole with.");
  const principal = loaded.principal;
  const resource = arns.role(target.accountId, target.path, target.name);
  const sessionName = `${loaded.sessionName}-chain`;
  const side = await loadResourceSide(db, "sts:AssumeRole", resource, ref.accountId);
  const context = { ...callerContext(principal, now, loaded.sessionName), ...loaded.extraContext, "sts:RoleSessionName": sessionName };
  const sides = withStoredPolicies(() =>
    decideEachSide(principal.policies, { name: trustPolicyName(target.name), document: target.trustPolicy }, side.rcps, {
      principal: principal.callerArn,
      action: "sts:AssumeRole",
      resource,
      resourceAccount: target.accountId,
      context,
    }),
  );
  const noCredentials = loaded.workload.noCredentialsReason;
  const decision = noCredentials ? "ImplicitDeny" : sides.combined.decision;
  let session: AssumeRolePreview["session"] = null;
  if (decision === "Allow") {
    const targetPrincipal = await resolveActingPrincipal(db, resource);
    const sessionArn = arns.assumedRole(target.accountId, target.name, sessionName);
    session = {
      arn: sessionArn,
      summary: summarize(targetPrincipal.policies),
      matrix: await matrixFor(db, { ...targetPrincipal, callerArn: sessionArn }, sessionName, now),
    };
  }
  return {
    caller: principal.callerArn,
    target: resource,
    sessionName,
    chained: true,
    maxDurationSeconds: Math.min(3600, target.maxSessionDuration),
    noCredentials,
    callerSide: sides.callerSide,
    trustSide: sides.resourceSide,
    decision,
    summary: noCredentials ?? sides.combined.summary,
    session,
  };
}

async function matrixFor(db: Db | Tx, principal: ActingPrincipal, sessionName: string, now: Date): Promise<AccessMatrix> {
  const resources = namedResourceColumns(compileStoredPolicySet(principal.policies));
  const actions = ["s3:ListBucket", "s3:GetObject", "s3:PutObject"];
  const context = callerContext(principal, now, sessionName);
  const rows: AccessMatrix["rows"] = [];
  for (const action of actions) {
    const cells: MatrixCell[] = [];
    for (const column of resources) {
      const resource = cellResource(action, column);
      if (!resource) {
        cells.push({ resource: column, decision: "n/a", deciding: [] });
        continue;
      }
      const side = await loadResourceSide(db, action, resource, principal.accountId);
      const compiled = compileStoredPolicySet({ ...principal.policies, resourcePolicy: side.policy, rcps: side.rcps });
      const result = evaluateRequest(compiled, { principal: principal.callerArn, action, resource, resourceAccount: side.account, context });
      cells.push({ resource, decision: result.decision, deciding: result.decisive.map(describeRef) });
    }
    rows.push({ action, cells });
  }
  return { columns: resources.map((r) => ({ label: r.startsWith("arn:aws:s3:::") ? r.slice(13) : r, resource: r })), rows, noCredentials: null };
}

/** A role's permissions by service and access level, by ARN (the container instances' role, say). */
export async function summarizeRoleByArn(db: Db | Tx, roleArn: string): Promise<PermissionsSummary> {
  return summarize((await resolveActingPrincipal(db, roleArn)).policies);
}

/** A stored policy's document, whether kept as text or already parsed; undefined when unreadable. */
function readDocument(document: unknown): { Statement?: unknown } | undefined {
  if (typeof document !== "string") return document as { Statement?: unknown } | undefined;
  try {
    return JSON.parse(document) as { Statement?: unknown };
  } catch {
    return undefined;
  }
}

/** Statements' string-or-list elements as a list. */
function listOf(value: unknown): string[] {
  return typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * The roles the workload's role could try to assume, most likely first: those its own policies
 * name for sts:AssumeRole (by ARN, not by "*") and whose trust policy names it back — the
 * cross-account story's efgh for abcd — then those named on one side only, then the rest of the
 * workspace by account and name. The workload's own role is left out.
 */
export async function listAssumeRoleTargets(db: Db | Tx, ref: WorkloadRef, now: Date): Promise<{ arn: string; label: string; named: boolean }[]> {
  const loaded = await load(db, ref, now);
  const own = loaded.workload.role;
  const named = (loaded.principal?.policies.identityPolicies ?? []).flatMap((policy) => {
    const document = readDocument(policy.document);
    const statements = Array.isArray(document?.Statement) ? document.Statement : [document?.Statement];
    return statements.flatMap((s) => {
      const statement = (s ?? {}) as Record<string, unknown>;
      if (statement.Effect !== "Allow" || !listOf(statement.Action).some((a) => compilePolicyPattern(a, true)("sts:AssumeRole"))) return [];
      return listOf(statement.Resource).filter((r) => r !== "*").map((r) => compilePolicyPattern(r));
    });
  });
  const roles = await db.role.findMany({
    where: { account: { workspace: { accounts: { some: { id: ref.accountId } } } } },
    select: { accountId: true, path: true, name: true, nameKey: true, trustPolicy: true },
    orderBy: [{ accountId: "asc" }, { nameKey: "asc" }],
  });
  const scored = roles
    .map((r) => {
      const arn = arns.role(r.accountId, r.path, r.name);
      const callerNamesIt = named.some((match) => match(arn));
      const trustNamesCaller = own !== null && r.trustPolicy.includes(own.arn);
      return { arn, label: `${r.name} (${r.accountId})`, named: callerNamesIt, score: Number(callerNamesIt) * 2 + Number(trustNamesCaller) };
    })
    .filter((t) => t.arn !== own?.arn);
  // A stable sort keeps the account-and-name order within each score.
  return scored.sort((a, b) => b.score - a.score).map(({ arn, label, named }) => ({ arn, label, named }));
}
