/**
 * Shortest paths in the escalation graph (shared/contracts/escalation-paths.md): per principal the
 * path with the fewest hops to an administrator (or to the node `admin`, or to one principal),
 * ties broken by ARN order; or from one principal, to everything it can reach. Breadth-first
 * search; with neighbours taken in ARN order, the first path found is the one whose sequence of
 * ARNs sorts first among the shortest.
 */
import { describeRef } from "../policy/explain";
import { ADMIN_NODE, compareEdges, type EscalationEdge, type EscalationGraph } from "./escalation-graph";

/** One hop of a path: the edge it follows. */
export type EscalationHop = EscalationEdge;

export interface EscalationPath {
  from: string;
  to: string;
  hops: EscalationHop[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The hop a path takes between two nodes: the preferred of their parallel edges. */
function hop(graph: EscalationGraph, from: string, to: string): EscalationHop {
  let best: EscalationEdge | undefined;
  for (const e of graph.outgoing.get(from) ?? []) if (e.to === to && (!best || compareEdges(e, best) < 0)) best = e;
  const e = best!;
  return { from, to, method: e.method, evidence: e.evidence, assumes: e.assumes, ...(e.via ? { via: e.via } : {}), ...(e.service ? { service: e.service } : {}) };
}

/** Distinct successors of a node, in ARN order (edges are sorted by target). */
function successors(graph: EscalationGraph, node: string): string[] {
  const out: string[] = [];
  for (const e of graph.outgoing.get(node) ?? []) if (out[out.length - 1] !== e.to) out.push(e.to);
  return out;
}

/** Hops from each node to the nearest of `targets`, by breadth-first search over incoming edges. */
function distancesTo(graph: EscalationGraph, targets: readonly string[]): Map<string, number> {
  const distance = new Map<string, number>();
  let frontier: string[] = [];
  for (const t of targets) {
    if (distance.has(t)) continue;
    distance.set(t, 0);
    frontier.push(t);
  }
  for (let d = 1; frontier.length; d++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const e of graph.incoming.get(node) ?? []) {
        if (distance.has(e.from)) continue;
        distance.set(e.from, d);
        next.push(e.from);
      }
    }
    frontier = next;
  }
  return distance;
}

/** From `start`, the next node with one hop less to go that sorts first, until a target. */
function walk(graph: EscalationGraph, start: string, distance: Map<string, number>): EscalationPath {
  const hops: EscalationHop[] = [];
  let node = start;
  while (distance.get(node)! > 0) {
    const left = distance.get(node)! - 1;
    const next = successors(graph, node).find((s) => distance.get(s) === left)!;
    hops.push(hop(graph, node, next));
    node = next;
  }
  return { from: start, to: node, hops };
}

/**
 * `--to admin` (the default): one path per principal that is not an administrator but reaches one
 * (or the node `admin`), sorted by `from`.
 */
export function pathsToAdmin(graph: EscalationGraph): EscalationPath[] {
  const distance = distancesTo(graph, [...graph.admins, ADMIN_NODE]);
  const admins = new Set(graph.admins);
  const out: EscalationPath[] = [];
  for (const node of graph.nodes) {
    if (admins.has(node.arn) || !distance.has(node.arn)) continue;
    out.push(walk(graph, node.arn, distance));
  }
  return out;
}

/** `--to ARN`: one path per principal that can reach `target`, sorted by `from`. */
export function pathsTo(graph: EscalationGraph, target: string): EscalationPath[] {
  const distance = distancesTo(graph, [target]);
  const out: EscalationPath[] = [];
  for (const node of graph.nodes) {
    if (node.arn === target || !distance.has(node.arn)) continue;
    out.push(walk(graph, node.arn, distance));
  }
  return out;
}

