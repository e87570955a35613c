/**
 * The PassRole review (shared/contracts/review.md): who may pass which role of their account to
 * which service, whether the role trusts that service, how the principal can actually hand it
 * over (launch actions), and which of those grants make the principal more powerful (escalations).
 * Every decision is `evaluateRequest` over the principal's combined policies: its own, its groups',
 * attached managed ones, its permissions boundary, and SCPs where the workspace has an organization.
 *
 * Fast on large accounts: each document is compiled once; a principal's results are cached by its
 * policy set (principals sharing policies share work); roles are grouped by which of the
 * principal's PassRole statements their ARN matches, and one role per group is evaluated.
 */
import type { CompiledPolicy, CompiledStatement, StatementRef } from "../policy/compile-policy";
import { compilePolicy } from "../policy/compile-policy";
import { evaluateRequest, statementMatchesAction, type CompiledPolicySet } from "../policy/evaluate";
import { passRoleContext, serviceAssumeRoleRequest } from "../authz/call-context";
import { PreparedRequest } from "../policy/request-context";
import { statementMatchesResource } from "../policy/statement-match";
import { actionsGained, allowedActions, allowedOnSomeResource, countActions, gainedByLevel, isEveryAction, type ActionBits } from "./allowed-actions";
import { explainFindings, type ReviewFinding } from "./findings";
import type { ReviewIdentity, ReviewInput, ReviewPolicy, ReviewRole } from "./review-input";

export const EC2 = "ec2.amazonaws.com";
export const ECS_TASKS = "ecs-tasks.amazonaws.com";
export const LAMBDA = "lambda.amazonaws.com";

/** One statement that allows the PassRole. */
export interface GrantVia {
  policy: string;
  /** 0-based, as the contract's JSON counts; people see it through statementLabel. */
  statement: number;
  sid?: string;
}

/** A (principal, role, service) triple the principal may pass, per the contract. */
export interface PassRoleGrant {
  principal: string;
  role: string;
  service: string;
  trusted: boolean;
  launch: string[];
  instanceProfiles: string[];
  via: GrantVia[];
}

export interface EscalationGain {
  actions: number;
  services: string[];
  admin: boolean;
}

export interface Escalation {
  principal: string;
  role: string;
  service: string;
  gained: EscalationGain;
  /** With `details`: gained actions per service and access level (for the console; not in the CLI output). */
  levels?: { service: string; level: string; actions: number }[];
}

export interface IdentitySummary {
  arn: string;
  kind: "user" | "role";
  name: string;
  account: string;
  /** Catalog actions allowed on some resource (`*` or one its policies name) with an empty context: allowedOnSomeResource. */
  actions: number;
  admin: boolean;
  groups: string[];
  trustedServices?: string[];
  instanceProfiles?: string[];
}

export interface ReviewResult {
  accounts: string[];
  services: string[];
  grants: PassRoleGrant[];
  escalations: Escalation[];
  findings: ReviewFinding[];
  /** With `details`: every user and role with its action count. */
  identities?: IdentitySummary[];
}

export interface ReviewOptions {
  /** The services to review; by default every service named in a role's trust policy. */
  services?: string[];
  /** Also summarise every identity (action counts, admin): the console wants it, the CLI does not. */
  details?: boolean;
  /** Explain findings (default true); the CLI's output has none, so it skips them. */
  findings?: boolean;
  /** The clock service trust is decided at (aws:CurrentTime); without it, time keys are absent. */
  now?: Date;
}

/** The actions that hand a role to a service; evaluated on these resources of the account. */
const LAUNCH_CHECKS: { action: string; resource: (account: string) => string }[] = [
  { action: "ec2:RunInstances", resource: (a) => `arn:aws:ec2:*:${a}:instance/*` },
  { action: "ec2:AssociateIamInstanceProfile", resource: (a) => `arn:aws:ec2:*:${a}:instance/*` },
  { action: "ec2:ReplaceIamInstanceProfileAssociation", resource: (a) => `arn:aws:ec2:*:${a}:instance/*` },
  { action: "iam:CreateInstanceProfile", resource: (a) => `arn:aws:iam::${a}:instance-profile/*` },
  { action: "iam:AddRoleToInstanceProfile", resource: (a) => `arn:aws:iam::${a}:instance-profile/*` },
  { action: "ecs:RegisterTaskDefinition", resource: () => "*" },
  { action: "ecs:RunTask", resource: (a) => `arn:aws:ecs:*:${a}:task-definition/*` },
  { action: "ecs:StartTask", resource: (a) => `arn:aws:ecs:*:${a}:task-definition/*` },
  { action: "lambda:CreateFunction", resource: (a) => `arn:aws:lambda:*:${a}:function:*` },
  { action: "lambda:UpdateFunctionConfiguration", resource: (a) => `arn:aws:lambda:*:${a}:function:*` },
];

