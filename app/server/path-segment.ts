/**
 * A dynamic route segment as the name it stands for. A malformed escape (`%E0%A4%A`) names nothing:
 * it is kept as written, so the lookup answers NoSuchEntity (the console's 404) instead of a crash.
 */
export function pathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
