/**
 * The graph of who can become whom (shared/contracts/escalation-paths.md): nodes are the users and
 * roles of every account of the input; an edge A → B means A, with only its own permissions, can
 * act with B's, by a method (the actions it calls, joined with `+`) that the evaluator allows,
 * naming the statements that allow it. Edges to the virtual node `admin` are self-grants: A can
 * give itself (or a group it is in, or a role it can use) any permission.
 *
 * Every decision is `evaluateRequest` over the caller's combined policies (the review's shared
 * sets: its own, its groups', attached managed ones, its boundary, the SCPs over its account), with
 * the keys AWS sets on the caller's requests (lib/authz/call-context.ts); a role acts as a session
 * of itself. sts:AssumeRole is decided with the role's trust policy as the resource policy, so
 * cross-account chains need both sides, as AWS decides them. Keys no source can know (aws:SourceIp,
 * MFA, resource tags…) are absent, as AWS treats a missing key; an edge lists the condition keys of
 * its deciding statements and of the Denies it escaped that were absent, in `assumes`.
 *
 * Fast on large accounts: an identity whose policies allow none of the methods' actions (checked
 * statement by statement, before any evaluation) has no outgoing edge but AssumeRole candidates;
 * targets of one action are grouped by which of the caller's statements their ARN matches, and
 * one per group is evaluated (the request context does not depend on the target).
 */
import { actingSessionName, callerContext, passRoleContext, type Context } from "../authz/call-context";
import { actionIndex } from "../catalog/action-index";
import { isAwsManagedPolicyArn } from "../iam/arns";
import { compilePolicy, evaluateRequest, statementMatchesAction, type CompiledPolicy, type CompiledPolicySet, type CompiledStatement, type PolicyKind, type StatementRef } from "../policy/evaluate";
import { PreparedRequest } from "../policy/request-context";
import { PrincipalMatch } from "../policy/principals";
import { statementApplies, statementMatchesResource } from "../policy/statement-match";
import { allowedActions, isEveryAction } from "./allowed-actions";
import {
  ADMIN_NODE,
  ADMINISTRATOR_ACCESS,
  BOUNDARY_REMOVAL,
  createdResource,
  GROUP_GRANTS,
  IDENTITY_CHANGES,
  INSTANCE_ACCESS,
  METHOD_ACTIONS,
  methodName,
  POLICY_VERSION_GRANTS,
  ROLE_GRANTS,
  SERVICE_LAUNCHES,
  TASK_ACCESS,
  USER_GRANTS,
  type LaunchAlternative,
} from "./escalation-methods";
import type { ReviewGroup, ReviewIdentity, ReviewInput, ReviewPolicy, ReviewRole } from "./review-input";
import { ReviewContext, type PolicySetEntry } from "./review-pass-role";

export { ADMIN_NODE } from "./escalation-methods";

/** One statement behind an edge; `statement` is 0-based, as the contracts' JSON counts. */
export interface EscalationEvidence {
  policy: string;
  statement: number;
  kind: PolicyKind;
  sid?: string;
  /** The organization level of an SCP. */
  target?: string;
  /** Which of the method's actions the statement is evidence for. */
  actions: string[];
}

export interface EscalationEdge {
  from: string;
  /** A user or role ARN, or `admin`. */
  to: string;
  /** The actions, joined with `+` (contract). */
  method: string;
  evidence: EscalationEvidence[];
  /** Condition keys the graph cannot know, treated as absent (as AWS treats a missing key). */
  assumes: string[];
  /** What the method acts on when it is not `to` itself: an instance profile, instance, task, group, policy or role. */
  via?: string;
  /** For PassRole edges: the service the role is handed to. */
  service?: string;
}

export interface EscalationNode {
  arn: string;
  kind: "user" | "role";
  name: string;
  account: string;
  admin: boolean;
}

export interface EscalationGraph {
  accounts: string[];
  /** Sorted by ARN. */
  nodes: EscalationNode[];
  /** Administrators (every catalog action on `*`), sorted. */
  admins: string[];
  edges: EscalationEdge[];
  /** Edges by source, sorted by target (plain string order) then by preference. */
  outgoing: Map<string, EscalationEdge[]>;
  /** Edges by target, sorted by source then by preference. */
  incoming: Map<string, EscalationEdge[]>;
}

export interface EscalationOptions {
  /** aws:CurrentTime of every request (and of service trust). */
  now: Date;
  /** A review context over the same input, to share compiled policy sets with the review. */
  review?: ReviewContext;
}

/** A decision the graph keeps: the statements behind it and the keys it assumed absent. */
interface Granted {
  evidence: EscalationEvidence[];
  assumes: string[];
}

