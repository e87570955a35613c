import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { cryptoRandom, ec2Id, type RandomSource } from "../iam/ids";
import { arns } from "../iam/arns";
import { accountIdSchema, tagsSchema } from "../iam/names";
import { availabilityZoneSchema, imageIdSchema, instanceIdSchema, instanceTypeSchema, regionSchema } from "./ec2-schemas";
import { readTags } from "../iam/tags";
import { findInstanceProfileByNameOrArn } from "../iam/instance-profiles";

export const instanceStates = ["pending", "running", "stopping", "stopped", "shutting-down", "terminated"] as const;
export type InstanceState = (typeof instanceStates)[number];

export const metadataOptionsSchema = z.object({
  httpTokens: z.enum(["optional", "required"], { error: "HttpTokens must be optional or required" }).default("required"),
  httpEndpoint: z.enum(["enabled", "disabled"], { error: "HttpEndpoint must be enabled or disabled" }).default("enabled"),
  hopLimit: z.number().int().min(1, "HttpPutResponseHopLimit must be between 1 and 64").max(64, "HttpPutResponseHopLimit must be between 1 and 64").default(2),
});

export const launchInstanceSchema = z.object({
  accountId: accountIdSchema,
  region: regionSchema.default("us-east-1"),
  availabilityZone: availabilityZoneSchema.optional(),
  instanceType: instanceTypeSchema.default("t3.micro"),
  imageId: imageIdSchema.default("ami-0c02fb55956c7d316"),
  tags: tagsSchema.default([]),
  metadataOptions: metadataOptionsSchema.default({ httpTokens: "required", httpEndpoint: "enabled", hopLimit: 2 }),
  /** The instance profile's name or ARN (EC2's IamInstanceProfile Name=… or Arn=…). */
  instanceProfile: z.string().optional(),
  /** The instance id, when the caller chose it first (to authorize against the instance's ARN). */
  instanceId: instanceIdSchema.optional(),
  /** The principal ARN that launches the instance. */
  launchedBy: z.string().min(1),
});

function privateIp(random: RandomSource): string {
  const [a, b] = random(2);
  return `172.31.${a % 256}.${(b % 250) + 4}`;
}

/**
 * Launches a simulated instance (EC2 RunInstances) in the running state, associated with the
 * named instance profile. Authorization (ec2:RunInstances, iam:PassRole) belongs to the caller.
 */
export async function launchInstance(db: Db | Tx, input: z.input<typeof launchInstanceSchema>, actor: Actor, random: RandomSource = cryptoRandom) {
  const data = launchInstanceSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const profile = data.instanceProfile ? await findInstanceProfileByNameOrArn(tx, data.accountId, data.instanceProfile) : undefined;
    if (data.instanceProfile && !profile) {
      throw new AppError("InvalidParameterValue", `Value (${data.instanceProfile}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name`);
    }
    const instance = await tx.instance.create({
      data: {
        id: data.instanceId ?? ec2Id("i", random),
        accountId: data.accountId,
        region: data.region,
        availabilityZone: data.availabilityZone ?? `${data.region}a`,
        instanceType: data.instanceType,
        imageId: data.imageId,
        state: "running",
        privateIp: privateIp(random),
        tags: JSON.stringify(data.tags),
        httpTokens: data.metadataOptions.httpTokens,
        httpEndpoint: data.metadataOptions.httpEndpoint,
        hopLimit: data.metadataOptions.hopLimit,
        launchedBy: data.launchedBy,
      },
    });
    if (profile) {
      await tx.instanceProfileAssociation.create({ data: { id: ec2Id("iip-assoc", random), instanceId: instance.id, instanceProfileId: profile.id, state: "associated" } });
    }
    await recordAudit(tx, { actor, action: "RunInstances", accountId: data.accountId, entityType: "Instance", entityId: instance.id, after: { ...data, instanceProfile: profile?.name ?? null } });
    return instance;
  });
}

// EC2's instance lifecycle: which target states each operation may start from.
const transitions: Record<"stop" | "start" | "terminate", { from: InstanceState[]; to: InstanceState; action: string }> = {
  stop: { from: ["pending", "running", "stopped"], to: "stopped", action: "StopInstances" },
  start: { from: ["stopped", "running", "pending"], to: "running", action: "StartInstances" },
  terminate: { from: ["pending", "running", "stopping", "stopped", "shutting-down", "terminated"], to: "terminated", action: "TerminateInstances" },
};

export async function findInstance(db: Db | Tx, accountId: string, instanceId: string) {
  const instance = await db.instance.findFirst({ where: { id: instanceId, accountId } });
  if (!instance) throw new AppError("InvalidParameterValue", `The instance ID '${instanceId}' does not exist`);
  return instance;
}

/** Stop, start or terminate an instance, refusing transitions EC2 refuses with `IncorrectState`. */
export async function changeInstanceState(db: Db | Tx, input: { accountId: string; instanceId: string; operation: keyof typeof transitions }, actor: Actor) {
  const transition = transitions[input.operation];
  return inTransaction(db, async (tx) => {
    const instance = await findInstance(tx, input.accountId, input.instanceId);
    if (!transition.from.includes(instance.state as InstanceState)) {
      throw new AppError("IncorrectState", `The instance '${instance.id}' is not in a state from which it can be ${transition.to} (it is ${instance.state}).`);
    }
    const updated = await tx.instance.update({ where: { id: instance.id }, data: { state: transition.to, version: { increment: 1 } } });
    if (transition.to === "terminated") {
      // A terminated instance lets go of its profile.
      await tx.instanceProfileAssociation.updateMany({ where: { instanceId: instance.id, state: { in: ["associating", "associated"] } }, data: { state: "disassociated" } });
    }
    await recordAudit(tx, { actor, action: transition.action, accountId: instance.accountId, entityType: "Instance", entityId: instance.id, before: { state: instance.state }, after: { state: transition.to } });
    return updated;
  });
}

export async function getInstanceDetail(db: Db | Tx, accountId: string, instanceId: string) {
  await findInstance(db, accountId, instanceId);
  const instance = await db.instance.findUniqueOrThrow({
    where: { id: instanceId },
    include: { associations: { orderBy: { createdAt: "desc" }, include: { instanceProfile: { include: { role: true } } } } },
  });
  const current = instance.associations.find((a) => a.state === "associated" || a.state === "associating");
  const role = current?.instanceProfile.role;
  return {
    id: instance.id,
    arn: arns.instance(instance.region, instance.accountId, instance.id),
    accountId: instance.accountId,
    name: readTags(instance.tags).find((t) => t.Key === "Name")?.Value ?? null,
    state: instance.state,
    instanceType: instance.instanceType,
    imageId: instance.imageId,
    region: instance.region,
    availabilityZone: instance.availabilityZone,
    privateIp: instance.privateIp,
    tags: readTags(instance.tags),
    metadataOptions: { httpTokens: instance.httpTokens, httpEndpoint: instance.httpEndpoint, hopLimit: instance.hopLimit },
    launchedBy: instance.launchedBy,
    launchedAt: instance.launchedAt.toISOString(),
    instanceProfile: current
      ? { name: current.instanceProfile.name, arn: arns.instanceProfile(current.instanceProfile.accountId, current.instanceProfile.path, current.instanceProfile.name), associationId: current.id, associationState: current.state }
      : null,
    role: role ? { name: role.name, arn: arns.role(role.accountId, role.path, role.name), trustPolicy: role.trustPolicy } : null,
    associations: instance.associations.map((a) => ({ id: a.id, state: a.state, instanceProfileName: a.instanceProfile.name, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() })),
  };
}
