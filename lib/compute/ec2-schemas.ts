/**
 * EC2's and ECS's identifiers and names, defined once: the console's actions, the domain's
 * services, the backup reader and the simulator derive from these. EC2 ids are a prefix and 8
 * (older resources) or 17 hex digits.
 */
import { z } from "zod";
import { accountIdSchema } from "../iam/names";

export const instanceIdSchema = z.string().regex(/^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, "An instance id looks like i-0123456789abcdef0");
export const associationIdSchema = z.string().regex(/^iip-assoc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, "An association id looks like iip-assoc-0123456789abcdef0");
export const imageIdSchema = z.string().regex(/^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, "Image id must look like ami-0abcdef1234567890");
export const instanceTypeSchema = z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, "Instance type must look like t3.micro");
export const regionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "Region must look like us-east-1");
export const availabilityZoneSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "Availability zone must look like us-east-1a");
export const taskIdSchema = z.string().regex(/^[0-9a-f]{32}$/, "A task id is 32 hex digits");

/** An instance or an ECS task, as the pages that show what its application may do name it. */
export const workloadRefSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("instance"), accountId: accountIdSchema, instanceId: instanceIdSchema }),
  z.object({ kind: z.literal("task"), accountId: accountIdSchema, taskId: taskIdSchema }),
]);
