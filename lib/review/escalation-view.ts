/**
 * The escalation page's answers, shaped from the graph: "who can reach admin" (this account's
 * principals), "what can X become", "who can become Y", the neighbourhood of one node, and
 * principals by name for the picker. Never the whole graph: an account may hold thousands of
 * principals. Each hop's evidence says where its statement lives, so the page can link to it.
 * Pure: shapes the graph's answers, decides nothing.
 */
import { ADMIN_NODE, type EscalationEdge, type EscalationEvidence, type EscalationGraph } from "./escalation-graph";
import { pathsFrom, pathsTo, pathsToAdmin, type EscalationHop, type EscalationPath } from "./escalation-paths";
import type { ReviewIdentity, ReviewInput } from "./review-input";

export interface EscalationNodeView {
  arn: string;
  kind: "user" | "role" | "admin";
  name: string;
  account: string;
  admin: boolean;
}

/** Where a statement lives, for a link: a managed policy, an inline one (on a user, group or role), or a role's trust policy. */
export type EvidenceSource =
  | { type: "managed"; arn: string; account: string }
  | { type: "inline"; holder: "user" | "group" | "role"; account: string; name: string; policy: string }
  | { type: "trust"; account: string; role: string };

export interface EscalationHopView extends Omit<EscalationHop, "evidence"> {
  evidence: (EscalationEvidence & { source?: EvidenceSource })[];
}

export interface EscalationPathView {
  from: string;
  to: string;
  hops: EscalationHopView[];
}

export type EscalationQuestion = { view: "admin" } | { view: "from"; principal: string } | { view: "to"; principal: string };

export interface EscalationAnswer {
  account: string;
  question: EscalationQuestion;
  /** The principal asked about, when it is one of the workspace's. */
  principal?: EscalationNodeView;
  paths: EscalationPathView[];
  /** How many paths there are; `paths` holds at most PATH_LIMIT. */
  total: number;
  /** Every node the paths name. */
  nodes: Record<string, EscalationNodeView>;
  counts: { principals: number; edges: number; admins: number };
}

export interface NeighbourEdge {
  from: string;
  to: string;
  method: string;
}

export interface Neighbourhood {
  node: EscalationNodeView;
  incoming: NeighbourEdge[];
  outgoing: NeighbourEdge[];
  /** How many distinct neighbours each way; the lists hold at most NEIGHBOUR_LIMIT. */
  totals: { incoming: number; outgoing: number };
  nodes: Record<string, EscalationNodeView>;
}

export const PATH_LIMIT = 300;
export const NEIGHBOUR_LIMIT = 8;

const ADMIN_VIEW: EscalationNodeView = { arn: ADMIN_NODE, kind: "admin", name: "admin (any permission)", account: "", admin: true };

function nodeIndex(graph: EscalationGraph): Map<string, EscalationNodeView> {
  const index = new Map<string, EscalationNodeView>([[ADMIN_NODE, ADMIN_VIEW]]);
  for (const n of graph.nodes) index.set(n.arn, { arn: n.arn, kind: n.kind, name: n.name, account: n.account, admin: n.admin });
  return index;
}

