/**
 * When instance (and task) credentials rotate. AWS documents only that new credentials appear
 * "at least five minutes before the expiration of the old credentials" and that clients should
 * refresh "every hour, or at least 15 minutes before the current set expires". Roleplay's rule
 * (imds-behaviour.md §6): 6-hour sets, and a new set whenever less than 60 minutes remain, so
 * the Expiration a client is handed is always at least an hour ahead.
 */

/** Lifetime of an instance or task credential set. */
export const credentialSetSeconds = 6 * 3600;
/** A new set is published when the current one has less than this left. */
export const rotationLeadSeconds = 60 * 60;

/** True when a set expiring at `expiresAt` may still be served at `now`. */
export function isServable(set: { issuedAt: Date; expiresAt: Date }, now: Date): boolean {
  return set.issuedAt.getTime() <= now.getTime() && set.expiresAt.getTime() - now.getTime() >= rotationLeadSeconds * 1000;
}

/** When a set issued at `issuedAt` expires, and when its successor is published. */
export function setSchedule(issuedAt: Date): { expiresAt: Date; rotatesAt: Date } {
  const expiresAt = new Date(issuedAt.getTime() + credentialSetSeconds * 1000);
  return { expiresAt, rotatesAt: new Date(expiresAt.getTime() - rotationLeadSeconds * 1000) };
}

export type TimelineSet = {
  accessKeyId: string | null;
  issuedAt: string;
  expiresAt: string;
  rotatesAt: string;
  /** issued: recorded in the database; projected: what the service will publish if asked then. */
  kind: "issued" | "projected";
  state: "served" | "valid" | "expired" | "revoked" | "upcoming";
};

/**
 * The credential timeline of one role session source: the sets already issued (newest last) and
 * the next `projectCount` sets the rotation rule will publish, relative to the clock's `now`.
 */
export function credentialTimeline(
  issued: { accessKeyId: string; issuedAt: Date; expiresAt: Date; revokedAt: Date | null }[],
  now: Date,
  projectCount = 2,
): TimelineSet[] {
  const sorted = [...issued].sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime());
  const served = [...sorted].reverse().find((s) => !s.revokedAt && isServable(s, now));
  const out: TimelineSet[] = sorted.map((s) => ({
    accessKeyId: s.accessKeyId,
    issuedAt: s.issuedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    rotatesAt: new Date(s.expiresAt.getTime() - rotationLeadSeconds * 1000).toISOString(),
    kind: "issued",
    state: s.revokedAt ? "revoked" : s === served ? "served" : s.expiresAt.getTime() > now.getTime() ? "valid" : "expired",
  }));
  let next = served ? new Date(served.expiresAt.getTime() - rotationLeadSeconds * 1000) : now;
  for (let i = 0; i < projectCount; i++) {
    const { expiresAt, rotatesAt } = setSchedule(next);
    out.push({ accessKeyId: null, issuedAt: next.toISOString(), expiresAt: expiresAt.toISOString(), rotatesAt: rotatesAt.toISOString(), kind: "projected", state: "upcoming" });
    next = rotatesAt;
  }
  return out;
}

/** AWS's timestamp form in IMDS documents: UTC, second precision (botocore parses `%Y-%m-%dT%H:%M:%SZ`). */
export function awsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
