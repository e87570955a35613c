import Link from "@/components/workspace-link";

export default function NotFound() {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-8 text-center">
      <p className="text-xs font-semibold uppercase tracking-wider text-slate-500">NoSuchEntity</p>
      <h1 className="mt-1 text-xl font-semibold">Nothing by that name in this account</h1>
      <p className="mt-2 text-sm text-slate-600">It may have been deleted, or it lives in another account: use the account switcher.</p>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:underline">Back to the console</Link>
    </div>
  );
}