/** A principal's compiled, combined policies and what has been worked out about them. */
export interface PolicySetEntry {
  key: string;
  set: CompiledPolicySet;
  account: string;
  bits?: ActionBits;
  someResourceBits?: ActionBits;
  admin?: boolean;
  launchAllowed?: Set<string>;
  launch?: Map<string, string[]>;
  /** Per role ARN and service: the allowing statements, or null when not allowed. */
  passRole?: Map<string, (GrantVia[] | null)[]>;
}

/** The review's working state: compiled policies and per-set caches. Exposed for findings and tests. */
export class ReviewContext {
  readonly input: ReviewInput;
  readonly services: string[];
  private readonly compiled = new Map<string, CompiledPolicy>();
  private readonly sets = new Map<string, PolicySetEntry>();
  private readonly setOfIdentity = new Map<string, PolicySetEntry>();
  private readonly trustCache = new Map<string, boolean>();
  readonly rolesByAccount = new Map<string, ReviewRole[]>();

  readonly now: Date | undefined;

  constructor(input: ReviewInput, services?: string[], now?: Date) {
    this.input = input;
    this.now = now;
    for (const role of input.roles) {
      const list = this.rolesByAccount.get(role.account) ?? [];
      list.push(role);
      this.rolesByAccount.set(role.account, list);
    }
    this.services = services && services.length ? [...new Set(services)] : this.trustServices();
  }

