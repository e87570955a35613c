/** The console's download of the review's findings, one row per finding (columns: ./finding-rows.ts). */
import type { ReviewFinding } from "./findings";
import { findingHeader, findingJson, findingRow } from "./finding-rows";

/** The findings as CSV, in the columns `roleplay review --format csv` prints. */
export function findingsCsv(findings: readonly ReviewFinding[]): string {
  return findingHeader() + findings.map(findingRow).join("");
}

/** The findings as JSON, with the fields `roleplay review` prints. */
export function findingsJson(findings: readonly ReviewFinding[]): string {
  return JSON.stringify(findings.map(findingJson), null, 2);
}
