import Link from "@/components/workspace-link";
import { describeRefusal, type ConsoleRole } from "@/lib/auth/console-roles";

/** What a console role may not do, in words, with the way back. */
export function Refusal({ need, role, back }: { need: string | undefined; role?: ConsoleRole; back: { href: string; label: string } }) {
  const { title, detail } = describeRefusal(need, role);
  return (
    <div className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <p className="text-xs font-semibold uppercase tracking-wider text-rose-700">Not for your console role</p>
      <h1 className="mt-1 text-xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">{detail}</p>
      <Link href={back.href} className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:underline">{back.label}</Link>
    </div>
  );
}
