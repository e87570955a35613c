"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import Link, { useConsoleRouter } from "@/components/workspace-link";
import { Badge, EmptyState, Section, Skeleton } from "@/components/ui";
import { ScrollArea } from "@/components/scroll-area";
import { formatDate, plural } from "@/components/format";
import type { LabProgress, ProgressRow } from "@/lib/workspaces/classroom";
import { LastChange } from "../workspaces-client";
import { classroomKeys, fetchProgress, progressRefreshMs } from "./progress-query";

type LabOption = { id: string; title: string; workspaces: number };

/** The trainer's table: trainees' workspaces × the lab's checks, asked again every few seconds. */
export function ProgressClient({ account, lab, unknownLab, className, labs }: { account: string; lab: string | null; unknownLab: string | null; className: string | null; labs: LabOption[] }) {
  const router = useConsoleRouter();
  const labPicker = useId();
  const choose = (id: string) => router.push(`/${account}/workspaces/progress?lab=${encodeURIComponent(id)}`);
  if (!lab) {
    return <EmptyState title="No lab to follow">There is no readable lab under labs/. Add one (docs/labs.md), then make a class from it.</EmptyState>;
  }
  return (
    <>
      {unknownLab && (
        <p role="alert" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">There is no lab named {unknownLab}; showing {labs.find((l) => l.id === lab)?.title ?? lab}.</p>
      )}
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor={labPicker} className="block text-xs font-medium text-slate-600">Lab</label>
          <select id={labPicker} value={lab} onChange={(e) => choose(e.target.value)} className="mt-1 max-w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm">
            {labs.map((l) => (
              <option key={l.id} value={l.id}>{l.title} ({plural(l.workspaces, "workspace")})</option>
            ))}
          </select>
        </div>
        {className && (
          <p className="pb-1.5 text-sm text-slate-700">
            Class <span className="font-medium">{className}</span> only ·{" "}
            <Link href={`/${account}/workspaces/progress?lab=${encodeURIComponent(lab)}`} className="font-medium text-indigo-700 hover:underline">every workspace of the lab</Link>
          </p>
        )}
      </div>
      <ProgressTable account={account} lab={lab} className={className} />
    </>
  );
}

function ProgressTable({ account, lab, className }: { account: string; lab: string; className: string | null }) {
  const query = useQuery({ queryKey: classroomKeys.progress(lab, className), queryFn: () => fetchProgress(lab, className), refetchInterval: progressRefreshMs });
  const data = query.data;
  if (!data) {
    if (query.isError) return <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">{query.error.message}. It is asked again in a few seconds.</p>;
    return (
      <Section title="Checking every workspace…">
        <div className="space-y-2" aria-busy="true" aria-label="Checking every workspace">
          {[0, 1, 2].map((i) => <Skeleton key={i} className="h-8 w-full" />)}
        </div>
      </Section>
    );
  }
  const done = data.rows.filter((r) => !r.error && r.failed === 0).length;
  return (
    <Section
      title={data.lab.title}
      description={`${plural(data.rows.length, "workspace")}${className ? ` of class ${className}` : ""} · ${done} with every check passing · ${plural(data.lab.checks.length, "check")}`}
      actions={<LiveNote checkedAt={data.checkedAt} fetching={query.isFetching} failed={query.isError ? query.error.message : null} />}
    >
      {data.rows.length === 0 ? (
        <EmptyState title={className ? `Class ${className} has no workspace for this lab` : "No workspace was made for this lab yet"}>
          <Link href={`/${account}/workspaces#create-class`} className="font-medium text-indigo-700 hover:underline">Create a class from it</Link> on the Workspaces page.
        </EmptyState>
      ) : (
        // Seven checks and a last change do not fit 1280 px: the table scrolls, and says so.
        <ScrollArea label="Trainees' progress table" className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Each workspace of lab {data.lab.title} against its checks</caption>
          <thead className="align-bottom text-xs text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium uppercase tracking-wide text-slate-500">Workspace</th>
              {data.lab.checks.map((check, i) => (
                <th key={check.id} scope="col" className="min-w-[7.5rem] max-w-[11rem] px-1.5 py-1 text-center font-medium leading-snug [hyphens:none]">
                  <span className="block text-[10px] uppercase tracking-wide text-slate-500">Check {i + 1}</span>
                  {check.title}
                </th>
              ))}
              <th scope="col" className="px-2 py-1 font-medium uppercase tracking-wide text-slate-500">Passed</th>
              <th scope="col" className="py-1 pl-2 font-medium uppercase tracking-wide text-slate-500">Last change</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.rows.map((row) => (
              <ProgressRowView key={row.workspace} row={row} progress={data} account={account} />
            ))}
          </tbody>
        </table>
        </ScrollArea>
      )}
    </Section>
  );
}

