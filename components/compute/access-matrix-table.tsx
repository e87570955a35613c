import type { AccessMatrix } from "@/lib/compute/workload-permissions";
import { DecisionBadge } from "./decision-badge";
import { ScrollArea } from "@/components/scroll-area";

/** Actions × resources, each cell the evaluator's decision for that request. */
export function AccessMatrixTable({ matrix, label }: { matrix: AccessMatrix; label: string }) {
  return (
    <ScrollArea label={label} className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium uppercase tracking-wide">Action</th>
            {matrix.columns.map((c) => <th key={c.resource} className="px-2 py-1 font-mono font-medium" title={c.resource}>{c.label}</th>)}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {matrix.rows.map((row) => (
            <tr key={row.action}>
              <td className="py-1.5 pr-3 font-mono text-xs text-slate-800">{row.action}</td>
              {row.cells.map((cell, i) => (
                <td key={matrix.columns[i].resource} className="px-2 py-1.5" title={cell.decision === "n/a" ? "This action does not act on this kind of resource" : `${row.action} on ${cell.resource}${cell.deciding.length ? ` — ${cell.deciding.join("; ")}` : ""}`} data-cell={`${row.action} ${matrix.columns[i].label}`}>
                  <DecisionBadge decision={cell.decision} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}
