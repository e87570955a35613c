import "server-only";
import { getDb, getWorkspaceDbByName } from "@/lib/db/prisma";
import { readEnv } from "@/lib/env";
import { labProgress, type LabProgress } from "@/lib/workspaces/classroom";

/** The trainer's table for lab `lab` (class `className`'s workspaces only, when named), read with the server's workspace clients. */
export async function readClassProgress(lab: string, className?: string): Promise<LabProgress> {
  return labProgress(await getDb(), readEnv().databasePath, { labId: lab, className, now: new Date() }, async (name, body) => body(await getWorkspaceDbByName(name)));
}