/** An identity as the graph asks for it. */
interface Actor {
  identity: ReviewIdentity;
  /** The request principal: the user, or the role's session. */
  principal: string;
  context: Context;
  entry: PolicySetEntry;
  /** Method actions (lowercased) some identity statement allows on something. */
  possible: Set<string>;
  admin: boolean;
  /** Decisions on actions whose resource the caller creates, by action. */
  created: Map<string, Granted | null>;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const evidenceKey = (e: { kind: string; policy: string; target?: string; statement: number }) => `${e.kind}\u0000${e.policy}\u0000${e.target ?? ""}\u0000${e.statement}`;

function evidenceOf(refs: readonly StatementRef[], action: string): EscalationEvidence[] {
  const out: EscalationEvidence[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const key = evidenceKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    const e: EscalationEvidence = { policy: ref.policy, statement: ref.statement, kind: ref.kind, actions: [action] };
    if (ref.sid) e.sid = ref.sid;
    if (ref.target) e.target = ref.target;
    out.push(e);
  }
  return out;
}

function merge(parts: Granted[]): Granted {
  if (parts.length === 1) return parts[0];
  const evidence: EscalationEvidence[] = [];
  const seen = new Map<string, EscalationEvidence>();
  const assumes = new Set<string>();
  for (const part of parts) {
    for (const e of part.evidence) {
      const key = evidenceKey(e);
      const found = seen.get(key);
      if (!found) {
        const copy = { ...e, actions: [...e.actions] };
        seen.set(key, copy);
        evidence.push(copy);
      } else for (const a of e.actions) if (!found.actions.includes(a)) found.actions.push(a);
    }
    for (const k of part.assumes) assumes.add(k);
  }
  return { evidence, assumes: [...assumes].sort(byText) };
}

function* statementsOf(set: CompiledPolicySet): Iterable<CompiledStatement> {
  for (const p of set.identity) yield* p.statements;
  if (set.boundary) yield* set.boundary.statements;
  for (const p of set.session) yield* p.statements;
  if (set.resource) yield* set.resource.statements;
  for (const level of set.scps) for (const p of level.policies) yield* p.statements;
  for (const level of set.rcps) for (const p of level.policies) yield* p.statements;
}

/**
 * The condition keys an allowed request did not carry: those of the allowing statements (they
 * allowed with the key absent) and of the Denies on the same action and resource (they did not
 * apply with it absent).
 */
function absentKeys(set: CompiledPolicySet, request: PreparedRequest, decisive: readonly StatementRef[]): string[] {
  const deciding = new Set(decisive);
  const keys = new Map<string, string>();
  for (const s of statementsOf(set)) {
    if (s.conditions.length === 0) continue;
    if (!deciding.has(s.ref)) {
      if (s.effect !== "Deny" || !statementMatchesAction(s, request.actionLower) || !statementMatchesResource(s, request)) continue;
    }
    for (const c of s.conditions) if (request.value(c.keyLower, c.key) === undefined && !keys.has(c.keyLower)) keys.set(c.keyLower, c.key);
  }
  return [...keys.values()].sort(byText);
}

/** Per policy: whether an Allow may cover every service (wildcard, NotAction), else the service prefixes its Allows name. */
const servicesAllowed = new WeakMap<CompiledPolicy, Set<string> | "any">();

/** True unless the policies cannot allow every catalog action: a cheap, sound test before counting. */
function mayAllowEverything(policies: readonly CompiledPolicy[]): boolean {
  const prefixes = new Set<string>();
  for (const p of policies) {
    let found = servicesAllowed.get(p);
    if (!found) {
      found = new Set<string>();
      scan: for (const s of p.allows) {
        if (s.anyAction || s.notAction) {
          found = "any";
          break;
        }
        for (const pattern of s.actionPatterns) {
          const colon = pattern.indexOf(":");
          const service = (colon < 0 ? pattern : pattern.slice(0, colon)).toLowerCase();
          if (service.includes("*") || service.includes("?")) {
            found = "any";
            break scan;
          }
          found.add(service);
        }
      }
      servicesAllowed.set(p, found);
    }
    if (found === "any") return true;
    for (const prefix of found) prefixes.add(prefix);
  }
  const services = actionIndex().services;
  return prefixes.size >= services.length && services.every((s) => prefixes.has(s.prefix));
}

/** Per policy: the method actions (lowercased) one of its Allow statements names. */
const methodActionsAllowed = new WeakMap<CompiledPolicy, string[]>();

function methodActionsOf(policy: CompiledPolicy): string[] {
  let found = methodActionsAllowed.get(policy);
  if (!found) {
    found = [];
    for (const action of METHOD_ACTIONS) {
      const lower = action.toLowerCase();
      if (policy.allows.some((s) => statementMatchesAction(s, lower))) found.push(lower);
    }
    methodActionsAllowed.set(policy, found);
  }
  return found;
}

/** A number per compiled statement, for cache keys made of statements. */
const statementIds = new WeakMap<CompiledStatement, number>();
let nextStatementId = 0;
function statementId(s: CompiledStatement): number {
  let id = statementIds.get(s);
  if (id === undefined) {
    id = nextStatementId++;
    statementIds.set(s, id);
  }
  return id;
}

const ALLOW_EVERYTHING = compilePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "any policy the caller would write");