function LiveNote({ checkedAt, fetching, failed }: { checkedAt: string; fetching: boolean; failed: string | null }) {
  return (
    <p className="flex items-center gap-2 whitespace-nowrap text-xs text-slate-500" aria-live="polite">
      <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${failed ? "bg-rose-500" : fetching ? "bg-sky-500" : "bg-emerald-500"}`} />
      {failed ? <span className="text-rose-700">Could not check again ({failed}); showing {formatDate(checkedAt)}</span> : <>Live · checked {new Date(checkedAt).toISOString().slice(11, 19)} UTC, every {progressRefreshMs / 1000} s</>}
    </p>
  );
}

function ProgressRowView({ row, progress, account }: { row: ProgressRow; progress: LabProgress; account: string }) {
  const total = progress.lab.checks.length;
  const target = row.account ?? account;
  return (
    <tr className="align-top">
      <th scope="row" className="py-2.5 pr-3 text-left font-normal">
        <span className="block font-medium text-slate-900">{row.workspace}</span>
        <span className="block text-xs text-slate-600">{row.members.length ? row.members.join(", ") : "Nobody assigned"}</span>
        <span className="mt-0.5 flex gap-2 text-xs">
          <Link href={`/w/${encodeURIComponent(row.workspace)}/${target}`} className="font-medium text-indigo-700 hover:underline" aria-label={`View ${row.workspace}`}>View</Link>
          <Link href={`/w/${encodeURIComponent(row.workspace)}/${target}/audit`} className="font-medium text-indigo-700 hover:underline" aria-label={`Audit log of ${row.workspace}`}>Audit log</Link>
        </span>
      </th>
      {row.error ? (
        <td colSpan={total} className="px-1.5 py-2.5 text-sm text-rose-700">{row.error}</td>
      ) : (
        progress.lab.checks.map((check, i) => {
          const result = row.checks.find((c) => c.id === check.id);
          return <CheckCell key={check.id} workspace={row.workspace} title={check.title} pass={result?.pass ?? false} detail={result?.detail ?? "Not answered."} alignRight={i >= total - 2 && total > 2} />;
        })
      )}
      <td className="px-2 py-2.5 whitespace-nowrap">
        {row.error ? <span className="text-slate-500">—</span> : row.failed === 0 ? <Badge tone="green">{row.passed} / {total} ✓</Badge> : <span className="tabular-nums text-slate-700">{row.passed} / {total}</span>}
      </td>
      <td className="py-2.5 pl-2 text-sm"><LastChange change={row.lastChange} now={progress.checkedAt} /></td>
    </tr>
  );
}

/** One check of one workspace: pass or fail, with the evaluator's detail shown on hover and on keyboard focus. */
function CheckCell({ workspace, title, pass, detail, alignRight }: { workspace: string; title: string; pass: boolean; detail: string; alignRight: boolean }) {
  const tipId = useId();
  return (
    <td className="px-1.5 py-2.5 text-center">
      <span className="group relative inline-block">
        <button
          type="button"
          aria-describedby={tipId}
          className={`inline-flex h-7 min-w-[3.5rem] items-center justify-center gap-1 rounded-md px-2 text-xs font-semibold ring-1 ring-inset focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${pass ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : "bg-rose-50 text-rose-800 ring-rose-200"}`}
        >
          <span aria-hidden>{pass ? "✓" : "✗"}</span>
          {pass ? "pass" : "fail"}
          <span className="sr-only">: {title}, in {workspace}</span>
        </button>
        <span
          role="tooltip"
          id={tipId}
          className={`pointer-events-none invisible absolute top-full z-20 mt-1 w-72 rounded-md bg-slate-900 px-3 py-2 text-left text-xs font-normal leading-relaxed text-white shadow-lg group-focus-within:visible group-hover:visible ${alignRight ? "right-0" : "left-1/2 -translate-x-1/2"}`}
        >
          <span className="block font-semibold">{title}</span>
          {detail}
        </span>
      </span>
    </td>
  );
}
