/**
 * A lab's checks, each answered on the workspace as it is now: evaluator questions (through the
 * console simulator's decision path, lib/labs/lab-questions.ts), commands run and rolled back,
 * and facts of the model (profiles, PassRole grants, trust, metadata options, access keys, task
 * roles). Every check answers pass or fail with a detail a trainee can act on; a check that names
 * something the workspace does not hold fails, saying so. Nothing here writes.
 */
import path from "node:path";
import type { Db } from "../db/create-client";
import { AppError, isAppError } from "../errors";
import { arns } from "../iam/arns";
import { accountClockNow } from "../creds/workspace-clock";
import { evaluateServiceTrust, type ComputeService } from "../creds/service-trust";
import { callerContext, serviceAssumeRoleRequest } from "../authz/call-context";
import { administratorOf, loadOrgPolicyLevels, parsePrincipalArn, resolveActingPrincipal, type ActingPrincipal } from "../authz/principal-policies";
import { decideEachSide } from "../authz/decide-sides";
import { loadResourceSide, trustPolicyName } from "../authz/resource-policies";
import { describeWorkload } from "../compute/workload-permissions";
import { compilePolicySet, evaluateRequest } from "../policy/evaluate";
import { describeRef } from "../policy/explain";
import { simulateBatch } from "../simulation/simulate-batch";
import { withStoredPolicies } from "../iam/stored-policies";
import type { ExpectedDecision, LabCheck, LoadedLab } from "./lab-schema";
import { askLabRequest, answerFromDryRun, dryRunStep, resolvePrincipalRef, withoutDecision, type Decision } from "./lab-questions";
import { currentAssociation, findRoleByName, findUserByName, requireInstanceByRef, requireTaskByRef } from "./lab-lookups";

export type CheckOutcome = { pass: boolean; detail: string };

export type CheckOptions = { realNow: Date; actor: string };

/** Whether a decision meets an expectation ("Deny" is either deny). */
export function decisionMatches(expect: ExpectedDecision, decision: Decision): boolean {
  return expect === decision || (expect === "Deny" && decision !== "Allow");
}

/** The services a PassRole grant is asked about when a check names none. */
export const defaultPassRoleServices = ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "lambda.amazonaws.com"];

/** A role name no workspace holds: a grant that reaches it reaches roles not created yet. */
const unseenRole = "roleplay-lab-any-other-role";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A sentence with a remark before its full stop. */
const sentence = (words: string, remark: string) => `${words.replace(/\.$/, "")}${remark}.`;

/** Answers one check of `lab` on the workspace in `db`. */
export async function answerCheck(db: Db, lab: LoadedLab, check: LabCheck, options: CheckOptions): Promise<CheckOutcome> {
  try {
    return await answer(db, lab, check, options);
  } catch (error) {
    // A name the workspace does not hold, a damaged policy: the check fails and says why.
    if (isAppError(error)) return { pass: false, detail: error.message };
    throw error;
  }
}

