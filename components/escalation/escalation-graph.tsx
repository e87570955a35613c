"use client";

import "@xyflow/react/dist/style.css";
import { Background, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { Fragment, useMemo } from "react";
import type { EscalationNodeView, EscalationPathView, Neighbourhood } from "@/lib/review/escalation-view";
import { GraphZoomControls } from "@/components/graph-zoom-controls";

// The path runs top to bottom, each hop's method on its arrow; the selection's neighbours sit in a
// column on each side. Widths are chosen so that a path with neighbours both ways fits the frame of
// a 1280 px window at nearly full size: 224 px holds "iam:UpdateAssumeRolePolicy+" on one line.
const WIDTH = 224;
const GAP = 36;
/** Above and below a hop's method: the arrow's visible length. */
const ARROW = 30;
const SIDE_GAP = 12;
/** Geist Mono's advance at 12 px, and a generous average for 14 px Geist Sans semibold. */
const MONO_CHAR = 7.2;
const SANS_CHAR = 8.2;
/** A box's text width: its width less padding (px-3) and a 2 px border. */
const INNER = WIDTH - 28;
const LINE = 16.5;
/** Never zoom in past 1.1; zoom out as far as fitting everything takes (the layout keeps that near 1). */
const MAX_ZOOM = 1.1;
const FIT_PADDING = 16;
const MIN_HEIGHT = 320;
const MAX_HEIGHT = 760;

/** How many lines `parts` take when a line may break only between parts, `perLine` characters a line. */
function wrappedLines(parts: string[], perLine: number): number {
  let lines = 1;
  let used = 0;
  for (const part of parts) {
    if (used > 0 && used + part.length > perLine) {
      lines++;
      used = 0;
    }
    // A part longer than a line wraps anywhere inside it.
    lines += Math.max(0, Math.ceil(part.length / perLine) - 1);
    used = part.length > perLine ? part.length % perLine : used + part.length;
  }
  return lines;
}

/** A method's parts as it wraps: each action with the `+` that follows it. */
const methodParts = (method: string) => method.split("+").map((action, i, all) => (i < all.length - 1 ? `${action}+` : action));

/** The height a principal box takes (estimated from its text), so that boxes stack without overlapping. */
function boxHeight(node: EscalationNodeView, method?: string): number {
  const name = node.kind === "admin" ? "admin" : node.name;
  const nameLines = Math.max(1, Math.ceil((name.length * SANS_CHAR) / INNER));
  const methodLines = method ? wrappedLines(["by ", ...methodParts(method)], Math.floor(INNER / MONO_CHAR)) : 0;
  return 20 + nameLines * 19.25 + 2 + LINE + (method ? 4 + methodLines * LINE : 0);
}

/** The height of a hop's method on its arrow ("1. " and the actions, one or more a line). */
function hopHeight(method: string): number {
  return 10 + wrappedLines(["1. ", ...method.split("+").map((a, i, all) => (i < all.length - 1 ? `${a} + ` : a))], Math.floor((WIDTH - 18) / MONO_CHAR)) * LINE;
}

type PrincipalData = { node: EscalationNodeView; neighbour: boolean; selected: boolean; method?: string };
type HopData = { index: number; method: string; current: boolean; lit: boolean };

const kindWords: Record<EscalationNodeView["kind"], string> = { user: "IAM user", role: "IAM role", admin: "any permission it grants itself" };
const handle = "!h-2 !w-2 !border-0 !bg-slate-400";

/** A principal's box: the whole name, wrapped (never cut), its kind and account; the ARN on hover. A neighbour's method breaks after a `+`, not inside an action. */
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
      <div className="text-[14px] font-semibold [overflow-wrap:anywhere] leading-snug text-slate-900">{node.kind === "admin" ? "admin" : node.name}</div>
      <div className="mt-0.5 text-[12px] leading-snug text-slate-600">
        {kindWords[node.kind]}
        {node.account ? ` · ${node.account}` : ""}
        {node.admin && node.kind !== "admin" ? " · administrator" : ""}
      </div>
      {method && (
        <div className="mt-1 font-mono text-[12px] leading-snug text-slate-600 [overflow-wrap:anywhere]">
          by{" "}
          {methodParts(method).map((part, i) => (
            <Fragment key={i}>
              {i > 0 && <wbr />}
              {part}
            </Fragment>
          ))}
        </div>
      )}
      <Handle id="bottom" type="source" position={Position.Bottom} className={handle} />
      <Handle id="right" type="source" position={Position.Right} className={handle} />
    </div>
  );
}

