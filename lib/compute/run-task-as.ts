/**
 * ECS RunTask as an IAM principal: `ecs:RunTask` on the task definition (with `ecs:cluster`),
 * then `iam:PassRole` on the task role and the execution role with `iam:PassedToService` =
 * ecs-tasks.amazonaws.com (Amazon ECS Developer Guide, "Task IAM role" and "Task execution IAM
 * role"). Refusals are ECS's `AccessDeniedException`.
 */
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import type { Actor } from "../audit/record-audit";
import { arns } from "../iam/arns";
import { findRole } from "../iam/roles";
import { type ActingPrincipal } from "../authz/principal-policies";
import { authorize } from "../authz/authorize-call";
import { runTask, runTaskSchema } from "./ecs";
import { requireSameAccount } from "./run-instances-as";
import type { z } from "zod";
import { callerContext, passRoleContext } from "../authz/call-context";

export const runTaskAsSchema = runTaskSchema.omit({ startedBy: true });

export async function runTaskAs(db: Db | Tx, input: z.input<typeof runTaskAsSchema>, principal: ActingPrincipal, actor: Actor, now: Date) {
  const data = runTaskAsSchema.parse(input);
  requireSameAccount(principal, data.accountId);
  return inTransaction(db, async (tx) => {
    const base = callerContext(principal, now);
    const clusterArn = arns.ecsCluster(data.region, data.accountId, data.clusterName);
    authorize(principal, { action: "ecs:RunTask", resource: `arn:aws:ecs:${data.region}:${data.accountId}:task-definition/${data.taskDefinition}`, context: { ...base, "ecs:cluster": clusterArn, "aws:RequestedRegion": data.region } }, "ecs");
    for (const name of [data.taskRoleName, data.executionRoleName]) {
      if (!name) continue;
      const role = await findRole(tx, data.accountId, name);
      authorize(principal, { action: "iam:PassRole", resource: arns.role(role.accountId, role.path, role.name), context: { ...base, ...passRoleContext("ecs-tasks.amazonaws.com") } }, "ecs");
    }
    return runTask(tx, { ...data, startedBy: principal.callerArn }, actor);
  });
}
