import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import type { ReviewStatus } from "@/lib/io/account-review";
import { findingKindLabel, type FindingKind, type FindingSeverity, type ReviewFinding } from "@/lib/review/findings";
import type { GraphNodeHit, PrincipalRow, ReviewNeighbourhood, ReviewPage, RoleRow } from "@/lib/review/review-view";
import { consoleKeys } from "../area-query";
import { FetchJsonError, fetchJson } from "@/components/fetch-json";

export const severities = ["critical", "high", "medium", "low"] as const satisfies readonly FindingSeverity[];
export const findingPageSizes = [10, 25, 50] as const;
/** Rows per page of the roles and principals tables. */
export const tablePageSize = 10;
export const roleSorts = { risk: "Most escalations first", passers: "Most passers first", name: "Name" } as const;
export const principalSorts = { risk: "Most escalations first", roles: "Most roles first", name: "Name" } as const;

const pageNumber = z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined);
const text = z
  .string()
  .transform((s) => s.trim().replace(/\s+/g, " ").slice(0, 128))
  .optional()
  .catch(undefined);

/**
 * The review page's state in its URL: the service (one service principal, `all` for every service
 * the roles trust, or nothing for the default: EC2 when a role trusts it, else all), the findings'
 * filters and page, the graph's focus, and each table's search, sort and page. Anything unreadable
 * falls back to its default: an old or hand-edited URL still shows the review.
 */
export const reviewSearchSchema = z.object({
  service: z
    .union([z.literal("all"), z.string().regex(/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/, "A service principal looks like ec2.amazonaws.com")])
    .optional()
    .catch(undefined),
  severity: z
    .string()
    .transform((s) => [...new Set(s.split(",").filter((v): v is FindingSeverity => (severities as readonly string[]).includes(v)))])
    .optional()
    .catch(undefined),
  kind: z
    .enum(Object.keys(findingKindLabel) as [FindingKind, ...FindingKind[]])
    .optional()
    .catch(undefined),
  q: text,
  page: pageNumber,
  size: z.coerce
    .number()
    .refine((n) => (findingPageSizes as readonly number[]).includes(n))
    .optional()
    .catch(undefined),
  focus: z.string().max(2048).optional().catch(undefined),
  hops: z.coerce.number().int().min(1).max(2).optional().catch(undefined),
  rq: text,
  rpage: pageNumber,
  rsort: z.enum(Object.keys(roleSorts) as [keyof typeof roleSorts]).optional().catch(undefined),
  pq: text,
  ppage: pageNumber,
  psort: z.enum(Object.keys(principalSorts) as [keyof typeof principalSorts]).optional().catch(undefined),
});
export type ReviewSearch = z.infer<typeof reviewSearchSchema>;

/** The search parameters of a page's URL (the first of each). */
export function readReviewSearch(params: URLSearchParams | Record<string, string | string[] | undefined>): ReviewSearch {
  const values: Record<string, string> = {};
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [key, value] of entries) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && !(key in values)) values[key] = first;
  }
  return reviewSearchSchema.parse(values);
}

/** The URL's search string for `search`, without what is at its default. */
export function reviewSearchString(search: ReviewSearch): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value === undefined || value === "" || (Array.isArray(value) && (value.length === 0 || value.length === severities.length))) continue;
    params.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export type FindingsQuery = Pick<ReviewSearch, "severity" | "kind" | "q" | "page" | "size">;
export type RolesQuery = { q?: string; page?: number; sort?: keyof typeof roleSorts };
export type PrincipalsQuery = { q?: string; page?: number; sort?: keyof typeof principalSorts };

export const findingsQueryOf = (s: ReviewSearch): FindingsQuery => ({ severity: s.severity, kind: s.kind, q: s.q, page: s.page, size: s.size });
export const rolesQueryOf = (s: ReviewSearch): RolesQuery => ({ q: s.rq, page: s.rpage, sort: s.rsort });
export const principalsQueryOf = (s: ReviewSearch): PrincipalsQuery => ({ q: s.pq, page: s.ppage, sort: s.psort });

/** What the review route answers besides the status: a page of something, at the version it was read from. */
export type Versioned<T> = { version: string; stale: boolean } & T;
export type FindingsAnswer = Versioned<{ page: ReviewPage<ReviewFinding> }>;
export type RolesAnswer = Versioned<{ page: ReviewPage<RoleRow> }>;
export type PrincipalsAnswer = Versioned<{ page: ReviewPage<PrincipalRow> }>;
export type GraphAnswer = Versioned<{ graph: ReviewNeighbourhood }>;
export type NodesAnswer = Versioned<{ nodes: GraphNodeHit[] }>;

/** The version pages are read at: the current review's, or the last one's while it is recomputed. */
export function readableVersion(status: ReviewStatus): string | undefined {
  return status.state === "ready" ? status.version : (status.stale?.version ?? undefined);
}

