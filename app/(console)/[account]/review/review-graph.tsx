"use client";

import "@xyflow/react/dist/style.css";
import { Background, MarkerType, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import Link from "@/components/workspace-link";
import { useMemo } from "react";
import { Combobox, type ComboboxOption } from "@/components/combobox";
import { EmptyState, Section } from "@/components/ui";
import { GraphZoomControls } from "@/components/graph-zoom-controls";
import { reviewKeys, reviewParams, useNeighbourhood, type NodesAnswer } from "@/components/review/review-query";
import type { GraphNode, ReviewNeighbourhood, ReviewSummary } from "@/lib/review/review-view";
import { fetchJson } from "@/components/fetch-json";

const COLUMN: Record<GraphNode["kind"], number> = { principal: 0, role: 1, profile: 2, instance: 3 };
const COLUMN_TITLES = ["Principals", "Roles", "Instance profiles", "Instances"];
const kindWord: Record<GraphNode["kind"], string> = { principal: "principal", role: "role", profile: "instance profile", instance: "instance" };

/** A column heading inside the flow, so it pans and zooms with its column; no handles. */
function ColumnTitle({ data }: NodeProps) {
  return <div style={{ width: BOX }} className="text-[12px] font-semibold uppercase tracking-wider text-slate-600">{String(data.label)}</div>;
}
const nodeTypes = { columnTitle: ColumnTitle };
// Four columns of 200 px boxes, 44 px apart (room for an edge's "ec2"): 932 px wide, the frame's
// width in a 1280 px window, so the instances column is in the first view there at full size.
const BOX = 200;
const X = 244;
const Y = 84;
/**
 * The smallest text in the graph is 12 px: the first view never zooms out below 0.92 (11 px; the
 * columns still fit when a scrollbar takes 15 px of a 1280 px window); it shows the top rows,
 * escalation paths first; the rest are a pan or the fit button away.
 */
const SMALLEST_TEXT = 12;
const READABLE_ZOOM = 0.92;
const MAX_HEIGHT = 640;

const nodeStyle: Record<GraphNode["kind"], { background: string; border: string }> = {
  principal: { background: "#eef2ff", border: "#818cf8" },
  role: { background: "#ffffff", border: "#94a3b8" },
  profile: { background: "#f0f9ff", border: "#7dd3fc" },
  instance: { background: "#ecfdf5", border: "#6ee7b7" },
};

const pages: Record<string, string> = { user: "users", role: "roles", "instance-profile": "instance-profiles" };

/** A node's console page: users, roles and profiles by their ARN; an instance in the reviewed account. */
function pageOf(n: GraphNode, account: string): string | null {
  const arn = /^arn:aws:iam::(\d{12}):(user|role|instance-profile)\/(?:.*\/)?([^/]+)$/.exec(n.id);
  if (arn) return `/${arn[1]}/${pages[arn[2]]}/${encodeURIComponent(arn[3])}`;
  return n.kind === "instance" ? `/${account}/instances/${encodeURIComponent(n.id)}` : null;
}

/**
 * The graph around the chosen node: principals → roles → instance profiles → instances, what
 * leads to it and what it leads to, escalation paths in red. A large account's whole graph would
 * be thousands of boxes; this is the part worth reading, and a picker chooses which.
 */
export function ReviewGraphSection({
  account,
  service,
  version,
  summary,
  focus,
  hops,
  onFocus,
  onHops,
}: {
  account: string;
  service: string | undefined;
  version: string;
  summary: ReviewSummary;
  focus: string | undefined;
  hops: number;
  onFocus: (id: string | undefined) => void;
  onHops: (hops: number) => void;
}) {
  const { data, isFetching } = useNeighbourhood(account, service, version, focus, hops);
  const graph = data?.graph;
  const centre = graph?.nodes.find((n) => n.id === graph.focus);
  const name = centre?.label ?? (graph?.focus ? graph.focus.slice(graph.focus.lastIndexOf("/") + 1) : undefined);
  const search = async (q: string): Promise<ComboboxOption[]> => {
    const body = await fetchJson<NodesAnswer>(`/api/accounts/${account}/review?${reviewParams(service, "nodes", { q })}`, "Could not search the graph");
    return body.nodes.map((n) => ({ value: n.id, label: n.label, detail: `${kindWord[n.kind]}${n.onEscalationPath ? " · on an escalation path" : ""}` }));
  };
  const description = !graph
    ? "Loading the graph…"
    : !graph.focus
      ? "No principal can both pass a role and launch the service that would use it."
      : focus
        ? `Following ${name}.`
        : `Around ${name}, where the most severe finding with a launch path starts. Pick another principal, role, instance profile or instance to follow it.`;

  return (
    <Section id="review-graph" title="Paths to workloads" description={description}>
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <div className="w-80">
          <Combobox
            key={graph?.focus ?? ""}
            label="Show the graph around"
            value={graph?.focus ?? ""}
            selectedLabel={name ?? ""}
            onChange={(value) => onFocus(value || undefined)}
            search={search}
            queryKey={(q) => reviewKeys.nodes(account, service, version, q)}
            placeholder="A principal, role, profile or instance…"
            listLabel="Matching nodes of the graph"
          />
        </div>
        <div>
          <label htmlFor="graph-hops" className="block text-xs font-medium text-slate-600">Reach</label>
          <select id="graph-hops" value={hops} onChange={(e) => onHops(Number(e.target.value))} className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            <option value={1}>1 hop each way</option>
            <option value={2}>2 hops each way</option>
          </select>
        </div>
        <p className="ml-auto text-xs text-slate-600" role="status">
          {graph && graph.nodes.length > 0 && `${graph.nodes.length} of ${summary.graph.nodes.toLocaleString("en-US")} nodes`}
          {isFetching && " · loading…"}
        </p>
      </div>
      {!graph ? null : summary.graph.nodes === 0 ? (
        <EmptyState title="No launch paths">No principal can both pass a role and launch the service that would use it.</EmptyState>
      ) : graph.nodes.length === 0 ? (
        <EmptyState title={`No launch path through ${name}`}>It cannot hand a role to a service it can launch, and no such path leads to it. Pick another node.</EmptyState>
      ) : (
        <NeighbourhoodGraph account={account} graph={graph} onFocus={onFocus} />
      )}
    </Section>
  );
}

/** The neighbourhood in columns by kind, the focus ringed; a click on a box follows it. */
function NeighbourhoodGraph({ account, graph, onFocus }: { account: string; graph: ReviewNeighbourhood; onFocus: (id: string | undefined) => void }) {
  const { nodes, edges, height, focus } = useMemo(() => {
    const columns: GraphNode[][] = [[], [], [], []];
    for (const n of graph.nodes) columns[COLUMN[n.kind]].push(n);
    // Escalation paths first, then by name: the boxes worth reading sit at the top.
    for (const c of columns) c.sort((a, b) => Number(b.onEscalationPath) - Number(a.onEscalationPath) || a.label.localeCompare(b.label));
    const tallest = Math.max(...columns.map((c) => c.length));
    const titles: Node[] = COLUMN_TITLES.map((title, column) => ({
      id: `column:${column}`,
      type: "columnTitle",
      position: { x: column * X, y: 0 },
      data: { label: title },
      selectable: false,
      draggable: false,
      connectable: false,
    }));
    const nodes: Node[] = columns.flatMap((column, c) =>
      column.map((n, row) => {
        const style = nodeStyle[n.kind];
        const href = pageOf(n, account);
        // Shorter columns sit centred against the tallest one.
        const y = (row + (tallest - column.length) / 2) * Y;
        return {
          id: n.id,
          position: { x: c * X, y: y + 36 },
          data: {
            label: (
              <div className="text-left" title={n.id}>
                {/* Whole names, on two lines at most, each linked to its page. */}
                {href ? (
                  <Link href={href} className="nodrag nopan line-clamp-2 break-all text-[14px] font-medium leading-snug text-indigo-800 hover:underline" onClick={(e) => e.stopPropagation()}>{n.label}</Link>
                ) : (
                  <div className="line-clamp-2 break-all text-[14px] font-medium leading-snug text-slate-900">{n.label}</div>
                )}
                {n.sublabel && <div className="line-clamp-2 break-all text-[12px] leading-snug text-slate-600">{n.sublabel}</div>}
              </div>
            ),
          },
          sourcePosition: "right" as Node["sourcePosition"],
          targetPosition: "left" as Node["targetPosition"],
          style: {
            width: BOX,
            padding: "6px 10px",
            borderRadius: 8,
            background: style.background,
            border: `${n.onEscalationPath ? 2 : 1}px solid ${n.onEscalationPath ? "#e11d48" : style.border}`,
            boxShadow: n.id === graph.focus ? "0 0 0 4px rgba(99,102,241,.35)" : "0 1px 2px rgba(15,23,42,.08)",
          },
        };
      }),
    );
    const edges: Edge[] = graph.edges.map((e) => {
      const color = e.escalation ? "#e11d48" : e.kind === "passes" ? "#6366f1" : "#94a3b8";
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        label: e.label,
        style: { stroke: color, strokeWidth: e.escalation ? 2.5 : 1.5, strokeDasharray: e.kind === "holds" ? "4 3" : undefined },
        labelStyle: { fontSize: SMALLEST_TEXT, fill: e.escalation ? "#be123c" : "#475569" },
        markerEnd: { type: MarkerType.ArrowClosed, color },
      };
    });
    const height = Math.min(MAX_HEIGHT, Math.max(320, tallest * Y + 120));
    // The first view fits the rows the frame can show at a readable size, from the top.
    const rows = Math.max(1, Math.floor((height - 80) / Y));
    const shown = nodes.filter((n) => n.position.y < 36 + rows * Y);
    const keptTitles = titles.filter((_, c) => columns[c].length > 0);
    return { nodes: [...keptTitles, ...nodes], edges, height, focus: [...keptTitles, ...shown].map((n) => ({ id: n.id })) };
  }, [graph, account]);

  return (
    <div>
      <div
        style={{ height }}
        className="rounded-lg border border-slate-200 bg-slate-50"
        role="group"
        aria-label={`Graph of ${graph.nodes.length} principals, roles, instance profiles and instances around ${graph.nodes.find((n) => n.id === graph.focus)?.label ?? graph.focus}; escalation paths in red`}
      >
        <ReactFlow
          key={`${graph.focus}:${graph.hops}`}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: "16px", minZoom: READABLE_ZOOM, maxZoom: 1.1, nodes: focus }}
          nodesDraggable={false}
          nodesConnectable={false}
          onNodeClick={(_, node) => !node.id.startsWith("column:") && node.id !== graph.focus && onFocus(node.id)}
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
        <li>Click a box to follow it; a name opens its page. Drag to see more; the fit button shows it all, smaller.</li>
      </ul>
      {graph.hidden > 0 && (
        <p className="mt-2 text-xs text-amber-800">
          {graph.hidden.toLocaleString("en-US")} more neighbours are not drawn (escalation paths first). Follow a box, or pick a node above, to see around it.
        </p>
      )}
    </div>
  );
}
