/** One line of a diff: kept, added (only after) or removed (only before). */
export type DiffLine = { kind: "same" | "added" | "removed"; text: string };

/** Policy documents are stored as JSON text; show them as JSON, not as one long string. */
function expand(value: unknown): unknown {
  if (typeof value === "string" && /^\s*[[{]/.test(value)) {
    try {
      return expand(JSON.parse(value));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(expand);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]));
  return value;
}

export function prettyAuditValue(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return JSON.stringify(expand(value), null, 2).split("\n");
}

/** A line diff (longest common subsequence) of two audit snapshots, pretty-printed as JSON. */
export function diffAuditValues(before: unknown, after: unknown): DiffLine[] {
  const a = prettyAuditValue(before);
  const b = prettyAuditValue(after);
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: "same", text: a[i] });
      i++;
      j++;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) out.push({ kind: "removed", text: a[i++] });
    else out.push({ kind: "added", text: b[j++] });
  }
  while (i < a.length) out.push({ kind: "removed", text: a[i++] });
  while (j < b.length) out.push({ kind: "added", text: b[j++] });
  return out;
}
