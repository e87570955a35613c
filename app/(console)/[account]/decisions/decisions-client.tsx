"use client";

import { useState } from "react";
import Link from "@/components/workspace-link";
import { usePathname } from "next/navigation";
import { useConsoleRouter } from "@/components/workspace-link";
import { useQuery } from "@tanstack/react-query";
import { decisionKeys, decisionSearch, fetchDecisions, type DecisionFilters } from "@/components/api/decisions-query";
import { DecisionLogBadge } from "@/components/api/decision-log-badge";
import { Badge, EmptyState } from "@/components/ui";
import { formatDate } from "@/components/format";
import { ScrollArea } from "@/components/scroll-area";

const services = [
  { value: "s3", label: "S3" },
  { value: "ec2", label: "EC2" },
  { value: "iam", label: "IAM" },
  { value: "sts", label: "STS" },
];

const decisionLabels: Record<string, string> = { Allow: "Allowed", ExplicitDeny: "Explicit deny", ImplicitDeny: "Implicit deny", Unauthenticated: "Not authenticated", Error: "Refused before authorization" };

/** The live decision log: filters in the URL, the newest entries polled every two seconds. */
export function DecisionsClient({ account, filters, callers, decisions }: { account: string; filters: DecisionFilters; callers: string[]; decisions: string[] }) {
  const router = useConsoleRouter();
  const pathname = usePathname();
  const [live, setLive] = useState(true);
  const query = useQuery({
    queryKey: decisionKeys.list(account, filters),
    queryFn: () => fetchDecisions(account, filters),
    refetchInterval: live ? 2000 : false,
  });
  const entries = query.data ?? [];
  const apply = (form: FormData) => {
    const next: DecisionFilters = { caller: String(form.get("caller") ?? "").trim() || undefined, decision: String(form.get("decision") ?? "") || undefined, service: String(form.get("service") ?? "") || undefined };
    router.replace(`${pathname}${decisionSearch(next)}`);
  };
  const field = "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <div className="space-y-4">
      <form action={apply} className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-label="Filter the decision log">
        <label className="text-xs font-medium text-slate-600">
          Caller
          <input name="caller" defaultValue={filters.caller} list="decision-callers" placeholder="ARN or part of it, e.g. user/alice" className={`${field} w-72`} />
          <datalist id="decision-callers">
            {callers.map((c) => <option key={c} value={c} />)}
          </datalist>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Decision
          <select name="decision" defaultValue={filters.decision ?? ""} className={field}>
            <option value="">Any decision</option>
            {decisions.map((d) => <option key={d} value={d}>{decisionLabels[d] ?? d}</option>)}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Service
          <select name="service" defaultValue={filters.service ?? ""} className={field}>
            <option value="">Any service</option>
            {services.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
        </label>
        <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">Filter</button>
        <Link href={pathname} className="px-2 py-1.5 text-sm text-slate-600 hover:underline">Clear</Link>
        <button type="button" onClick={() => setLive(!live)} aria-pressed={live} className="ml-auto inline-flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
          <span className={`inline-block h-2 w-2 rounded-full ${live ? "motion-safe:animate-pulse bg-emerald-500" : "bg-slate-400"}`} aria-hidden="true" />
          {live ? "Live — pause" : "Paused — resume"}
        </button>
      </form>
      {query.error && <p role="alert" className="text-sm text-rose-700">{(query.error as Error).message}</p>}
      {entries.length === 0 ? (
        <EmptyState title={filters.caller || filters.decision || filters.service ? "No requests match these filters" : "No requests yet"}>
          Start the endpoint with <code className="font-mono">npx roleplay api</code> and point an AWS SDK or the AWS CLI at <code className="font-mono">http://127.0.0.1:4566</code>; each request appears here as it is decided. An instance page&apos;s &quot;Run your code&quot; section has the exact commands.
        </EmptyState>
      ) : (
        <ScrollArea label="Decisions" className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm" aria-label="Decisions, newest first">
            <thead className="border-b border-slate-100 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">Time</th>
                <th className="px-3 py-2 font-medium">Caller</th>
                <th className="px-3 py-2 font-medium">Request</th>
                <th className="px-3 py-2 font-medium">Decision</th>
                <th className="px-3 py-2 font-medium">Deciding statement</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((e) => (
                <tr key={e.id} className="align-top hover:bg-slate-50">
                  <td className="whitespace-nowrap px-3 py-2 text-xs tabular-nums text-slate-500">
                    <Link href={`/${account}/decisions/${e.id}`} className="hover:underline">{formatDate(e.at)}</Link>
                  </td>
                  <td className="max-w-xs break-all px-3 py-2 font-mono text-xs">{e.caller}</td>
                  <td className="px-3 py-2">
                    <Link href={`/${account}/decisions/${e.id}`} className="font-medium text-indigo-700 hover:underline">
                      <Badge>{e.service.toUpperCase()}</Badge> {e.operation}
                    </Link>
                    <p className="mt-0.5 break-all font-mono text-[11px] text-slate-500">{e.action} on {e.resource}</p>
                  </td>
                  <td className="px-3 py-2">
                    <DecisionLogBadge decision={e.decision} />
                    <p className="mt-0.5 text-xs text-slate-500">{e.status}{e.errorCode ? ` ${e.errorCode}` : ""}</p>
                  </td>
                  <td className="max-w-sm px-3 py-2 text-xs text-slate-700">{e.deciding ?? <span className="text-slate-400">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
    </div>
  );
}
