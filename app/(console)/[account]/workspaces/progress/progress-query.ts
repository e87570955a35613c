import { fetchJson } from "@/components/fetch-json";
import type { LabProgress } from "@/lib/workspaces/classroom";

/** Query keys for the classroom's reads, in one place. */
export const classroomKeys = {
  all: ["classroom"] as const,
  progress: (lab: string, className: string | null) => [...classroomKeys.all, "progress", lab, className] as const,
};

/** How often the trainer's table asks again: trainees work while the trainer watches. */
export const progressRefreshMs = 4000;

export function progressUrl(lab: string, className: string | null): string {
  const params = new URLSearchParams({ lab });
  if (className) params.set("class", className);
  return `/api/classroom/progress?${params}`;
}

export function fetchProgress(lab: string, className: string | null): Promise<LabProgress> {
  return fetchJson<LabProgress>(progressUrl(lab, className), "Could not read the class's progress");
}
