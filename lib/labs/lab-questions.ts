/**
 * A lab's evaluator questions, answered through the decision path the console's policy simulator
 * uses (lib/simulation/simulate-batch.ts: the caller's complete policy set, the resource's own
 * policy, AWS's request keys for that caller, checkRequest) — a user, a role as a session, an
 * instance or a task through its role. A credential set an instance's metadata service handed out
 * is asked as `roleplay api` would decide a request signed with it: refused when revoked or
 * expired on the workspace clock, else the session's principal with aws:TokenIssueTime.
 * Every answer carries the layer trace and the deciding statements in the explainer's words.
 */
import type { Db, Tx } from "../db/create-client";
import { AppError, isAppError } from "../errors";
import { arns } from "../iam/arns";
import { accountClockNow } from "../creds/workspace-clock";
import { callerContext } from "../authz/call-context";
import { checkRequest, observeChecks, type AuthorizationCheck } from "../authz/authorize-call";
import { parsePrincipalArn, resolveSigningPrincipal } from "../authz/principal-policies";
import { loadResourceSide } from "../authz/resource-policies";
import { compileStoredPolicySet } from "../iam/stored-policies";
import { evaluateRequest, type Explanation } from "../policy/evaluate";
import { describeRef, policyKindWords, statementLabel } from "../policy/explain";
import { explainSimulatedRequest, type CallerSpec } from "../simulation/simulate-batch";
import { durationSeconds, type LabRequest, type LabStep } from "./lab-schema";
import { findRoleByName, findUserByName, requireInstanceByRef, requireTaskByRef } from "./lab-lookups";
import { describeStep, LabStepError, runStepsIn, withRollback, type StepOptions } from "./lab-steps";

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

/** One layer of the evaluation: a policy, whether it took part, and which of its statements applied. */
export type TraceLayer = {
  kind: "identity" | "resource" | "boundary" | "session" | "scp" | "rcp";
  policy: string;
  considered: boolean;
  /** Statements that matched the request, in the explainer's words ("Allow by statement 2 (Sid UseS3) of …"). */
  applied: string[];
  /** The layer in a sentence. */
  words: string;
};

export type LabAnswer = {
  /** Who asked, in words ("instance photos-app through role Get-pics"). */
  caller: string;
  callerArn: string | null;
  action: string;
  resource: string;
  decision: Decision;
  /** The explainer's sentence for the decision (lib/policy/explain.ts). */
  summary: string;
  deciding: string[];
  trace: TraceLayer[];
  /** What was missing and the closest statement, for a deny. */
  missing?: string;
  nearest?: { statement: string; failures: string[] };
};

const KIND_WORDS: Record<TraceLayer["kind"], string> = policyKindWords;

/** The explanation's policies as layers, each in a sentence. */
export function traceOf(explanation: Explanation): TraceLayer[] {
  return explanation.policies.map((p) => {
    const matched = p.statements.filter((s) => s.applied);
    const applied = matched.map((s) => `${s.effect} by ${describeRef(s.ref)}`);
    const name = `${KIND_WORDS[p.kind]} ${p.policy}${p.target ? ` (attached to ${p.target})` : ""}`;
    let words: string;
    if (!p.considered) words = `${name}: not considered — ${p.note ?? "it does not apply to this caller"}.`;
    else if (!matched.length) words = `${name}: no statement matches this request.`;
    else words = `${name}: ${matched.map((s) => `${statementLabel(s.ref)} ${s.effect === "Allow" ? "allows" : "denies"} it`).join("; ")}.`;
    return { kind: p.kind, policy: p.policy, considered: p.considered, applied, words };
  });
}

type Resolved =
  | { kind: "simulator"; accountId: string; spec: CallerSpec; label: string }
  | { kind: "credentials"; accountId: string; instanceId: string; label: string };