/** `--from ARN`: a path to every node `start` can reach (the node `admin` included), sorted by `to`. */
export function pathsFrom(graph: EscalationGraph, start: string): EscalationPath[] {
  const parent = new Map<string, string>([[start, start]]);
  let frontier = [start];
  while (frontier.length) {
    const next: string[] = [];
    // Level by level, parents in the order their own paths sort: the first parent found is the best.
    for (const node of frontier) {
      for (const s of successors(graph, node)) {
        if (parent.has(s)) continue;
        parent.set(s, node);
        next.push(s);
      }
    }
    frontier = next;
  }
  const out: EscalationPath[] = [];
  for (const node of parent.keys()) {
    if (node === start) continue;
    const chain: string[] = [node];
    while (chain[0] !== start) chain.unshift(parent.get(chain[0])!);
    const hops = chain.slice(1).map((to, i) => hop(graph, chain[i], to));
    out.push({ from: start, to: node, hops });
  }
  return out.sort((a, b) => byText(a.to, b.to));
}

export interface PathsQuestion {
  from?: string;
  /** `admin` (default) or an ARN. */
  to?: string;
}

/**
 * Answers the contract's question. `--from` alone lists everything reachable; `--from` with `--to`
 * keeps the path to that principal, or with `--to admin` the one to the nearest administrator.
 */
export function escalationPaths(graph: EscalationGraph, question: PathsQuestion = {}): EscalationPath[] {
  if (question.from) {
    const all = pathsFrom(graph, question.from);
    if (!question.to) return all;
    if (question.to !== ADMIN_NODE) return all.filter((p) => p.to === question.to);
    const admins = new Set([...graph.admins, ADMIN_NODE]);
    const nearest = all.filter((p) => admins.has(p.to)).sort((a, b) => a.hops.length - b.hops.length || byText(a.to, b.to))[0];
    return nearest ? [nearest] : [];
  }
  if (question.to && question.to !== ADMIN_NODE) return pathsTo(graph, question.to);
  return pathsToAdmin(graph);
}

/** The contract's JSON object, fields in the contract's order. */
export function escalationJson(graph: EscalationGraph, paths: readonly EscalationPath[], warnings: readonly string[]) {
  return {
    admins: graph.admins,
    paths: paths.map((p) => ({
      from: p.from,
      to: p.to,
      hops: p.hops.map((h) => ({
        from: h.from,
        to: h.to,
        method: h.method,
        evidence: h.evidence.map((e) => ({ policy: e.policy, statement: e.statement, kind: e.kind, ...(e.sid ? { sid: e.sid } : {}), ...(e.target ? { target: e.target } : {}), actions: e.actions })),
        assumes: h.assumes,
        ...(h.via ? { via: h.via } : {}),
        ...(h.service ? { service: h.service } : {}),
      })),
    })),
    warnings: [...warnings],
  };
}

/** One hop in words: "→ ops-admin by iam:PassRole+ec2:RunInstances (via …)". */
export function describeHop(h: EscalationHop): string {
  return `${h.to === ADMIN_NODE ? "admin (any permission it grants itself)" : h.to} by ${h.method}${h.via ? ` via ${h.via}` : ""}`;
}

/** The text form: administrators, then each path hop by hop with its evidence (statements counted from 1). */
export function escalationText(graph: EscalationGraph, paths: readonly EscalationPath[], question: PathsQuestion, warnings: readonly string[]): string {
  const lines: string[] = [];
  lines.push(`Administrators (${graph.admins.length})${graph.admins.length ? ":" : ""}`);
  for (const a of graph.admins) lines.push(`  ${a}`);
  const title = question.from
    ? `Reachable from ${question.from}`
    : question.to && question.to !== ADMIN_NODE
      ? `Paths to ${question.to}`
      : "Paths to an administrator";
  lines.push("", `${title} (${paths.length})${paths.length ? ":" : ""}`);
  for (const p of paths) {
    lines.push(`  ${p.from} → ${p.to} (${p.hops.length} hop${p.hops.length === 1 ? "" : "s"})`);
    p.hops.forEach((h, i) => {
      lines.push(`    ${i + 1}. ${describeHop(h)}`);
      for (const e of h.evidence) lines.push(`         ${describeRef(e)} (${e.actions.join(", ")})`);
      if (h.assumes.length) lines.push(`         assumes absent: ${h.assumes.join(", ")}`);
    });
  }
  if (warnings.length) lines.push("", `Warnings (${warnings.length}):`, ...warnings.map((w) => `  ${w}`));
  return `${lines.join("\n")}\n`;
}
