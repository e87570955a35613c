// A fixed stand-in origin: only the path matters, and it must stay on whatever origin served it.
const origin = "http://console.invalid";

/**
 * Where to go after signing in: `next` when it is a path on this console, else "/". It is parsed
 * as a URL against a stand-in origin and kept only if the origin is unchanged. Backslashes and
 * control characters are refused before parsing, because browsers read "\" as "/" and drop tabs
 * and newlines ("/\evil.example" and "/%09/evil.example" both become "//evil.example"). The answer
 * is re-serialised, so it is plain ASCII and safe in a Location header.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2048) return "/";
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" normalises to "//evil.example": protocol-relative, so off-site again.
  if (url.origin !== origin || !path.startsWith("/") || path.startsWith("//")) return "/";
  return path;
}
