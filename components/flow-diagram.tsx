import Link from "@/components/workspace-link";
import { ScrollArea } from "./scroll-area";
import type { Tone } from "./ui";

export type FlowNode = { label: string; sublabel?: string; href?: string; tone?: Tone };
export type FlowColumn = { title: string; nodes: FlowNode[]; empty?: string };

const nodeTones: Record<Tone, string> = {
  slate: "border-slate-300 bg-white",
  green: "border-emerald-300 bg-emerald-50",
  amber: "border-amber-300 bg-amber-50",
  red: "border-rose-300 bg-rose-50",
  indigo: "border-indigo-400 bg-indigo-50",
  sky: "border-sky-300 bg-sky-50",
};

/** Columns of boxes joined by arrows: how an identity reaches the code that uses it. */
export function FlowDiagram({ columns, label }: { columns: FlowColumn[]; label: string }) {
  return (
    <ScrollArea as="figure" label={label} className="overflow-x-auto">
      {/* Columns share the width (scrolling only below ~44rem), so none is cut at 1280 px. */}
      <div className="flex w-full min-w-[44rem] items-stretch gap-0">
        {columns.map((column, i) => (
          <div key={column.title} className="flex min-w-0 flex-1 items-stretch">
            <div className="flex min-w-0 flex-1 flex-col">
              <p className="mb-2 text-[11px] font-semibold uppercase tracking-wider text-slate-500">{column.title}</p>
              <div className="flex flex-1 flex-col justify-center gap-2">
                {column.nodes.length ? (
                  column.nodes.map((node) => {
                    const body = (
                      <>
                        <span className="block truncate text-sm font-medium text-slate-900">{node.label}</span>
                        {node.sublabel && <span className="block truncate text-xs text-slate-600">{node.sublabel}</span>}
                      </>
                    );
                    const className = `block rounded-lg border px-3 py-2 shadow-sm ${nodeTones[node.tone ?? "slate"]}`;
                    return node.href ? (
                      <Link key={node.label + node.sublabel} href={node.href} className={`${className} hover:ring-2 hover:ring-indigo-200`}>{body}</Link>
                    ) : (
                      <div key={node.label + node.sublabel} className={className}>{body}</div>
                    );
                  })
                ) : (
                  <div className="rounded-lg border border-dashed border-slate-300 px-3 py-2 text-xs text-slate-500">{column.empty ?? "none"}</div>
                )}
              </div>
            </div>
            {i < columns.length - 1 && (
              <div aria-hidden className="flex w-10 shrink-0 items-center justify-center pt-6 text-slate-400">
                <svg width="32" height="12" viewBox="0 0 32 12"><path d="M0 6h28M22 1l6 5-6 5" fill="none" stroke="currentColor" strokeWidth="1.5" /></svg>
              </div>
            )}
          </div>
        ))}
      </div>
    </ScrollArea>
  );
}
