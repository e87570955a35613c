/**
 * Findings from the escalation graph and from trust policies, beside the PassRole ones
 * (./findings.ts), in the same shape and wording on every door (console, JSON, CSV):
 * - "escalation-path": a principal that is not an administrator but can become one, hop by hop;
 * - "external-trust": a trust policy that lets a principal of another account in (or anyone), with
 *   only the keys AWS sets on the request — no sts:ExternalId, no organization condition — as IAM
 *   Access Analyzer reports external access;
 * - "confused-deputy": a service trust that does not pin aws:SourceAccount or aws:SourceArn, so the
 *   service acting for another account could assume the role;
 * - "admin-reachable": an administrator many principals can become.
 * Every "can" is an evaluator decision.
 */
import { awsTime, type Context } from "../authz/call-context";
import { compilePolicy, evaluateRequest, statementMatchesAction, type CompiledPolicySet } from "../policy/evaluate";
import { statementLabel } from "../policy/explain";
import { ADMIN_NODE, type EscalationGraph } from "./escalation-graph";
import { SERVICE_LAUNCHES } from "./escalation-methods";
import { pathsToAdmin, type EscalationHop, type EscalationPath } from "./escalation-paths";
import { byFinding, type FindingHop, type ReviewFinding } from "./findings";
import type { ReviewInput, ReviewRole } from "./review-input";
import type { ReviewContext } from "./review-pass-role";

/** An administrator reachable by at least this many principals is a finding. */
export const MANY_PRINCIPALS = 5;

/** An account no input holds: the caller "from elsewhere" external-access checks ask as. */
const ELSEWHERE = "999999999999";

/**
 * Services that only run a role someone handed them with iam:PassRole, which AWS allows only within
 * the role's own account: another account cannot make them act with it, so no confused deputy.
 */
const PASSED_ONLY = new Set(SERVICE_LAUNCHES.map((s) => s.service));

