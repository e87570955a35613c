"use client";

import { useDeferredValue, useId, useState } from "react";
import { EmptyState } from "./ui";
import { ScrollArea } from "./scroll-area";

export type Column<Row> = { header: string; cell: (row: Row) => React.ReactNode; className?: string };

/**
 * A list with a filter box: rows whose search text contains every word typed stay visible.
 * Empty and no-match states say which is which.
 */
export function DataTable<Row>({
  rows,
  columns,
  rowKey,
  searchText,
  noun,
  empty,
}: {
  rows: Row[];
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  searchText: (row: Row) => string;
  noun: { one: string; many: string };
  empty: React.ReactNode;
}) {
  const [query, setQuery] = useState("");
  const deferred = useDeferredValue(query);
  const filterId = useId();
  const words = deferred.toLowerCase().split(/\s+/).filter(Boolean);
  const visible = words.length ? rows.filter((r) => { const text = searchText(r).toLowerCase(); return words.every((w) => text.includes(w)); }) : rows;

  if (!rows.length) return <>{empty}</>;
  return (
    <div className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <div className="flex items-center justify-between gap-4 border-b border-slate-100 px-4 py-3">
        <label htmlFor={filterId} className="sr-only">Filter {noun.many}</label>
        <input
          id={filterId}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={`Filter ${noun.many}…`}
          className="w-72 rounded-md border border-slate-300 px-3 py-1.5 text-sm placeholder:text-slate-500"
        />
        <p className="text-xs text-slate-500" aria-live="polite">
          {visible.length === rows.length ? `${rows.length} ${rows.length === 1 ? noun.one : noun.many}` : `${visible.length} of ${rows.length} ${noun.many}`}
        </p>
      </div>
      {visible.length ? (
        <ScrollArea label={`Table of ${noun.many}`} className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                {columns.map((c) => (
                  <th key={c.header} scope="col" className={`px-4 py-2 font-medium ${c.className ?? ""}`}>{c.header}</th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {visible.map((row) => (
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
          <EmptyState title={`No ${noun.many} match “${deferred}”`}>Try fewer words, or clear the filter.</EmptyState>
        </div>
      )}
    </div>
  );
}