async function answer(db: Db, lab: LoadedLab, check: LabCheck, options: CheckOptions): Promise<CheckOutcome> {
  const account = ("account" in check && check.account) || lab.account;
  switch (check.kind) {
    case "decision": {
      const result = await askLabRequest(db, check, lab.account, options.realNow);
      const pass = decisionMatches(check.expect, result.decision);
      return { pass, detail: `${result.decision}${pass ? "" : ` (expected ${check.expect})`} — ${withoutDecision(result.summary)}` };
    }
    case "operation": {
      const run = await dryRunStep(db, check.run, { account: lab.account, actor: options.actor, baseDir: path.dirname(lab.file), realNow: () => options.realNow });
      const answerOf = answerFromDryRun(run);
      const made = answerOf.checks.map((c) => c.words).join("; ");
      if (run.succeeded) {
        const pass = check.expect === "succeeds";
        return { pass, detail: `${pass ? "Succeeds" : "Succeeds (expected it to fail)"} — tried and rolled back; checks made: ${made || "none"}` };
      }
      const codeMatches = !check.error || run.code === check.error;
      const pass = check.expect === "fails" && codeMatches;
      const expected = check.expect === "succeeds" ? " (expected it to succeed)" : codeMatches ? "" : ` (expected ${check.error})`;
      // EC2's encoded authorization message is for machines; the explanation after it says the same in words.
      return { pass, detail: `Fails${expected} — ${(run.error ?? "").replace(/ Encoded authorization failure message: \S+/, "")}` };
    }
    case "role-instance-profiles": {
      const role = await findRoleByName(db, account, check.role);
      if (!role) return { pass: check.count === 0, detail: `Account ${account} has no role ${check.role}.` };
      const profiles = await db.instanceProfile.findMany({ where: { roleId: role.id }, orderBy: { nameKey: "asc" }, select: { name: true } });
      const pass = profiles.length === check.count;
      const names = profiles.map((p) => p.name).join(", ");
      return { pass, detail: `Role ${role.name} is in ${plural(profiles.length, "instance profile")}${names ? ` (${names})` : ""}${pass ? "" : `; expected ${check.count}`}.` };
    }
    case "pass-role-only":
      return passRoleOnly(db, check, account, options.realNow);
    case "instance-role": {
      const instance = await requireInstanceByRef(db, account, check.instance);
      const association = await currentAssociation(db, instance.id);
      const role = association?.instanceProfile.role?.name ?? null;
      const pass = role === check.role;
      const has = association ? (role ? `carries role ${role} through instance profile ${association.instanceProfile.name}` : `has instance profile ${association.instanceProfile.name}, which holds no role`) : "has no instance profile";
      return { pass, detail: `Instance ${check.instance} (${instance.id}, ${instance.state}) ${has}${pass ? "" : check.role ? `; expected role ${check.role}` : "; expected no role"}.` };
    }
    case "instance-metadata": {
      const instance = await requireInstanceByRef(db, account, check.instance);
      const pass = instance.httpTokens === check.httpTokens;
      const words = instance.httpTokens === "required" ? "IMDSv2 only: a request without a session token gets 401" : "IMDSv1 allowed: a plain GET (an SSRF through the application) gets the role's credentials";
      return { pass, detail: `Instance ${check.instance} (${instance.id}) has HttpTokens=${instance.httpTokens} — ${words}${pass ? "" : `; expected ${check.httpTokens}`}.` };
    }
    case "no-imdsv1": {
      const instances = await db.instance.findMany({ where: { accountId: account, state: { notIn: ["terminated", "shutting-down"] } }, select: { id: true, tags: true, state: true, httpTokens: true }, orderBy: { launchedAt: "asc" } });
      const open = instances.filter((i) => i.httpTokens !== "required");
      const name = (tags: string) => (JSON.parse(tags) as { Key: string; Value: string }[]).find((t) => t.Key === "Name")?.Value;
      if (!open.length) return { pass: true, detail: `All ${plural(instances.length, "instance")} of ${account} not terminated require IMDSv2 (HttpTokens=required).` };
      return { pass: false, detail: `${open.map((i) => `${name(i.tags) ?? i.id} (${i.id}, ${i.state})`).join(", ")} still ${open.length === 1 ? "accepts" : "accept"} IMDSv1 requests (HttpTokens=optional).` };
    }
    case "trust":
      return trustCheck(db, check, account, lab.account, options.realNow);
    case "caller-side":
      return callerSide(db, check, account, options.realNow);
    case "access-keys": {
      const user = await findUserByName(db, account, check.user);
      if (!user) return { pass: check.active === 0, detail: `Account ${account} has no user ${check.user}, so no access key of it exists.` };
      const keys = await db.accessKey.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" }, select: { accessKeyId: true, status: true } });
      const active = keys.filter((k) => k.status === "Active");
      const pass = active.length === check.active;
      const listed = keys.map((k) => `${k.accessKeyId} (${k.status})`).join(", ");
      return { pass, detail: `User ${user.name} holds ${plural(active.length, "active access key")}${listed ? `: ${listed}` : ""}${pass ? "" : `; expected ${check.active}`}.` };
    }
    case "task-role": {
      const task = await requireTaskByRef(db, account, check.task);
      const role = task.taskRole?.name ?? null;
      const pass = role === check.role;
      return { pass, detail: `Task ${task.taskDefinition} (${task.id}, ${task.lastStatus}) ${role ? `runs with task role ${role}` : "has no task role"}${pass ? "" : check.role ? `; expected ${check.role}` : "; expected none"}.` };
    }
    case "workload-credentials": {
      const resolved = await resolvePrincipalRef(db, check.principal, account);
      if (resolved.kind !== "simulator" || (resolved.spec.kind !== "instance" && resolved.spec.kind !== "task")) return { pass: false, detail: `${check.principal} is not an instance or a task.` };
      const now = await accountClockNow(db, resolved.accountId, options.realNow);
      const ref = resolved.spec.kind === "instance" ? { kind: "instance" as const, accountId: resolved.accountId, instanceId: resolved.spec.id } : { kind: "task" as const, accountId: resolved.accountId, taskId: resolved.spec.id };
      const workload = await describeWorkload(db, ref, now);
      const gets = workload.noCredentialsReason === null;
      const words = gets ? `gets credentials for role ${workload.role!.name}: ${workload.trust!.summary}` : workload.noCredentialsReason!;
      return { pass: gets === check.expect, detail: `${resolved.label}: ${words}` };
    }
  }
}

