/**
 * One answer to "has this instance (or task) got credentials?", for every screen that asks: the
 * instances list's Credentials column and the instance page's credential timeline read it from
 * here. A set is issued only when an application asks the metadata service for one; until then
 * there is nothing to show but the rule that will apply.
 */
import type { Db, Tx } from "../db/create-client";
import { credentialTimeline, type TimelineSet } from "./rotation";
import { evaluateServiceTrust, type ComputeService } from "./service-trust";
import type { RoleRow } from "./role-policies";

/**
 * `issued`: a set is being served now. `not-requested`: the service may assume the role, but no
 * application has asked since the last set expired (or ever). `AssumeRoleUnauthorizedAccess`:
 * the role's trust policy refuses the service. `none`: no role reaches the workload.
 */
export type CredentialState = "issued" | "not-requested" | "AssumeRoleUnauthorizedAccess" | "none";

export type WorkloadCredentials = { state: CredentialState; timeline: TimelineSet[] };

/** The state a timeline and a trust decision amount to. */
export function credentialState(hasRole: boolean, trustAllowed: boolean, timeline: TimelineSet[]): CredentialState {
  if (!hasRole) return "none";
  if (!trustAllowed) return "AssumeRoleUnauthorizedAccess";
  return timeline.some((s) => s.state === "served") ? "issued" : "not-requested";
}

/**
 * The credentials of each workload: the sets issued to it for its current role (up to the clock's
 * `now`), the next two sets the rotation rule will publish — only while a set is being served, as
 * nothing is published before the first request — and the state they amount to.
 */
export async function loadWorkloadCredentials(
  db: Db | Tx,
  source: "instance" | "ecs-task",
  service: ComputeService,
  workloads: { id: string; role: RoleRow | null }[],
  now: Date,
): Promise<Map<string, WorkloadCredentials>> {
  const withRole = workloads.filter((w) => w.role);
  const rows = withRole.length
    ? await db.roleSession.findMany({
        where: { source, sourceId: { in: withRole.map((w) => w.id) }, issuedAt: { lte: now } },
        orderBy: { issuedAt: "asc" },
        select: { sourceId: true, roleId: true, accessKeyId: true, issuedAt: true, expiresAt: true, revokedAt: true },
      })
    : [];
  const out = new Map<string, WorkloadCredentials>();
  for (const w of workloads) {
    if (!w.role) {
      out.set(w.id, { state: "none", timeline: [] });
      continue;
    }
    const trustAllowed = evaluateServiceTrust(w.role, service, now).allowed;
    const issued = rows.filter((r) => r.sourceId === w.id && r.roleId === w.role!.id);
    const past = credentialTimeline(issued, now, 0);
    const state = credentialState(true, trustAllowed, past);
    out.set(w.id, { state, timeline: state === "issued" ? credentialTimeline(issued, now, 2) : past });
  }
  return out;
}
