/**
 * The console's one fetcher for its JSON routes (lists, choices, review, escalation, decisions,
 * catalog): asks for JSON and turns a refusal into an Error carrying the route's own message.
 * `withResponse` also hands back the response, for routes that put page totals in headers.
 */
import { inWorkspace, workspaceOfPath } from "@/lib/workspaces/workspace-path";

/** An account or workspace route asked from a page of workspace W goes to W's (`/w/W/api/…`). */
export function inPageWorkspace(url: string): string {
  return typeof window === "undefined" ? url : inWorkspace(workspaceOfPath(window.location.pathname), url);
}

/** A refusal: the route's message, and its HTTP status (the review's pages retry a 409). */
export class FetchJsonError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "FetchJsonError";
  }
}

/**
 * POSTs JSON to a route that answers a stream of JSON lines (a long job's progress), handing each
 * line to `onEvent` as it arrives. A refusal (not 2xx) comes back as the response, unread.
 */
export async function postJsonLines(url: string, body: unknown, onEvent: (event: unknown) => void): Promise<{ ok: true } | { ok: false; response: Response }> {
  const response = await fetch(inPageWorkspace(url), { method: "POST", headers: { "content-type": "application/json", accept: "application/x-ndjson" }, body: JSON.stringify(body) });
  if (!response.ok || !response.body) return { ok: false, response };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines.filter(Boolean)) onEvent(JSON.parse(line));
  }
  return { ok: true };
}

export async function fetchJson<T>(url: string, failure: string): Promise<T> {
  return (await fetchJsonWithResponse<T>(url, failure)).body;
}

export async function fetchJsonWithResponse<T>(url: string, failure: string): Promise<{ body: T; response: Response }> {
  const response = await fetch(inPageWorkspace(url), { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new FetchJsonError((body as { message?: string } | null)?.message ?? failure, response.status);
  return { body: body as T, response };
}
