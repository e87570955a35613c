/** What changed between two effective-permission summaries: for the role designer's "this edit…". */
import type { AccessLevel } from "../catalog/access-level";
import type { AccessStatus, LevelSummary, PermissionsSummary } from "./summary";

export interface SummaryChange {
  service: string;
  name: string;
  level: AccessLevel;
  before: AccessStatus;
  after: AccessStatus;
  /** Actions allowed at least in part, before and after. */
  allowedBefore: number;
  allowedAfter: number;
  /** gained: more access; lost: less; changed: some gained and some lost (e.g. other resources). */
  change: "gained" | "lost" | "changed";
}

const RANK: Record<AccessStatus, number> = { None: 0, Limited: 1, Full: 2 };

function levelsOf(summary: PermissionsSummary): Map<string, { name: string; level: LevelSummary }> {
  const map = new Map<string, { name: string; level: LevelSummary }>();
  for (const service of summary.services) {
    for (const level of service.levels) map.set(`${service.service}\u0000${level.level}`, { name: service.name, level });
  }
  return map;
}

function sameDetails(a: LevelSummary, b: LevelSummary): boolean {
  return a.resources.join("\n") === b.resources.join("\n") && a.conditionKeys.join("\n") === b.conditionKeys.join("\n");
}

/** The service/access-level pairs whose access differs, sorted by service then level order. */
export function diffSummaries(before: PermissionsSummary, after: PermissionsSummary): SummaryChange[] {
  const a = levelsOf(before);
  const b = levelsOf(after);
  const changes: SummaryChange[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const [service, levelName] = key.split("\u0000");
    const old = a.get(key)?.level;
    const now = b.get(key)?.level;
    const oldStatus = old?.status ?? "None";
    const newStatus = now?.status ?? "None";
    const allowedBefore = old?.allowed ?? 0;
    const allowedAfter = now?.allowed ?? 0;
    const fullBefore = old?.full ?? 0;
    const fullAfter = now?.full ?? 0;
    let change: SummaryChange["change"] | undefined;
    if (RANK[newStatus] !== RANK[oldStatus]) change = RANK[newStatus] > RANK[oldStatus] ? "gained" : "lost";
    else if (allowedAfter !== allowedBefore || fullAfter !== fullBefore) {
      const up = allowedAfter >= allowedBefore && fullAfter >= fullBefore;
      const down = allowedAfter <= allowedBefore && fullAfter <= fullBefore;
      change = up ? "gained" : down ? "lost" : "changed";
    } else if (old && now && !sameDetails(old, now)) change = "changed";
    if (!change) continue;
    changes.push({
      service,
      name: (b.get(key) ?? a.get(key))!.name,
      level: levelName as AccessLevel,
      before: oldStatus,
      after: newStatus,
      allowedBefore,
      allowedAfter,
      change,
    });
  }
  const order = ["List", "Read", "Write", "Permissions management", "Tagging"];
  return changes.sort((x, y) => x.service.localeCompare(y.service) || order.indexOf(x.level) - order.indexOf(y.level));
}