const nameOf = (arn: string) => (arn === ADMIN_NODE ? "admin" : arn.slice(arn.lastIndexOf("/") + 1));
const accountOf = (arn: string) => arn.split(":")[4] ?? "";
const list = (items: string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface EscalationFindingOptions {
  /** Only findings about principals and roles of these accounts (the console's one account); all by default. */
  accounts?: readonly string[];
  now: Date;
}

/** The findings, most severe first (then by title). */
export function escalationFindings(graph: EscalationGraph, input: ReviewInput, review: ReviewContext, options: EscalationFindingOptions): ReviewFinding[] {
  const inScope = (arn: string) => !options.accounts || options.accounts.includes(accountOf(arn));
  const findings: ReviewFinding[] = [];
  const paths = pathsToAdmin(graph);
  // AWS alone uses a service-linked role (and sets its policies): its paths are no reviewer's to fix.
  for (const path of paths) if (inScope(path.from) && !path.from.includes(":role/aws-service-role/")) findings.push(pathFinding(path));
  findings.push(...reachableAdmins(graph, paths, inScope));
  for (const role of input.roles) {
    if (!inScope(role.arn)) continue;
    findings.push(...externalTrust(role, input, review, options.now));
    const deputy = confusedDeputy(role, review, options.now);
    if (deputy) findings.push(deputy);
  }
  return findings.sort(byFinding);
}

// ---- escalation paths ----

/** The statements behind a hop (those of the caller's own policies when there are), or behind one of its actions. */
function evidenceWords(h: EscalationHop, action?: string): string {
  const relevant = action ? h.evidence.filter((e) => e.actions.includes(action)) : h.evidence;
  const own = relevant.filter((e) => e.kind === "identity");
  const shown = (own.length ? own : relevant).map((e) => `${e.policy} ${statementLabel(e)}`);
  return list(shown);
}

/** One hop in plain words. */
export function hopSentence(h: EscalationHop): string {
  const from = nameOf(h.from);
  const to = nameOf(h.to);
  const actions = h.method.split("+");
  const how = (() => {
    if (h.method === "sts:AssumeRole") return `${from} may assume ${to}`;
    if (actions[0] === "iam:PassRole") {
      const service = SERVICE_LAUNCHES.find((s) => s.service === h.service);
      return `${from} may pass ${to} to ${service?.label ?? h.service} and ${service ? service.how.replace(/the role/g, to) : `call ${list(actions.slice(1))}`} (${list(actions.slice(1))})`;
    }
    if (actions[0] === "iam:UpdateAssumeRolePolicy") return `${from} may rewrite the trust policy of ${to} to name itself, then assume it`;
    if (["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"].includes(h.method)) {
      return `${from} may ${h.method === "iam:CreateAccessKey" ? "create an access key" : h.method === "iam:CreateLoginProfile" ? "create a console password" : "change the console password"} for ${to} (${h.method}) and sign in as ${to}`;
    }
    if (h.method.startsWith("ssm:") || h.method.startsWith("ec2-instance-connect:")) return `${from} may run commands on instance ${nameOf(h.via ?? "")} (${h.method}), which runs as ${to}`;
    if (h.method === "ecs:ExecuteCommand") return `${from} may run commands in task ${nameOf(h.via ?? "")} (ecs:ExecuteCommand), which runs as ${to}`;
    if (h.to === ADMIN_NODE) {
      const target = h.via ? ` on ${nameOf(h.via)}` : " on itself";
      return `${from} may give itself any permission (${h.method}${target})`;
    }
    return `${from} may ${h.method} to act as ${to}`;
  })();
  return `${how}, allowed by ${evidenceWords(h)}`;
}

/** How to break one hop. */
function hopFix(h: EscalationHop): string {
  const from = nameOf(h.from);
  const to = nameOf(h.to);
  const statements = evidenceWords(h);
  const first = h.method.split("+")[0];
  if (h.method === "sts:AssumeRole") return `Name in the trust policy of ${to} only the principals that must assume it, or remove sts:AssumeRole on ${to} from ${from}'s policies (${statements}).`;
  if (first === "iam:PassRole") return `Narrow the Resource of iam:PassRole in ${evidenceWords(h, "iam:PassRole")} to the roles ${from} must pass, with an iam:PassedToService condition; or trim ${to} to what ${from} may already do.`;
  if (first === "iam:UpdateAssumeRolePolicy") return `Remove iam:UpdateAssumeRolePolicy from ${evidenceWords(h, first)}, or limit its Resource to roles no more powerful than ${from}.`;
  if (["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"].includes(h.method)) {
    return `Limit ${h.method} in ${statements} to ${from}'s own user ("Resource": "arn:aws:iam::${accountOf(h.from)}:user/\${aws:username}").`;
  }
  if (h.to === ADMIN_NODE) return `Remove ${h.method.split("+").join(" and ")} from ${statements}, or give ${from} a permissions boundary it cannot change.`;
  return `Remove ${h.method.split("+").join(" and ")} from ${statements}, or limit it to workloads whose role is no more powerful than ${from}.`;
}

function toFindingHop(h: EscalationHop): FindingHop {
  return {
    from: h.from,
    to: h.to,
    method: h.method,
    evidence: h.evidence.map((e) => ({ policy: e.policy, statement: e.statement, kind: e.kind, ...(e.sid ? { sid: e.sid } : {}), actions: e.actions })),
    assumes: h.assumes,
    ...(h.via ? { via: h.via } : {}),
  };
}

function pathFinding(path: EscalationPath): ReviewFinding {
  const who = nameOf(path.from);
  const chain = [who, ...path.hops.map((h) => nameOf(h.to))].join(" → ");
  const last = path.hops[path.hops.length - 1];
  const end = path.to === ADMIN_NODE ? "any permission it grants itself" : `${nameOf(path.to)}, an administrator`;
  const assumed = [...new Set(path.hops.flatMap((h) => h.assumes))];
  const first = path.hops[0];
  return {
    id: `escalation-path:${path.from}`,
    kind: "escalation-path",
    severity: "critical",
    principal: path.from,
    ...(path.to !== ADMIN_NODE ? { role: path.to } : {}),
    services: [...new Set(path.hops.map((h) => h.service).filter((s): s is string => s !== undefined))],
    title: `${who} can become an administrator in ${path.hops.length} hop${path.hops.length === 1 ? "" : "s"}: ${chain}`,
    explanation:
      `${path.hops.map((h, i) => `${i + 1}. ${hopSentence(h)}.`).join(" ")} ` +
      `${path.hops.length > 1 || last.to !== ADMIN_NODE ? `${who} ends with the permissions of ${end}.` : `${who} ends with ${end}.`}` +
      `${assumed.length ? ` This assumes ${list(assumed)} absent from the requests, as AWS treats a key it does not receive.` : ""}`,
    fix: `Break the first hop: ${hopFix(first)} Other paths may remain: check this finding again after the change.`,
    via: first.evidence.filter((e) => e.kind === "identity").map((e) => ({ policy: e.policy, statement: e.statement, ...(e.sid ? { sid: e.sid } : {}) })),
    hops: path.hops.map(toFindingHop),
  };
}

// ---- administrators many can reach ----

function reachableAdmins(graph: EscalationGraph, paths: EscalationPath[], inScope: (arn: string) => boolean): ReviewFinding[] {
  const out: ReviewFinding[] = [];
  const admins = new Set(graph.admins);
  for (const admin of graph.admins) {
    if (!inScope(admin)) continue;
    // Everyone with a path into this administrator, whatever it ends at first.
    const seen = new Set<string>([admin]);
    let frontier = [admin];
    while (frontier.length) {
      const next: string[] = [];
      for (const node of frontier) {
        for (const e of graph.incoming.get(node) ?? []) {
          if (seen.has(e.from)) continue;
          seen.add(e.from);
          next.push(e.from);
        }
      }
      frontier = next;
    }
    const reachers = [...seen].filter((arn) => arn !== admin && !admins.has(arn)).sort(byText);
    if (reachers.length < MANY_PRINCIPALS) continue;
    const direct = paths.filter((p) => p.to === admin).length;
    const name = nameOf(admin);
    out.push({
      id: `admin-reachable:${admin}`,
      kind: "admin-reachable",
      severity: "high",
      role: admin,
      services: [],
      title: `${name}, an administrator, can be reached by ${reachers.length} principals`,
      explanation:
        `${reachers.length} users and roles that are not administrators can come to act as ${name}, among them ${list(reachers.slice(0, 5).map(nameOf))}${reachers.length > 5 ? ` and ${reachers.length - 5} more` : ""}; ` +
        `${direct ? `${direct} of them reach it before any other administrator. ` : ""}Each is an escalation path; together they make ${name} a weak point of the account.`,
      fix: `Give ${name} only what its own work needs, or cut what leads to it: its trust policy, the PassRole grants on it, and the first hops of the escalation paths that end at it.`,
      via: [],
    });
  }
  return out;
}

// ---- trust policies: external access and confused deputies ----

const ALLOW_EVERYTHING = compilePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "any identity policy");