type PassRoleCheck = Extract<LabCheck, { kind: "pass-role-only" }>;

/** Asks the evaluator, for every role of the account and one not created yet, whether the principal may pass it. */
async function passRoleOnly(db: Db, check: PassRoleCheck, account: string, realNow: Date): Promise<CheckOutcome> {
  const resolved = await resolvePrincipalRef(db, check.principal, account);
  if (resolved.kind !== "simulator" || (resolved.spec.kind !== "user" && resolved.spec.kind !== "role")) return { pass: false, detail: `${check.principal} is not a user or a role.` };
  const roles = await db.role.findMany({ where: { accountId: resolved.accountId }, orderBy: { nameKey: "asc" }, select: { name: true, path: true } });
  // Roles not created yet, named like the allowed ones too: a wildcard such as role/Get-* or
  // role/*-pics passes the role asked for and every role someone names alike later.
  const existing = new Set(roles.map((r) => r.name.toLowerCase()));
  const lookalikes = check.roles.flatMap((name) => [`${name}-2`, `x${name}`]).filter((name) => name.length <= 64 && !existing.has(name.toLowerCase()));
  const later = [unseenRole, ...lookalikes].map((name) => ({ name: name === unseenRole ? "any role created later" : `a role named ${name} created later`, arn: arns.role(resolved.accountId, "/", name) }));
  const targets = [...roles.map((r) => ({ name: r.name, arn: arns.role(resolved.accountId, r.path, r.name) })), ...later];
  const services = check.services ?? defaultPassRoleServices;
  // Role name → the services it may be passed to, and the statements that allow it.
  const passable = new Map<string, { services: string[]; deciding: Set<string> }>();
  for (const service of services) {
    for (let i = 0; i < targets.length; i += 50) {
      const chunk = targets.slice(i, i + 50);
      const result = await simulateBatch(db, { accountId: resolved.accountId, caller: resolved.spec, actions: ["iam:PassRole"], resources: chunk.map((t) => t.arn), context: { set: { "iam:PassedToService": service }, unset: [] } }, realNow);
      result.rows.forEach((row, j) => {
        if (row.decision !== "Allow") return;
        const entry = passable.get(chunk[j].name) ?? { services: [], deciding: new Set<string>() };
        entry.services.push(service);
        for (const d of row.deciding) entry.deciding.add(d);
        passable.set(chunk[j].name, entry);
      });
    }
  }
  const wanted = new Set(check.roles);
  const missing = check.roles.filter((name) => !passable.has(name));
  const anyLater = passable.has("any role created later");
  // "Any role created later" already says it of the look-alikes.
  const extra = [...passable.keys()].filter((name) => !wanted.has(name) && !(anyLater && name.startsWith("a role named ")));
  const asked = `asked about ${plural(roles.length, "role")} of ${resolved.accountId} and ${plural(later.length, "role")} not created yet, passed to ${services.join(", ")}`;
  if (!missing.length && !extra.length) {
    const may = check.roles.map((name) => `${name} (to ${passable.get(name)!.services.join(", ")})`).join(", ");
    return { pass: true, detail: `${resolved.label} may pass ${may || "no role"} and no other role — ${asked}.` };
  }
  const problems: string[] = [];
  if (extra.length) {
    const by = new Set(extra.flatMap((name) => [...passable.get(name)!.deciding]));
    // Roles passable to the same services are named together.
    const groups = new Map<string, string[]>();
    for (const name of extra) {
      const to = passable.get(name)!.services.join(", ");
      groups.set(to, [...(groups.get(to) ?? []), name]);
    }
    const listed = [...groups].map(([to, names]) => `${names.join(", ")} (to ${to})`).join("; ");
    problems.push(`may also pass ${listed}, allowed by ${[...by].join("; ")}`);
  }
  if (missing.length) problems.push(`may not pass ${missing.join(", ")}`);
  return { pass: false, detail: `${resolved.label} ${problems.join("; and ")} — ${asked}.` };
}

