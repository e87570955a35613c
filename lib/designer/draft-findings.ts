/**
 * Which of the validator's findings the designer shows. A draft with no statement is refused by
 * AWS, but a form that opens empty is not yet a mistake: until the reader edits it or tries to save
 * it, the designer offers a hint instead of an error. A draft that may be left empty (the wizard's
 * optional inline policy) is never faulted for it. Pure.
 */
import type { Finding } from "../policy/validate";

export type DraftStage = {
  /** Statements in the draft; null when its text does not read as a policy. */
  statements: number | null;
  /** Whether the text is still the one the form opened with and no save was tried. */
  untouched: boolean;
  /** Whether the policy may be left without statements (then none is saved). */
  optional: boolean;
};

/** Whether the draft is empty and that is no fault yet: untouched, or allowed to stay empty. */
export function emptyIsFine(draft: DraftStage): boolean {
  return draft.statements === 0 && (draft.untouched || draft.optional);
}

/** The findings to show for `draft`: all of them, but an empty Statement's while it is no fault yet. */
export function draftFindings(findings: Finding[], draft: DraftStage): Finding[] {
  return emptyIsFine(draft) ? findings.filter((f) => f.code !== "EMPTY_STATEMENT") : findings;
}