/** The keys AWS sets on a request of a principal of another account (nothing the graph cannot know). */
function outsiderContext(principal: string, account: string, now: Date): Context {
  return {
    "aws:PrincipalArn": principal,
    "aws:PrincipalAccount": account,
    "aws:PrincipalType": principal.includes(":user/") ? "User" : "AssumedRole",
    "aws:CurrentTime": awsTime(now),
    "aws:EpochTime": String(Math.floor(now.getTime() / 1000)),
    "aws:SecureTransport": "true",
    "aws:ViaAWSService": "false",
    "aws:PrincipalIsAWSService": "false",
  };
}

function externalTrust(role: ReviewRole, input: ReviewInput, review: ReviewContext, now: Date): ReviewFinding[] {
  const trust = review.compile(role.trust, "resource");
  const out: ReviewFinding[] = [];
  trust.allows.forEach((s) => {
    if (!statementMatchesAction(s, "sts:assumerole")) return;
    // Whom this statement names outside the role's account: anyone, accounts, or principals there.
    const outsiders: { principal: string; account: string; label: string }[] = [];
    if (s.principals === null || s.notPrincipal) outsiders.push({ principal: `arn:aws:iam::${ELSEWHERE}:user/roleplay-external-probe`, account: ELSEWHERE, label: "any AWS account" });
    for (const entry of s.principals ?? []) {
      if (s.notPrincipal) break;
      if (entry.type === "any") outsiders.push({ principal: `arn:aws:iam::${ELSEWHERE}:user/roleplay-external-probe`, account: ELSEWHERE, label: "anyone (Principal *)" });
      else if (entry.type === "account" && entry.account !== role.account) outsiders.push({ principal: `arn:aws:iam::${entry.account}:user/roleplay-external-probe`, account: entry.account, label: `account ${entry.account}` });
      else if (entry.type === "arn" && accountOf(entry.arn) !== role.account && /^\d{12}$/.test(accountOf(entry.arn))) outsiders.push({ principal: entry.arn, account: accountOf(entry.arn), label: entry.arn });
    }
    const open: typeof outsiders = [];
    for (const o of outsiders) {
      // The outsider's own side allows everything: the question is what the trust alone lets in.
      const set: CompiledPolicySet = { identity: [ALLOW_EVERYTHING], session: [], resource: trust, scps: [], rcps: [] };
      const caller = o.principal.includes(":role/") ? o.principal.replace(/^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/, "arn:$1:sts::$2:assumed-role/$3/roleplay") : o.principal;
      const result = evaluateRequest(set, { principal: caller, action: "sts:AssumeRole", resource: role.arn, resourceAccount: role.account, context: outsiderContext(o.principal, o.account, now) });
      if (result.decision === "Allow" && !open.some((x) => x.label === o.label)) open.push(o);
    }
    if (open.length === 0) return;
    const anyone = open.some((o) => o.account === ELSEWHERE);
    const known = open.every((o) => input.accounts.includes(o.account));
    const severity = anyone ? "critical" : known ? "low" : "high";
    const where = `${role.trust.name} ${statementLabel(s.ref)}`;
    out.push({
      id: `external-trust:${role.arn}:${s.ref.statement}`,
      kind: "external-trust",
      severity,
      role: role.arn,
      services: [],
      title: `${role.name} can be assumed from ${anyone ? "any AWS account" : list(open.map((o) => o.label))}`,
      explanation:
        `${where} lets ${list(open.map((o) => o.label))} assume ${role.name} with nothing but the keys AWS sets on every request: no sts:ExternalId, no aws:PrincipalOrgID or aws:PrincipalOrgPaths condition. ` +
        `${anyone ? "Anyone with an AWS account who learns the role's ARN can act with its permissions." : known ? "The account is among those reviewed here; check that it is meant to." : "Whoever that account lets call sts:AssumeRole can act with the role's permissions."}`,
      fix: anyone
        ? `Replace "*" in ${where} with the accounts or roles that must assume ${role.name}, or add a Condition on aws:PrincipalOrgID for your organization.`
        : `Add "Condition": {"StringEquals": {"sts:ExternalId": "<secret agreed with the other party>"}} to ${where} for a third party, or {"StringEquals": {"aws:PrincipalOrgID": "<your organization>"}} for your own accounts.`,
      via: [{ policy: role.trust.name, statement: s.ref.statement, ...(s.ref.sid ? { sid: s.ref.sid } : {}) }],
    });
  });
  return out;
}