  compile(policy: ReviewPolicy, kind: "identity" | "boundary" | "resource" | "scp", target?: string): CompiledPolicy {
    const key = `${kind}\u0000${target ?? ""}\u0000${policy.key}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = compilePolicy(policy.document, policy.name, kind, target);
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  /** Every service principal named in a role's trust policy, sorted. */
  private trustServices(): string[] {
    const services = new Set<string>();
    for (const role of this.input.roles) {
      for (const statement of this.compile(role.trust, "resource").statements) {
        for (const entry of statement.principals ?? []) if (entry.type === "Service") services.add(entry.value);
      }
    }
    return [...services].sort();
  }

  /** The identity's combined policy set, shared with every identity holding the same policies. */
  setFor(identity: ReviewIdentity): PolicySetEntry {
    let entry = this.setOfIdentity.get(identity.arn);
    if (entry) return entry;
    const scps = this.input.scps?.[identity.account] ?? [];
    const key = [
      identity.account,
      ...identity.policies.map((p) => p.key),
      `boundary:${identity.boundary?.key ?? ""}`,
    ].join("\u0001");
    entry = this.sets.get(key);
    if (!entry) {
      const set: CompiledPolicySet = {
        identity: identity.policies.map((p) => this.compile(p, "identity")),
        boundary: identity.boundary && this.compile(identity.boundary, "boundary"),
        session: [],
        resource: undefined,
        scps: scps.map((level) => ({ target: level.target, policies: level.policies.map((p) => this.compile(p, "scp", level.target)) })),
        rcps: [],
      };
      entry = { key, set, account: identity.account };
      this.sets.set(key, entry);
    }
    this.setOfIdentity.set(identity.arn, entry);
    return entry;
  }

  /** Actions the identity may perform on `*` with an empty context. */
  bits(identity: ReviewIdentity): ActionBits {
    const entry = this.setFor(identity);
    entry.bits ??= allowedActions(entry.set, identity.arn);
    return entry.bits;
  }

  /** Actions the identity may perform on some resource (`*` or one its policies name) with an empty context. */
  someResourceBits(identity: ReviewIdentity): ActionBits {
    const entry = this.setFor(identity);
    entry.someResourceBits ??= allowedOnSomeResource(entry.set, identity.arn);
    return entry.someResourceBits;
  }

  /** True when the identity may perform every catalog action. */
  isAdmin(identity: ReviewIdentity): boolean {
    const entry = this.setFor(identity);
    entry.admin ??= isEveryAction(this.bits(identity));
    return entry.admin;
  }

  /** Whether the role's trust policy lets the service principal assume it. */
  trusts(role: ReviewRole, service: string): boolean {
    const key = `${role.arn}\u0000${service}`;
    let trusted = this.trustCache.get(key);
    if (trusted === undefined) {
      const set: CompiledPolicySet = { identity: [], session: [], resource: this.compile(role.trust, "resource"), scps: [], rcps: [] };
      // The request every door decides service trust with (the IMDS, the console, who-can).
      trusted = evaluateRequest(set, serviceAssumeRoleRequest(service, { arn: role.arn, accountId: role.account }, this.now)).decision === "Allow";
      this.trustCache.set(key, trusted);
    }
    return trusted;
  }

  /** The launch-related actions the identity may perform in its account. */
  launchAllowed(identity: ReviewIdentity): Set<string> {
    const entry = this.setFor(identity);
    if (!entry.launchAllowed) {
      const allowed = new Set<string>();
      for (const check of LAUNCH_CHECKS) {
        const request = { principal: identity.arn, action: check.action, resource: check.resource(identity.account) };
        if (evaluateRequest(entry.set, request).decision === "Allow") allowed.add(check.action);
      }
      entry.launchAllowed = allowed;
    }
    return entry.launchAllowed;
  }

  /** The ways the identity can hand the role to the service (contract: `launch`). */
  launchFor(identity: ReviewIdentity, role: ReviewRole, service: string): string[] {
    const entry = this.setFor(identity);
    const key = `${service}\u0000${role.instanceProfiles.length > 0}`;
    entry.launch ??= new Map();
    let launch = entry.launch.get(key);
    if (!launch) {
      launch = this.computeLaunch(identity, role, service);
      entry.launch.set(key, launch);
    }
    return launch;
  }

  private computeLaunch(identity: ReviewIdentity, role: ReviewRole, service: string): string[] {
    const can = this.launchAllowed(identity);
    if (service === EC2) {
      const ec2 = ["ec2:RunInstances", "ec2:AssociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation"].filter((a) => can.has(a));
      if (ec2.length === 0) return [];
      if (role.instanceProfiles.length > 0) return ec2;
      // No profile holds the role: creating one is a path only with both IAM actions.
      if (can.has("iam:CreateInstanceProfile") && can.has("iam:AddRoleToInstanceProfile")) return ["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", ...ec2];
      return [];
    }
    if (service === ECS_TASKS) {
      if (!can.has("ecs:RegisterTaskDefinition")) return [];
      const run = ["ecs:RunTask", "ecs:StartTask"].filter((a) => can.has(a));
      return run.length ? ["ecs:RegisterTaskDefinition", ...run] : [];
    }
    if (service === LAMBDA) return ["lambda:CreateFunction", "lambda:UpdateFunctionConfiguration"].filter((a) => can.has(a));
    return [];
  }

  /**
   * For each role of the identity's account, per reviewed service: the statements allowing
   * `iam:PassRole` with `iam:PassedToService` = the service, or null.
   */
  passRole(identity: ReviewIdentity): Map<string, (GrantVia[] | null)[]> {
    const entry = this.setFor(identity);
    if (entry.passRole) return entry.passRole;
    const result = new Map<string, (GrantVia[] | null)[]>();
    entry.passRole = result;
    const relevant: CompiledStatement[] = [];
    let anyAllow = false;
    let templated = false;
    const consider = (policy: CompiledPolicy, identitySide: boolean) => {
      for (const s of policy.statements) {
        if (!statementMatchesAction(s, "iam:passrole")) continue;
        relevant.push(s);
        if (identitySide && s.effect === "Allow") anyAllow = true;
        if (s.resources?.some((r) => r.template)) templated = true;
      }
    };
    for (const p of entry.set.identity) consider(p, true);
    if (entry.set.boundary) consider(entry.set.boundary, false);
    for (const level of entry.set.scps) for (const p of level.policies) consider(p, false);
    if (!anyAllow) return result;

    const roles = this.rolesByAccount.get(identity.account) ?? [];
    const classes = new Map<string, ReviewRole[]>();
    for (const role of roles) {
      let key: string;
      if (templated) key = role.arn;
      else {
        const request = this.resourceProbe(role.arn);
        key = "";
        for (const s of relevant) key += statementMatchesResource(s, request) ? "1" : "0";
      }
      const members = classes.get(key);
      if (members) members.push(role);
      else classes.set(key, [role]);
    }
    for (const members of classes.values()) {
      const outcomes = this.services.map((service) => this.evaluatePassRole(entry.set, identity.arn, members[0].arn, service));
      if (outcomes.every((o) => o === null)) continue;
      for (const role of members) result.set(role.arn, outcomes);
    }
    return result;
  }

  private readonly probes = new Map<string, PreparedRequest>();
  /** A request on the role's ARN for Resource matching only (no variables involved), one per role. */
  private resourceProbe(roleArn: string): PreparedRequest {
    let probe = this.probes.get(roleArn);
    if (!probe) {
      probe = new PreparedRequest({ principal: "roleplay-review", action: "iam:PassRole", resource: roleArn });
      this.probes.set(roleArn, probe);
    }
    return probe;
  }

  /** The allowing identity statements, or null when the evaluator does not allow the PassRole. */
  evaluatePassRole(set: CompiledPolicySet, principal: string, roleArn: string, service: string): GrantVia[] | null {
    const outcome = evaluateRequest(set, { principal, action: "iam:PassRole", resource: roleArn, context: passRoleContext(service) });
    if (outcome.decision !== "Allow") return null;
    return viaOf(outcome.decisive);
  }
}

function viaOf(decisive: StatementRef[]): GrantVia[] {
  const seen = new Set<string>();
  const out: GrantVia[] = [];
  for (const ref of decisive) {
    if (ref.kind !== "identity") continue;
    const key = `${ref.policy}\u0000${ref.statement}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ref.sid ? { policy: ref.policy, statement: ref.statement, sid: ref.sid } : { policy: ref.policy, statement: ref.statement });
  }
  return out;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The review run one identity at a time, so that a caller can pause between identities and report
 * progress (the console's background review); reviewPassRole runs it whole.
 */
export class PassRoleReview {
  readonly context: ReviewContext;
  /** Every user and role in ARN order, the order grants are listed in. */
  readonly identities: ReviewIdentity[];
  readonly grants: PassRoleGrant[] = [];
  readonly escalations: Escalation[] = [];
  private readonly gainedCache = new Map<string, { gain: EscalationGain; levels?: Escalation["levels"] }>();

  constructor(
    readonly input: ReviewInput,
    private readonly options: ReviewOptions = {},
  ) {
    this.context = new ReviewContext(input, options.services, options.now);
    this.identities = [...input.users, ...input.roles].sort((a, b) => byText(a.arn, b.arn));
  }

  /** Adds the identity's grants and escalations; call it for each of `identities`, in order. */
  reviewIdentity(identity: ReviewIdentity): void {
    const { context, options, grants, escalations, gainedCache } = this;
    const passable = context.passRole(identity);
    if (passable.size === 0) return;
    const roles = (context.rolesByAccount.get(identity.account) ?? []).filter((r) => passable.has(r.arn)).sort((a, b) => byText(a.arn, b.arn));
    for (const role of roles) {
      const outcomes = passable.get(role.arn)!;
      context.services.forEach((service, s) => {
        const via = outcomes[s];
        if (!via) return;
        const trusted = context.trusts(role, service);
        const launch = context.launchFor(identity, role, service);
        grants.push({ principal: identity.arn, role: role.arn, service, trusted, launch, instanceProfiles: role.instanceProfiles, via });
        if (!trusted || launch.length === 0 || identity.arn === role.arn) return;
        const roleSet = context.setFor(role).key;
        const ownSet = context.setFor(identity).key;
        const cacheKey = `${roleSet}\u0002${ownSet}`;
        let gained = gainedCache.get(cacheKey);
        if (!gained) {
          const roleBits = context.bits(role);
          const ownBits = context.bits(identity);
          const diff = actionsGained(roleBits, ownBits);
          gained = { gain: { actions: diff.actions, services: diff.services, admin: context.isAdmin(role) }, levels: options.details && diff.actions ? gainedByLevel(roleBits, ownBits) : undefined };
          gainedCache.set(cacheKey, gained);
        }
        if (gained.gain.actions > 0) escalations.push({ principal: identity.arn, role: role.arn, service, gained: gained.gain, ...(gained.levels ? { levels: gained.levels } : {}) });
      });
    }
  }

  /** The result once every identity is reviewed, with `findings` when the caller explained them itself. */
  finish(findings?: ReviewFinding[]): ReviewResult {
    const { context, options, grants, escalations } = this;
    const result: ReviewResult = {
      accounts: [...this.input.accounts],
      services: context.services,
      grants,
      escalations,
      findings: findings ?? (options.findings === false ? [] : explainFindings(context, grants, escalations)),
    };
    if (options.details) {
      const trustedBy = (role: ReviewRole) => context.services.filter((s) => context.trusts(role, s));
      result.identities = this.identities.map((identity) => {
        const role = identity.kind === "role" ? (identity as ReviewRole) : undefined;
        return {
          arn: identity.arn,
          kind: identity.kind,
          name: identity.name,
          account: identity.account,
          // What it may do at all: a role reading one bucket counts its S3 actions (none are allowed on `*`).
          actions: countActions(context.someResourceBits(identity)),
          admin: context.isAdmin(identity),
          groups: identity.groups,
          ...(role ? { trustedServices: trustedBy(role), instanceProfiles: role.instanceProfiles } : {}),
        };
      });
    }
    return result;
  }
}

/** Runs the review over the input. Throws PolicyGrammarError when a document cannot be compiled. */
export function reviewPassRole(input: ReviewInput, options: ReviewOptions = {}): ReviewResult {
  const review = new PassRoleReview(input, options);
  for (const identity of review.identities) review.reviewIdentity(identity);
  return review.finish();
}
