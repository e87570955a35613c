// Helpers for the escalation graph's tests: build the graph of a small account and read its edges
// by name ("alice → ops-admin by iam:PassRole+ec2:RunInstances").
import { buildEscalationGraph, type EscalationEdge, type EscalationGraph } from "../../../lib/review/escalation-graph";
import type { ReviewInput } from "../../../lib/review/review-input";

export const NOW = new Date("2026-06-01T12:00:00Z");

export const short = (arn: string) => (arn === "admin" ? "admin" : arn.slice(arn.lastIndexOf("/") + 1));

export function graphOf(input: ReviewInput): EscalationGraph {
  return buildEscalationGraph(input, { now: NOW });
}

/** Every edge as "from → to by method", sorted. */
export function edgeLines(graph: EscalationGraph): string[] {
  return graph.edges.map((e) => `${short(e.from)} → ${short(e.to)} by ${e.method}`).sort();
}

export function edgesBetween(graph: EscalationGraph, from: string, to: string): EscalationEdge[] {
  return graph.edges.filter((e) => short(e.from) === from && short(e.to) === to);
}
