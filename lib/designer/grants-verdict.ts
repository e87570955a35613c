/**
 * The designer's answer to "does this change grant new access?", worded from the preview's
 * new-access comparison alone (the per-level summary changes are detail). Type imports only, so
 * the browser bundle does not pull in the evaluator.
 */
import type { DraftPreview } from "./draft-preview";
import type { NewAccess } from "../policy/new-access";

const VERDICT_ACTIONS = 5;

/** "s3:PutObject on arn:…, …; …" for the first `max` entries, and how many more. */
export function describeNewAccess(list: NewAccess[], count: number, max = list.length): string {
  const shown = list.slice(0, max).map((a) => `${a.action} on ${a.resources.join(", ")}`);
  return `${shown.join("; ")}${count > shown.length ? `; and ${count - shown.length} more` : ""}`;
}

/** Yes naming the actions and resources newly allowed, or no; "no change" when nothing moved. */
export function grantsVerdict(preview: Pick<DraftPreview, "newAccess" | "newAccessCount" | "statements" | "removedStatements">): { grants: boolean; text: string } {
  const count = preview.newAccessCount;
  if (count > 0) {
    return { grants: true, text: `Yes — this change newly allows ${count} action${count === 1 ? "" : "s"}: ${describeNewAccess(preview.newAccess, count, VERDICT_ACTIONS)}.` };
  }
  const unchanged = preview.statements.every((s) => s.status === "unchanged") && preview.removedStatements.length === 0;
  return { grants: false, text: unchanged ? "No change from the saved version." : "No new access: this change keeps or narrows access." };
}
