import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { cryptoRandom, ecsTaskId, type RandomSource } from "../iam/ids";
import { arns } from "../iam/arns";
import { accountIdSchema } from "../iam/names";
import { findRole } from "../iam/roles";
import { findInstanceProfile } from "../iam/instance-profiles";

export const createClusterSchema = z.object({
  accountId: accountIdSchema,
  name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, "Cluster names have 1 to 255 letters, digits, hyphens and underscores"),
  region: z.string().default("us-east-1"),
  containerInstanceProfileName: z.string().optional(),
});

export async function createCluster(db: Db | Tx, input: z.input<typeof createClusterSchema>, actor: Actor) {
  const data = createClusterSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const profile = data.containerInstanceProfileName ? await findInstanceProfile(tx, data.accountId, data.containerInstanceProfileName) : undefined;
    const existing = await tx.ecsCluster.findUnique({ where: { accountId_region_name: { accountId: data.accountId, region: data.region, name: data.name } } });
    if (existing) throw new AppError("EntityAlreadyExists", `Cluster ${data.name} already exists in ${data.region}.`);
    const cluster = await tx.ecsCluster.create({ data: { accountId: data.accountId, name: data.name, region: data.region, containerInstanceProfileId: profile?.id ?? null } });
    await recordAudit(tx, { actor, action: "CreateCluster", accountId: data.accountId, entityType: "EcsCluster", entityId: cluster.id, after: data });
    return cluster;
  });
}

export const runTaskSchema = z.object({
  accountId: accountIdSchema,
  clusterName: z.string().min(1),
  region: z.string().default("us-east-1"),
  taskDefinition: z.string().regex(/^[A-Za-z0-9_-]{1,255}:\d+$/, "Task definition must be family:revision, e.g. photos-worker:3"),
  taskRoleName: z.string().optional(),
  executionRoleName: z.string().optional(),
  startedBy: z.string().min(1),
});

/** Starts a task (ECS RunTask) with its own task role and execution role. Authorization belongs to the caller. */
export async function runTask(db: Db | Tx, input: z.input<typeof runTaskSchema>, actor: Actor, random: RandomSource = cryptoRandom) {
  const data = runTaskSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const cluster = await tx.ecsCluster.findUnique({ where: { accountId_region_name: { accountId: data.accountId, region: data.region, name: data.clusterName } } });
    if (!cluster) throw new AppError("InvalidParameterValue", `Cluster not found: ${data.clusterName}`);
    const taskRole = data.taskRoleName ? await findRole(tx, data.accountId, data.taskRoleName) : undefined;
    const executionRole = data.executionRoleName ? await findRole(tx, data.accountId, data.executionRoleName) : undefined;
    const task = await tx.ecsTask.create({
      data: { id: ecsTaskId(random), clusterId: cluster.id, taskDefinition: data.taskDefinition, taskRoleId: taskRole?.id ?? null, executionRoleId: executionRole?.id ?? null, lastStatus: "RUNNING", startedBy: data.startedBy },
    });
    await recordAudit(tx, { actor, action: "RunTask", accountId: data.accountId, entityType: "EcsTask", entityId: task.id, after: data });
    return task;
  });
}

export async function getTaskDetail(db: Db | Tx, accountId: string, taskId: string) {
  const task = await db.ecsTask.findFirst({
    where: { id: taskId, cluster: { accountId } },
    include: { cluster: { include: { containerInstanceProfile: { include: { role: true } } } }, taskRole: true, executionRole: true },
  });
  if (!task) throw new AppError("InvalidParameterValue", `The task ${taskId} does not exist in account ${accountId}`);
  const roleRef = (role: { name: string; path: string; accountId: string } | null | undefined) => (role ? { name: role.name, arn: arns.role(role.accountId, role.path, role.name) } : null);
  return {
    id: task.id,
    arn: arns.ecsTask(task.cluster.region, accountId, task.cluster.name, task.id),
    cluster: { name: task.cluster.name, region: task.cluster.region, arn: arns.ecsCluster(task.cluster.region, accountId, task.cluster.name) },
    taskDefinition: task.taskDefinition,
    lastStatus: task.lastStatus,
    launchType: task.launchType,
    startedBy: task.startedBy,
    createdAt: task.createdAt.toISOString(),
    taskRole: roleRef(task.taskRole),
    executionRole: roleRef(task.executionRole),
    instanceProfile: task.cluster.containerInstanceProfile ? { name: task.cluster.containerInstanceProfile.name, role: roleRef(task.cluster.containerInstanceProfile.role) } : null,
  };
}
