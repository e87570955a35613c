/**
 * Credentials for an ECS task's task role, as the ECS agent's credentials endpoint hands them out:
 * only for a running task whose role trusts ecs-tasks.amazonaws.com (decided by the evaluator),
 * on the same 6-hour rotation as instance credentials.
 */
import type { Db } from "../db/create-client";
import { cryptoRandom, type RandomSource } from "../iam/ids";
import { currentComputeCredentials, type IssuedSession } from "./role-sessions";
import { evaluateServiceTrust } from "./service-trust";
import { accountClockNow } from "./workspace-clock";

export type TaskCredentials =
  | { ok: true; session: IssuedSession }
  | { ok: false; reason: "NoSuchTask" | "TaskNotRunning" | "NoTaskRole" | "AssumeRoleUnauthorizedAccess"; message: string };

/** The task role's current credential set for a task, or why there is none. */
export async function taskRoleCredentials(db: Db, taskId: string, realNow: Date, random: RandomSource = cryptoRandom): Promise<TaskCredentials> {
  const task = await db.ecsTask.findUnique({ where: { id: taskId }, include: { taskRole: true, cluster: { select: { accountId: true } } } });
  if (!task) return { ok: false, reason: "NoSuchTask", message: `No ECS task has the id ${taskId}` };
  if (task.lastStatus !== "RUNNING") return { ok: false, reason: "TaskNotRunning", message: `Task ${taskId} is ${task.lastStatus}` };
  if (!task.taskRole) return { ok: false, reason: "NoTaskRole", message: `Task ${taskId} has no task role` };
  const now = await accountClockNow(db, task.cluster.accountId, realNow);
  if (!evaluateServiceTrust(task.taskRole, "ecs-tasks.amazonaws.com", now).allowed) {
    return { ok: false, reason: "AssumeRoleUnauthorizedAccess", message: `ECS cannot assume the role ${task.taskRole.name}: its trust policy does not allow ecs-tasks.amazonaws.com` };
  }
  return { ok: true, session: await currentComputeCredentials(db, { role: task.taskRole, source: "ecs-task", sourceId: task.id, now }, random) };
}
