"use client";

import Link, { useConsoleRouter, useWorkspaceName } from "@/components/workspace-link";
import { inWorkspace } from "@/lib/workspaces/workspace-path";
import { useEffect, useId, useState, useTransition } from "react";
import { describeListPage, listSearch, normalizeSearch, pageSizes, type ListPage, type ListQuery, type ListSpec } from "@/lib/lists/list-query";
import { EmptyState } from "./ui";
import { ScrollArea } from "./scroll-area";

export type Column<Row, S extends string = string> = { header: string; cell: (row: Row) => React.ReactNode; className?: string; sort?: S };

/** How long typing pauses before the list searches. */
const searchDelayMs = 300;

/**
 * One page of a list the server searched, filtered, sorted and paged. Its state lives in the URL:
 * sort headers and pages are links, the search box and the filter a GET form (so all of it works
 * without JavaScript); with it, the search runs as you type.
 */
export function DataTable<Row, S extends string, F extends string>({
  basePath,
  spec,
  query,
  page,
  columns,
  rowKey,
  empty,
}: {
  /** The list page's path, e.g. `/111111111111/roles`. */
  basePath: string;
  spec: ListSpec<S, F>;
  query: ListQuery<S, F>;
  page: ListPage<Row>;
  columns: Column<Row, S>[];
  rowKey: (row: Row) => string;
  empty: React.ReactNode;
}) {
  const router = useConsoleRouter();
  const workspace = useWorkspaceName();
  const [pending, startTransition] = useTransition();
  const [text, setText] = useState(query.q);
  // The search last asked for, and the last one the URL had: when the URL's search changes to
  // something else than was asked (back, a link), the box follows it; typing ahead is kept.
  const [sent, setSent] = useState(query.q);
  const [seen, setSeen] = useState(query.q);
  if (query.q !== seen) {
    setSeen(query.q);
    if (query.q !== sent) {
      setSent(query.q);
      setText(query.q);
    }
  }
  const ids = { search: useId(), filter: useId(), size: useId(), count: useId() };
  const href = (change: Partial<ListQuery<S, F>>) => `${basePath}${listSearch(spec, query, change)}`;
  const navigate = (change: Partial<ListQuery<S, F>>) => startTransition(() => router.replace(href(change), { scroll: false }));
  const search = (value: string) => {
    setSent(value);
    navigate({ q: value });
  };

  useEffect(() => {
    const wanted = normalizeSearch(text);
    if (wanted === sent) return;
    const timer = setTimeout(() => {
      setSent(wanted);
      startTransition(() => router.replace(`${basePath}${listSearch(spec, query, { q: wanted })}`, { scroll: false }));
    }, searchDelayMs);
    return () => clearTimeout(timer);
  }, [text, sent, basePath, spec, query, router]);

  if (page.all === 0) return <>{empty}</>;
  const kept = new URLSearchParams(listSearch(spec, query));
  const filterKeys = Object.keys(spec.filters) as F[];
  const last = Math.max(1, Math.ceil(page.total / page.size));
  const summary = describeListPage(spec, { ...page, rowCount: page.rows.length });

  return (
    <div className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <form
        role="search"
        method="get"
        action={inWorkspace(workspace, basePath)}
        aria-label={`Search ${spec.noun.many}`}
        className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-4 py-3"
        onSubmit={(event) => {
          event.preventDefault();
          search(normalizeSearch(text));
        }}
      >
        <label htmlFor={ids.search} className="sr-only">Filter {spec.noun.many}</label>
        <input
          id={ids.search}
          type="search"
          name="q"
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={200}
          placeholder={`Filter ${spec.noun.many} by ${spec.searchHint}…`}
          aria-describedby={ids.count}
          className="w-72 grow rounded-md border border-slate-300 px-3 py-1.5 text-sm placeholder:text-slate-500 sm:max-w-md"
        />
        {filterKeys.length > 0 && (
          <>
            <label htmlFor={ids.filter} className="text-xs font-medium text-slate-600">{spec.filterLabel}</label>
            <select
              key={`filter-${query.filter ?? ""}`}
              id={ids.filter}
              name="filter"
              defaultValue={query.filter ?? ""}
              onChange={(e) => navigate({ filter: (e.target.value || undefined) as F | undefined })}
              className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
            >
              <option value="">All {spec.noun.many}</option>
              {filterKeys.map((f) => <option key={f} value={f}>{spec.filters[f]}</option>)}
            </select>
          </>
        )}
        {["sort", "dir"].map((name) => kept.has(name) && <input key={name} type="hidden" name={name} value={kept.get(name)!} />)}
        <label htmlFor={ids.size} className="text-xs font-medium text-slate-600">Per page</label>
        <select
          key={`size-${query.size}`}
          id={ids.size}
          name="size"
          defaultValue={String(query.size)}
          onChange={(e) => navigate({ size: Number(e.target.value) })}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        >
          {pageSizes.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">Search</button>
        <p id={ids.count} role="status" className="ml-auto text-xs text-slate-600">
          {summary}
          {pending && <span className="ml-2 text-slate-500">· loading…</span>}
        </p>
      </form>
      {page.rows.length ? (
        <ScrollArea label={`Table of ${spec.noun.many}`} className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-busy={pending || undefined}>
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                {columns.map((c) => (
                  <th key={c.header} scope="col" className={`px-4 py-2 font-medium ${c.className ?? ""}`} aria-sort={c.sort && c.sort === query.sort ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
                    {c.sort ? <SortLink label={c.header} active={c.sort === query.sort} dir={query.dir} href={href({ sort: c.sort, dir: c.sort === query.sort ? (query.dir === "asc" ? "desc" : "asc") : undefined })} /> : c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.rows.map((row) => (
                <tr key={rowKey(row)} className="hover:bg-slate-50">
                  {columns.map((c) => (
                    <td key={c.header} className={`px-4 py-2.5 align-top ${c.className ?? ""}`}>{c.cell(row)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      ) : (
        <div className="p-4">
          <EmptyState title={query.q ? `No ${spec.noun.many} match “${query.q}”` : `No ${spec.noun.many} match this filter`}>
            Try fewer words, or <Link href={href({ q: "", filter: undefined })} className="font-medium text-indigo-700 hover:underline">clear the search and filter</Link>.
          </EmptyState>
        </div>
      )}
      {last > 1 && (
        <nav aria-label={`Pages of ${spec.noun.many}`} className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 px-4 py-3 text-sm">
          <span className="text-slate-600">Page {page.page.toLocaleString("en")} of {last.toLocaleString("en")}</span>
          <span className="flex gap-1">
            <PageLink href={href({ page: 1 })} enabled={page.page > 1}>First</PageLink>
            <PageLink href={href({ page: page.page - 1 })} enabled={page.page > 1} rel="prev">Previous</PageLink>
            <PageLink href={href({ page: page.page + 1 })} enabled={page.page < last} rel="next">Next</PageLink>
            <PageLink href={href({ page: last })} enabled={page.page < last}>Last</PageLink>
          </span>
        </nav>
      )}
    </div>
  );
}

function SortLink({ label, active, dir, href }: { label: string; active: boolean; dir: "asc" | "desc"; href: string }) {
  return (
    <Link href={href} scroll={false} className="inline-flex items-center gap-1 uppercase hover:text-indigo-700 hover:underline">
      {label}
      <span aria-hidden className={active ? "text-indigo-700" : "text-slate-500"}>{active ? (dir === "asc" ? "▲" : "▼") : "↕"}</span>
      <span className="sr-only">{active ? `, sorted ${dir === "asc" ? "ascending" : "descending"}; sort ${dir === "asc" ? "descending" : "ascending"}` : ", sort"}</span>
    </Link>
  );
}

function PageLink({ href, enabled, rel, children }: { href: string; enabled: boolean; rel?: string; children: React.ReactNode }) {
  const style = "rounded-md border px-2.5 py-1";
  if (!enabled) return <span aria-disabled="true" className={`${style} border-slate-200 text-slate-500`}>{children}</span>;
  return <Link href={href} rel={rel} className={`${style} border-slate-300 font-medium text-slate-700 hover:bg-slate-50`}>{children}</Link>;
}