/** Builds the graph over every account of the input. Throws PolicyGrammarError for a document that cannot be compiled. */
export function buildEscalationGraph(input: ReviewInput, options: EscalationOptions): EscalationGraph {
  return new GraphBuilder(input, options).build();
}

/** buildEscalationGraph a step at a time: yields how far it got (the console's background review shows it). */
export function escalationGraphSteps(input: ReviewInput, options: EscalationOptions): Generator<{ done: number; total: number }, EscalationGraph, void> {
  return new GraphBuilder(input, options).steps();
}

class GraphBuilder {
  private readonly input: ReviewInput;
  private readonly now: Date;
  private readonly review: ReviewContext;
  private readonly identities: ReviewIdentity[];
  private readonly byArn = new Map<string, ReviewIdentity>();
  private readonly actors = new Map<string, Actor>();
  private readonly possibleBySet = new Map<string, Set<string>>();
  private readonly adminBySet = new Map<string, boolean>();
  private readonly usersByAccount = new Map<string, ReviewIdentity[]>();
  private readonly rolesByAccount = new Map<string, ReviewRole[]>();
  private readonly principalsByAccount = new Map<string, ReviewIdentity[]>();
  private readonly groupsByAccountName = new Map<string, ReviewGroup>();
  private readonly groupsByAccount = new Map<string, ReviewGroup[]>();
  private readonly profileRole = new Map<string, string>();
  private readonly edges: EscalationEdge[] = [];
  private readonly edgeKeys = new Set<string>();
  /** Per policy set and action: the statements that bear on it. */
  private readonly relevantCache = new Map<string, { statements: CompiledStatement[]; anyAllow: boolean; templated: boolean; key: string }>();
  /** Per list of statements and target list: targets grouped by which of those statements match them. */
  private readonly classCache = new Map<string, string[][]>();
  /** Per statement and target list: which targets its Resource matches. */
  private readonly matchCache = new Map<string, Uint8Array>();
  private readonly probes = new Map<string, PreparedRequest>();
  private readonly ceilingCache = new Map<string, boolean>();
  private readonly adminGroupCache = new Map<string, boolean>();
  private readonly rolesTrusting = new Map<string, ReviewRole[]>();
  private readonly rcpCache = new Map<string, CompiledPolicySet["rcps"]>();

  constructor(input: ReviewInput, options: EscalationOptions) {
    this.input = input;
    this.now = options.now;
    // Naming the services spares the review context from collecting them from every trust policy.
    this.review = options.review ?? new ReviewContext(input, SERVICE_LAUNCHES.map((s) => s.service), options.now);
    this.identities = [...input.users, ...input.roles].sort((a, b) => byText(a.arn, b.arn));
    for (const identity of this.identities) {
      this.byArn.set(identity.arn, identity);
      push(this.principalsByAccount, identity.account, identity);
      if (identity.kind === "user") push(this.usersByAccount, identity.account, identity);
      else push(this.rolesByAccount, identity.account, identity as ReviewRole);
    }
    for (const group of input.groups ?? []) {
      this.groupsByAccountName.set(`${group.account}\u0000${group.name}`, group);
      push(this.groupsByAccount, group.account, group);
    }
    for (const profile of input.instanceProfiles) if (profile.roleArn) this.profileRole.set(profile.arn, profile.roleArn);
  }

