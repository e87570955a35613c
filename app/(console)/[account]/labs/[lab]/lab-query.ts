import { fetchJson } from "@/components/fetch-json";
import type { LabProgress } from "@/lib/labs/lab-progress";
import { predictAnswerSchema, type PredictAnswer, type PredictionAnswer } from "@/lib/labs/lab-view";

/**
 * The lab page's reads. The checks sit under the account's key (`["console", account, …]`), so a
 * change anywhere in the workspace (useAfterChange) makes them stale at once.
 */
export const labKeys = {
  progress: (account: string, lab: string) => ["console", account, "labs", lab, "progress"] as const,
};

export function fetchLabProgress(lab: string): Promise<LabProgress> {
  return fetchJson<LabProgress>(`/api/labs/${encodeURIComponent(lab)}/check`, "Could not check the lab");
}

/** The evaluator's reveal of a card, for the answer the trainee committed to. */
export async function fetchPrediction(lab: string, card: string, answer: PredictionAnswer): Promise<PredictAnswer> {
  const body = await fetchJson<unknown>(`/api/labs/${encodeURIComponent(lab)}/predict/${encodeURIComponent(card)}?${new URLSearchParams({ answer })}`, "Could not ask the evaluator");
  return predictAnswerSchema.parse(body);
}
