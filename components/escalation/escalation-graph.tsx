"use client";

import "@xyflow/react/dist/style.css";
import { Background, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { useMemo } from "react";
import type { EscalationNodeView, EscalationPathView, Neighbourhood } from "@/lib/review/escalation-view";
import { GraphZoomControls } from "@/components/graph-zoom-controls";

const STEP = 270;
const WIDTH = 220;
const ROW = 150;

type Role = "path" | "neighbour";
type NodeData = { node: EscalationNodeView; role: Role; selected: boolean; focus: boolean; onPathBefore: boolean };

const kindWords: Record<EscalationNodeView["kind"], string> = { user: "IAM user", role: "IAM role", admin: "any permission it grants itself" };

/** A principal's box: the whole name, wrapped (never cut), its kind and account; the ARN on hover. */
function PrincipalNode({ data }: NodeProps<Node<NodeData>>) {
  const { node, role, selected, focus } = data;
  const admin = node.kind === "admin" || node.admin;
  const border = selected ? "#4f46e5" : admin ? "#e11d48" : role === "path" ? "#818cf8" : "#cbd5e1";
  return (
    <div
      title={node.kind === "admin" ? "admin: any permission the caller grants itself" : node.arn}
      style={{ width: WIDTH, borderColor: border, borderWidth: selected || admin ? 2 : 1, opacity: role === "neighbour" && !focus ? 0.9 : 1 }}
      className={`rounded-lg border bg-white px-3 py-2 text-left shadow-sm ${role === "neighbour" ? "border-dashed bg-slate-50" : ""} ${selected ? "ring-4 ring-indigo-200" : ""}`}
    >
      <Handle type="target" position={Position.Left} className="!h-2 !w-2 !border-0 !bg-slate-400" />
      <div className="break-all text-[13px] font-semibold leading-snug text-slate-900">{node.kind === "admin" ? "admin" : node.name}</div>
      <div className="mt-0.5 text-[11px] leading-snug text-slate-600">
        {kindWords[node.kind]}
        {node.account ? ` · ${node.account}` : ""}
        {node.admin && node.kind !== "admin" ? " · administrator" : ""}
      </div>
      <Handle type="source" position={Position.Right} className="!h-2 !w-2 !border-0 !bg-slate-400" />
    </div>
  );
}
const nodeTypes = { principal: PrincipalNode };

export interface EscalationGraphProps {
  path: EscalationPathView | null;
  nodes: Record<string, EscalationNodeView>;
  /** The hop shown (0-based), or -1 for none. */
  hop: number;
  selected: string | null;
  neighbourhood: Neighbourhood | null | undefined;
  onSelectNode: (arn: string) => void;
  onSelectHop: (index: number) => void;
}

/**
 * The selected path left to right, its hops lit up to the one shown, and around the selected node
 * its neighbours (callers above, what it can become below) — never the whole graph.
 */
export function EscalationGraph({ path, nodes: known, hop, selected, neighbourhood, onSelectNode, onSelectHop }: EscalationGraphProps) {
  const { nodes, edges } = useMemo(() => {
    const nodes: Node<NodeData>[] = [];
    const edges: Edge[] = [];
    const position = new Map<string, { x: number; y: number }>();
    const info = (arn: string) => known[arn] ?? neighbourhood?.nodes[arn];
    const chain = path ? [path.from, ...path.hops.map((h) => h.to)] : selected ? [selected] : [];
    chain.forEach((arn, i) => {
      const node = info(arn);
      if (!node) return;
      position.set(arn, { x: i * STEP, y: 0 });
      nodes.push({ id: arn, type: "principal", position: { x: i * STEP, y: 0 }, data: { node, role: "path", selected: arn === selected, focus: true, onPathBefore: i <= hop }, draggable: false });
    });
    path?.hops.forEach((h, i) => {
      const lit = i <= hop;
      const current = i === hop;
      const color = current ? "#e11d48" : lit ? "#be123c" : "#94a3b8";
      edges.push({
        id: `hop:${i}`,
        source: h.from,
        target: h.to,
        label: `${i + 1}. ${h.method}`,
        animated: current,
        style: { stroke: color, strokeWidth: current ? 3 : lit ? 2.25 : 1.5 },
        labelStyle: { fontSize: 11, fill: current ? "#9f1239" : "#475569", fontWeight: current ? 600 : 400 },
        labelBgStyle: { fill: "#ffffff" },
        labelBgPadding: [4, 2],
        markerEnd: { type: MarkerType.ArrowClosed, color },
        data: { hop: i },
      });
    });
    if (neighbourhood && position.has(neighbourhood.node.arn)) {
      const centre = position.get(neighbourhood.node.arn)!;
      const place = (list: { arn: string; method: string; from: string; to: string }[], y: number) => {
        const fresh = list.filter((e) => !position.has(e.arn));
        fresh.forEach((e, i) => {
          const x = centre.x + (i - (fresh.length - 1) / 2) * (WIDTH + 30);
          position.set(e.arn, { x, y });
          const node = info(e.arn);
          if (node) nodes.push({ id: e.arn, type: "principal", position: { x, y }, data: { node, role: "neighbour", selected: e.arn === selected, focus: false, onPathBefore: false }, draggable: false });
        });
        for (const e of list) {
          if (edges.some((x) => x.source === e.from && x.target === e.to)) continue;
          edges.push({
            id: `near:${e.from}>${e.to}`,
            source: e.from,
            target: e.to,
            label: e.method,
            style: { stroke: "#94a3b8", strokeWidth: 1.25, strokeDasharray: "5 4" },
            labelStyle: { fontSize: 10, fill: "#64748b" },
            labelBgStyle: { fill: "#f8fafc" },
            markerEnd: { type: MarkerType.ArrowClosed, color: "#94a3b8" },
          });
        }
      };
      place(neighbourhood.incoming.map((e) => ({ ...e, arn: e.from })), centre.y - ROW);
      place(neighbourhood.outgoing.map((e) => ({ ...e, arn: e.to })), centre.y + ROW);
    }
    return { nodes, edges };
  }, [path, known, hop, selected, neighbourhood]);

  const label = path
    ? `Escalation path of ${path.hops.length} hop${path.hops.length === 1 ? "" : "s"} from ${known[path.from]?.name ?? path.from}; hop ${hop + 1} highlighted`
    : "Escalation graph around the selected principal";
  return (
    <div className="h-[460px] rounded-lg border border-slate-200 bg-slate-50" role="group" aria-label={label}>
      <ReactFlow
        // A new path or neighbourhood is fitted to the frame afresh.
        key={`${path?.from ?? selected}>${path?.to ?? ""}|${neighbourhood?.node.arn ?? ""}`}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.2 }}
        nodesDraggable={false}
        nodesConnectable={false}
        onNodeClick={(_, node) => onSelectNode(node.id)}
        onEdgeClick={(_, edge) => typeof edge.data?.hop === "number" && onSelectHop(edge.data.hop)}
        proOptions={{ hideAttribution: true }}
        minZoom={0.2}
      >
        <Background gap={20} color="#e2e8f0" />
        <GraphZoomControls />
      </ReactFlow>
    </div>
  );
}
