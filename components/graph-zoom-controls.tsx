"use client";

import { ControlButton, Panel, useReactFlow } from "@xyflow/react";

// xyflow's own <Controls> names a role-less <div>, a name assistive technology never announces;
// the same buttons, in a toolbar that carries the name. Render inside <ReactFlow>.

function Icon({ d }: { d: string }) {
  return (
    // xyflow fills control icons; these are drawn with strokes.
    <svg aria-hidden viewBox="0 0 14 14" style={{ fill: "none" }} stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
      <path d={d} />
    </svg>
  );
}

/** Zoom in, zoom out and fit the graph to its frame. */
export function GraphZoomControls({ label = "Zoom" }: { label?: string }) {
  const { zoomIn, zoomOut, fitView } = useReactFlow();
  return (
    <Panel position="bottom-left" role="toolbar" aria-label={label} aria-orientation="vertical" className="react-flow__controls vertical">
      <ControlButton onClick={() => zoomIn()} aria-label="Zoom in" title="Zoom in">
        <Icon d="M7 2v10M2 7h10" />
      </ControlButton>
      <ControlButton onClick={() => zoomOut()} aria-label="Zoom out" title="Zoom out">
        <Icon d="M2 7h10" />
      </ControlButton>
      <ControlButton onClick={() => fitView({ padding: 0.15 })} aria-label="Fit the graph to the frame" title="Fit view">
        <Icon d="M1.5 5V1.5H5M9 1.5h3.5V5M12.5 9v3.5H9M5 12.5H1.5V9" />
      </ControlButton>
    </Panel>
  );
}