type CallerSideCheck = Extract<LabCheck, { kind: "caller-side" }>;

// Stands in for a resource without a policy of its own: only the caller's side is read.
const anyPrincipal = { name: "(no resource-based policy)", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] } };

/** The caller's side of a request alone (lib/authz/decide-sides.ts): its own policies decide, as if the resource's policy allowed it. */
async function callerSide(db: Db, check: CallerSideCheck, account: string, realNow: Date): Promise<CheckOutcome> {
  const principal = await actingPrincipalOf(db, check.principal, account, realNow);
  const now = await accountClockNow(db, principal.accountId, realNow);
  const side = await loadResourceSide(db, check.action, check.resource, principal.accountId);
  const sides = withStoredPolicies(() =>
    decideEachSide(principal.policies, side.policy ?? anyPrincipal, side.rcps, {
      principal: principal.callerArn,
      action: check.action,
      resource: check.resource,
      resourceAccount: side.account,
      context: { ...callerContext(principal, now), ...(check.context ?? {}) },
    }),
  );
  const allowed = sides.callerSide.allowed;
  const nearest = !allowed && sides.callerSide.nearest ? ` — nearest statement: ${sides.callerSide.nearest}` : "";
  const expectation = allowed === check.expect ? "" : check.expect ? " (expected it to allow)" : " (expected it not to)";
  return { pass: allowed === check.expect, detail: sentence(`${check.principal}: ${sides.callerSide.summary.replace(/\.$/, "")}${nearest}`, expectation) };
}

type TrustCheck = Extract<LabCheck, { kind: "trust" }>;

