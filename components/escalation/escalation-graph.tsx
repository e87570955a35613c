"use client";

import "@xyflow/react/dist/style.css";
import { Background, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { useMemo } from "react";
import type { EscalationNodeView, EscalationPathView, Neighbourhood } from "@/lib/review/escalation-view";
import { GraphZoomControls } from "@/components/graph-zoom-controls";

// The path runs top to bottom, so each hop's method (which can name four actions) has the width it
// needs beside its arrow; the selection's neighbours sit in a column on each side.
const WIDTH = 210;
const STEP = 190;
const LABEL_X = WIDTH / 2 + 18;
const LABEL_WIDTH = 270;
const SIDE = 250;
const SIDE_STEP = 132;
/**
 * The smallest text in the graph is 12 px (text-[12px] below): the first view never zooms out below
 * 0.95, 11.4 px of it. What does not fit then is panned to (or the fit button shows it all, smaller).
 */
const READABLE_ZOOM = 0.95;

type PrincipalData = { node: EscalationNodeView; neighbour: boolean; selected: boolean; method?: string };
type HopData = { index: number; method: string; current: boolean; lit: boolean };

const kindWords: Record<EscalationNodeView["kind"], string> = { user: "IAM user", role: "IAM role", admin: "any permission it grants itself" };
const handle = "!h-2 !w-2 !border-0 !bg-slate-400";

/** A principal's box: the whole name, wrapped (never cut), its kind and account; the ARN on hover. */
function PrincipalNode({ data }: NodeProps<Node<PrincipalData>>) {
  const { node, neighbour, selected, method } = data;
  const admin = node.kind === "admin" || node.admin;
  const border = selected ? "#4f46e5" : admin ? "#e11d48" : neighbour ? "#cbd5e1" : "#818cf8";
  return (
    <div
      title={node.kind === "admin" ? "admin: any permission the caller grants itself" : node.arn}
      style={{ width: WIDTH, borderColor: border, borderWidth: selected || admin ? 2 : 1, borderStyle: neighbour ? "dashed" : "solid" }}
      className={`cursor-pointer rounded-lg px-3 py-2 text-left shadow-sm ${neighbour ? "bg-slate-50" : "bg-white"} ${selected ? "ring-4 ring-indigo-200" : ""}`}
    >
      <Handle id="top" type="target" position={Position.Top} className={handle} />
      <Handle id="left" type="target" position={Position.Left} className={handle} />
      <div className="break-all text-[14px] font-semibold leading-snug text-slate-900">{node.kind === "admin" ? "admin" : node.name}</div>
      <div className="mt-0.5 text-[12px] leading-snug text-slate-600">
        {kindWords[node.kind]}
        {node.account ? ` · ${node.account}` : ""}
        {node.admin && node.kind !== "admin" ? " · administrator" : ""}
      </div>
      {method && <div className="mt-1 break-all font-mono text-[12px] leading-snug text-slate-600">{method}</div>}
      <Handle id="bottom" type="source" position={Position.Bottom} className={handle} />
      <Handle id="right" type="source" position={Position.Right} className={handle} />
    </div>
  );
}

/** A hop's method beside its arrow, whole (the actions one per line); a click shows its evidence. */
function HopNode({ data }: NodeProps<Node<HopData>>) {
  const { index, method, current, lit } = data;
  return (
    <div
      style={{ width: LABEL_WIDTH }}
      className={`cursor-pointer rounded-md border px-2 py-1 font-mono text-[12px] leading-snug ${current ? "border-rose-400 bg-rose-50 text-rose-900" : lit ? "border-rose-200 bg-white text-rose-800" : "border-slate-200 bg-white text-slate-600"}`}
      title={`Hop ${index + 1}: ${method} — click for its evidence`}
    >
      <span className="font-sans font-semibold">{index + 1}.</span>{" "}
      {method.split("+").map((action, i) => (
        <span key={action} className="[overflow-wrap:anywhere]">
          {i > 0 && " + "}
          {action}
        </span>
      ))}
    </div>
  );
}
const nodeTypes = { principal: PrincipalNode, hop: HopNode };

export interface EscalationGraphProps {
  path: EscalationPathView | null;
  nodes: Record<string, EscalationNodeView>;
  /** The hop shown (0-based). */
  hop: number;
  selected: string | null;
  neighbourhood: Neighbourhood | null | undefined;
  onSelectNode: (arn: string) => void;
  onSelectHop: (index: number) => void;
}

/**
 * The selected path top to bottom, its hops lit up to the one shown, and around the selected node
 * its neighbours (who can become it on the left, what it can become on the right) — never the
 * whole graph.
 */
export function EscalationGraph({ path, nodes: known, hop, selected, neighbourhood, onSelectNode, onSelectHop }: EscalationGraphProps) {
  const { nodes, edges, rows } = useMemo(() => {
    const nodes: Node[] = [];
    const edges: Edge[] = [];
    const position = new Map<string, { x: number; y: number }>();
    const info = (arn: string) => known[arn] ?? neighbourhood?.nodes[arn];
    const chain = path ? [path.from, ...path.hops.map((h) => h.to)] : selected ? [selected] : [];
    chain.forEach((arn, i) => {
      const node = info(arn);
      if (!node) return;
      position.set(arn, { x: 0, y: i * STEP });
      nodes.push({ id: arn, type: "principal", position: { x: 0, y: i * STEP }, data: { node, neighbour: false, selected: arn === selected }, draggable: false });
    });
    path?.hops.forEach((h, i) => {
      const lit = i <= hop;
      const current = i === hop;
      const color = current ? "#e11d48" : lit ? "#be123c" : "#94a3b8";
      nodes.push({ id: `hop:${i}`, type: "hop", position: { x: LABEL_X, y: i * STEP + STEP / 2 - 4 }, data: { index: i, method: h.method, current, lit }, draggable: false, selectable: false });
      edges.push({
        id: `hop:${i}`,
        source: h.from,
        target: h.to,
        sourceHandle: "bottom",
        targetHandle: "top",
        animated: current,
        style: { stroke: color, strokeWidth: current ? 3 : lit ? 2.25 : 1.5 },
        markerEnd: { type: MarkerType.ArrowClosed, color },
        data: { hop: i },
      });
    });
    let rows = chain.length;
    if (neighbourhood && position.has(neighbourhood.node.arn)) {
      const centre = position.get(neighbourhood.node.arn)!;
      const place = (list: { arn: string; method: string; from: string; to: string }[], x: number) => {
        const fresh = list.filter((e) => !position.has(e.arn));
        fresh.forEach((e, i) => {
          const y = centre.y + (i - (fresh.length - 1) / 2) * SIDE_STEP;
          position.set(e.arn, { x, y });
          rows = Math.max(rows, Math.ceil(fresh.length * (SIDE_STEP / STEP)));
          const node = info(e.arn);
          if (node) nodes.push({ id: e.arn, type: "principal", position: { x, y }, data: { node, neighbour: true, selected: e.arn === selected, method: `by ${e.method}` }, draggable: false });
        });
        for (const e of list) {
          if (edges.some((x) => x.source === e.from && x.target === e.to)) continue;
          edges.push({
            id: `near:${e.from}>${e.to}`,
            source: e.from,
            target: e.to,
            sourceHandle: "right",
            targetHandle: "left",
            style: { stroke: "#94a3b8", strokeWidth: 1.25, strokeDasharray: "5 4" },
            markerEnd: { type: MarkerType.ArrowClosed, color: "#94a3b8" },
          });
        }
      };
      place(neighbourhood.incoming.map((e) => ({ ...e, arn: e.from })), centre.x - SIDE);
      place(neighbourhood.outgoing.map((e) => ({ ...e, arn: e.to })), centre.x + LABEL_X + LABEL_WIDTH + 40);
    }
    return { nodes, edges, rows };
  }, [path, known, hop, selected, neighbourhood]);

  const label = path
    ? `Escalation path of ${path.hops.length} hop${path.hops.length === 1 ? "" : "s"} from ${known[path.from]?.name ?? path.from}; hop ${hop + 1} highlighted`
    : "Escalation graph around the selected principal";
  const height = Math.min(760, Math.max(380, rows * STEP + 60));
  return (
    <div style={{ height }} className="rounded-lg border border-slate-200 bg-slate-50" role="group" aria-label={label}>
      <ReactFlow
        // A new path or neighbourhood is fitted to the frame afresh.
        key={`${path?.from ?? selected}>${path?.to ?? ""}|${neighbourhood?.node.arn ?? ""}`}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        // Centred on everything, but never smaller than readable: far neighbours are a pan away.
        fitViewOptions={{ padding: 0.12, minZoom: READABLE_ZOOM, maxZoom: 1.1 }}
        nodesDraggable={false}
        nodesConnectable={false}
        onNodeClick={(_, node) => (node.type === "hop" ? onSelectHop((node.data as HopData).index) : onSelectNode(node.id))}
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
