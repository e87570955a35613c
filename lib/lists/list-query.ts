/**
 * The state of a console list — page, page size, sort, direction, search and filter — read from
 * a URL's search parameters by one zod schema derived per list, and written back into links.
 * Pure: the server pages, the JSON list route and the client's links all use it.
 */
import { z } from "zod";

export const pageSizes = [25, 50, 100] as const;
export const defaultPageSize = 50;
/** The most options a picker's search answers with. */
export const choiceSearchLimit = 20;
/** Longer searches are cut: a name is at most 128 characters in IAM. */
export const maxSearchLength = 128;

export type SortDirection = "asc" | "desc";

/** What one list may be sorted and filtered by; labels are what the console shows. */
export interface ListSpec<S extends string = string, F extends string = string> {
  noun: { one: string; many: string };
  /** Each sort key with its label and the direction it starts in (newest first for dates). */
  sorts: Record<S, { label: string; dir: SortDirection }>;
  defaultSort: NoInfer<S>;
  /** Filter values and their labels; `filterLabel` names the control. */
  filters: Record<F, string>;
  filterLabel: string;
  /** What the search box matches, for its placeholder. */
  searchHint: string;
}

export interface ListQuery<S extends string = string, F extends string = string> {
  page: number;
  size: number;
  sort: S;
  dir: SortDirection;
  q: string;
  filter?: F;
}

/** One page of a list: its rows and where they sit among all that match. */
export interface ListPage<Row> {
  rows: Row[];
  /** Rows matching the search and filter. */
  total: number;
  /** Rows of the list without search or filter (equal to `total` when neither is set). */
  all: number;
  /** The page shown: the one asked for, or the last one when it asked past the end. */
  page: number;
  size: number;
}

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** The first value of each parameter (a repeated parameter keeps its first). */
function firstValues(input: SearchParamsInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (input instanceof URLSearchParams) {
    for (const [key, value] of input) if (!(key in out)) out[key] = value;
    return out;
  }
  for (const [key, value] of Object.entries(input)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first;
  }
  return out;
}

/** A search as the lists keep it: trimmed, single-spaced, at most `maxSearchLength` characters. */
export function normalizeSearch(text: string): string {
  return text.trim().replace(/\s+/g, " ").slice(0, maxSearchLength).trim();
}

const keysOf = <K extends string>(record: Record<K, unknown>) => Object.keys(record) as K[];

/**
 * The schema of one list's search parameters. Anything unreadable falls back to its default
 * instead of failing: a hand-edited or outdated URL still shows the list.
 */
export function listQuerySchema<S extends string, F extends string>(spec: ListSpec<S, F>) {
  const sorts = keysOf(spec.sorts) as [S, ...S[]];
  const filters = keysOf(spec.filters);
  return z
    .object({
      page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
      size: z.coerce
        .number()
        .refine((n) => (pageSizes as readonly number[]).includes(n))
        .catch(defaultPageSize),
      sort: z.enum(sorts).catch(spec.defaultSort),
      dir: z.enum(["asc", "desc"]).optional().catch(undefined),
      q: z.string().transform(normalizeSearch).catch(""),
      filter: filters.length ? z.enum(filters as [F, ...F[]]).optional().catch(undefined) : z.undefined().catch(undefined),
    })
    .transform((v): ListQuery<S, F> => {
      const query: ListQuery<S, F> = { page: v.page, size: v.size, sort: v.sort, dir: v.dir ?? spec.sorts[v.sort].dir, q: v.q };
      if (v.filter) query.filter = v.filter as F;
      return query;
    });
}

/** Reads a list's state from search parameters (a page's `searchParams` or a URL's). */
export function readListQuery<S extends string, F extends string>(spec: ListSpec<S, F>, input: SearchParamsInput): ListQuery<S, F> {
  const values = firstValues(input);
  return listQuerySchema(spec).parse({ page: values.page, size: values.size, sort: values.sort, dir: values.dir, q: values.q ?? "", filter: values.filter });
}

/**
 * The search string of a list's state after `change` (none: the state as it is), without the
 * parameters at their defaults, so the plain list has a plain URL. A change of anything but the
 * page starts again at page 1.
 */
export function listSearch<S extends string, F extends string>(spec: ListSpec<S, F>, query: ListQuery<S, F>, change: Partial<ListQuery<S, F>> = {}): string {
  const next: ListQuery<S, F> = { ...query, ...change };
  if (Object.keys(change).length && !("page" in change)) next.page = 1;
  // A new sort starts in its own direction unless one is given.
  if (change.sort && change.sort !== query.sort && !change.dir) next.dir = spec.sorts[change.sort].dir;
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.filter) params.set("filter", next.filter);
  if (next.sort !== spec.defaultSort || next.dir !== spec.sorts[spec.defaultSort].dir) {
    params.set("sort", next.sort);
    if (next.dir !== spec.sorts[next.sort].dir) params.set("dir", next.dir);
  }
  if (next.size !== defaultPageSize) params.set("size", String(next.size));
  if (next.page > 1) params.set("page", String(next.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The page to show of `total` rows, and the rows to skip to reach it. */
export function pageWindow(total: number, query: Pick<ListQuery, "page" | "size">): { page: number; skip: number; take: number } {
  const last = Math.max(1, Math.ceil(total / query.size));
  const page = Math.min(query.page, last);
  return { page, skip: (page - 1) * query.size, take: query.size };
}

/** The words of a search, lower-cased: a row matches when it contains every one. */
export function searchWords(q: string): string[] {
  return q.toLowerCase().split(" ").filter(Boolean).slice(0, 8);
}

/** A SQL LIKE pattern containing `word` literally (with `ESCAPE '\'`). */
export function likeContains(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** "1–50 of 5,000 roles", "3 of 9 roles", "1 role": where the page sits, for people. */
export function describeListPage(spec: Pick<ListSpec, "noun">, page: Pick<ListPage<unknown>, "total" | "all" | "page" | "size"> & { rowCount: number }): string {
  const n = (count: number) => count.toLocaleString("en");
  const noun = (count: number) => (count === 1 ? spec.noun.one : spec.noun.many);
  const first = (page.page - 1) * page.size + 1;
  const filtered = page.total !== page.all;
  if (page.total <= page.size) return filtered ? `${n(page.total)} of ${n(page.all)} ${noun(page.all)}` : `${n(page.total)} ${noun(page.total)}`;
  const range = `${n(first)}–${n(first + page.rowCount - 1)} of ${n(page.total)}`;
  return filtered ? `${range} matching ${spec.noun.many} (${n(page.all)} in all)` : `${range} ${spec.noun.many}`;
}
