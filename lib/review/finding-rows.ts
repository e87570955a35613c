/**
 * One shape for findings on every door: the JSON objects (the console's export and `roleplay review`'s
 * `findings`) and the CSV rows (one per finding, as the console exports). The CSV keeps the review
 * contract's grant columns (principal, role, service, trusted, launch, instanceProfiles, via,
 * escalation): a finding about a grant fills them, and `roleplay review` adds one row per grant,
 * of kind `grant`, after the findings.
 */
import { csvRow } from "../csv";
import type { ReviewFinding } from "./findings";
import type { PassRoleGrant } from "./review-pass-role";

export const FINDING_COLUMNS = [
  "severity",
  "kind",
  "principal",
  "role",
  "service",
  "trusted",
  "launch",
  "instanceProfiles",
  "via",
  "escalation",
  "services",
  "title",
  "explanation",
  "fix",
  "hops",
] as const;

const via = (list: readonly { policy: string; statement: number }[]) => list.map((v) => `${v.policy}#${v.statement}`).join(";");
const nameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** A finding as JSON, its fields in one order on every door (statements 0-based). */
export function findingJson(f: ReviewFinding) {
  return {
    id: f.id,
    kind: f.kind,
    severity: f.severity,
    ...(f.principal ? { principal: f.principal } : {}),
    ...(f.role ? { role: f.role } : {}),
    services: f.services,
    title: f.title,
    explanation: f.explanation,
    fix: f.fix,
    via: f.via.map((v) => ({ policy: v.policy, statement: v.statement, ...(v.sid ? { sid: v.sid } : {}) })),
    ...(f.launch ? { launch: f.launch } : {}),
    ...(f.instanceProfiles ? { instanceProfiles: f.instanceProfiles } : {}),
    ...(f.hops ? { hops: f.hops } : {}),
  };
}

/** A finding's CSV row: lists joined with `;`, `via` as `policy#statement`, hops as `method>to` (the first from is `principal`). */
export function findingRow(f: ReviewFinding): string {
  const aboutGrant = f.kind === "escalation";
  return csvRow([
    f.severity,
    f.kind,
    f.principal ?? "",
    f.role ?? "",
    f.services.length === 1 && f.services[0] !== "*" ? f.services[0] : "",
    aboutGrant ? "true" : "",
    (f.launch ?? []).join(";"),
    (f.instanceProfiles ?? []).join(";"),
    via(f.via),
    aboutGrant || f.kind === "escalation-path" ? "true" : "",
    f.services.join(";"),
    f.title,
    f.explanation,
    f.fix,
    (f.hops ?? []).map((h) => `${h.method}>${h.to}`).join(";"),
  ]);
}

/** A grant's CSV row (kind `grant`): the review contract's columns, and a title in words. */
export function grantRow(g: PassRoleGrant, escalation: boolean): string {
  return csvRow([
    "",
    "grant",
    g.principal,
    g.role,
    g.service,
    String(g.trusted),
    g.launch.join(";"),
    g.instanceProfiles.join(";"),
    via(g.via),
    String(escalation),
    g.service,
    `${nameOf(g.principal)} may pass ${nameOf(g.role)} to ${g.service}`,
    "",
    "",
    "",
  ]);
}

export const findingHeader = () => csvRow(FINDING_COLUMNS);
