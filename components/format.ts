/** A timestamp as people read it in the console (UTC, to the minute). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** A time of day as the console shows it beside live checks (UTC, to the second). */
export function formatTime(iso: string | number | Date): string {
  return new Date(iso).toISOString().slice(11, 19) + " UTC";
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
