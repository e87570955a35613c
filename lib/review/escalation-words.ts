/**
 * The escalation page's numbers in words, where a count could be read two ways. Pure, and light
 * enough for the browser (the graph's code is not).
 */

const countOf = (count: number, one: string, many: string) => `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;

/**
 * The graph's size in words. Its administrators hold every permission already, while the page's
 * headline counts the principals that can become one (or grant themselves anything): said apart,
 * "0 administrators" beside "2 principals can become an administrator" no longer reads as a
 * contradiction.
 */
export function describeGraphCounts(counts: { principals: number; edges: number; admins: number }): string {
  const admins = counts.admins === 0 ? "none of them holds every permission yet" : `${countOf(counts.admins, "of them holds", "of them hold")} every permission already`;
  return `Graph of the workspace: ${countOf(counts.principals, "principal", "principals")}, ${countOf(counts.edges, "edge", "edges")}; ${admins}.`;
}
