import Link from "@/components/workspace-link";

// Small presentational primitives shared by every page; server-renderable.

export function PageHeader({ title, kind, subtitle, actions }: { title: string; kind?: string; subtitle?: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
      <div className="min-w-0">
        {kind && <p className="text-xs font-semibold uppercase tracking-wider text-indigo-600">{kind}</p>}
        <h1 className="truncate text-2xl font-semibold text-slate-900">{title}</h1>
        {subtitle && <div className="mt-1 text-sm text-slate-600">{subtitle}</div>}
      </div>
      {actions && <div className="flex gap-2">{actions}</div>}
    </header>
  );
}

export function Section({ title, description, children, id, actions }: { title: React.ReactNode; description?: React.ReactNode; children: React.ReactNode; id?: string; actions?: React.ReactNode }) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section aria-labelledby={headingId} className="mb-6 rounded-xl border border-slate-200 bg-white shadow-sm">
      <div className="flex items-start justify-between gap-4 border-b border-slate-100 px-5 py-3">
        <div>
          <h2 id={headingId} className="text-sm font-semibold text-slate-900">{title}</h2>
          {description && <p className="mt-0.5 text-xs text-slate-500">{description}</p>}
        </div>
        {actions}
      </div>
      <div className="p-5">{children}</div>
    </section>
  );
}

const tones = {
  slate: "bg-slate-100 text-slate-700 ring-slate-200",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  red: "bg-rose-50 text-rose-700 ring-rose-200",
  indigo: "bg-indigo-50 text-indigo-700 ring-indigo-200",
  sky: "bg-sky-50 text-sky-700 ring-sky-200",
} as const;
export type Tone = keyof typeof tones;

export function Badge({ children, tone = "slate", title }: { children: React.ReactNode; tone?: Tone; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>
      {children}
    </span>
  );
}

/** The tone of an EC2 instance or ECS task state. */
export function stateTone(state: string): Tone {
  const s = state.toLowerCase();
  if (s === "running" || s === "associated") return "green";
  if (s === "stopped" || s === "terminated" || s === "disassociated") return "slate";
  if (s === "pending" || s === "associating" || s === "provisioning") return "sky";
  return "amber";
}

export function KeyValues({ items }: { items: { label: string; value: React.ReactNode; mono?: boolean }[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
      {items.map((item) => (
        <div key={item.label} className="min-w-0">
          <dt className="text-xs font-medium text-slate-500">{item.label}</dt>
          <dd className={`mt-0.5 break-all text-sm text-slate-900 ${item.mono ? "font-mono text-[13px]" : ""}`}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-slate-50 px-6 py-8 text-center">
      <p className="text-sm font-medium text-slate-700">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-500">{children}</div>}
    </div>
  );
}

export function TextLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
      {children}
    </Link>
  );
}

export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded bg-slate-200 ${className}`} />;
}

export function Tags({ tags }: { tags: { Key: string; Value: string }[] }) {
  if (!tags.length) return <span className="text-slate-500">No tags</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {tags.map((t) => (
        <Badge key={t.Key}>
          {t.Key}
          {t.Value ? `=${t.Value}` : ""}
        </Badge>
      ))}
    </span>
  );
}
