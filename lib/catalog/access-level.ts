/** The five access levels of the IAM Service Authorization Reference, in the console's order. */
export const ACCESS_LEVELS = ["List", "Read", "Write", "Permissions management", "Tagging"] as const;

export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * Normalises the data set's access level. It writes some as "Permissions management, Write" or
 * "Tagging, Write"; the reference lists one level per action and the console shows the specific
 * one, so the first entry wins.
 */
export function normalizeAccessLevel(raw: string): AccessLevel {
  const first = raw.split(",")[0].trim();
  return (ACCESS_LEVELS as readonly string[]).includes(first) ? (first as AccessLevel) : "Write";
}
