"use client";

import { useEffect, useId, useState } from "react";
import type { ReviewStatus } from "@/lib/io/account-review";
import type { ReviewPhase, ReviewProgress } from "@/lib/review/review-view";

const n = (count: number) => count.toLocaleString("en-US");

/** "1–10 of 24,062 findings", "3 of 9 roles": where a page sits among the rows that match. */
export function describePage(page: { total: number; all: number; page: number; size: number; rows: unknown[] }, noun: { one: string; many: string }): string {
  const word = (count: number) => (count === 1 ? noun.one : noun.many);
  const filtered = page.total !== page.all;
  if (page.total <= page.size) return filtered ? `${n(page.total)} of ${n(page.all)} ${word(page.all)}` : `${n(page.total)} ${word(page.total)}`;
  const first = (page.page - 1) * page.size + 1;
  const range = `${n(first)}–${n(first + page.rows.length - 1)} of ${n(page.total)}`;
  return filtered ? `${range} matching ${noun.many} (${n(page.all)} in all)` : `${range} ${noun.many}`;
}

/** Previous and next page, and where this one sits. */
export function Pager({ page, label, onPage }: { page: { total: number; page: number; size: number }; label: string; onPage: (page: number) => void }) {
  const last = Math.max(1, Math.ceil(page.total / page.size));
  if (last <= 1) return null;
  const button = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";
  return (
    <nav aria-label={label} className="mt-3 flex items-center justify-end gap-2 text-xs text-slate-600">
      <button type="button" className={button} disabled={page.page <= 1} onClick={() => onPage(1)}>First</button>
      <button type="button" className={button} disabled={page.page <= 1} onClick={() => onPage(page.page - 1)}>Previous</button>
      <span aria-current="page">Page {n(page.page)} of {n(last)}</span>
      <button type="button" className={button} disabled={page.page >= last} onClick={() => onPage(page.page + 1)}>Next</button>
      <button type="button" className={button} disabled={page.page >= last} onClick={() => onPage(last)}>Last</button>
    </nav>
  );
}

/** A search box that searches once typing pauses (and at once on Enter). */
export function SearchBox({ value, onSearch, label, placeholder, className = "w-64" }: { value: string; onSearch: (text: string) => void; label: string; placeholder: string; className?: string }) {
  const id = useId();
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  // The URL changed under the box (back, a link): the box follows it.
  if (value !== seen) {
    setSeen(value);
    setText(value);
  }
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onSearch(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, value, onSearch]);
  return (
    <>
      <label className="sr-only" htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        maxLength={128}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && onSearch(text.trim())}
        placeholder={placeholder}
        className={`rounded-md border border-slate-300 px-3 py-1 text-sm placeholder:text-slate-500 ${className}`}
      />
    </>
  );
}

const phases: Record<ReviewPhase, { label: string; from: number; to: number }> = {
  loading: { label: "Reading the workspace", from: 0, to: 5 },
  summaries: { label: "Working out what each user and role may do", from: 5, to: 30 },
  evaluating: { label: "Asking the evaluator who may pass each role", from: 30, to: 55 },
  findings: { label: "Explaining the findings", from: 55, to: 72 },
  escalation: { label: "Following escalation paths across the workspace", from: 72, to: 92 },
  indexing: { label: "Preparing the pages", from: 92, to: 100 },
};

/** How far a review's computation got, as a whole percentage and in words. */
export function describeProgress(progress: ReviewProgress | null, waiting: number): { percent: number; text: string } {
  if (!progress) return { percent: 0, text: waiting > 0 ? `Waiting for ${waiting === 1 ? "another review" : `${waiting} other reviews`} to finish` : "Starting" };
  const phase = phases[progress.phase];
  const share = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
  const percent = Math.floor(phase.from + (phase.to - phase.from) * share);
  const counted = progress.total > 1 ? ` (${n(progress.done)} of ${n(progress.total)})` : "";
  return { percent, text: `${phase.label}${counted}` };
}

/** The computation's progress while there is nothing to show yet, or its failure. */
export function ReviewProgressPanel({ status }: { status: ReviewStatus }) {
  if (status.state === "failed") {
    return (
      <div role="alert" className="rounded-xl border border-rose-200 bg-rose-50 px-5 py-4 text-sm text-rose-900">
        <p className="font-semibold">The review could not be computed</p>
        <p className="mt-1">{status.error.message}</p>
      </div>
    );
  }
  if (status.state !== "computing") return null;
  const { percent, text } = describeProgress(status.progress, status.waiting);
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm" data-testid="review-progress">
      <p className="text-sm font-semibold text-slate-900">Reviewing the account…</p>
      <p className="mt-0.5 text-xs text-slate-600">The review runs once per change of the workspace and is kept: the next visit shows it at once.</p>
      <ProgressBar percent={percent} text={text} />
    </div>
  );
}

export function ProgressBar({ percent, text }: { percent: number; text: string }) {
  return (
    <div className="mt-3">
      <div role="progressbar" aria-label="Review progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${percent}%: ${text}`} className="h-2 overflow-hidden rounded-full bg-slate-100">
        <div className="h-full rounded-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-1.5 text-xs text-slate-600" aria-live="polite">{percent}% · {text}</p>
    </div>
  );
}