  build(): EscalationGraph {
    const steps = this.steps();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** The build a step per identity and pass (three passes over the identities), for callers that pause between steps. */
  *steps(): Generator<{ done: number; total: number }, EscalationGraph, void> {
    const total = this.identities.length * 3 + this.input.roles.length;
    let done = 0;
    for (const identity of this.identities) {
      this.actor(identity);
      yield { done: ++done, total };
    }
    for (const role of this.input.roles) {
      this.assumeRoleEdges(role);
      yield { done: ++done, total };
    }
    for (const identity of this.identities) {
      const actor = this.actor(identity);
      if (actor.possible.size > 0 && !actor.admin) {
        this.passRoleEdges(actor);
        this.identityChangeEdges(actor);
        this.updateTrustEdges(actor);
        this.workloadEdges(actor);
      }
      yield { done: ++done, total };
    }
    // Self-grants last: "a role it can use" needs the edges above.
    const direct = new Map<string, string[]>();
    for (const e of this.edges) if (e.to !== ADMIN_NODE) push(direct, e.from, e.to);
    for (const identity of this.identities) {
      const actor = this.actor(identity);
      if (actor.possible.size > 0 && !actor.admin) this.selfGrantEdges(actor, [...new Set(direct.get(identity.arn) ?? [])]);
      yield { done: ++done, total };
    }

    const nodes: EscalationNode[] = this.identities.map((i) => ({ arn: i.arn, kind: i.kind, name: i.name, account: i.account, admin: this.actor(i).admin }));
    const admins = nodes.filter((n) => n.admin).map((n) => n.arn);
    const outgoing = new Map<string, EscalationEdge[]>();
    const incoming = new Map<string, EscalationEdge[]>();
    for (const e of this.edges) {
      push(outgoing, e.from, e);
      push(incoming, e.to, e);
    }
    for (const list of outgoing.values()) list.sort((a, b) => byText(a.to, b.to) || compareEdges(a, b));
    for (const list of incoming.values()) list.sort((a, b) => byText(a.from, b.from) || compareEdges(a, b));
    return { accounts: [...this.input.accounts], nodes, admins, edges: this.edges, outgoing, incoming };
  }

  // ---- identities and decisions ----

  private actor(identity: ReviewIdentity): Actor {
    let actor = this.actors.get(identity.arn);
    if (actor) return actor;
    const entry = this.review.setFor(identity);
    let possible = this.possibleBySet.get(entry.key);
    if (!possible) {
      possible = new Set();
      for (const p of entry.set.identity) for (const action of methodActionsOf(p)) possible.add(action);
      this.possibleBySet.set(entry.key, possible);
    }
    let admin = this.adminBySet.get(entry.key);
    if (admin === undefined) {
      admin = mayAllowEverything(entry.set.identity) && this.review.isAdmin(identity);
      this.adminBySet.set(entry.key, admin);
    }
    const principal = identity.kind === "role" ? `arn:aws:sts::${identity.account}:assumed-role/${identity.name}/${actingSessionName}` : identity.arn;
    const context = callerContext(
      { kind: identity.kind, arn: identity.arn, accountId: identity.account, name: identity.name, uniqueId: identity.uniqueId ?? "", tags: identity.tags ?? [] },
      this.now,
      actingSessionName,
      // A role acts through a session, whose requests carry the time its credentials were issued.
      identity.kind === "role" ? { tokenIssueTime: this.now } : {},
    );
    // A source without unique ids leaves aws:userid absent rather than wrong.
    if (!identity.uniqueId) delete context["aws:userid"];
    actor = { identity, principal, context, entry, possible, admin, created: new Map() };
    this.actors.set(identity.arn, actor);
    return actor;
  }

  /** Asks the evaluator; the statements and absent keys when allowed, else null. */
  private decide(actor: Actor, action: string, resource: string, extra?: Context, set: CompiledPolicySet = actor.entry.set, resourceAccount?: string): Granted | null {
    const context = extra ? { ...actor.context, ...extra } : actor.context;
    const request = { principal: actor.principal, action, resource, resourceAccount, context };
    const result = evaluateRequest(set, request);
    if (result.decision !== "Allow") return null;
    const prepared = new PreparedRequest(request);
    let decisive = result.decisive;
    // A trust naming the caller's account delegates to its identity policies and is not among the
    // deciding statements; it still lets the caller in, so it is evidence too.
    if (set.resource) {
      const letIn = set.resource.allows.filter((s) => !decisive.includes(s.ref) && statementApplies(s, prepared) !== PrincipalMatch.None).map((s) => s.ref);
      if (letIn.length) decisive = [...decisive, ...letIn];
    }
    return { evidence: evidenceOf(decisive, action), assumes: absentKeys(set, prepared, decisive) };
  }

  private relevant(actor: Actor, action: string): { statements: CompiledStatement[]; anyAllow: boolean; templated: boolean; key: string } {
    const key = `${actor.entry.key}\u0002${action}`;
    let found = this.relevantCache.get(key);
    if (!found) {
      const lower = action.toLowerCase();
      const statements: CompiledStatement[] = [];
      let anyAllow = false;
      let templated = false;
      const consider = (policy: CompiledPolicy, identitySide: boolean) => {
        for (const s of policy.statements) {
          if (!statementMatchesAction(s, lower)) continue;
          statements.push(s);
          if (identitySide && s.effect === "Allow") anyAllow = true;
          if (s.resources?.some((r) => r.template)) templated = true;
        }
      };
      const set = actor.entry.set;
      for (const p of set.identity) consider(p, true);
      if (set.boundary) consider(set.boundary, false);
      for (const level of set.scps) for (const p of level.policies) consider(p, false);
      found = { statements, anyAllow, templated, key: statements.map(statementId).join(",") };
      this.relevantCache.set(key, found);
    }
    return found;
  }

  private readonly arnLists = new Map<string, string[]>();
  /** The ARNs of a list of identities, built once per list key. */
  private arnsOf(listKey: string, identities: readonly ReviewIdentity[]): string[] {
    let arns = this.arnLists.get(listKey);
    if (!arns) {
      arns = identities.map((i) => i.arn);
      this.arnLists.set(listKey, arns);
    }
    return arns;
  }

  private matches(statement: CompiledStatement, targets: readonly string[], listKey: string): Uint8Array {
    const key = `${statementId(statement)}\u0002${listKey}`;
    let found = this.matchCache.get(key);
    if (!found) {
      found = new Uint8Array(targets.length);
      for (let t = 0; t < targets.length; t++) found[t] = statementMatchesResource(statement, this.probe(targets[t])) ? 1 : 0;
      this.matchCache.set(key, found);
    }
    return found;
  }

  private probe(arn: string): PreparedRequest {
    let probe = this.probes.get(arn);
    if (!probe) {
      probe = new PreparedRequest({ principal: "roleplay-escalation", action: "roleplay:probe", resource: arn });
      this.probes.set(arn, probe);
    }
    return probe;
  }

  /**
   * The targets (ARNs of the caller's account) on which the caller may perform `action`. Targets
   * matched by the same statements are decided once: the context does not depend on the target.
   */
  private allowedOn(actor: Actor, action: string, targets: readonly string[], listKey: string, extra?: Context): { targets: string[]; granted: Granted }[] {
    const out: { targets: string[]; granted: Granted }[] = [];
    if (targets.length === 0) return out;
    const { statements, anyAllow, templated, key: statementsKey } = this.relevant(actor, action);
    if (!anyAllow) return out;
    let classes: string[][];
    if (templated) classes = targets.map((t) => [t]);
    else {
      const key = `${statementsKey}\u0002${listKey}`;
      const cached = this.classCache.get(key);
      if (cached) classes = cached;
      else {
        // Sets sharing policies share statements: each statement is matched against the list once.
        const matches = statements.map((s) => this.matches(s, targets, listKey));
        const grouped = new Map<string, string[]>();
        for (let t = 0; t < targets.length; t++) {
          let bits = "";
          for (const m of matches) bits += m[t];
          push(grouped, bits, targets[t]);
        }
        classes = [...grouped.values()];
        this.classCache.set(key, classes);
      }
    }
    for (const members of classes) {
      const granted = this.decide(actor, action, members[0], extra);
      if (granted) out.push({ targets: members, granted });
    }
    return out;
  }

  /**
   * An action on a resource the caller creates (a function, a stack, an instance…): allowed on any
   * ARN of that kind in its account. Asked on the account-wide ARN, then on an ARN matching each
   * allowing statement's Resource (a caller limited to `app-*` names creates an `app-…` one).
   */
  private onCreated(actor: Actor, action: string): Granted | null {
    const lower = action.toLowerCase();
    if (actor.created.has(lower)) return actor.created.get(lower)!;
    let granted: Granted | null = null;
    if (actor.possible.has(lower)) {
      granted = this.decide(actor, action, createdResource(action, actor.identity.account));
      if (!granted) {
        const tried = new Set<string>();
        for (const p of actor.entry.set.identity) {
          for (const s of p.allows) {
            if (granted || s.notResource || !s.resources || !statementMatchesAction(s, lower)) continue;
            for (const r of s.resources) {
              if (r.template || tried.size >= 16) continue;
              const concrete = r.text.replace(/\*/g, "roleplay").replace(/\?/g, "x");
              if (tried.has(concrete)) continue;
              tried.add(concrete);
              granted = this.decide(actor, action, concrete);
              if (granted) break;
            }
          }
        }
      }
    }
    actor.created.set(lower, granted);
    return granted;
  }

  private addEdge(edge: EscalationEdge): void {
    if (edge.from === edge.to) return;
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.method}\u0000${edge.via ?? ""}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push(edge);
  }

