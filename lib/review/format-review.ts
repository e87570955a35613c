/** The review's output per the contract: JSON (accounts, grants, escalations) and CSV (grants). */
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
  };
}

export const CSV_COLUMNS = ["principal", "role", "service", "trusted", "launch", "instanceProfiles", "via", "escalation"] as const;

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row per grant; lists joined with `;`, `via` entries as `policy#statement`. */
export function reviewCsv(result: ReviewResult): string {
  const escalated = new Set(result.escalations.map((e) => `${e.principal}\u0000${e.role}\u0000${e.service}`));
  const rows = [CSV_COLUMNS.join(",")];
  for (const g of result.grants) {
    rows.push(
      [
        g.principal,
        g.role,
        g.service,
        String(g.trusted),
        g.launch.join(";"),
        g.instanceProfiles.join(";"),
        g.via.map((v) => `${v.policy}#${v.statement}`).join(";"),
        String(escalated.has(`${g.principal}\u0000${g.role}\u0000${g.service}`)),
      ]
        .map(cell)
        .join(","),
    );
  }
  return `${rows.join("\n")}\n`;
}
