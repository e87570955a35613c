/**
 * Findings for reviewers: each escalation, and over-broad PassRole grants flagged even when no
 * escalation follows (PassRole on any role, PassRole without `iam:PassedToService`, roles on
 * instance profiles that are effectively administrators). Each says, in plain words, what the
 * principal can do and how to fix it. Every "can" is an evaluator decision.
 */
import type { Escalation, GrantVia, PassRoleGrant, ReviewContext } from "./review-pass-role";
import type { ReviewIdentity, ReviewRole } from "./review-input";
import { statementLabel } from "../policy/explain";

export type FindingSeverity = "critical" | "high" | "medium" | "low";
export type FindingKind =
  | "escalation"
  | "passrole-any-role"
  | "passrole-any-service"
  | "admin-role-on-instance-profile"
  | "escalation-path"
  | "external-trust"
  | "confused-deputy"
  | "admin-reachable";

/** Each kind's name on every screen, export and CLI line. */
export const findingKindLabel: Record<FindingKind, string> = {
  escalation: "Escalation",
  "passrole-any-role": "PassRole on any role",
  "passrole-any-service": "PassRole to any service",
  "admin-role-on-instance-profile": "Administrator on an instance profile",
  "escalation-path": "Escalation path",
  "external-trust": "External access (trust)",
  "confused-deputy": "Confused deputy (service trust)",
  "admin-reachable": "Administrator reachable by many",
};

/** One hop of an escalation path: who becomes whom, by which actions, allowed by which statements (0-based). */
export interface FindingHop {
  from: string;
  /** A user or role ARN, or `admin` (any permission it grants itself). */
  to: string;
  method: string;
  evidence: { policy: string; statement: number; kind: string; sid?: string; actions: string[] }[];
  /** Condition keys the graph could not know, treated as absent. */
  assumes: string[];
  via?: string;
}

export interface ReviewFinding {
  id: string;
  kind: FindingKind;
  severity: FindingSeverity;
  /** The principal the finding is about (escalations, PassRole findings). */
  principal?: string;
  role?: string;
  services: string[];
  title: string;
  /** What can happen, in plain words. */
  explanation: string;
  /** What to change. */
  fix: string;
  via: GrantVia[];
  /** Escalation paths: the hops, in order. */
  hops?: FindingHop[];
  /** PassRole escalations: how the principal hands the role over, and the profiles holding it (as the grant says). */
  launch?: string[];
  instanceProfiles?: string[];
}

export const severityRank: Record<FindingSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** A role ARN no policy names on purpose, and a service that does not exist: probes for "any". */
const PROBE_ROLE = "roleplay-review-probe-any-role";
export const PROBE_SERVICE = "roleplay-review-probe.amazonaws.com";

const nameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);
const count = (n: number) => n.toLocaleString("en-US");
const list = (items: string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

function describeVia(identity: ReviewIdentity, via: GrantVia[]): string {
  return list(
    via.map((v) => {
      const from = identity.policies.find((p) => p.name === v.policy)?.from;
      return `${v.policy} ${statementLabel(v)}${from && from !== "inline" && from !== "attached" ? ` (from ${from})` : ""}`;
    }),
  );
}

/** Builds the findings list, most severe first. */
export function explainFindings(context: ReviewContext, grants: PassRoleGrant[], escalations: Escalation[]): ReviewFinding[] {
  const explainer = new FindingsExplainer(context);
  return [...explainer.roleFindings(), ...explainer.grantFindings(grants, escalations)].sort(byFinding);
}

const collator = new Intl.Collator();
/** Most severe first, then by title: the order of every findings list (one collator: localeCompare makes one per call). */
export const byFinding = (a: ReviewFinding, b: ReviewFinding) => severityRank[a.severity] - severityRank[b.severity] || collator.compare(a.title, b.title);

/**
 * Explains a review's grants a part at a time (a large account's review explains its principals in
 * groups): what every part reads — the identities by ARN, which principals may pass any role — is
 * built once here, not once per part.
 */
export class FindingsExplainer {
  private readonly identities = new Map<string, ReviewIdentity>();
  private readonly roles: Map<string, ReviewRole>;
  private readonly broadCache = new Map<string, boolean>();

  constructor(private readonly context: ReviewContext) {
    for (const i of [...context.input.users, ...context.input.roles]) this.identities.set(i.arn, i);
    this.roles = new Map(context.input.roles.map((r) => [r.arn, r]));
  }

  /** Escalations and over-broad PassRole grants, about the principals of `grants`; unsorted. */
  grantFindings(grants: PassRoleGrant[], escalations: Escalation[]): ReviewFinding[] {
    const { context, identities, roles, broadCache } = this;
    const findings: ReviewFinding[] = [];
    const grantOf = new Map<string, PassRoleGrant>();
    for (const g of grants) grantOf.set(`${g.principal}\u0000${g.role}\u0000${g.service}`, g);

    // Escalations, one finding per principal and role.
    const byPair = new Map<string, Escalation[]>();
    for (const e of escalations) {
      const key = `${e.principal}\u0000${e.role}`;
      const found = byPair.get(key);
      if (found) found.push(e);
      else byPair.set(key, [e]);
    }
    const firstGrant = new Map<string, PassRoleGrant>();
    for (const g of grants) if (!firstGrant.has(g.principal)) firstGrant.set(g.principal, g);
    for (const [key, list_] of byPair) {
      const [principalArn, roleArn] = key.split("\u0000");
      const principal = identities.get(principalArn)!;
      const role = roles.get(roleArn)!;
      const first = list_[0];
      const grant = grantOf.get(`${principalArn}\u0000${roleArn}\u0000${first.service}`)!;
      const services = list_.map((e) => e.service);
      const who = principal.name;
      const profiles = role.instanceProfiles.map(nameOf);
      const how =
        first.service === "ec2.amazonaws.com"
          ? role.instanceProfiles.length
            ? `launching an instance with instance profile ${list(profiles)} (or attaching it to a running instance) and reading the role's temporary credentials from the instance metadata`
            : "creating an instance profile for the role, launching an instance with it and reading the role's credentials from the instance metadata"
          : first.service === "ecs-tasks.amazonaws.com"
            ? "registering a task definition with the role as task role and running it"
            : "creating or reconfiguring a Lambda function that runs as the role";
      const gained = first.gained;
      let broad = broadCache.get(principalArn);
      if (broad === undefined) {
        broad = anyRole(context, principal);
        broadCache.set(principalArn, broad);
      }
      const fix = [
        broad
          ? `Narrow the Resource of ${describeVia(principal, grant.via)} from every role to the roles ${who} should pass.`
          : `Remove ${role.name} from the Resource of ${describeVia(principal, grant.via)} unless ${who} must pass it.`,
        grant.via.length ? `Keep iam:PassedToService = ${first.service} in the statement's Condition.` : "",
        `Or trim ${role.name} to no more than ${who} may already do${gained.admin ? ": it is an administrator" : ""}.`,
      ]
        .filter(Boolean)
        .join(" ");
      findings.push({
        id: `escalation:${principalArn}:${roleArn}`,
        kind: "escalation",
        severity: gained.admin ? "critical" : "high",
        principal: principalArn,
        role: roleArn,
        services,
        title: `${who} can become ${role.name} through ${services.map(short).join(", ")}${gained.admin ? " (administrator)" : ""}`,
        explanation:
          `${who} may pass ${role.name} to ${list(services)} (${describeVia(principal, grant.via)}) and may call ${list(grant.launch)}. ` +
          `${role.name} trusts ${first.service}. By ${how}, ${who} can use ${count(gained.actions)} ${gained.actions === 1 ? "action" : "actions"} ${who} cannot use today, in ${list(gained.services.slice(0, 6))}${gained.services.length > 6 ? ` and ${gained.services.length - 6} more services` : ""}` +
          `${gained.admin ? ` — ${role.name} may do everything` : ""}.`,
        fix,
        via: grant.via,
        launch: grant.launch,
        instanceProfiles: grant.instanceProfiles,
      });
    }

    // Over-broad PassRole grants, per principal.
    const principalsWithGrants = [...firstGrant.keys()];
    for (const arn of principalsWithGrants) {
      const principal = identities.get(arn)!;
      const set = context.setFor(principal).set;
      const services = context.services.filter((service) => context.evaluatePassRole(set, arn, probeRole(principal.account), service) !== null);
      const anyService = context.evaluatePassRole(set, arn, probeRole(principal.account), PROBE_SERVICE);
      if (services.length || anyService) {
        const via = anyService ?? context.evaluatePassRole(set, arn, probeRole(principal.account), services[0])!;
        findings.push({
          id: `passrole-any-role:${arn}`,
          kind: "passrole-any-role",
          severity: anyService ? "high" : "medium",
          principal: arn,
          services: anyService ? ["*"] : services,
          title: `${principal.name} may pass any role${anyService ? " to any service" : ` to ${services.map(short).join(", ")}`}`,
          explanation: `${describeVia(principal, via)} allows iam:PassRole on every role of account ${principal.account}${anyService ? ", to any service" : ` (to ${list(services)})`}, including roles created later. Whoever can pass a role can act with its permissions.`,
          fix: `List the roles ${principal.name} needs to pass in the statement's Resource instead of "*"${anyService ? `, and add a Condition iam:PassedToService naming the service` : ""}.`,
          via,
        });
        if (anyService) continue;
      }
      // PassRole without a service condition, on the roles the principal may pass.
      const granted = firstGrant.get(arn)!;
      const unconditioned = context.evaluatePassRole(set, arn, granted.role, PROBE_SERVICE);
      if (unconditioned) {
        findings.push({
          id: `passrole-any-service:${arn}`,
          kind: "passrole-any-service",
          severity: "medium",
          principal: arn,
          services: ["*"],
          title: `${principal.name} may pass roles to any service`,
          explanation: `${describeVia(principal, unconditioned)} allows iam:PassRole without an iam:PassedToService condition, so ${principal.name} may hand those roles to any AWS service, not only the one they were made for.`,
          fix: `Add "Condition": {"StringEquals": {"iam:PassedToService": "<service>"}} to the statement.`,
          via: unconditioned,
        });
      }
    }
    return findings;
  }

  /** Roles on instance profiles that are effectively administrators (no grant decides these); unsorted. */
  roleFindings(): ReviewFinding[] {
    const { context } = this;
    const findings: ReviewFinding[] = [];
    // Roles on instance profiles that are effectively administrators.
    for (const role of context.input.roles) {
      if (role.instanceProfiles.length === 0) continue;
      if (!context.isAdmin(role)) continue;
      findings.push({
        id: `admin-role-on-instance-profile:${role.arn}`,
        kind: "admin-role-on-instance-profile",
        severity: "high",
        role: role.arn,
        services: ["ec2.amazonaws.com"],
        title: `${role.name} is an administrator on instance profile ${list(role.instanceProfiles.map(nameOf))}`,
        explanation: `${role.name} may do everything, and it sits in an instance profile: any application on an instance with that profile — and anyone who can run code there or pass the profile — acts as an administrator.`,
        fix: `Give ${role.name} only what its instances' applications need, or take it out of the instance profile.`,
        via: [],
      });
    }
    return findings;
  }
}

function probeRole(account: string): string {
  return `arn:aws:iam::${account}:role/${PROBE_ROLE}`;
}

function anyRole(context: ReviewContext, principal: ReviewIdentity): boolean {
  const set = context.setFor(principal).set;
  return context.services.some((s) => context.evaluatePassRole(set, principal.arn, probeRole(principal.account), s) !== null);
}

function short(service: string): string {
  return service.replace(/\.amazonaws\.com$/, "").toUpperCase();
}
