/**
 * A lab's checks answered on a workspace as the lab page shows them: the contract's report
 * (`checkLab`), each check with links to the roles, users, instances and tasks it talks about
 * that the workspace holds. Instances and tasks are linked by the id their name has now (a lab
 * may replace an instance).
 */
import type { Db } from "../db/create-client";
import { checkLab, type LabCheckReport, type LabCheckResult, type LabRunOptions } from "./lab-runner";
import type { LoadedLab } from "./lab-schema";
import { findInstanceByRef, findRoleByName, findTaskByRef, findUserByName } from "./lab-lookups";
import { checkEntities, entityLink, type EntityLink, type EntityRef } from "./lab-view";

export type LabProgress = Omit<LabCheckReport, "checks"> & {
  checks: (LabCheckResult & { links: EntityLink[] })[];
  /** Every check passes: the lab is done. */
  complete: boolean;
};

/** What the workspace holds under an entity's name: a role's or user's name, an instance's or task's id, or null. */
async function lookUp(db: Db, ref: EntityRef): Promise<string | null> {
  switch (ref.kind) {
    case "role":
      return (await findRoleByName(db, ref.account, ref.name))?.name ?? null;
    case "user":
      return (await findUserByName(db, ref.account, ref.name))?.name ?? null;
    case "instance":
      return (await findInstanceByRef(db, ref.account, ref.name))?.id ?? null;
    case "task":
      return (await findTaskByRef(db, ref.account, ref.name))?.id ?? null;
  }
}

/** Answers every check of `lab` on the workspace in `db` (named `workspace`), with entity links. Reads only. */
export async function readLabProgress(db: Db, lab: LoadedLab, workspace: string, options: LabRunOptions = {}): Promise<LabProgress> {
  const report = await checkLab(db, lab, workspace, options);
  const found = new Map<string, Promise<string | null>>();
  const lookUpOnce = (ref: EntityRef) => {
    const key = `${ref.kind}\n${ref.account}\n${ref.name}`;
    if (!found.has(key)) found.set(key, lookUp(db, ref));
    return found.get(key)!;
  };
  const checks = await Promise.all(
    report.checks.map(async (result) => {
      const check = lab.checks.find((c) => c.id === result.id)!;
      const links: EntityLink[] = [];
      for (const ref of checkEntities(check, lab.account)) {
        const link = entityLink(ref, await lookUpOnce(ref));
        if (link) links.push(link);
      }
      return { ...result, links };
    }),
  );
  return { ...report, checks, complete: report.failed === 0 };
}
