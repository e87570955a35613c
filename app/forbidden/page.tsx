import Link from "@/components/workspace-link";
import { consolePermissions, type ConsolePermission } from "@/lib/auth/console-roles";

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { need } = await searchParams;
  const what = need && need in consolePermissions ? consolePermissions[need as ConsolePermission] : "see this page";
  return (
    <main className="mx-auto mt-20 max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center">
      <p className="text-xs font-semibold uppercase tracking-wider text-rose-600">AccessDenied</p>
      <h1 className="mt-1 text-xl font-semibold">Your console role may not {what}</h1>
      <p className="mt-2 text-sm text-slate-600">Ask an administrator for another console role.</p>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:underline">Back to the console</Link>
    </main>
  );
}
