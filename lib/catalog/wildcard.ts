/** IAM-style wildcards: `*` matches any run of characters, `?` exactly one; nothing else is special. */

/** True when the text contains a wildcard character. */
export function hasWildcard(text: string): boolean {
  return text.includes("*") || text.includes("?");
}

/** Compiles an IAM wildcard pattern into an anchored regular expression. */
export function wildcardToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = "";
  for (const char of pattern) {
    if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += char.replace(/[.+^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, caseInsensitive ? "is" : "s");
}
