import Link from "@/components/workspace-link";

export default function NotFound() {
  return (
    // Padding, not a margin: a margin would push the page past the window's height.
    <main className="px-4 pt-20">
      <div className="mx-auto max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">The address names no account or page of this workspace.</p>
        <Link href="/" className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:underline">Go to the console</Link>
      </div>
    </main>
  );
}
