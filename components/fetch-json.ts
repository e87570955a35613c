/**
 * The console's one fetcher for its JSON routes (lists, choices, review, escalation, decisions,
 * catalog): asks for JSON and turns a refusal into an Error carrying the route's own message.
 * `withResponse` also hands back the response, for routes that put page totals in headers.
 */
export async function fetchJson<T>(url: string, failure: string): Promise<T> {
  return (await fetchJsonWithResponse<T>(url, failure)).body;
}

export async function fetchJsonWithResponse<T>(url: string, failure: string): Promise<{ body: T; response: Response }> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error((body as { message?: string } | null)?.message ?? failure);
  return { body: body as T, response };
}
