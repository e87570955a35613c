/**
 * The review's output per the contract: JSON (accounts, grants, escalations, and the findings the
 * console shows) and CSV (one row per finding, as the console exports, then one per grant).
 */
import { findingHeader, findingJson, findingRow, grantRow } from "./finding-rows";
import type { ReviewResult } from "./review-pass-role";

/** The contract's JSON document, with exactly its fields. */
export function reviewJson(result: ReviewResult) {
  return {
    accounts: result.accounts,
    grants: result.grants.map((g) => ({
      principal: g.principal,
      role: g.role,
      service: g.service,
      trusted: g.trusted,
      launch: g.launch,
      instanceProfiles: g.instanceProfiles,
      via: g.via.map((v) => ({ policy: v.policy, statement: v.statement })),
    })),
    escalations: result.escalations.map((e) => ({
      principal: e.principal,
      role: e.role,
      service: e.service,
      gained: { actions: e.gained.actions, services: e.gained.services, admin: e.gained.admin },
    })),
    findings: result.findings.map(findingJson),
  };
}

function* csvRows(result: ReviewResult): Iterable<string> {
  const escalated = new Set(result.escalations.map((e) => `${e.principal}\u0000${e.role}\u0000${e.service}`));
  yield findingHeader();
  for (const f of result.findings) yield findingRow(f);
  for (const g of result.grants) yield grantRow(g, escalated.has(`${g.principal}\u0000${g.role}\u0000${g.service}`));
}

/** One row per finding, then one per grant (kind `grant`); lists joined with `;`, `via` entries as `policy#statement`. */
export function reviewCsv(result: ReviewResult): string {
  return [...csvRows(result)].join("");
}

/** Writes chunks of about `size` characters; `write` may return a promise to apply backpressure. */
async function chunked(parts: Iterable<string>, write: (chunk: string) => unknown, size = 1 << 20): Promise<void> {
  let buffer = "";
  for (const part of parts) {
    buffer += part;
    if (buffer.length >= size) {
      await write(buffer);
      buffer = "";
    }
  }
  if (buffer) await write(buffer);
}

function* jsonParts(result: ReviewResult): Iterable<string> {
  const doc = reviewJson(result);
  const item = (value: unknown) => `    ${JSON.stringify(value, null, 2).replace(/\n/g, "\n    ")}`;
  const list = function* (name: string, values: unknown[], last: boolean) {
    if (values.length === 0) {
      yield `  "${name}": []${last ? "" : ","}\n`;
      return;
    }
    yield `  "${name}": [\n`;
    for (let i = 0; i < values.length; i++) yield `${item(values[i])}${i < values.length - 1 ? "," : ""}\n`;
    yield `  ]${last ? "" : ","}\n`;
  };
  yield "{\n";
  yield `  "accounts": ${JSON.stringify(doc.accounts, null, 2).replace(/\n/g, "\n  ")},\n`;
  yield* list("grants", doc.grants, false);
  yield* list("escalations", doc.escalations, false);
  yield* list("findings", doc.findings, true);
  yield "}\n";
}

/**
 * Streams the contract's JSON, byte for byte what `JSON.stringify(reviewJson(result), null, 2)`
 * prints plus a final newline, without building one string of hundreds of megabytes.
 */
export function writeReviewJson(result: ReviewResult, write: (chunk: string) => unknown): Promise<void> {
  return chunked(jsonParts(result), write);
}

/** Streams the CSV, as `reviewCsv` builds it. */
export function writeReviewCsv(result: ReviewResult, write: (chunk: string) => unknown): Promise<void> {
  return chunked(csvRows(result), write);
}
