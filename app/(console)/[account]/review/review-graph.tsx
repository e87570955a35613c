"use client";

import "@xyflow/react/dist/style.css";
import { Background, MarkerType, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import Link from "next/link";
import { useMemo } from "react";
import type { AccountReviewView, GraphNode } from "@/lib/review/review-view";
import { GraphZoomControls } from "@/components/graph-zoom-controls";

const COLUMN: Record<GraphNode["kind"], number> = { principal: 0, role: 1, profile: 2, instance: 3 };
const COLUMN_TITLES = ["Principals", "Roles", "Instance profiles", "Instances"];

/** A column heading inside the flow, so it pans and zooms with its column; no handles. */
function ColumnTitle({ data }: NodeProps) {
  return <div className="w-[210px] text-[11px] font-semibold uppercase tracking-wider text-slate-500">{String(data.label)}</div>;
}
const nodeTypes = { columnTitle: ColumnTitle };
const X = 300;
const Y = 84;

const nodeStyle: Record<GraphNode["kind"], { background: string; border: string }> = {
  principal: { background: "#eef2ff", border: "#818cf8" },
  role: { background: "#ffffff", border: "#94a3b8" },
  profile: { background: "#f0f9ff", border: "#7dd3fc" },
  instance: { background: "#ecfdf5", border: "#6ee7b7" },
};

const pages: Record<string, string> = { user: "users", role: "roles", "instance-profile": "instance-profiles" };

/** A node's console page: users, roles and profiles by their ARN; an instance in the account of the profile it runs with. */
function pageOf(n: GraphNode, graph: AccountReviewView["graph"]): string | null {
  const arn = /^arn:aws:iam::(\d{12}):(user|role|instance-profile)\/(?:.*\/)?([^/]+)$/.exec(n.id);
  if (arn) return `/${arn[1]}/${pages[arn[2]]}/${encodeURIComponent(arn[3])}`;
  if (n.kind !== "instance") return null;
  const edge = graph.edges.find((e) => e.source === n.id || e.target === n.id);
  const account = edge && /^arn:aws:iam::(\d{12}):/.exec(edge.source === n.id ? edge.target : edge.source)?.[1];
  return account ? `/${account}/instances/${encodeURIComponent(n.id)}` : null;
}

/** What a focused node reaches, downstream and upstream, so the rest can be dimmed. */
function connected(graph: AccountReviewView["graph"], focus: string | null): Set<string> | null {
  if (!focus || !graph.nodes.some((n) => n.id === focus)) return null;
  const seen = new Set([focus]);
  for (const direction of ["down", "up"] as const) {
    const queue = [focus];
    while (queue.length) {
      const id = queue.shift()!;
      for (const e of graph.edges) {
        const [from, to] = direction === "down" ? [e.source, e.target] : [e.target, e.source];
        if (from === id && !seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
  }
  return seen;
}

/** Principals → roles → instance profiles → instances; escalation paths in red. */
export function ReviewGraph({ graph, focus, onFocus }: { graph: AccountReviewView["graph"]; focus: string | null; onFocus: (id: string | null) => void }) {
  const { nodes, edges } = useMemo(() => {
    const lit = connected(graph, focus);
    const sizes = [0, 1, 2, 3].map((c) => graph.nodes.filter((n) => COLUMN[n.kind] === c).length);
    const tallest = Math.max(...sizes);
    const rows = [0, 0, 0, 0];
    const titles: Node[] = COLUMN_TITLES.map((title, column) => ({
      id: `column:${column}`,
      type: "columnTitle",
      position: { x: column * X, y: 0 },
      data: { label: title },
      selectable: false,
      draggable: false,
      connectable: false,
    }));
    const nodes: Node[] = graph.nodes.map((n) => {
      const column = COLUMN[n.kind];
      // Shorter columns sit centred against the tallest one.
      const y = (rows[column]++ + (tallest - sizes[column]) / 2) * Y;
      const style = nodeStyle[n.kind];
      const dim = lit !== null && !lit.has(n.id);
      return {
        id: n.id,
        position: { x: column * X, y: y + 36 },
        data: {
          label: (
            <div className="text-left" title={n.id}>
              {/* Whole names, on two lines at most, each linked to its page. */}
              {pageOf(n, graph) ? (
                <Link href={pageOf(n, graph)!} className="nodrag nopan line-clamp-2 break-all text-[13px] font-medium leading-snug text-indigo-800 hover:underline" onClick={(e) => e.stopPropagation()}>{n.label}</Link>
              ) : (
                <div className="line-clamp-2 break-all text-[13px] font-medium leading-snug text-slate-900">{n.label}</div>
              )}
              {n.sublabel && <div className="line-clamp-2 break-all text-[11px] leading-snug text-slate-600">{n.sublabel}</div>}
            </div>
          ),
        },
        sourcePosition: "right" as Node["sourcePosition"],
        targetPosition: "left" as Node["targetPosition"],
        style: {
          width: 210,
          padding: "6px 10px",
          borderRadius: 8,
          background: style.background,
          border: `${n.onEscalationPath ? 2 : 1}px solid ${n.onEscalationPath ? "#e11d48" : style.border}`,
          boxShadow: n.id === focus ? "0 0 0 4px rgba(99,102,241,.35)" : "0 1px 2px rgba(15,23,42,.08)",
          opacity: dim ? 0.25 : 1,
        },
      };
    });
    const edges: Edge[] = graph.edges.map((e) => {
      const dim = lit !== null && !(lit.has(e.source) && lit.has(e.target));
      const color = e.escalation ? "#e11d48" : e.kind === "passes" ? "#6366f1" : "#94a3b8";
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        label: e.label,
        animated: e.escalation,
        style: { stroke: color, strokeWidth: e.escalation ? 2.5 : 1.5, opacity: dim ? 0.15 : 1, strokeDasharray: e.kind === "holds" ? "4 3" : undefined },
        labelStyle: { fontSize: 11, fill: e.escalation ? "#be123c" : "#475569" },
        markerEnd: { type: MarkerType.ArrowClosed, color },
      };
    });
    return { nodes: [...titles.filter((_, c) => sizes[c] > 0), ...nodes], edges };
  }, [graph, focus]);

  const height = Math.min(720, Math.max(320, Math.max(...[0, 1, 2, 3].map((c) => graph.nodes.filter((n) => COLUMN[n.kind] === c).length)) * Y + 120));
  return (
    <div>
      <div style={{ height }} className="rounded-lg border border-slate-200 bg-slate-50" role="group" aria-label={`Graph of ${graph.nodes.length} principals, roles, instance profiles and instances; escalation paths in red`}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: 0.15 }}
          nodesDraggable={false}
          nodesConnectable={false}
          onNodeClick={(_, node) => !node.id.startsWith("column:") && onFocus(node.id === focus ? null : node.id)}
          onPaneClick={() => onFocus(null)}
          proOptions={{ hideAttribution: true }}
          minZoom={0.2}
        >
          <Background gap={20} color="#e2e8f0" />
          <GraphZoomControls />
        </ReactFlow>
      </div>
      <ul className="mt-3 flex flex-wrap gap-x-5 gap-y-2 text-xs text-slate-600" aria-label="Legend">
        <li className="flex items-center gap-2"><span className="h-0.5 w-6 bg-indigo-500" /> may pass the role (service)</li>
        <li className="flex items-center gap-2"><span className="h-0.5 w-6 bg-rose-600" /> escalation: the role can do more than the principal</li>
        <li className="flex items-center gap-2"><span className="h-0 w-6 border-t-2 border-dashed border-slate-400" /> instance profile holds the role</li>
        <li className="flex items-center gap-2"><span className="h-0.5 w-6 bg-slate-400" /> instance runs with the profile</li>
        <li className="flex items-center gap-2"><span className="h-3 w-3 rounded border-2 border-rose-600" /> on an escalation path</li>
        <li className="text-slate-500">Click a box to follow its paths; click the background to clear.</li>
      </ul>
      {graph.truncated && <p className="mt-2 text-xs text-amber-700">Many grants: the graph shows only the escalation paths. The tables below list every grant.</p>}
    </div>
  );
}
