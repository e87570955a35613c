"use client";

import Link from "@/components/workspace-link";
import { formatTime } from "@/components/format";
import type { LabProgress } from "@/lib/labs/lab-progress";
import { Skeleton } from "@/components/ui";

/** How many checks pass, announced to screen readers when it changes. */
export function CheckCount({ progress, fetching, checkedAt }: { progress: LabProgress | undefined; fetching: boolean; checkedAt: number }) {
  if (!progress) return <span className="text-xs text-slate-500">{fetching ? "Checking…" : ""}</span>;
  const total = progress.passed + progress.failed;
  return (
    <div className="flex min-w-40 flex-col items-end gap-1">
      <p aria-live="polite" className={`text-sm font-semibold ${progress.complete ? "text-emerald-800" : "text-slate-800"}`} data-testid="check-count">
        {progress.passed} of {total} {total === 1 ? "check passes" : "checks pass"}
      </p>
      <div aria-hidden className="h-1.5 w-40 overflow-hidden rounded-full bg-slate-200">
        <div className={`h-full rounded-full ${progress.complete ? "bg-emerald-600" : "bg-indigo-600"}`} style={{ width: `${total ? (100 * progress.passed) / total : 0}%` }} />
      </div>
      <p className="text-[11px] text-slate-500">
        {fetching ? "Checking…" : `Checked at ${formatTime(checkedAt)}`}
      </p>
    </div>
  );
}

/** Each check, passing or failing, with what the workspace says about it and links to what it names. */
export function LabChecks({ titles, progress, error }: { titles: { id: string; title: string }[]; progress: LabProgress | undefined; error: Error | null }) {
  return (
    <div className="space-y-3">
      {error && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          The checks could not be run just now: {error.message} {progress ? "The results below are the last ones." : "Retrying every few seconds."}
        </p>
      )}
      <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200" aria-label="Checks">
        {titles.map((check) => {
          const result = progress?.checks.find((c) => c.id === check.id);
          return (
            <li key={check.id} className="flex gap-3 px-4 py-3" data-testid={`check-${check.id}`} data-pass={result ? String(result.pass) : undefined}>
              {result ? (
                <span
                  aria-hidden
                  className={`mt-0.5 grid h-5 w-5 shrink-0 place-items-center rounded-full text-xs font-bold text-white ${result.pass ? "bg-emerald-700" : "bg-rose-700"}`}
                >
                  {result.pass ? "✓" : "✗"}
                </span>
              ) : (
                <Skeleton className="mt-0.5 h-5 w-5 shrink-0 rounded-full" />
              )}
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-slate-900">
                  <span className="sr-only">{result ? (result.pass ? "Passes: " : "Fails: ") : "Not checked yet: "}</span>
                  {check.title}
                </p>
                {result ? (
                  <p className="mt-0.5 break-words text-xs leading-relaxed text-slate-600">{result.detail}</p>
                ) : (
                  <Skeleton className="mt-1.5 h-3 w-2/3" />
                )}
                {result && result.links.length > 0 && (
                  <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs">
                    {result.links.map((link) => (
                      <Link key={link.href} href={link.href} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
                        Open {link.label}
                      </Link>
                    ))}
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
