/**
 * The review as the console shows it for one account: findings, per role "who can pass me, to
 * which services, how", per principal "what can I pass, and what would I gain", and the graph of
 * principals → roles → instance profiles → instances with escalation paths marked. Pure: shapes
 * the review's result, decides nothing.
 */
import type { ReviewFinding } from "./findings";
import type { ReviewInput } from "./review-input";
import { EC2, ReviewContext, reviewPassRole, type EscalationGain, type GrantVia } from "./review-pass-role";

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

const nameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);
/** Beyond this many nodes the graph keeps only escalation paths. */
const GRAPH_LIMIT = 160;

/**
 * Reviews one account of the input: for one service, for `all` the services its roles trust, or by
 * default for EC2 when a role trusts it (the seed's story, and a page of readable size).
 */
export function buildAccountReviewView(input: ReviewInput, account: string, service?: string): AccountReviewView {
  const scoped: ReviewInput = {
    ...input,
    accounts: input.accounts.filter((a) => a === account),
    users: input.users.filter((u) => u.account === account),
    roles: input.roles.filter((r) => r.account === account),
    instanceProfiles: input.instanceProfiles.filter((p) => p.account === account),
    instances: input.instances.filter((i) => i.account === account),
  };
  const available = new ReviewContext(scoped).services;
  const services = service === "all" ? undefined : service ? [service] : available.includes(EC2) ? [EC2] : undefined;
  const result = reviewPassRole(scoped, { services, details: true });
  const identities = new Map(result.identities!.map((i) => [i.arn, i]));
  const escalationOf = new Map(result.escalations.map((e) => [`${e.principal}\u0000${e.role}\u0000${e.service}`, e]));

  const roleViews = new Map<string, RoleView>();
  for (const role of scoped.roles) {
    const id = identities.get(role.arn)!;
    roleViews.set(role.arn, { arn: role.arn, name: role.name, trustedServices: id.trustedServices ?? [], instanceProfiles: role.instanceProfiles, actions: id.actions, admin: id.admin, passers: [] });
  }
  const principalViews = new Map<string, PrincipalView>();
  for (const identity of [...scoped.users, ...scoped.roles]) {
    const id = identities.get(identity.arn)!;
    principalViews.set(identity.arn, { arn: identity.arn, name: identity.name, kind: identity.kind, groups: identity.groups, actions: id.actions, admin: id.admin, canPass: [] });
  }
  for (const g of result.grants) {
    const e = escalationOf.get(`${g.principal}\u0000${g.role}\u0000${g.service}`);
    const path: PassPath = { service: g.service, trusted: g.trusted, launch: g.launch, via: g.via, ...(e ? { escalation: { ...e.gained, levels: e.levels ?? [] } } : {}) };
    const principal = principalViews.get(g.principal)!;
    let toRole = principal.canPass.find((c) => c.arn === g.role);
    if (!toRole) principal.canPass.push((toRole = { arn: g.role, name: nameOf(g.role), paths: [] }));
    toRole.paths.push(path);
    const role = roleViews.get(g.role)!;
    let passer = role.passers.find((p) => p.arn === g.principal);
    if (!passer) role.passers.push((passer = { arn: g.principal, name: principal.name, kind: principal.kind, paths: [] }));
    passer.paths.push(path);
  }

  const counts = { grants: result.grants.length, escalations: result.escalations.length, critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of result.findings) counts[f.severity]++;
  return {
    account,
    services: result.services,
    availableServices: available,
    counts,
    findings: result.findings,
    roles: [...roleViews.values()],
    principals: [...principalViews.values()].filter((p) => p.canPass.length > 0),
    graph: buildGraph(scoped, result.grants, new Set(escalationOf.keys())),
  };
}

function buildGraph(input: ReviewInput, grants: { principal: string; role: string; service: string; launch: string[] }[], escalations: Set<string>) {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  // Only grants that can actually reach a workload: a launch path exists.
  const reaching = grants.filter((g) => g.launch.length > 0 && g.principal !== g.role);
  const escalating = (g: { principal: string; role: string; service: string }) => escalations.has(`${g.principal}\u0000${g.role}\u0000${g.service}`);
  const truncated = reaching.length > GRAPH_LIMIT;
  const shown = truncated ? reaching.filter(escalating) : reaching;
  const onPath = new Set<string>();
  for (const g of shown) if (escalating(g)) [g.principal, g.role].forEach((id) => onPath.add(id));

  const add = (node: GraphNode) => {
    const existing = nodes.get(node.id);
    if (existing) existing.onEscalationPath ||= node.onEscalationPath;
    else nodes.set(node.id, node);
  };
  const kindOf = (arn: string) => (arn.includes(":user/") ? "user" : "role");
  for (const g of shown) {
    add({ id: g.principal, kind: "principal", label: nameOf(g.principal), sublabel: kindOf(g.principal), onEscalationPath: onPath.has(g.principal) });
    add({ id: g.role, kind: "role", label: nameOf(g.role), sublabel: "role", onEscalationPath: onPath.has(g.role) });
    const id = `${g.principal}->${g.role}`;
    const existing = edges.get(id);
    const escalation = escalating(g);
    const service = g.service.replace(/\.amazonaws\.com$/, "");
    if (existing) {
      existing.escalation ||= escalation;
      existing.label = `${existing.label}, ${service}`;
    } else edges.set(id, { id, source: g.principal, target: g.role, kind: "passes", label: service, escalation });
  }
  // Profiles in the order of their roles, instances in the order of their profiles: fewer crossings.
  const rolesShown = [...nodes.values()].filter((n) => n.kind === "role").map((n) => n.id);
  const profilesShown: string[] = [];
  for (const roleArn of rolesShown) {
    for (const profile of input.instanceProfiles) {
      if (profile.roleArn !== roleArn) continue;
      const hot = onPath.has(roleArn);
      add({ id: profile.arn, kind: "profile", label: profile.name, sublabel: "instance profile", onEscalationPath: hot });
      edges.set(`${roleArn}->${profile.arn}`, { id: `${roleArn}->${profile.arn}`, source: roleArn, target: profile.arn, kind: "holds", escalation: hot });
      profilesShown.push(profile.arn);
    }
  }
  for (const profileArn of profilesShown) {
    for (const instance of input.instances) {
      if (instance.profileArn !== profileArn) continue;
      const hot = nodes.get(profileArn)?.onEscalationPath ?? false;
      add({ id: instance.id, kind: "instance", label: instance.name ?? instance.id, sublabel: `${instance.id} · ${instance.state}`, onEscalationPath: hot });
      edges.set(`${profileArn}->${instance.id}`, { id: `${profileArn}->${instance.id}`, source: profileArn, target: instance.id, kind: "runs", escalation: hot });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}
