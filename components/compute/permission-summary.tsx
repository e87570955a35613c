import type { PermissionsSummary } from "@/lib/policy/summary";
import { ACCESS_LEVELS } from "@/lib/catalog/access-level";
import { EmptyState } from "@/components/ui";
import { ScrollArea } from "@/components/scroll-area";

const cellTone = { Full: "bg-emerald-100 text-emerald-800", Limited: "bg-amber-100 text-amber-900", None: "text-slate-500" } as const;

/** The role's permissions by service × access level, as the IAM console's policy summary shows them. */
export function PermissionSummary({ summary, label }: { summary: PermissionsSummary; label: string }) {
  if (!summary.services.length) return <EmptyState title="No permissions at all">Every request this session makes is implicitly denied.</EmptyState>;
  return (
    <ScrollArea label={label} className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Service</th>
            {ACCESS_LEVELS.map((l) => <th key={l} className="px-2 py-1 text-center font-medium">{l}</th>)}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {summary.services.map((s) => (
            <tr key={s.service}>
              <td className="py-1.5 pr-3"><span className="whitespace-nowrap font-medium text-slate-900">{s.name}</span> <span className="font-mono text-xs text-slate-500">{s.service}</span></td>
              {ACCESS_LEVELS.map((level) => {
                const l = s.levels.find((x) => x.level === level);
                const status = l?.status ?? "None";
                const title = l && (status !== "None" || l.denied) ? `${l.allowed} of ${l.total} actions${l.resources.length ? ` · on ${l.resources.join(", ")}` : ""}${l.conditionKeys.length ? ` · if ${l.conditionKeys.join(", ")}` : ""}${l.denied ? ` · ${l.denied} denied on ${l.deniedResources.join(", ")}` : ""}` : undefined;
                return (
                  <td key={level} className="px-2 py-1.5 text-center">
                    {l ? <span title={title} className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${cellTone[status]}`}>{status === "None" ? "—" : `${status} (${l.allowed}/${l.total})`}{l.denied ? <span className="ml-1 font-semibold text-rose-800">· {l.denied} denied</span> : null}</span> : <span className="text-slate-500">·</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}
