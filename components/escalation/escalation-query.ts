import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { z } from "zod";
import type { EscalationAnswer, EscalationNodeView, EscalationQuestion, Neighbourhood } from "@/lib/review/escalation-view";
import { consoleKeys } from "../area-query";
import { fetchJson } from "@/components/fetch-json";

const principalArn = z.string().max(2048).regex(/^arn:[^:]+:iam::\d{12}:(user|role)\/.+$/, "A user or role ARN looks like arn:aws:iam::111111111111:user/alice");

/** The escalation page's search parameters: which question, about which principal. */
export const escalationSearchSchema = z.object({
  view: z.enum(["admin", "from", "to"]).optional().catch(undefined),
  principal: principalArn.optional().catch(undefined),
});
export type EscalationSearch = z.infer<typeof escalationSearchSchema>;

/** The question the parameters ask, or null while a principal is still to be picked. */
export function questionOf(search: EscalationSearch): EscalationQuestion | null {
  const view = search.view ?? "admin";
  if (view === "admin") return { view };
  return search.principal ? { view, principal: search.principal } : null;
}

/** What the escalation route accepts: a question, a node to see around, or a name to look up. */
export const escalationRouteSchema = z.union([
  z.object({ focus: principalArn.or(z.literal("admin")) }),
  z.object({ q: z.string().max(256) }),
  z.object({ view: z.enum(["admin", "from", "to"]), principal: principalArn.optional() }),
]);

export const escalationKeys = {
  all: (account: string) => [...consoleKeys.account(account), "escalation"] as const,
  answer: (account: string, question: EscalationQuestion) => [...escalationKeys.all(account), "answer", question.view, "principal" in question ? question.principal : ""] as const,
  neighbourhood: (account: string, arn: string) => [...escalationKeys.all(account), "neighbourhood", arn] as const,
  search: (account: string, text: string) => [...escalationKeys.all(account), "search", text] as const,
};

async function get<T>(account: string, params: Record<string, string>): Promise<T> {
  return fetchJson<T>(`/api/accounts/${account}/escalation?${new URLSearchParams(params)}`, "Could not load the escalation graph");
}

export function fetchEscalationAnswer(account: string, question: EscalationQuestion): Promise<EscalationAnswer> {
  return get(account, "principal" in question ? { view: question.view, principal: question.principal } : { view: question.view });
}

export function useEscalationAnswer(account: string, question: EscalationQuestion) {
  return useSuspenseQuery({ queryKey: escalationKeys.answer(account, question), queryFn: () => fetchEscalationAnswer(account, question) });
}

export function useNeighbourhood(account: string, arn: string | null) {
  return useQuery({
    queryKey: escalationKeys.neighbourhood(account, arn ?? ""),
    queryFn: () => get<Neighbourhood | null>(account, { focus: arn! }),
    enabled: arn !== null,
    staleTime: 60_000,
  });
}

export function usePrincipalSearch(account: string, text: string) {
  return useQuery({ queryKey: escalationKeys.search(account, text), queryFn: () => get<EscalationNodeView[]>(account, { q: text }), staleTime: 60_000, placeholderData: (previous) => previous });
}