  private edge(actor: Actor, to: string, actions: readonly string[], granted: Granted, extra: Partial<EscalationEdge> = {}): void {
    this.addEdge({ from: actor.identity.arn, to, method: methodName(actions), evidence: granted.evidence, assumes: granted.assumes, ...extra });
  }

  // ---- sts:AssumeRole ----

  /** For every role, the principals its trust policy could let in, then the evaluator on each. */
  private assumeRoleEdges(role: ReviewRole): void {
    const trust = this.review.compile(role.trust, "resource");
    const candidates = this.trustCandidates(trust);
    if (candidates.length === 0) return;
    const rcps = this.rcpsOf(role.account);
    let named: Set<string> | undefined;
    for (const identity of candidates) {
      if (identity.arn === role.arn) continue;
      const actor = this.actor(identity);
      // Without an identity statement allowing it, only a same-account trust naming the caller itself grants.
      if (!actor.possible.has("sts:assumerole")) {
        if (identity.account !== role.account) continue;
        named ??= namedIn(trust);
        if (!named.has(identity.arn) && !(identity.kind === "role" && named.has(`role:${identity.account}:${identity.name}`))) continue;
      }
      const set: CompiledPolicySet = { ...actor.entry.set, resource: trust, rcps };
      const granted = this.decide(actor, "sts:AssumeRole", role.arn, undefined, set, role.account);
      if (granted) this.edge(actor, role.arn, ["sts:AssumeRole"], granted);
    }
  }