/** Reads a principal reference of a lab (lib/labs/lab-schema.ts principalRefSchema) in `account`. */
export async function resolvePrincipalRef(db: Db | Tx, ref: string, account: string): Promise<Resolved> {
  const text = ref.trim();
  if (text.startsWith("arn:")) {
    const parsed = parsePrincipalArn(text);
    if (!parsed || parsed.kind === "root") throw new AppError("InvalidInput", `${text} is not the ARN of an IAM user or role (the simulator asks as users, roles, instances and tasks)`);
    return { kind: "simulator", accountId: parsed.accountId, spec: { kind: parsed.kind, arn: text }, label: `${parsed.kind} ${parsed.name}` };
  }
  const credentials = /^credentials of instance (.+)$/.exec(text);
  if (credentials) {
    const instance = await requireInstanceByRef(db, account, credentials[1].trim());
    return { kind: "credentials", accountId: account, instanceId: instance.id, label: `credentials handed out by instance ${credentials[1].trim()}'s metadata service` };
  }
  const [, kind, name] = /^(user|role|instance|task) (.+)$/.exec(text) ?? [];
  if (kind === "user") {
    const user = await findUserByName(db, account, name);
    if (!user) throw new AppError("InvalidInput", `Account ${account} has no user ${name}.`);
    return { kind: "simulator", accountId: account, spec: { kind: "user", arn: arns.user(account, user.path, user.name) }, label: `user ${user.name}` };
  }
  if (kind === "role") {
    const role = await findRoleByName(db, account, name);
    if (!role) throw new AppError("InvalidInput", `Account ${account} has no role ${name}.`);
    return { kind: "simulator", accountId: account, spec: { kind: "role", arn: arns.role(account, role.path, role.name) }, label: `role ${role.name}` };
  }
  if (kind === "instance") {
    const instance = await requireInstanceByRef(db, account, name);
    return { kind: "simulator", accountId: account, spec: { kind: "instance", id: instance.id }, label: `instance ${name}` };
  }
  if (kind === "task") {
    const task = await requireTaskByRef(db, account, name);
    return { kind: "simulator", accountId: account, spec: { kind: "task", id: task.id }, label: `task ${task.taskDefinition}` };
  }
  throw new AppError("InvalidInput", `${text} is not a principal a lab can name`);
}

/** Strips the decision word the explainer starts its sentences with. */
export function withoutDecision(summary: string): string {
  return summary.replace(/^(Allow|ImplicitDeny|ExplicitDeny): /, "");
}

/**
 * Asks the evaluator one request of a lab. `account` is where names are looked up (the lab's
 * account unless the request says otherwise); `realNow` the real time (the workspace clock is
 * read from it).
 */
export async function askLabRequest(db: Db | Tx, request: LabRequest, account: string, realNow: Date = new Date()): Promise<LabAnswer> {
  const shifted = request.at ? new Date(realNow.getTime() + durationSeconds(request.at) * 1000) : realNow;
  const resolved = await resolvePrincipalRef(db, request.principal, request.account ?? account);
  if (resolved.kind === "credentials") return askWithCredentials(db, resolved, request, shifted);
  try {
    const { check, explanation } = await explainSimulatedRequest(
      db,
      { accountId: resolved.accountId, caller: resolved.spec, action: request.action, resource: request.resource, context: { set: request.context ?? {}, unset: [] } },
      shifted,
    );
    return answerFrom(resolved.label, check, explanation);
  } catch (error) {
    // An instance or task without a role: the simulator refuses to ask, AWS would refuse the call.
    if (isAppError(error) && error.code === "InvalidInput" && (resolved.spec.kind === "instance" || resolved.spec.kind === "task")) {
      return { caller: resolved.label, callerArn: null, action: request.action, resource: request.resource, decision: "ImplicitDeny", summary: error.message, deciding: [], trace: [] };
    }
    throw error;
  }
}

function answerFrom(caller: string, check: AuthorizationCheck, explanation: Explanation | null): LabAnswer {
  return {
    caller,
    callerArn: check.principal,
    action: check.action,
    resource: check.resource,
    decision: check.decision,
    summary: check.summary,
    deciding: check.deciding,
    trace: explanation ? traceOf(explanation) : [],
    ...(check.missing ? { missing: check.missing } : {}),
    ...(check.nearest ? { nearest: check.nearest } : {}),
  };
}