/** Query keys of the review, under the account's; pages are keyed by the version they show. */
export const reviewKeys = {
  all: (account: string) => [...consoleKeys.account(account), "review"] as const,
  service: (account: string, service: string | undefined) => [...reviewKeys.all(account), service ?? "default"] as const,
  status: (account: string, service: string | undefined) => [...reviewKeys.service(account, service), "status"] as const,
  findings: (account: string, service: string | undefined, version: string, query: FindingsQuery) =>
    [...reviewKeys.service(account, service), version, "findings", query.severity?.join(",") ?? "", query.kind ?? "", query.q ?? "", query.page ?? 1, query.size ?? findingPageSizes[0]] as const,
  roles: (account: string, service: string | undefined, version: string, query: RolesQuery) => [...reviewKeys.service(account, service), version, "roles", query.q ?? "", query.page ?? 1, query.sort ?? "risk"] as const,
  principals: (account: string, service: string | undefined, version: string, query: PrincipalsQuery) =>
    [...reviewKeys.service(account, service), version, "principals", query.q ?? "", query.page ?? 1, query.sort ?? "risk"] as const,
  graph: (account: string, service: string | undefined, version: string, focus: string | undefined, hops: number) => [...reviewKeys.service(account, service), version, "graph", focus ?? "", hops] as const,
  nodes: (account: string, service: string | undefined, version: string, text: string) => [...reviewKeys.service(account, service), version, "nodes", text] as const,
};

/** The review route's parameters for one part (findings, roles, principals, graph, nodes) or the status. */
export function reviewParams(service: string | undefined, part: string | undefined, values: Record<string, string | number | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  if (service) params.set("service", service);
  if (part) params.set("part", part);
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== "") params.set(key, String(value));
  return params;
}

export function findingsParams(query: FindingsQuery): Record<string, string | number | undefined> {
  return { severity: query.severity?.join(","), kind: query.kind, q: query.q, page: query.page, size: query.size };
}

async function get<T>(account: string, params: URLSearchParams): Promise<T> {
  return fetchJson<T>(`/api/accounts/${account}/review?${params}`, "Could not load the review");
}

/** How often the page asks how far a review got while it computes. */
const progressEveryMs = 1000;

// The console runs a server process per core, and each reads a finished review from the others'
// store once: a page asked of one still reading it answers 409 for a few seconds.
const pageRetry = {
  retry: (failures: number, error: Error) => (error instanceof FetchJsonError && error.status === 409 ? failures < 120 : failures < 2),
  retryDelay: (failures: number) => Math.min(500 * 2 ** failures, 2000),
};

/** The review's status; asked again every second until it is ready. */
export function useReviewStatus(account: string, service: string | undefined) {
  const queryClient = useQueryClient();
  const key = reviewKeys.status(account, service);
  return useQuery({
    queryKey: key,
    queryFn: async () => {
      const status = await get<ReviewStatus>(account, reviewParams(service, undefined, {}));
      // Another server process may still be reading a review this page already saw ready: it stays ready.
      const known = queryClient.getQueryData<ReviewStatus>(key);
      if (known?.state === "ready" && status.state === "computing" && status.version === known.version) return known;
      return status;
    },
    // Until it is ready; a refusal (a service no role trusts: 400) is not asked again.
    refetchInterval: (query) => (query.state.error instanceof FetchJsonError && query.state.error.status === 400 ? false : query.state.data && query.state.data.state !== "computing" ? false : progressEveryMs),
  });
}

export function useFindingsPage(account: string, service: string | undefined, version: string | undefined, query: FindingsQuery) {
  return useQuery({
    queryKey: reviewKeys.findings(account, service, version ?? "", query),
    queryFn: () => get<FindingsAnswer>(account, reviewParams(service, "findings", findingsParams(query))),
    enabled: version !== undefined,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    ...pageRetry,
  });
}

export function useRolesPage(account: string, service: string | undefined, version: string | undefined, query: RolesQuery) {
  return useQuery({
    queryKey: reviewKeys.roles(account, service, version ?? "", query),
    queryFn: () => get<RolesAnswer>(account, reviewParams(service, "roles", { rq: query.q, rpage: query.page, rsort: query.sort })),
    enabled: version !== undefined,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    ...pageRetry,
  });
}

export function usePrincipalsPage(account: string, service: string | undefined, version: string | undefined, query: PrincipalsQuery) {
  return useQuery({
    queryKey: reviewKeys.principals(account, service, version ?? "", query),
    queryFn: () => get<PrincipalsAnswer>(account, reviewParams(service, "principals", { pq: query.q, ppage: query.page, psort: query.sort })),
    enabled: version !== undefined,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    ...pageRetry,
  });
}

export function useNeighbourhood(account: string, service: string | undefined, version: string | undefined, focus: string | undefined, hops: number) {
  return useQuery({
    queryKey: reviewKeys.graph(account, service, version ?? "", focus, hops),
    queryFn: () => get<GraphAnswer>(account, reviewParams(service, "graph", { focus, hops })),
    enabled: version !== undefined,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    ...pageRetry,
  });
}

export function useNodeSearch(account: string, service: string | undefined, version: string | undefined, text: string) {
  return useQuery({
    queryKey: reviewKeys.nodes(account, service, version ?? "", text),
    queryFn: () => get<NodesAnswer>(account, reviewParams(service, "nodes", { q: text })),
    enabled: version !== undefined,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    ...pageRetry,
  });
}

/** The export's address: every finding matching the filters (not only the page shown). */
export function exportHref(account: string, service: string | undefined, format: "csv" | "json", query: FindingsQuery): string {
  const params = reviewParams(service, undefined, { format, severity: query.severity?.join(","), kind: query.kind, q: query.q });
  return `/api/accounts/${account}/review/export?${params}`;
}
