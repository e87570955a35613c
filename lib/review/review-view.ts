/**
 * The review as the console shows it for one account: findings, per role "who can pass me, to
 * which services, how", per principal "what can I pass, and what would I gain", and the graph of
 * principals → roles → instance profiles → instances with escalation paths marked. Pure: shapes
 * the review's result, decides nothing.
 *
 * A large account's review takes long and its whole view is hundreds of megabytes, so the review
 * runs as steps (accountReviewSteps, which yield progress) into an AccountReview that is kept and
 * asked for what a page shows: the summary, a page of findings, of roles or of principals, the
 * neighbourhood of one node of the graph. buildAccountReviewView still gives the whole view.
 */
import { escalationFindings } from "./escalation-findings";
import { escalationGraphSteps, type EscalationGraph } from "./escalation-graph";
import { byFinding, FindingsExplainer, severityRank, type FindingKind, type FindingSeverity, type ReviewFinding } from "./findings";
import type { ReviewInput, ReviewRole } from "./review-input";
import { EC2, PassRoleReview, ReviewContext, type Escalation, type EscalationGain, type GrantVia, type IdentitySummary, type PassRoleGrant } from "./review-pass-role";

export interface PassPath {
  service: string;
  trusted: boolean;
  launch: string[];
  via: GrantVia[];
  escalation?: EscalationGain & { levels: { service: string; level: string; actions: number }[] };
}

export interface RoleView {
  arn: string;
  name: string;
  trustedServices: string[];
  instanceProfiles: string[];
  actions: number;
  admin: boolean;
  passers: { arn: string; name: string; kind: "user" | "role"; paths: PassPath[] }[];
}

export interface PrincipalView {
  arn: string;
  name: string;
  kind: "user" | "role";
  groups: string[];
  actions: number;
  admin: boolean;
  canPass: { arn: string; name: string; paths: PassPath[] }[];
}

export interface GraphNode {
  id: string;
  kind: "principal" | "role" | "profile" | "instance";
  label: string;
  sublabel?: string;
  onEscalationPath: boolean;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: "passes" | "holds" | "runs";
  label?: string;
  escalation: boolean;
}

export interface AccountReviewView {
  account: string;
  /** The services reviewed, and every service the account's trust policies name. */
  services: string[];
  availableServices: string[];
  counts: { grants: number; escalations: number; critical: number; high: number; medium: number; low: number };
  findings: ReviewFinding[];
  roles: RoleView[];
  principals: PrincipalView[];
  graph: { nodes: GraphNode[]; edges: GraphEdge[]; truncated: boolean };
}

/** Where a review in progress is: reading the workspace, then each step over its identities. */
export type ReviewPhase = "loading" | "summaries" | "evaluating" | "findings" | "escalation" | "indexing";
export interface ReviewProgress {
  phase: ReviewPhase;
  done: number;
  total: number;
  /** The services under review, once known: the page names them while it waits for the review. */
  services?: string[];
}

/** What the page shows first: counts, and the size of each list. */
export interface ReviewSummary {
  account: string;
  services: string[];
  availableServices: string[];
  counts: AccountReviewView["counts"];
  /** Findings per kind (kinds with none are absent). */
  kinds: Partial<Record<FindingKind, number>>;
  /** Roles someone may pass or an instance profile holds: the rows of "who can pass each role". */
  roles: number;
  /** Users and roles that may pass a role. */
  principals: number;
  /** The launch graph's size; the page draws only a neighbourhood of it. */
  graph: { nodes: number; edges: number };
  /** The workspace clock when the review ran (escalation findings decide time conditions with it). */
  reviewedAt: string;
}

/** What the review says about one principal, as its page shows it (a principal may pass thousands of roles). */
export interface PrincipalReview {
  /** The first findings about it, most severe first, and how many there are. */
  findings: ReviewFinding[];
  findingCount: number;
  /** The first roles it may pass, the largest gain first, and how many there are. */
  canPass: PrincipalView["canPass"];
  canPassCount: number;
}
const PRINCIPAL_FINDINGS = 20;
const PRINCIPAL_ROLES = 30;

/** One page of a list, and where it sits among the rows that match. */
export interface ReviewPage<Row> {
  rows: Row[];
  /** Rows matching the search and filters. */
  total: number;
  /** Rows without search or filters. */
  all: number;
  /** The page shown: the one asked for, or the last when it asked past the end. */
  page: number;
  size: number;
}

export interface FindingFilter {
  severities?: readonly FindingSeverity[];
  kind?: FindingKind;
  q?: string;
}

export type RoleSort = "risk" | "name" | "passers";
export type PrincipalSort = "risk" | "name" | "roles";

/** A path as a page's row tells it: what would be gained is counted, not listed. */
export interface PathSummary {
  service: string;
  trusted: boolean;
  launch: string[];
  escalation?: { actions: number; services: number; admin: boolean };
}
/**
 * A row of "who can pass each role": the first passers, escalating ones first, how many in all, how
 * many escalate, and of those not listed how many escalate (`moreEscalating`, for "and 3 more, 1 …").
 */