async function askWithCredentials(db: Db | Tx, resolved: Extract<Resolved, { kind: "credentials" }>, request: LabRequest, realNow: Date): Promise<LabAnswer> {
  const sets = await db.roleSession.findMany({ where: { source: "instance", sourceId: resolved.instanceId }, orderBy: [{ issuedAt: "asc" }, { accessKeyId: "asc" }] });
  const stored = request.set === "latest" ? sets.at(-1) : sets[0];
  if (!stored) throw new AppError("InvalidInput", `The metadata service of instance ${resolved.instanceId} has handed out no credentials yet.`);
  const now = await accountClockNow(db, stored.accountId, realNow);
  const label = `the ${request.set === "latest" ? "latest" : "first"} credential set (${stored.accessKeyId}) ${resolved.label.replace(/^credentials /, "")}`;
  const refused = (summary: string): LabAnswer => ({ caller: label, callerArn: stored.assumedRoleArn, action: request.action, resource: request.resource, decision: "ImplicitDeny", summary, deciding: [], trace: [] });
  if (stored.revokedAt) return refused(`the set was revoked at ${stored.revokedAt.toISOString()}: every request signed with it is refused (InvalidClientTokenId) before any policy is read.`);
  if (now.getTime() >= stored.expiresAt.getTime()) {
    return refused(`the set expired at ${stored.expiresAt.toISOString()} and the workspace clock reads ${now.toISOString()}: every request signed with it is refused (ExpiredToken) before any policy is read.`);
  }
  let principal;
  try {
    const { sessionTokenHash: _digest, ...rest } = stored;
    principal = await resolveSigningPrincipal(db, { kind: "session", accessKeyId: stored.accessKeyId, accountId: stored.accountId, arn: stored.assumedRoleArn, session: { ...rest, sessionToken: "" } });
  } catch (error) {
    if (isAppError(error)) return refused(error.message);
    throw error;
  }
  const side = await loadResourceSide(db, request.action, request.resource, principal.accountId);
  const context = { ...callerContext(principal, now), ...(request.context ?? {}) };
  const compiled = compileStoredPolicySet({ ...principal.policies, resourcePolicy: side.policy, rcps: side.rcps });
  const check = checkRequest(principal, { action: request.action, resource: request.resource, resourceAccount: side.account, resourcePolicy: side.policy, rcps: side.rcps, context }, compiled);
  const explanation = evaluateRequest(compiled, { principal: principal.callerArn, action: request.action, resource: request.resource, resourceAccount: side.account, context }, { explain: true }).explanation!;
  const validity = ` The set itself is still valid: it expires at ${stored.expiresAt.toISOString()} and the workspace clock reads ${now.toISOString()}.`;
  return { ...answerFrom(label, check, explanation), summary: `${check.summary}${validity}` };
}

/** What a command would do, found by running it and rolling it back, with every authorization check it made. */
export type DryRun = {
  step: string;
  succeeded: boolean;
  /** The AWS CLI's error line when it failed. */
  error?: string;
  code?: string;
  checks: AuthorizationCheck[];
};

/** Runs `step` in a transaction that is rolled back, observing every authorization check. */
export async function dryRunStep(db: Db, step: LabStep, options: StepOptions): Promise<DryRun> {
  const checks: AuthorizationCheck[] = [];
  const outcome = await withRollback(db, (tx) => observeChecks((check) => checks.push(check), () => runStepsIn(tx, [step], options)));
  if (outcome.ok) return { step: describeStep(step), succeeded: true, checks };
  if (outcome.error instanceof LabStepError) return { step: describeStep(step), succeeded: false, error: outcome.error.reason, code: outcome.error.code, checks };
  throw outcome.error;
}

/** A dry run's outcome as an answer: Allow when every check allowed, else the first refused check's decision. */
export function answerFromDryRun(run: DryRun): LabAnswer & { succeeded: boolean; error?: string; checks: LabCheckLine[] } {
  const refused = run.checks.find((c) => !c.allowed);
  const decision: Decision = refused?.decision ?? (run.succeeded ? "Allow" : "ImplicitDeny");
  const shown = refused ?? run.checks.at(-1);
  const lines = run.checks.map(checkLine);
  return {
    caller: shown?.principal ?? "",
    callerArn: shown?.principal ?? null,
    action: shown?.action ?? "",
    resource: shown?.resource ?? "",
    decision,
    summary: refused ? refused.summary : run.succeeded ? (lines.length ? `Allow: the command succeeds; every permission it checked was allowed (${lines.length}).` : "Allow: the command succeeds; no permission stands in its way.") : (run.error ?? "The command failed."),
    deciding: shown?.deciding ?? [],
    trace: [],
    ...(refused?.missing ? { missing: refused.missing } : {}),
    ...(refused?.nearest ? { nearest: refused.nearest } : {}),
    succeeded: run.succeeded,
    ...(run.error ? { error: run.error } : {}),
    checks: lines,
  };
}

/** One authorization check a command made, in a line. */
export type LabCheckLine = { action: string; resource: string; decision: Decision; words: string };

function checkLine(check: AuthorizationCheck): LabCheckLine {
  const words = check.allowed
    ? `${check.action} on ${check.resource}: Allow by ${check.deciding.join("; ") || "(no statement needed)"}`
    : `${check.action} on ${check.resource}: ${check.decision}${check.decision === "ExplicitDeny" ? ` by ${check.deciding.join("; ")}` : check.nearest ? ` — nearest statement: ${check.nearest.statement} (${check.nearest.failures.join("; ")})` : " — no statement allows it"}`;
  return { action: check.action, resource: check.resource, decision: check.decision, words };
}