  /** The RCPs over an account's resources (roles are STS resources), compiled once per account. */
  private rcpsOf(account: string): CompiledPolicySet["rcps"] {
    let levels = this.rcpCache.get(account);
    if (!levels) {
      levels = (this.input.rcps?.[account] ?? []).map((level) => ({ target: level.target, policies: level.policies.map((p) => compilePolicy(p.document, p.name, "rcp", level.target)) }));
      this.rcpCache.set(account, levels);
    }
    return levels;
  }

  /** Identities a trust policy's Allow statements on sts:AssumeRole could name. */
  private trustCandidates(trust: CompiledPolicy): ReviewIdentity[] {
    const out = new Set<ReviewIdentity>();
    for (const s of trust.allows) {
      if (!statementMatchesAction(s, "sts:assumerole")) continue;
      if (s.principals === null || s.notPrincipal) return this.identities;
      for (const entry of s.principals) {
        if (entry.type === "any") return this.identities;
        if (entry.type === "account") for (const i of this.principalsByAccount.get(entry.account) ?? []) out.add(i);
        else if (entry.type === "arn") {
          const exact = this.byArn.get(entry.arn);
          if (exact) out.add(exact);
          else if (entry.roleName !== undefined) {
            for (const r of this.rolesByAccount.get(entry.roleAccount!) ?? []) if (r.name === entry.roleName) out.add(r);
          }
        }
      }
    }
    return [...out];
  }

  // ---- iam:PassRole to a service ----

  private trusting(account: string, service: string): ReviewRole[] {
    const key = `${account}\u0000${service}`;
    let roles = this.rolesTrusting.get(key);
    if (!roles) {
      roles = (this.rolesByAccount.get(account) ?? []).filter((r) => this.review.trusts(r, service));
      this.rolesTrusting.set(key, roles);
    }
    return roles;
  }

  private passRoleEdges(actor: Actor): void {
    if (!actor.possible.has("iam:passrole")) return;
    const account = actor.identity.account;
    for (const launch of SERVICE_LAUNCHES) {
      // The ways the caller can make the service run a role, before asking about any role.
      const usable = launch.alternatives
        .map((alternative) => ({ alternative, granted: this.allOnCreated(actor, alternative.actions) }))
        .filter((u): u is { alternative: LaunchAlternative; granted: Granted } => u.granted !== null);
      if (usable.length === 0) continue;
      const roles = this.trusting(account, launch.service);
      if (roles.length === 0) continue;
      const arns = this.arnsOf(`${account}:trusting:${launch.service}`, roles);
      for (const passable of this.allowedOn(actor, "iam:PassRole", arns, `${account}:trusting:${launch.service}`, passRoleContext(launch.service))) {
        const combined = new Map<LaunchAlternative, { method: string; granted: Granted }>();
        for (const arn of passable.targets) {
          const role = this.byArn.get(arn) as ReviewRole;
          if (arn === actor.identity.arn) continue;
          const hasProfile = role.instanceProfiles.length > 0;
          // Alternatives come in order of preference; using an existing profile needs one to exist.
          const way = usable.find((u) => u.alternative.profile !== "needs" || hasProfile);
          if (!way) continue;
          let both = combined.get(way.alternative);
          if (!both) {
            both = { method: methodName(["iam:PassRole", ...way.alternative.actions]), granted: merge([passable.granted, way.granted]) };
            combined.set(way.alternative, both);
          }
          const via = way.alternative.profile === "needs" ? role.instanceProfiles[0] : undefined;
          this.addEdge({ from: actor.identity.arn, to: arn, method: both.method, evidence: both.granted.evidence, assumes: both.granted.assumes, service: launch.service, ...(via ? { via } : {}) });
        }
      }
    }
  }

  private allOnCreated(actor: Actor, actions: readonly string[]): Granted | null {
    const parts: Granted[] = [];
    for (const action of actions) {
      const granted = this.onCreated(actor, action);
      if (!granted) return null;
      parts.push(granted);
    }
    return merge(parts);
  }

  // ---- new credentials for another user ----

  private identityChangeEdges(actor: Actor): void {
    const users = this.usersByAccount.get(actor.identity.account) ?? [];
    for (const action of IDENTITY_CHANGES) {
      if (!actor.possible.has(action.toLowerCase())) continue;
      for (const allowed of this.allowedOn(actor, action, this.arnsOf(`${actor.identity.account}:users`, users), `${actor.identity.account}:users`)) {
        for (const arn of allowed.targets) this.edge(actor, arn, [action], allowed.granted);
      }
    }
  }

  // ---- rewrite a role's trust, then assume it ----