export type RoleRow = Omit<RoleView, "passers"> & { passers: { arn: string; name: string; kind: "user" | "role"; paths: PathSummary[] }[]; passerCount: number; escalating: number; moreEscalating: number };
/** A row of "what each principal can pass": the first roles, escalating ones first, and the largest gain (its top levels). */
export type PrincipalRow = Omit<PrincipalView, "canPass"> & {
  canPass: { arn: string; name: string; paths: PathSummary[] }[];
  canPassCount: number;
  escalating: number;
  /** Of the roles not listed, those with an escalation path. */
  moreEscalating: number;
  gain?: { actions: number; services: number; admin: boolean; levels: { service: string; level: string; actions: number }[] };
};
/** Levels of the largest gain a principal's row lists. */
const GAIN_LEVELS = 4;

export interface ReviewNeighbourhood {
  /** The node the graph is drawn around (null when the graph is empty). */
  focus: string | null;
  /** Hops each way from the focus. */
  hops: number;
  nodes: (GraphNode & { layer: number })[];
  edges: GraphEdge[];
  /** Neighbours left out to keep the drawing readable. */
  hidden: number;
}

export type GraphNodeHit = Pick<GraphNode, "id" | "kind" | "label" | "sublabel" | "onEscalationPath">;

const nameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);
const shortService = (service: string) => service.replace(/\.amazonaws\.com$/, "");
const collator = new Intl.Collator();
const tripleKey = (principal: string, role: string, service: string) => `${principal}\u0000${role}\u0000${service}`;
const words = (q: string | undefined) => (q ?? "").toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
const matches = (text: string, needles: string[]) => needles.every((w) => text.includes(w));

/** Beyond this many nodes the whole-view graph keeps only escalation paths. */
const GRAPH_LIMIT = 160;
/** Passers per role row and roles per principal row listed on a page; the rest are counted. */
const ROW_PASSERS = 3;
const ROW_ROLES = 3;
/** A neighbourhood's size: neighbours drawn per node, nodes in all. */
const NEIGHBOURS_PER_NODE = 12;
const NEIGHBOURHOOD_NODES = 60;
/** Grants explained per step. */
const FINDINGS_STEP = 200;
/** Grants indexed per step. */
const INDEX_STEP = 20_000;

/** The account's part of the workspace input: PassRole never crosses accounts. */
function scopeTo(input: ReviewInput, account: string): ReviewInput {
  return {
    ...input,
    accounts: input.accounts.filter((a) => a === account),
    users: input.users.filter((u) => u.account === account),
    roles: input.roles.filter((r) => r.account === account),
    instanceProfiles: input.instanceProfiles.filter((p) => p.account === account),
    instances: input.instances.filter((i) => i.account === account),
  };
}

export interface AccountReviewOptions {
  /** One service principal, `all` for every service the roles trust, or the default (EC2 when a role trusts it, else all). */
  service?: string;
  /** With a clock: the escalation graph's findings over the whole input join the PassRole ones. */
  now?: Date;
  /** The escalation graph of the whole input at `now`, when already built (it is the same for every account and service of a workspace version). */
  graph?: EscalationGraph;
  /** Told the graph once built here, for the next review of the same input to reuse. */
  builtGraph?: (graph: EscalationGraph) => void;
}

/**
 * Reviews one account of the input, step by step: each step yields where it is, so a caller can
 * pause between steps and show progress. `input` may hold the whole workspace: the PassRole review
 * keeps to the account, escalation paths may cross accounts.
 */
export function* accountReviewSteps(input: ReviewInput, account: string, options: AccountReviewOptions = {}): Generator<ReviewProgress, AccountReview, void> {
  const scoped = scopeTo(input, account);
  yield { phase: "summaries", done: 0, total: scoped.users.length + scoped.roles.length };
  const available = new ReviewContext(scoped).services;
  const { service } = options;
  const services = service === "all" ? undefined : service ? [service] : available.includes(EC2) ? [EC2] : undefined;
  // Every step from here on names the services (as the review will: the chosen one, or all the roles trust).
  return yield* namingServices(reviewScoped(input, scoped, account, available, services, options), services ?? available);
}

/** The steps, each naming the services under review. */
function* namingServices<T>(steps: Generator<ReviewProgress, T, void>, services: string[]): Generator<ReviewProgress, T, void> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    yield { ...step.value, services };
  }
}

