/** The console's download of the review's findings, one row per finding. */
import { csvRow } from "../csv";
import type { ReviewFinding } from "./findings";

const FINDINGS_COLUMNS = ["severity", "kind", "principal", "role", "services", "title", "explanation", "fix", "via"];

/** The findings as CSV: lists joined with `;`, `via` entries as `policy#statement`. */
export function findingsCsv(findings: readonly ReviewFinding[]): string {
  return (
    csvRow(FINDINGS_COLUMNS) +
    findings
      .map((f) => csvRow([f.severity, f.kind, f.principal ?? "", f.role ?? "", f.services.join(";"), f.title, f.explanation, f.fix, f.via.map((v) => `${v.policy}#${v.statement}`).join(";")]))
      .join("")
  );
}
