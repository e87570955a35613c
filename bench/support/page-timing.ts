/**
 * Timing of console pages over plain HTTP: one request per connection (so the cluster's workers
 * take turns, as separate visitors would), no compression (the size is the HTML's own), redirects
 * not followed (a redirect is a figure too).
 */
import http from "node:http";

export interface RequestTiming {
  status: number;
  /** Until the response's first bytes (status line and headers). */
  ttfbMs: number;
  /** Until the last byte of the body: a streamed page can answer early and finish late. */
  totalMs: number;
  bytes: number;
  location?: string;
}

export function timeRequest(url: string, headers: Record<string, string> = {}): Promise<RequestTiming> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const request = http.get(url, { headers: { accept: "text/html,application/json", ...headers }, agent: false }, (response) => {
      const ttfbMs = performance.now() - start;
      let bytes = 0;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, ttfbMs, totalMs: performance.now() - start, bytes, location: response.headers.location }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface PageFigures {
  status: number;
  location?: string;
  /** The first request's total time: a page each worker has not served yet, caches cold. */
  firstMs: number;
  ttfbMs: number;
  totalMs: number;
  bytes: number;
  runs: number;
}

export interface MeasureOptions {
  /** Unmeasured requests first, one per server worker, so every worker has served the page. */
  warmups: number;
  runs: number;
  /** Fewer runs for a page whose first request took longer than this (ms): the figures of a slow page do not need five. */
  slowMs: number;
  slowRuns: number;
  /** Beyond this (ms), no further warm-up and one measured request: minutes per request otherwise add up to an hour. */
  verySlowMs: number;
}

/** Warms the page up, then returns the medians of `runs` requests (fewer for a slow page). */
export async function measurePage(url: string, headers: Record<string, string>, options: MeasureOptions): Promise<PageFigures> {
  const first = await timeRequest(url, headers);
  const verySlow = first.totalMs > options.verySlowMs;
  for (let i = 1; i < options.warmups && !verySlow; i++) await timeRequest(url, headers);
  const runs = verySlow ? 1 : first.totalMs > options.slowMs ? options.slowRuns : options.runs;
  const timings: RequestTiming[] = [];
  for (let i = 0; i < runs; i++) timings.push(await timeRequest(url, headers));
  const last = timings[timings.length - 1] ?? first;
  return {
    status: last.status,
    location: last.location,
    firstMs: first.totalMs,
    ttfbMs: median(timings.map((t) => t.ttfbMs)),
    totalMs: median(timings.map((t) => t.totalMs)),
    bytes: median(timings.map((t) => t.bytes)),
    runs,
  };
}