async function trustCheck(db: Db, check: TrustCheck, account: string, labAccount: string, realNow: Date): Promise<CheckOutcome> {
  const role = await findRoleByName(db, account, check.role);
  if (!role) return { pass: !check.expect, detail: `Account ${account} has no role ${check.role}.` };
  const roleArn = arns.role(role.accountId, role.path, role.name);
  const now = await accountClockNow(db, role.accountId, realNow);
  const verdict = (allowed: boolean, words: string): CheckOutcome => ({ pass: allowed === check.expect, detail: sentence(words, allowed === check.expect ? "" : check.expect ? " (expected it to)" : " (expected it not to)") });
  if (/\.amazonaws\.com$/.test(check.trusts)) {
    const service = check.trusts;
    let allowed: boolean;
    let deciding: string[];
    if (service === "ec2.amazonaws.com" || service === "ecs-tasks.amazonaws.com") {
      const trust = evaluateServiceTrust(role, service as ComputeService, now, true);
      if (trust.error) return verdict(false, `The trust policy of ${role.name} cannot be read: ${trust.error}`);
      allowed = trust.allowed;
      deciding = trust.result?.decisive.map(describeRef) ?? [];
    } else {
      const result = withStoredPolicies(() => evaluateRequest(compilePolicySet({ resourcePolicy: { name: trustPolicyName(role.name), document: role.trustPolicy } }), serviceAssumeRoleRequest(service, { arn: roleArn, accountId: role.accountId }, now)));
      allowed = result.decision === "Allow";
      deciding = result.decisive.map(describeRef);
    }
    return verdict(allowed, allowed ? `The trust policy of ${role.name} lets ${service} assume it (${deciding.join("; ")}).` : `The trust policy of ${role.name} does not let ${service} assume it${deciding.length ? ` (explicitly denied by ${deciding.join("; ")})` : ""}.`);
  }
  const principal = await actingPrincipalOf(db, check.trusts, check.trustsAccount ?? labAccount, realNow);
  const rcps = await loadOrgPolicyLevels(db, role.accountId, "RCP");
  const sides = withStoredPolicies(() =>
    decideEachSide(principal.policies, { name: trustPolicyName(role.name), document: role.trustPolicy }, rcps, {
      principal: principal.callerArn,
      action: "sts:AssumeRole",
      resource: roleArn,
      resourceAccount: role.accountId,
      context: callerContext(principal, now),
    }),
  );
  const caller = principal.kind === "root" ? `the root of ${principal.accountId}` : `${principal.kind} ${principal.name}${principal.accountId !== role.accountId ? ` of ${principal.accountId}` : ""}`;
  const words = sides.resourceSide.allowed
    ? `The trust policy of ${role.name} lets ${caller} assume it (${sides.resourceSide.deciding.join("; ")}).`
    : `The trust policy of ${role.name} does not let ${caller} assume it${sides.resourceSide.nearest ? ` — nearest statement: ${sides.resourceSide.nearest}` : ""}.`;
  return verdict(sides.resourceSide.allowed, words);
}

/** A principal a check names, as it would call (an instance or task through its role's session). */
async function actingPrincipalOf(db: Db, ref: string, account: string, realNow: Date): Promise<ActingPrincipal> {
  if (ref.startsWith("arn:")) {
    const parsed = parsePrincipalArn(ref);
    if (parsed?.kind === "root") return administratorOf(db, parsed.accountId);
    return resolveActingPrincipal(db, ref);
  }
  const resolved = await resolvePrincipalRef(db, ref, account);
  if (resolved.kind !== "simulator") throw new AppError("InvalidInput", "A credential set is not a principal a trust policy names; name the instance or its role.");
  if (resolved.spec.kind === "user" || resolved.spec.kind === "role") return resolveActingPrincipal(db, resolved.spec.arn);
  if (resolved.spec.kind === "instance" || resolved.spec.kind === "task") {
    const now = await accountClockNow(db, resolved.accountId, realNow);
    const workload = await describeWorkload(db, resolved.spec.kind === "instance" ? { kind: "instance", accountId: resolved.accountId, instanceId: resolved.spec.id } : { kind: "task", accountId: resolved.accountId, taskId: resolved.spec.id }, now);
    if (!workload.role) throw new AppError("InvalidInput", `${resolved.label} has no role: ${workload.noCredentialsReason}`);
    const principal = await resolveActingPrincipal(db, workload.role.arn);
    return { ...principal, callerArn: arns.assumedRole(principal.accountId, principal.name, workload.id) };
  }
  throw new TypeError(`unexpected principal ${ref}`);
}