const arnParts = (arn: string) => /^arn:[^:]+:iam::(\d{12}):(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(arn);

/** Where a hop's statement lives: in the caller's own policies (or boundary), or the target role's trust policy. */
function sourceOf(e: EscalationEvidence, hop: EscalationHop, identities: Map<string, ReviewIdentity>): EvidenceSource | undefined {
  if (e.kind === "resource") {
    const role = arnParts(hop.to);
    return role && role[2] === "role" && e.policy.startsWith("trust policy of ") ? { type: "trust", account: role[1], role: role[3] } : undefined;
  }
  if (e.kind !== "identity" && e.kind !== "boundary") return undefined;
  const identity = identities.get(hop.from);
  if (!identity) return undefined;
  const policy = e.kind === "boundary" ? identity.boundary : identity.policies.find((p) => p.name === e.policy);
  if (!policy) return undefined;
  if (policy.arn) return { type: "managed", arn: policy.arn, account: identity.account };
  const inline = /^(arn:[^#]+)#inline#/.exec(policy.key);
  const holder = inline && arnParts(inline[1]);
  return holder ? { type: "inline", holder: holder[2] as "user" | "group" | "role", account: holder[1], name: holder[3], policy: policy.name } : undefined;
}

function pathView(path: EscalationPath, identities: Map<string, ReviewIdentity>): EscalationPathView {
  return {
    from: path.from,
    to: path.to,
    hops: path.hops.map((h) => ({ ...h, evidence: h.evidence.map((e) => {
      const source = sourceOf(e, h, identities);
      return source ? { ...e, source } : e;
    }) })),
  };
}

/** Answers one of the page's three questions for `account`. */
export function answerEscalation(graph: EscalationGraph, input: ReviewInput, account: string, question: EscalationQuestion): EscalationAnswer {
  const index = nodeIndex(graph);
  const identities = new Map<string, ReviewIdentity>([...input.users, ...input.roles].map((i) => [i.arn, i]));
  let all: EscalationPath[];
  if (question.view === "from") all = index.has(question.principal) ? pathsFrom(graph, question.principal) : [];
  else if (question.view === "to") all = index.has(question.principal) ? pathsTo(graph, question.principal) : [];
  else all = pathsToAdmin(graph).filter((p) => index.get(p.from)?.account === account);
  // Nearest first: a one-hop escalation is the one to fix first.
  const ordered = [...all].sort((a, b) => a.hops.length - b.hops.length || (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  const paths = ordered.slice(0, PATH_LIMIT).map((p) => pathView(p, identities));
  const nodes: Record<string, EscalationNodeView> = {};
  for (const p of paths) for (const arn of [p.from, ...p.hops.map((h) => h.to)]) nodes[arn] = index.get(arn)!;
  const principal = question.view === "admin" ? undefined : index.get(question.principal);
  if (principal) nodes[principal.arn] = principal;
  return {
    account,
    question,
    ...(principal ? { principal } : {}),
    paths,
    total: all.length,
    nodes,
    counts: { principals: graph.nodes.length, edges: graph.edges.length, admins: graph.admins.length },
  };
}

function distinctBy(edges: readonly EscalationEdge[], key: (e: EscalationEdge) => string): NeighbourEdge[] {
  const out: NeighbourEdge[] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    const k = key(e);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ from: e.from, to: e.to, method: e.method });
  }
  return out;
}

/** The nodes one hop from `arn`, each way (one edge per neighbour, the preferred one first as the graph sorts them). */
export function neighbourhood(graph: EscalationGraph, arn: string): Neighbourhood | undefined {
  const index = nodeIndex(graph);
  const node = index.get(arn);
  if (!node) return undefined;
  const incoming = distinctBy(graph.incoming.get(arn) ?? [], (e) => e.from);
  const outgoing = distinctBy(graph.outgoing.get(arn) ?? [], (e) => e.to);
  const kept = { incoming: incoming.slice(0, NEIGHBOUR_LIMIT), outgoing: outgoing.slice(0, NEIGHBOUR_LIMIT) };
  const nodes: Record<string, EscalationNodeView> = { [arn]: node };
  for (const e of [...kept.incoming, ...kept.outgoing]) {
    nodes[e.from] = index.get(e.from)!;
    nodes[e.to] = index.get(e.to)!;
  }
  return { node, ...kept, totals: { incoming: incoming.length, outgoing: outgoing.length }, nodes };
}

/** Principals whose name or ARN contains `text` (case-insensitive), this account's first. */
export function searchPrincipals(graph: EscalationGraph, account: string, text: string, limit = 20): EscalationNodeView[] {
  const needle = text.trim().toLowerCase();
  const found = graph.nodes.filter((n) => !needle || n.arn.toLowerCase().includes(needle));
  found.sort((a, b) => Number(b.account === account) - Number(a.account === account) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return found.slice(0, limit).map((n) => ({ arn: n.arn, kind: n.kind, name: n.name, account: n.account, admin: n.admin }));
}
