import type { AccessStatus, PermissionsSummary } from "@/lib/policy/summary";
import { Badge, EmptyState, type Tone } from "@/components/ui";
import { ScrollArea } from "@/components/scroll-area";

const tone: Record<AccessStatus, Tone> = { Full: "green", Limited: "sky", None: "slate" };

/** A role's effective permissions: one row per service, its access levels as Full / Limited / None. */
export function PermissionsSummaryTable({ summary }: { summary: PermissionsSummary }) {
  if (!summary.services.length) return <EmptyState title="No access">No policy of this role allows anything.</EmptyState>;
  const levels = ["List", "Read", "Write", "Permissions management", "Tagging"] as const;
  return (
    <ScrollArea label="Permissions summary" className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Permissions summary">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Service</th>
            {levels.map((l) => <th key={l} scope="col" className="px-3 py-2 font-medium">{l}</th>)}
            <th scope="col" className="px-3 py-2 font-medium">Limited to</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {summary.services.map((s) => (
            <tr key={s.service}>
              <td className="px-3 py-2"><span className="font-medium">{s.name}</span> <span className="font-mono text-xs text-slate-500">{s.service}</span></td>
              {levels.map((l) => {
                const level = s.levels.find((x) => x.level === l);
                const status = level?.status ?? "None";
                return <td key={l} className="px-3 py-2">{level ? <Badge tone={tone[status]} title={`${level.allowed} of ${level.total} actions`}>{status}{status === "Limited" ? ` · ${level.allowed}/${level.total}` : ""}{level.denied ? ` · ${level.denied} denied` : ""}</Badge> : <span className="text-slate-500">—</span>}</td>;
              })}
              <td className="px-3 py-2 font-mono text-[11px] text-slate-600">{[...new Set(s.levels.flatMap((l) => [...l.resources, ...l.conditionKeys.map((k) => `if ${k}`), ...l.deniedResources.map((r) => `denied on ${r}`)]))].slice(0, 4).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}