function confusedDeputy(role: ReviewRole, review: ReviewContext, now: Date): ReviewFinding | null {
  if (role.arn.includes(":role/aws-service-role/")) return null;
  const trust = review.compile(role.trust, "resource");
  const services = new Set<string>();
  for (const s of trust.allows) {
    if (!statementMatchesAction(s, "sts:assumerole")) continue;
    for (const entry of s.principals ?? []) if (entry.type === "Service" && !PASSED_ONLY.has(entry.value)) services.add(entry.value);
  }
  const exposed: string[] = [];
  for (const service of [...services].sort(byText)) {
    // The service acting for another account's resource: the role's own trust must refuse it.
    const context: Context = {
      "aws:PrincipalServiceName": service,
      "aws:PrincipalIsAWSService": "true",
      "aws:SourceAccount": ELSEWHERE,
      "aws:SourceArn": `arn:aws:${service.split(".")[0]}:us-east-1:${ELSEWHERE}:roleplay-probe`,
      "aws:SecureTransport": "true",
      "aws:CurrentTime": awsTime(now),
      "aws:EpochTime": String(Math.floor(now.getTime() / 1000)),
    };
    const set: CompiledPolicySet = { identity: [], session: [], resource: trust, scps: [], rcps: [] };
    if (evaluateRequest(set, { principal: service, action: "sts:AssumeRole", resource: role.arn, resourceAccount: role.account, context }).decision === "Allow") exposed.push(service);
  }
  if (exposed.length === 0) return null;
  return {
    id: `confused-deputy:${role.arn}`,
    kind: "confused-deputy",
    severity: "low",
    role: role.arn,
    services: exposed,
    title: `${role.name} trusts ${list(exposed)} for any account (no aws:SourceAccount or aws:SourceArn)`,
    explanation: `The trust policy of ${role.name} lets ${list(exposed)} assume it whatever account or resource the service acts for. Another customer of the service who names this role could have the service act with its permissions (the confused deputy problem).`,
    fix: `Add "Condition": {"StringEquals": {"aws:SourceAccount": "${role.account}"}} (or an aws:SourceArn naming the resources that use the role) to the statement trusting ${list(exposed)}.`,
    via: [],
  };
}
