"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-xl border border-rose-200 bg-rose-50 p-6">
      <h1 className="text-lg font-semibold text-rose-800">This page could not be shown</h1>
      <p className="mt-1 text-sm text-rose-700">{error.message || "An unexpected error occurred."}</p>
      {error.digest && <p className="mt-1 font-mono text-xs text-rose-600">Reference {error.digest}</p>}
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800">
        Try again
      </button>
    </div>
  );
}