/** The review of the account once its services are chosen (`undefined`: every service the roles trust). */
function* reviewScoped(input: ReviewInput, scoped: ReviewInput, account: string, available: string[], services: string[] | undefined, options: AccountReviewOptions): Generator<ReviewProgress, AccountReview, void> {
  yield { phase: "summaries", done: 0, total: scoped.users.length + scoped.roles.length };
  const review = new PassRoleReview(scoped, { services, details: true });
  const { context, identities } = review;
  for (let i = 0; i < identities.length; i++) {
    // Warms what the review, its findings and summaries read (each policy set's allowed actions,
    // each role's trust) a step per identity: a principal that may pass every role would
    // otherwise work them all out in one step.
    const identity = identities[i];
    context.isAdmin(identity);
    context.someResourceBits(identity);
    if (identity.kind === "role") for (const s of context.services) context.trusts(identity as ReviewRole, s);
    yield { phase: "summaries", done: i + 1, total: identities.length };
  }
  for (let i = 0; i < identities.length; i++) {
    review.reviewIdentity(identities[i]);
    yield { phase: "evaluating", done: i + 1, total: identities.length };
  }
  let findings = yield* explainInSteps(review);
  const result = review.finish(findings);
  if (options.now) {
    // The escalation graph spans the whole input (paths cross accounts); its findings about this account join.
    const { now } = options;
    yield { phase: "escalation", done: 0, total: 1 };
    const context = new ReviewContext(input, undefined, now);
    let graph = options.graph;
    if (!graph) {
      const steps = escalationGraphSteps(input, { now, review: context });
      let step = steps.next();
      while (!step.done) {
        yield { phase: "escalation", done: step.value.done, total: step.value.total };
        step = steps.next();
      }
      graph = step.value;
      options.builtGraph?.(graph);
    }
    yield { phase: "escalation", done: graph.nodes.length, total: graph.nodes.length };
    // Both lists come sorted: merged, not sorted again (tens of thousands of titles to compare).
    findings = mergeSorted(findings, escalationFindings(graph, input, context, { now, accounts: [account] }).sort(byFinding));
  }
  return yield* AccountReview.build({
    account,
    entities: entitiesOf(scoped),
    services: result.services,
    availableServices: available,
    grants: result.grants,
    // Levels as one string each: a large account has tens of thousands of escalations.
    escalations: result.escalations.map(({ levels, ...e }) => (levels?.length ? { ...e, levels: levels.map((l) => `${l.service}\u0001${l.level}\u0001${l.actions}`).join("\u0002") } : e)),
    findings,
    identities: result.identities!,
    reviewedAt: options.now?.toISOString() ?? "",
  });
}

/**
 * The PassRole findings a little at a time. Apart from the role findings (which no grant
 * decides), each finding is about one principal and reads only that principal's first grant and
 * the grants and escalations of one of its roles: explaining a principal's roles in groups, each
 * with its first grant, gives the findings of explaining everything at once (repeats dropped).
 */
function* explainInSteps(review: PassRoleReview): Generator<ReviewProgress, ReviewFinding[], void> {
  const { context, grants, escalations } = review;
  // Grants and escalations come in principal, then role order.
  const grantsOf = new Map<string, Map<string, PassRoleGrant[]>>();
  for (const g of grants) {
    let roles = grantsOf.get(g.principal);
    if (!roles) grantsOf.set(g.principal, (roles = new Map()));
    push(roles, g.role, g);
  }
  const escalationsOf = new Map<string, Escalation[]>();
  for (const e of escalations) push(escalationsOf, `${e.principal}\u0000${e.role}`, e);
  const explainer = new FindingsExplainer(context);
  const findings = explainer.roleFindings();
  const seen = new Set(findings.map((f) => f.id));
  let done = 0;
  yield { phase: "findings", done, total: grants.length };
  for (const [principal, roles] of grantsOf) {
    const first = roles.values().next().value![0];
    let part: PassRoleGrant[] = [first];
    let partEscalations: Escalation[] = [];
    const explain = () => {
      for (const f of explainer.grantFindings(part, partEscalations)) {
        if (seen.has(f.id)) continue;
        seen.add(f.id);
        findings.push(f);
      }
      done += part.length - 1;
      part = [first];
      partEscalations = [];
    };
    for (const [role, list] of roles) {
      part.push(...list);
      partEscalations.push(...(escalationsOf.get(`${principal}\u0000${role}`) ?? []));
      if (part.length > FINDINGS_STEP) {
        explain();
        yield { phase: "findings", done, total: grants.length };
      }
    }
    if (part.length > 1) {
      explain();
      yield { phase: "findings", done, total: grants.length };
    }
  }
  return findings.sort(byFinding);
}

/** Runs the steps at once: the whole view of one account (see accountReviewSteps). */
export function buildAccountReviewView(input: ReviewInput, account: string, service?: string, now?: Date): AccountReviewView {
  return runAccountReview(input, account, { service, now }).toView();
}

