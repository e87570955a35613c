/**
 * Percent-decoding of what clients send (paths, query values, names in URLs). A malformed escape
 * (`%ZZ`, `%E0%A4%A`) is not an exception here: each caller decides what it means — kept as sent,
 * a 400, an S3 error.
 */

/** `text` percent-decoded, or undefined when an escape in it is malformed. */
export function percentDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** `text` percent-decoded, or as sent when an escape in it is malformed (it then names nothing known). */
export function percentDecodedOrAsSent(text: string): string {
  return percentDecoded(text) ?? text;
}
