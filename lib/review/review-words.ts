/**
 * The review page's numbers in words, from one place: the headline figures come from the same
 * counts as the lists below them (the findings' kinds, the principals table), and every count reads
 * right for 0, 1 and many. Pure.
 */
import type { ReviewSummary } from "./review-view";

const number = (n: number) => n.toLocaleString("en-US");
const short = (service: string) => service.replace(/\.amazonaws\.com$/, "");

/** "0 actions", "1 action", "2,048 actions". */
export function countOf(n: number, one: string, many: string): string {
  return `${number(n)} ${n === 1 ? one : many}`;
}

/**
 * What a row leaves out: "and 1 more role, with an escalation path", "and 3 more roles, none with
 * an escalation path", "and 3 more roles, 2 with an escalation path", "and 2 more roles, both …".
 */
export function moreLine(more: number, escalating: number, noun: { one: string; many: string }): string {
  const head = `and ${countOf(more, `more ${noun.one}`, `more ${noun.many}`)}`;
  if (more === 1) return `${head}, ${escalating ? "with" : "without"} an escalation path`;
  const which = escalating === 0 ? "none" : escalating === more ? (more === 2 ? "both" : "all") : number(escalating);
  return `${head}, ${which} with an escalation path`;
}

export type FigureTone = "critical" | "high" | "medium" | "plain";

/** One headline figure: its label, its value, and what it counts. */
export interface ReviewFigure {
  label: string;
  value: string;
  detail?: string;
  tone: FigureTone;
}

/**
 * The headline figures. Escalations are the findings of the two escalation kinds (what the Kind
 * filter counts), grants come with the principals table's size, and the services reviewed are named
 * beside the services the roles trust.
 */
export function reviewFigures(summary: ReviewSummary): ReviewFigure[] {
  const byPassRole = summary.kinds.escalation ?? 0;
  const byPath = summary.kinds["escalation-path"] ?? 0;
  const reviewed = summary.services.map(short);
  const available = summary.availableServices.length;
  return [
    { label: "Critical", value: number(summary.counts.critical), tone: "critical" },
    { label: "High", value: number(summary.counts.high), tone: "high" },
    { label: "Medium", value: number(summary.counts.medium), tone: "medium" },
    {
      label: "Escalations",
      value: number(byPassRole + byPath),
      // The two kinds in words (the Kind filter names them "Escalation" and "Escalation path").
      detail: `${number(byPassRole)} by passing a role · ${countOf(byPath, "along a path of steps", "along paths of steps")}`,
      tone: "plain",
    },
    {
      label: "PassRole grants",
      value: number(summary.counts.grants),
      detail: `${countOf(summary.principals, "principal", "principals")} may pass a role`,
      tone: "plain",
    },
    {
      label: "Services reviewed",
      value: available > reviewed.length ? `${number(reviewed.length)} of ${number(available)}` : number(reviewed.length),
      detail: reviewed.length ? reviewed.join(", ") : "none: no role trusts a service",
      tone: "plain",
    },
  ];
}