/** Runs the steps at once. */
export function runAccountReview(input: ReviewInput, account: string, options: AccountReviewOptions = {}): AccountReview {
  const steps = accountReviewSteps(input, account, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** What the review's pages name beside its findings: the account's identities, profiles and instances, without their policies. */
export interface ReviewEntities {
  users: { arn: string; name: string; groups: string[] }[];
  roles: { arn: string; name: string; groups: string[]; instanceProfiles: string[] }[];
  instanceProfiles: { arn: string; name: string; roleArn?: string }[];
  instances: { id: string; name?: string; state: string; profileArn?: string }[];
}

function entitiesOf(input: ReviewInput): ReviewEntities {
  return {
    users: input.users.map((u) => ({ arn: u.arn, name: u.name, groups: u.groups })),
    roles: input.roles.map((r) => ({ arn: r.arn, name: r.name, groups: r.groups, instanceProfiles: r.instanceProfiles })),
    instanceProfiles: input.instanceProfiles.map((p) => ({ arn: p.arn, name: p.name, ...(p.roleArn ? { roleArn: p.roleArn } : {}) })),
    instances: input.instances.map((i) => ({ id: i.id, ...(i.name ? { name: i.name } : {}), state: i.state, ...(i.profileArn ? { profileArn: i.profileArn } : {}) })),
  };
}

/** An escalation as kept: its gains by service and access level in one string (`service␁level␁actions`, joined by ␂). */
export type KeptEscalation = Omit<Escalation, "levels"> & { levels?: string };

function levelsOf(text: string | undefined): { service: string; level: string; actions: number }[] {
  if (!text) return [];
  return text.split("\u0002").map((entry) => {
    const [service, level, actions] = entry.split("\u0001");
    return { service, level, actions: Number(actions) };
  });
}

/** Everything an AccountReview is built from: plain data, so that it can be stored and read back. */
export interface AccountReviewParts {
  account: string;
  entities: ReviewEntities;
  services: string[];
  availableServices: string[];
  grants: PassRoleGrant[];
  escalations: KeptEscalation[];
  findings: ReviewFinding[];
  identities: IdentitySummary[];
  reviewedAt: string;
}

type RoleFacts = { arn: string; name: string; trustedServices: string[]; instanceProfiles: string[]; actions: number; admin: boolean };
type PrincipalFacts = { arn: string; name: string; kind: "user" | "role"; groups: string[]; actions: number; admin: boolean };

/**
 * One account's review, kept: what it found, indexed for the pages that show it a little at a
 * time. Read-only once built.
 */
export class AccountReview {
  readonly account: string;
  readonly services: string[];
  readonly availableServices: string[];
  readonly findings: ReviewFinding[];
  readonly grants: PassRoleGrant[];
  readonly escalations: KeptEscalation[];
  readonly reviewedAt: string;
  /** What it was built from, to store. */
  readonly parts: AccountReviewParts;
  /** Per grant (by index): its escalation, if it is one. */
  private readonly escalationAt: (KeptEscalation | undefined)[] = [];
  private readonly grantsOfPrincipal = new Map<string, number[]>();
  private readonly grantsOfRole = new Map<string, number[]>();
  private readonly roleFacts: RoleFacts[] = [];
  private readonly principalFacts = new Map<string, PrincipalFacts>();
  /** Roles shown in "who can pass each role", with their counts for sorting. */
  private readonly roleRows: { facts: RoleFacts; passers: number; escalating: number }[] = [];
  /** Principals that may pass a role, users first (the account's order), with their counts. */
  private readonly principalRows: { facts: PrincipalFacts; roles: number; escalating: number; gain?: number }[] = [];
  private graph!: LaunchGraph;
  private readonly kinds: Partial<Record<FindingKind, number>> = {};
  private readonly counts: AccountReviewView["counts"];

  private constructor(parts: AccountReviewParts) {
    this.account = parts.account;
    this.services = parts.services;
    this.availableServices = parts.availableServices;
    this.findings = parts.findings;
    this.grants = parts.grants;
    this.escalations = parts.escalations;
    this.reviewedAt = parts.reviewedAt;
    this.parts = parts;
    this.counts = { grants: parts.grants.length, escalations: parts.escalations.length, critical: 0, high: 0, medium: 0, low: 0 };
  }

  /** Builds the review's indexes from its parts a step at a time (a large account's take a while). */
  static *build(parts: AccountReviewParts): Generator<ReviewProgress, AccountReview, void> {
    const review = new AccountReview(parts);
    yield* review.index();
    return review;
  }

  /** Builds it at once. */
  static from(parts: AccountReviewParts): AccountReview {
    const steps = AccountReview.build(parts);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  private *index(): Generator<ReviewProgress, void, void> {
    const { parts, grants } = this;
    const { entities } = parts;
    const total = grants.length * 5 + entities.roles.length * 2 + entities.users.length;
    let done = 0;
    const step = (n: number) => ({ phase: "indexing" as const, done: Math.min((done += n), total), total });
    const escalationOf = new Map<string, KeptEscalation>();
    // Read back from a store, every grant holds its own copy of each name: one copy each is enough.
    const names = new Map<string, string>();
    const intern = (text: string) => {
      const known = names.get(text);
      if (known !== undefined) return known;
      names.set(text, text);
      return text;
    };
    for (const e of parts.escalations) escalationOf.set(tripleKey(e.principal, e.role, e.service), e);
    for (let i = 0; i < grants.length; i++) {
      const g = grants[i];
      g.principal = intern(g.principal);
      g.role = intern(g.role);
      g.service = intern(g.service);
      this.escalationAt.push(escalationOf.get(tripleKey(g.principal, g.role, g.service)));
      push(this.grantsOfPrincipal, g.principal, i);
      push(this.grantsOfRole, g.role, i);
      if (i % INDEX_STEP === INDEX_STEP - 1) yield step(INDEX_STEP);
    }
    yield step(grants.length % INDEX_STEP);
    const summaries = new Map(parts.identities.map((i) => [i.arn, i]));
    for (const role of entities.roles) {
      const s = summaries.get(role.arn)!;
      this.roleFacts.push({ arn: role.arn, name: role.name, trustedServices: s.trustedServices ?? [], instanceProfiles: role.instanceProfiles, actions: s.actions, admin: s.admin });
    }
    for (const [kind, list] of [["user", entities.users], ["role", entities.roles]] as const) {
      for (const identity of list) {
        const s = summaries.get(identity.arn)!;
        this.principalFacts.set(identity.arn, { arn: identity.arn, name: identity.name, kind, groups: identity.groups, actions: s.actions, admin: s.admin });
      }
    }
    for (const facts of this.roleFacts) {
      const indexes = this.grantsOfRole.get(facts.arn) ?? [];
      if (!indexes.length && !facts.instanceProfiles.length) continue;
      const passers = new Set<string>();
      const escalating = new Set<string>();
      for (const i of indexes) {
        passers.add(grants[i].principal);
        if (this.escalationAt[i]) escalating.add(grants[i].principal);
      }
      this.roleRows.push({ facts, passers: passers.size, escalating: escalating.size });
      yield step(indexes.length + 1);
    }
    for (const facts of this.principalFacts.values()) {
      const indexes = this.grantsOfPrincipal.get(facts.arn);
      if (!indexes) continue;
      const roles = new Set<string>();
      const escalating = new Set<string>();
      let gain: number | undefined;
      for (const i of indexes) {
        roles.add(grants[i].role);
        const e = this.escalationAt[i];
        if (e) {
          escalating.add(grants[i].role);
          gain = Math.max(gain ?? 0, e.gained.actions);
        }
      }
      this.principalRows.push({ facts, roles: roles.size, escalating: escalating.size, gain });
      yield step(indexes.length + 1);
    }
    for (const f of parts.findings) {
      this.counts[f.severity]++;
      this.kinds[f.kind] = (this.kinds[f.kind] ?? 0) + 1;
    }
    const graph = new LaunchGraph();
    yield* graph.build(entities, grants, this.escalationAt, (n) => step(n));
    this.graph = graph;
  }

  summary(): ReviewSummary {
    return {
      account: this.account,
      services: this.services,
      availableServices: this.availableServices,
      counts: this.counts,
      kinds: this.kinds,
      roles: this.roleRows.length,
      principals: this.principalRows.length,
      graph: this.graph.size(),
      reviewedAt: this.reviewedAt,
    };
  }

  /** The findings matching the filter, in order (most severe first). */
  *matchingFindings(filter: FindingFilter = {}): Generator<ReviewFinding> {
    const severities = filter.severities && filter.severities.length < 4 ? new Set(filter.severities) : undefined;
    const needles = words(filter.q);
    for (const f of this.findings) {
      if (severities && !severities.has(f.severity)) continue;
      if (filter.kind && f.kind !== filter.kind) continue;
      if (needles.length && !matches(`${f.title} ${f.explanation} ${f.principal ?? ""} ${f.role ?? ""}`.toLowerCase(), needles)) continue;
      yield f;
    }
  }

  findingsPage(filter: FindingFilter, page: number, size: number): ReviewPage<ReviewFinding> {
    const filtered = filter.kind || filter.q || (filter.severities && filter.severities.length < 4);
    const rows = filtered ? [...this.matchingFindings(filter)] : this.findings;
    return pageOf(rows, this.findings.length, page, size);
  }

  rolesPage(query: { q?: string; sort?: RoleSort }, page: number, size: number): ReviewPage<RoleRow> {
    const needles = words(query.q);
    let rows = this.roleRows;
    // The row the search names exactly first, then those it names, then those it finds through a passer's name.
    const rank = new Map<(typeof rows)[number], number>();
    if (needles.length) {
      rows = rows.filter((r) => {
        const own = `${r.facts.name} ${r.facts.trustedServices.join(" ")}`.toLowerCase();
        if (matches(own, needles)) {
          rank.set(r, named(r.facts.name, needles) ? 2 : 1);
          return true;
        }
        const passers = new Set((this.grantsOfRole.get(r.facts.arn) ?? []).map((i) => this.principalFacts.get(this.grants[i].principal)!.name));
        return matches(`${own} ${[...passers].join(" ")}`.toLowerCase(), needles);
      });
    }
    const sort = query.sort ?? "risk";
    rows = [...rows].sort((a, b) =>
      (rank.get(b) ?? 0) - (rank.get(a) ?? 0) ||
      (sort === "name"
        ? collator.compare(a.facts.name, b.facts.name)
        : sort === "passers"
          ? b.passers - a.passers || collator.compare(a.facts.name, b.facts.name)
          : b.escalating - a.escalating || b.passers - a.passers || Number(b.facts.admin) - Number(a.facts.admin) || collator.compare(a.facts.name, b.facts.name)),
    );
    const shown = pageOf(rows, this.roleRows.length, page, size);
    return {
      ...shown,
      rows: shown.rows.map((r) => {
        const row = this.roleRow(r.facts, ROW_PASSERS);
        const listedEscalating = row.view.passers.filter((p) => p.paths.some((path) => path.escalation)).length;
        return { ...row.view, passers: row.view.passers.map((p) => ({ ...p, paths: p.paths.map(summarizePath) })), passerCount: row.count, escalating: r.escalating, moreEscalating: r.escalating - listedEscalating };
      }),
    };
  }

  principalsPage(query: { q?: string; sort?: PrincipalSort }, page: number, size: number): ReviewPage<PrincipalRow> {
    const needles = words(query.q);
    let rows = this.principalRows;
    // The row the search names exactly first, then those it names, then those it finds through a role's name.
    const rank = new Map<(typeof rows)[number], number>();
    if (needles.length) {
      rows = rows.filter((r) => {
        const own = `${r.facts.name} ${r.facts.kind} ${r.facts.groups.join(" ")}`.toLowerCase();
        if (matches(own, needles)) {
          rank.set(r, named(r.facts.name, needles) ? 2 : 1);
          return true;
        }
        const roles = new Set((this.grantsOfPrincipal.get(r.facts.arn) ?? []).map((i) => nameOf(this.grants[i].role)));
        return matches(`${own} ${[...roles].join(" ")}`.toLowerCase(), needles);
      });
    }
    const sort = query.sort ?? "risk";
    rows = [...rows].sort(
      (a, b) =>
        (rank.get(b) ?? 0) - (rank.get(a) ?? 0) ||
        (sort === "name"
          ? collator.compare(a.facts.name, b.facts.name)
          : sort === "roles"
            ? b.roles - a.roles || collator.compare(a.facts.name, b.facts.name)
            : b.escalating - a.escalating || (b.gain ?? -1) - (a.gain ?? -1) || b.roles - a.roles || collator.compare(a.facts.name, b.facts.name)),
    );
    const shown = pageOf(rows, this.principalRows.length, page, size);
    return {
      ...shown,
      rows: shown.rows.map((r) => {
        const row = this.principalRow(r.facts.arn, ROW_ROLES)!;
        const gain = row.gain && { actions: row.gain.actions, services: row.gain.services.length, admin: row.gain.admin, levels: [...row.gain.levels].sort((a, b) => b.actions - a.actions).slice(0, GAIN_LEVELS) };
        const listedEscalating = row.view.canPass.filter((c) => c.paths.some((path) => path.escalation)).length;
        return { ...row.view, canPass: row.view.canPass.map((c) => ({ ...c, paths: c.paths.map(summarizePath) })), canPassCount: row.count, escalating: r.escalating, moreEscalating: r.escalating - listedEscalating, ...(gain ? { gain } : {}) };
      }),
    };
  }

  /** What a principal's page shows: the first findings about it and the first roles it may pass (the largest gain first), and how many of each. */
  aboutPrincipal(arn: string): PrincipalReview {
    return this.principalReview(arn, this.findings.filter((f) => f.principal === arn));
  }

  /** aboutPrincipal of every principal a finding or a grant names (the findings grouped in one pass), one at a time. */
  *principalReviews(): Generator<[string, PrincipalReview], void, void> {
    const findingsOf = new Map<string, ReviewFinding[]>();
    for (const f of this.findings) if (f.principal) push(findingsOf, f.principal, f);
    for (const { facts } of this.principalRows) if (!findingsOf.has(facts.arn)) findingsOf.set(facts.arn, []);
    for (const [arn, findings] of findingsOf) yield [arn, this.principalReview(arn, findings)];
  }

  private principalReview(arn: string, findings: ReviewFinding[]): PrincipalReview {
    const row = this.principalRow(arn, PRINCIPAL_ROLES);
    return { findings: findings.slice(0, PRINCIPAL_FINDINGS), findingCount: findings.length, canPass: row?.view.canPass ?? [], canPassCount: row?.count ?? 0 };
  }

  /** The graph around `focus` (a principal, role, instance profile or instance), `hops` each way. */
  neighbourhood(focus: string | undefined, hops: number): ReviewNeighbourhood {
    return this.graph.around(focus ?? this.defaultFocus(), hops);
  }

  /** Nodes of the launch graph whose name or id contains every word of `q`, escalation paths first. */
  searchNodes(q: string, limit = 20): GraphNodeHit[] {
    return this.graph.search(words(q), limit);
  }

  /** Whether `id` is a node of the launch graph. */
  hasNode(id: string): boolean {
    return this.graph.has(id);
  }

  /** The whole view, as the page once drew it (large on a large account). */
  toView(): AccountReviewView {
    const roles = this.roleFacts.map((facts) => this.roleRow(facts, Infinity).view);
    const principals = this.principalRows.map((r) => this.principalRow(r.facts.arn, Infinity)!.view);
    return {
      account: this.account,
      services: this.services,
      availableServices: this.availableServices,
      counts: this.counts,
      findings: this.findings,
      roles,
      principals,
      graph: this.graph.whole(),
    };
  }

  private defaultFocus(): string | undefined {
    for (const f of this.findings) {
      for (const id of [f.principal, f.role]) if (id && this.graph.has(id)) return id;
    }
    return this.graph.first();
  }

  private path(i: number): PassPath {
    const g = this.grants[i];
    const e = this.escalationAt[i];
    return { service: g.service, trusted: g.trusted, launch: g.launch, via: g.via, ...(e ? { escalation: { ...e.gained, levels: levelsOf(e.levels) } } : {}) };
  }

  /** The role with its first `limit` passers (escalating ones first), and how many in all. */
  private roleRow(facts: RoleFacts, limit: number): { view: RoleView; count: number } {
    const passers = new Map<string, RoleView["passers"][number]>();
    for (const i of this.grantsOfRole.get(facts.arn) ?? []) {
      const g = this.grants[i];
      let passer = passers.get(g.principal);
      if (!passer) {
        const p = this.principalFacts.get(g.principal)!;
        passers.set(g.principal, (passer = { arn: p.arn, name: p.name, kind: p.kind, paths: [] }));
      }
      passer.paths.push(this.path(i));
    }
    const all = [...passers.values()];
    const listed = limit === Infinity ? all : escalatingFirst(all).slice(0, limit);
    return { view: { ...facts, passers: listed }, count: all.length };
  }

  /** The principal with the first `limit` roles it may pass (escalating ones first), how many in all, and its largest gain. */
  private principalRow(arn: string, limit: number): { view: PrincipalView; count: number; gain?: PassPath["escalation"] } | undefined {
    const facts = this.principalFacts.get(arn);
    if (!facts) return undefined;
    const roles = new Map<string, PrincipalView["canPass"][number]>();
    let gain: PassPath["escalation"];
    for (const i of this.grantsOfPrincipal.get(arn) ?? []) {
      const g = this.grants[i];
      let role = roles.get(g.role);
      if (!role) roles.set(g.role, (role = { arn: g.role, name: nameOf(g.role), paths: [] }));
      const path = this.path(i);
      role.paths.push(path);
      if (path.escalation && (!gain || path.escalation.actions > gain.actions)) gain = path.escalation;
    }
    const all = [...roles.values()];
    const listed = limit === Infinity ? all : escalatingFirst(all).slice(0, limit);
    return { view: { ...facts, canPass: listed }, count: all.length, gain };
  }
}

function mergeSorted(a: ReviewFinding[], b: ReviewFinding[]): ReviewFinding[] {
  const out: ReviewFinding[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byFinding(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

function summarizePath(path: PassPath): PathSummary {
  const e = path.escalation;
  return { service: path.service, trusted: path.trusted, launch: path.launch, ...(e ? { escalation: { actions: e.actions, services: e.services.length, admin: e.admin } } : {}) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Those with an escalation path first, otherwise in their order (stable sort). */
/** How much an escalation gains, to order by: an administrator above any count of actions, none -1. */
function gainRank(gained: { admin: boolean; actions: number } | undefined): number {
  return gained ? (gained.admin ? Number.MAX_SAFE_INTEGER : gained.actions) : -1;
}

/** Whether a search's words are exactly `name`. */
const named = (name: string, needles: string[]) => name.toLowerCase() === needles.join(" ");

/** The largest gain first (an administrator before any count of actions), then the rest in their order (stable sort). */
function escalatingFirst<T extends { paths: PassPath[] }>(items: T[]): T[] {
  const gain = (t: T) => Math.max(-1, ...t.paths.map((p) => gainRank(p.escalation)));
  const gains = new Map(items.map((t) => [t, gain(t)]));
  return [...items].sort((a, b) => gains.get(b)! - gains.get(a)!);
}

function pageOf<Row>(rows: readonly Row[], all: number, page: number, size: number): ReviewPage<Row> {
  const last = Math.max(1, Math.ceil(rows.length / size));
  const shown = Math.min(Math.max(1, page), last);
  return { rows: rows.slice((shown - 1) * size, shown * size), total: rows.length, all, page: shown, size };
}

type Link = { to: string; edge: GraphEdge };

/**
 * Principals → roles → instance profiles → instances: only grants that can reach a workload (a
 * launch path exists), the roles' profiles and the instances running them.
 */
class LaunchGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly out = new Map<string, Link[]>();
  private readonly in = new Map<string, Link[]>();
  /** Grants that can reach a workload, with whether each is an escalation. */
  private readonly reaching: { grant: PassRoleGrant; escalation: boolean }[] = [];
  /** What passing a role gains its passer, per "passes" edge (gainRank). */
  private readonly gains = new Map<string, number>();
  private edgeCount = 0;

  *build(entities: ReviewEntities, grants: PassRoleGrant[], escalationAt: (KeptEscalation | undefined)[], step: (n: number) => ReviewProgress): Generator<ReviewProgress, void, void> {
    const onPath = new Set<string>();
    for (let i = 0; i < grants.length; i++) {
      const g = grants[i];
      if (g.launch.length === 0 || g.principal === g.role) continue;
      const kept = escalationAt[i];
      const escalation = kept !== undefined;
      this.reaching.push({ grant: g, escalation });
      const gain = gainRank(kept?.gained);
      const id = `${g.principal}->${g.role}`;
      this.gains.set(id, Math.max(gain, this.gains.get(id) ?? -1));
      if (escalation) {
        onPath.add(g.principal);
        onPath.add(g.role);
      }
    }
    yield step(grants.length);
    const kindOf = (arn: string) => (arn.includes(":user/") ? "user" : "role");
    const passes = new Map<string, GraphEdge>();
    let counted = 0;
    for (const { grant: g, escalation } of this.reaching) {
      this.addNode({ id: g.principal, kind: "principal", label: nameOf(g.principal), sublabel: kindOf(g.principal), onEscalationPath: onPath.has(g.principal) });
      this.addNode({ id: g.role, kind: "role", label: nameOf(g.role), sublabel: "role", onEscalationPath: onPath.has(g.role) });
      const id = `${g.principal}->${g.role}`;
      const existing = passes.get(id);
      if (existing) {
        existing.escalation ||= escalation;
        existing.label = `${existing.label}, ${shortService(g.service)}`;
      } else {
        const edge: GraphEdge = { id, source: g.principal, target: g.role, kind: "passes", label: shortService(g.service), escalation };
        passes.set(id, edge);
        this.link(edge);
      }
      if (++counted % INDEX_STEP === 0) yield step(INDEX_STEP);
    }
    yield step(grants.length - counted);
    const profilesOfRole = new Map<string, ReviewEntities["instanceProfiles"]>();
    for (const p of entities.instanceProfiles) if (p.roleArn) push(profilesOfRole, p.roleArn, p);
    const instancesOfProfile = new Map<string, ReviewEntities["instances"]>();
    for (const i of entities.instances) if (i.profileArn) push(instancesOfProfile, i.profileArn, i);
    for (const role of [...this.nodes.values()].filter((n) => n.kind === "role")) {
      const hot = onPath.has(role.id);
      for (const profile of profilesOfRole.get(role.id) ?? []) {
        this.addNode({ id: profile.arn, kind: "profile", label: profile.name, sublabel: "instance profile", onEscalationPath: hot });
        this.link({ id: `${role.id}->${profile.arn}`, source: role.id, target: profile.arn, kind: "holds", escalation: hot });
        for (const instance of instancesOfProfile.get(profile.arn) ?? []) {
          this.addNode({ id: instance.id, kind: "instance", label: instance.name ?? instance.id, sublabel: `${instance.id} · ${instance.state}`, onEscalationPath: hot });
          this.link({ id: `${profile.arn}->${instance.id}`, source: profile.arn, target: instance.id, kind: "runs", escalation: hot });
        }
      }
    }
  }

  private addNode(node: GraphNode): void {
    const existing = this.nodes.get(node.id);
    if (existing) existing.onEscalationPath ||= node.onEscalationPath;
    else this.nodes.set(node.id, node);
  }

  private link(edge: GraphEdge): void {
    push(this.out, edge.source, { to: edge.target, edge });
    push(this.in, edge.target, { to: edge.source, edge });
    this.edgeCount++;
  }

  size() {
    return { nodes: this.nodes.size, edges: this.edgeCount };
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  first(): string | undefined {
    for (const node of this.nodes.values()) if (node.onEscalationPath) return node.id;
    return this.nodes.keys().next().value;
  }

  search(needles: string[], limit: number): GraphNodeHit[] {
    const hits: GraphNode[] = [];
    for (const node of this.nodes.values()) {
      if (needles.length && !matches(`${node.label} ${node.id}`.toLowerCase(), needles)) continue;
      hits.push(node);
    }
    // The node named exactly first (role-7 before role-703), then escalation paths, then by kind.
    const rank = (n: GraphNode) => (named(n.label, needles) ? 0 : 100) + (n.onEscalationPath ? 0 : 1) * 10 + ["principal", "role", "profile", "instance"].indexOf(n.kind);
    return hits
      .sort((a, b) => rank(a) - rank(b) || collator.compare(a.label, b.label))
      .slice(0, limit)
      .map(({ id, kind, label, sublabel, onEscalationPath }) => ({ id, kind, label, sublabel, onEscalationPath }));
  }

  /**
   * The focus, what it leads to (downstream) and what leads to it (upstream), `hops` each way;
   * at most a few neighbours per node (escalation paths first) and a few dozen nodes in all.
   */
  around(focus: string | undefined, hops: number): ReviewNeighbourhood {
    if (!focus || !this.nodes.has(focus)) return { focus: focus ?? null, hops, nodes: [], edges: [], hidden: 0 };
    const layer = new Map<string, number>([[focus, 0]]);
    const edges = new Map<string, GraphEdge>();
    let hidden = 0;
    for (const direction of [1, -1] as const) {
      let frontier = [focus];
      for (let hop = 1; hop <= hops && frontier.length; hop++) {
        const next: string[] = [];
        for (const id of frontier) {
          const links = (direction === 1 ? this.out : this.in).get(id) ?? [];
          // Escalation paths first, the largest gain (an administrator) first among them.
          const gain = (link: Link) => this.gains.get(link.edge.id) ?? -1;
          const ranked = [...links].sort((a, b) => Number(b.edge.escalation) - Number(a.edge.escalation) || gain(b) - gain(a));
          let taken = 0;
          for (const link of ranked) {
            const known = layer.has(link.to);
            if (!known && (taken >= NEIGHBOURS_PER_NODE || layer.size >= NEIGHBOURHOOD_NODES)) {
              hidden++;
              continue;
            }
            edges.set(link.edge.id, link.edge);
            if (known) continue;
            taken++;
            layer.set(link.to, direction * hop);
            next.push(link.to);
          }
        }
        frontier = next;
      }
    }
    // Edges between nodes already drawn (a role two principals pass) keep the picture honest.
    for (const id of layer.keys()) for (const link of this.out.get(id) ?? []) if (layer.has(link.to)) edges.set(link.edge.id, link.edge);
    return { focus, hops, nodes: [...layer].map(([id, l]) => ({ ...this.nodes.get(id)!, layer: l })), edges: [...edges.values()], hidden };
  }

  /** The whole graph as the page once drew it: past GRAPH_LIMIT grants, only the escalation paths. */
  whole(): AccountReviewView["graph"] {
    const truncated = this.reaching.length > GRAPH_LIMIT;
    if (!truncated) return { nodes: [...this.nodes.values()], edges: [...this.out.values()].flat().map((l) => l.edge), truncated };
    const keep = new Set<string>();
    for (const { grant, escalation } of this.reaching) {
      if (!escalation) continue;
      keep.add(grant.principal);
      keep.add(grant.role);
    }
    const edges: GraphEdge[] = [];
    for (const id of [...keep]) {
      for (const link of this.out.get(id) ?? []) {
        const edge = link.edge;
        if (edge.kind === "passes" && !(edge.escalation && keep.has(edge.target))) continue;
        edges.push(edge);
        keep.add(edge.target);
        if (edge.kind === "holds") for (const run of this.out.get(edge.target) ?? []) (keep.add(run.to), edges.push(run.edge));
      }
    }
    return { nodes: [...this.nodes.values()].filter((n) => keep.has(n.id)), edges, truncated };
  }
}