/** A hop's method on its arrow, whole (breaking between actions); a click shows its evidence. */
function HopNode({ data }: NodeProps<Node<HopData>>) {
  const { index, method, current, lit } = data;
  return (
    <div
      style={{ width: WIDTH }}
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
  const { nodes, edges, height } = useMemo(() => {
    const nodes: Node[] = [];
    const edges: Edge[] = [];
    const position = new Map<string, { x: number; y: number; height: number }>();
    const info = (arn: string) => known[arn] ?? neighbourhood?.nodes[arn];
    const chain = path ? [path.from, ...path.hops.map((h) => h.to)] : selected ? [selected] : [];
    // Each box, then its hop's method on the arrow below it, then the next box.
    let y = 0;
    chain.forEach((arn, i) => {
      const node = info(arn);
      if (!node) return;
      const tall = boxHeight(node);
      position.set(arn, { x: 0, y, height: tall });
      nodes.push({ id: arn, type: "principal", position: { x: 0, y }, data: { node, neighbour: false, selected: arn === selected }, draggable: false });
      y += tall;
      const h = path?.hops[i];
      if (!h) return;
      const lit = i <= hop;
      const current = i === hop;
      const color = current ? "#e11d48" : lit ? "#be123c" : "#94a3b8";
      nodes.push({ id: `hop:${i}`, type: "hop", position: { x: 0, y: y + ARROW }, data: { index: i, method: h.method, current, lit }, draggable: false, selectable: false });
      y += ARROW + hopHeight(h.method) + ARROW;
      edges.push({
        id: `hop:${i}`,
        source: h.from,
        target: h.to,
        sourceHandle: "bottom",
        targetHandle: "top",
        // Solid, as the legend says; the hop shown is the thickest and brightest.
        style: { stroke: color, strokeWidth: current ? 3.5 : lit ? 2.25 : 1.5 },
        markerEnd: { type: MarkerType.ArrowClosed, color },
        data: { hop: i },
      });
    });
    let top = 0;
    let bottom = y;
    if (neighbourhood && position.has(neighbourhood.node.arn)) {
      const centre = position.get(neighbourhood.node.arn)!;
      const place = (list: { arn: string; method: string; from: string; to: string }[], x: number) => {
        const fresh = list.filter((e) => !position.has(e.arn) && info(e.arn));
        // Stacked, centred on the selection.
        const heights = fresh.map((e) => boxHeight(info(e.arn)!, e.method));
        let at = centre.y + centre.height / 2 - (heights.reduce((sum, h) => sum + h, 0) + SIDE_GAP * (fresh.length - 1)) / 2;
        fresh.forEach((e, i) => {
          position.set(e.arn, { x, y: at, height: heights[i] });
          nodes.push({ id: e.arn, type: "principal", position: { x, y: at }, data: { node: info(e.arn)!, neighbour: true, selected: e.arn === selected, method: e.method }, draggable: false });
          top = Math.min(top, at);
          bottom = Math.max(bottom, at + heights[i]);
          at += heights[i] + SIDE_GAP;
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
      place(neighbourhood.incoming.map((e) => ({ ...e, arn: e.from })), centre.x - WIDTH - GAP);
      place(neighbourhood.outgoing.map((e) => ({ ...e, arn: e.to })), centre.x + WIDTH + GAP);
    }
    // Tall enough for everything at full size (within reason): the first view fits it all.
    return { nodes, edges, height: Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, bottom - top + 2 * FIT_PADDING)) };
  }, [path, known, hop, selected, neighbourhood]);

  const label = path
    ? `Escalation path of ${path.hops.length} hop${path.hops.length === 1 ? "" : "s"} from ${known[path.from]?.name ?? path.from}; hop ${hop + 1} highlighted`
    : "Escalation graph around the selected principal";
  return (
    <div style={{ height }} className="rounded-lg border border-slate-200 bg-slate-50" role="group" aria-label={label}>
      <ReactFlow
        // A new path or neighbourhood is fitted to the frame afresh.
        key={`${path?.from ?? selected}>${path?.to ?? ""}|${neighbourhood?.node.arn ?? ""}`}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        // Everything in the frame at the first view; the layout above keeps that close to full size.
        fitViewOptions={{ padding: `${FIT_PADDING}px`, maxZoom: MAX_ZOOM, minZoom: 0.2 }}
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
