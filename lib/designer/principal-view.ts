/**
 * A trust statement's Principal as rows the visual editor can edit (kind and value), written back
 * in the form it had: a single value stays a string, a list stays a list, key order is kept.
 */

export const principalKinds = ["Service", "AWS", "Federated", "CanonicalUser"] as const;
export type PrincipalKind = (typeof principalKinds)[number] | string;

export interface PrincipalRow {
  kind: PrincipalKind;
  value: string;
}

/** Rows of a Principal value; `"*"` (anyone) reads as one AWS row `*`. Undefined when not editable. */
export function readPrincipal(principal: unknown): PrincipalRow[] | undefined {
  if (principal === undefined) return [];
  if (principal === "*") return [{ kind: "AWS", value: "*" }];
  if (typeof principal !== "object" || principal === null || Array.isArray(principal)) return undefined;
  const rows: PrincipalRow[] = [];
  for (const [kind, value] of Object.entries(principal)) {
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((v) => typeof v === "string")) return undefined;
    for (const v of values as string[]) rows.push({ kind, value: v });
  }
  return rows;
}

/** Writes rows back into the Principal they came from, keeping each kind's form and order. */
export function writePrincipal(rows: PrincipalRow[], original: unknown): unknown {
  const before = readPrincipal(original);
  if (before && JSON.stringify(before) === JSON.stringify(rows)) return original;
  if (original === "*" && rows.length === 1 && rows[0].kind === "AWS" && rows[0].value === "*") return original;
  const previous = (typeof original === "object" && original !== null ? original : {}) as Record<string, unknown>;
  const kinds = [...new Set([...Object.keys(previous).filter((k) => rows.some((r) => r.kind === k)), ...rows.map((r) => r.kind)])];
  const out: Record<string, string | string[]> = {};
  for (const kind of kinds) {
    const values = rows.filter((r) => r.kind === kind).map((r) => r.value);
    out[kind] = values.length === 1 && !Array.isArray(previous[kind]) ? values[0] : values;
  }
  return out;
}
