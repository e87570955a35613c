import { useSuspenseQuery } from "@tanstack/react-query";
import { z } from "zod";
import type { AccountReviewView } from "@/lib/review/review-view";
import { consoleKeys } from "../area-query";

/**
 * The review page's search parameters: one service principal, `all` for every service the roles
 * trust, or nothing for the default (EC2 when a role trusts it, else all).
 */
export const reviewSearchSchema = z.object({
  service: z
    .union([z.literal("all"), z.string().regex(/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/, "A service principal looks like ec2.amazonaws.com")])
    .optional()
    .catch(undefined),
});

/** Query keys of the review, under the account's. */
export const reviewKeys = {
  all: (account: string) => [...consoleKeys.account(account), "review"] as const,
  view: (account: string, service: string | undefined) => [...reviewKeys.all(account), service ?? "default"] as const,
};

export async function fetchReview(account: string, service: string | undefined): Promise<AccountReviewView> {
  const query = service ? `?service=${encodeURIComponent(service)}` : "";
  const response = await fetch(`/api/accounts/${account}/review${query}`, { headers: { accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.message ?? "Could not load the review");
  return body as AccountReviewView;
}

export function useAccountReview(account: string, service: string | undefined) {
  return useSuspenseQuery({ queryKey: reviewKeys.view(account, service), queryFn: () => fetchReview(account, service) });
}