  private updateTrustEdges(actor: Actor): void {
    if (!actor.possible.has("iam:updateassumerolepolicy")) return;
    const roles = this.rolesByAccount.get(actor.identity.account) ?? [];
    const allowed = new Map<string, Granted>();
    for (const c of this.allowedOn(actor, "iam:UpdateAssumeRolePolicy", this.arnsOf(`${actor.identity.account}:roles`, roles), `${actor.identity.account}:roles`)) {
      for (const arn of c.targets) allowed.set(arn, c.granted);
    }
    if (allowed.size === 0) return;
    // The trust the caller would write names its own principal: same account, no identity statement needed.
    const written = compilePolicy(
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: actor.principal }, Action: "sts:AssumeRole" }] },
      `trust policy ${actor.identity.name} would write`,
      "resource",
    );
    for (const role of roles) {
      const update = allowed.get(role.arn);
      if (!update || role.arn === actor.identity.arn) continue;
      const set: CompiledPolicySet = { ...actor.entry.set, resource: written, rcps: this.rcpsOf(role.account) };
      const assume = this.decide(actor, "sts:AssumeRole", role.arn, undefined, set, role.account);
      if (!assume) continue;
      const real = { evidence: assume.evidence.filter((e) => e.policy !== written.name), assumes: assume.assumes };
      this.edge(actor, role.arn, ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"], merge([update, real]));
    }
  }

  // ---- code on a workload that holds a role ----

  private workloadEdges(actor: Actor): void {
    const account = actor.identity.account;
    for (const instance of this.input.instances) {
      if (instance.account !== account || instance.state !== "running" || !instance.profileArn) continue;
      const roleArn = this.profileRole.get(instance.profileArn);
      if (!roleArn) continue;
      const arn = `arn:aws:ec2:${instance.region ?? "*"}:${account}:instance/${instance.id}`;
      for (const action of INSTANCE_ACCESS) {
        if (!actor.possible.has(action.toLowerCase())) continue;
        const granted = this.decide(actor, action, arn);
        if (granted) this.edge(actor, roleArn, [action], granted, { via: arn });
      }
    }
    for (const task of this.input.tasks ?? []) {
      if (task.account !== account || task.status !== "RUNNING" || !task.taskRoleArn) continue;
      for (const action of TASK_ACCESS) {
        if (!actor.possible.has(action.toLowerCase())) continue;
        const granted = this.decide(actor, action, task.arn);
        if (granted) this.edge(actor, task.taskRoleArn, [action], granted, { via: task.arn });
      }
    }
  }

  // ---- self-grants to the node `admin` ----

  /** Whether a policy allowing everything would make the identity an administrator under its boundary and SCPs. */
  private ceiling(identity: ReviewIdentity, withBoundary: boolean): boolean {
    const set = this.review.setFor(identity).set;
    if (set.scps.length === 0 && (!withBoundary || !set.boundary)) return true;
    const key = `${identity.account}\u0000${withBoundary ? (identity.boundary?.key ?? "") : "-"}`;
    let ok = this.ceilingCache.get(key);
    if (ok === undefined) {
      ok = isEveryAction(allowedActions({ identity: [ALLOW_EVERYTHING], boundary: withBoundary ? set.boundary : undefined, session: [], scps: set.scps, rcps: [] }, identity.arn));
      this.ceilingCache.set(key, ok);
    }
    return ok;
  }

  /**
   * What a self-grant needs first: nothing when the boundary (if any) and SCPs let an
   * administrator's policy through; removing or replacing the boundary when only it stands in the
   * way; null when the SCPs do.
   */
  private grantPrefix(actor: Actor): { actions: string[]; granted: Granted[] } | null {
    const identity = actor.identity;
    if (this.ceiling(identity, true)) return { actions: [], granted: [] };
    if (!identity.boundary || !this.ceiling(identity, false)) return null;
    for (const action of BOUNDARY_REMOVAL[identity.kind]) {
      if (!actor.possible.has(action.toLowerCase())) continue;
      const granted = this.decide(actor, action, identity.arn, action.startsWith("iam:Put") ? { "iam:PermissionsBoundary": ADMINISTRATOR_ACCESS } : undefined);
      if (granted) return { actions: [action], granted: [granted] };
    }
    return null;
  }

  private selfGrantEdges(actor: Actor, usableRoles: string[]): void {
    const grants = [...USER_GRANTS, ...GROUP_GRANTS, ...ROLE_GRANTS, ...POLICY_VERSION_GRANTS, "iam:AddUserToGroup"];
    if (!grants.some((a) => actor.possible.has(a.toLowerCase()))) return;
    const prefix = this.grantPrefix(actor);
    if (!prefix) return;
    const identity = actor.identity;
    const attach = { "iam:PolicyARN": ADMINISTRATOR_ACCESS };
    const toAdmin = (actions: string[], granted: Granted, via?: string) =>
      this.edge(actor, ADMIN_NODE, [...prefix.actions, ...actions], merge([...prefix.granted, granted]), via ? { via } : {});
    const grantOn = (actions: readonly string[], arn: string, via?: string) => {
      for (const action of actions) {
        if (!actor.possible.has(action.toLowerCase())) continue;
        const granted = this.decide(actor, action, arn, action.includes(":Attach") ? attach : undefined);
        if (granted) toAdmin([action], granted, via);
      }
    };

    if (identity.kind === "user") {
      grantOn(USER_GRANTS, identity.arn);
      for (const name of identity.groups) {
        const group = this.groupsByAccountName.get(`${identity.account}\u0000${name}`);
        if (group) grantOn(GROUP_GRANTS, group.arn, group.arn);
      }
      if (actor.possible.has("iam:addusertogroup")) {
        for (const group of this.groupsByAccount.get(identity.account) ?? []) {
          if (identity.groups.includes(group.name) || !this.adminGroup(group, identity)) continue;
          const granted = this.decide(actor, "iam:AddUserToGroup", group.arn);
          // Joining a group of administrators needs no other grant: the prefix is not asked for.
          if (granted) this.edge(actor, ADMIN_NODE, ["iam:AddUserToGroup"], granted, { via: group.arn });
        }
      }
    } else {
      grantOn(ROLE_GRANTS, identity.arn);
    }
    // A role the caller can already use (one hop away) takes a policy as well as the caller's own.
    for (const roleArn of usableRoles) {
      const role = this.byArn.get(roleArn);
      if (!role || role.kind !== "role" || role.account !== identity.account || this.actor(role).admin) continue;
      if (!this.ceiling(role, true)) continue;
      for (const action of ROLE_GRANTS) {
        if (!actor.possible.has(action.toLowerCase())) continue;
        const granted = this.decide(actor, action, role.arn, action.includes(":Attach") ? attach : undefined);
        if (granted) this.edge(actor, ADMIN_NODE, [action], granted, { via: role.arn });
      }
    }
    // Customer-managed policies attached to the caller (or its groups): a new default version.
    const seen = new Set<string>();
    for (const policy of identity.policies) {
      if (!policy.arn || isAwsManagedPolicyArn(policy.arn) || seen.has(policy.arn)) continue;
      seen.add(policy.arn);
      if (actor.possible.has("iam:createpolicyversion")) {
        const granted = this.decide(actor, "iam:CreatePolicyVersion", policy.arn);
        if (granted) toAdmin(["iam:CreatePolicyVersion"], granted, policy.arn);
      }
      if (actor.possible.has("iam:setdefaultpolicyversion") && this.olderVersionMakesAdmin(identity, policy)) {
        const granted = this.decide(actor, "iam:SetDefaultPolicyVersion", policy.arn);
        if (granted) this.edge(actor, ADMIN_NODE, ["iam:SetDefaultPolicyVersion"], granted, { via: policy.arn });
      }
    }
  }

  /** A group whose own policies, under the user's boundary and SCPs, allow every action. */
  private adminGroup(group: ReviewGroup, user: ReviewIdentity): boolean {
    const key = `${group.arn}\u0000${user.boundary?.key ?? ""}`;
    let admin = this.adminGroupCache.get(key);
    if (admin === undefined) {
      const policies = group.policies.map((p) => this.review.compile(p, "identity"));
      const set = this.review.setFor(user).set;
      admin = mayAllowEverything(policies) && isEveryAction(allowedActions({ identity: policies, boundary: set.boundary, session: [], scps: set.scps, rcps: [] }, user.arn));
      this.adminGroupCache.set(key, admin);
    }
    return admin;
  }

  /** Whether one of the policy's other versions, made the default, makes the identity an administrator. */
  private olderVersionMakesAdmin(identity: ReviewIdentity, policy: ReviewPolicy): boolean {
    const set = this.review.setFor(identity).set;
    for (const version of policy.otherVersions ?? []) {
      const replaced = identity.policies.map((p) =>
        p.arn === policy.arn ? this.review.compile({ key: `${policy.arn}#${version.versionId}`, name: policy.name, document: version.document }, "identity") : this.review.compile(p, "identity"),
      );
      if (!mayAllowEverything(replaced)) continue;
      if (isEveryAction(allowedActions({ identity: replaced, boundary: set.boundary, session: [], scps: set.scps, rcps: [] }, identity.arn))) return true;
    }
    return false;
  }
}

/** The principals a trust names by ARN (and, for roles, by account and name: a role ARN names every path). */
function namedIn(trust: CompiledPolicy): Set<string> {
  const named = new Set<string>();
  for (const s of trust.allows) {
    for (const entry of s.principals ?? []) {
      if (entry.type !== "arn") continue;
      named.add(entry.arn);
      if (entry.roleName !== undefined) named.add(`role:${entry.roleAccount}:${entry.roleName}`);
    }
  }
  return named;
}

/** Among parallel edges: fewer actions first, then by method and what it acts on. */
export function compareEdges(a: EscalationEdge, b: EscalationEdge): number {
  const count = (e: EscalationEdge) => e.method.split("+").length;
  return count(a) - count(b) || byText(a.method, b.method) || byText(a.via ?? "", b.via ?? "");
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
