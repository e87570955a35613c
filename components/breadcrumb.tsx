import Link from "@/components/workspace-link";

export function Breadcrumb({ parent, href, current }: { parent: string; href: string; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
      <Link href={href} className="hover:underline">{parent}</Link> / <span className="text-slate-700">{current}</span>
    </nav>
  );
}
