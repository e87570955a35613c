import type { ActionIndex } from "../catalog/action-index";
import { compileWildcard, patternFromPolicyText } from "./wildcard";

/**
 * Marks (1) every catalog action that one of the Action/NotAction `patterns` names. Each pattern is
 * compiled with the evaluator's own wildcard compiler and tried only on its service's actions, so
 * a policy of a thousand patterns costs a thousand small scans, not a thousand tests per action.
 */
export function markPatternActions(patterns: readonly string[], index: ActionIndex): Uint8Array {
  const count = index.lowerIds.length;
  const listed = new Uint8Array(count);
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase();
    if (!/[*?]/.test(lower)) {
      const i = index.byLowerId.get(lower);
      if (i !== undefined) listed[i] = 1;
      continue;
    }
    const matches = compileWildcard(patternFromPolicyText(lower));
    const service = lower.slice(0, lower.indexOf(":"));
    const range = /[*?]/.test(service) ? { start: 0, end: count } : index.byService.get(service);
    if (!range) continue;
    for (let i = range.start; i < range.end; i++) if (!listed[i] && matches(index.lowerIds[i])) listed[i] = 1;
  }
  return listed;
}
