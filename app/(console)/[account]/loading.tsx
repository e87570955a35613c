import { Skeleton } from "@/components/ui";

export default function Loading() {
  return (
    <div role="status" aria-live="polite" aria-label="Loading">
      <Skeleton className="mb-2 h-3 w-24" />
      <Skeleton className="mb-6 h-7 w-64" />
      <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        {Array.from({ length: 6 }, (_, i) => <Skeleton key={i} className="h-5 w-full" />)}
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
