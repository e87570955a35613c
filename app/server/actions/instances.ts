"use server";

import { z } from "zod";
import { accountIdSchema } from "@/lib/iam/names";
import { accountClockNow } from "@/lib/creds/workspace-clock";
import { consoleActor, resolveActingChoice } from "@/lib/compute/acting-principals";
import { changeInstanceStateAs, runInstancesAs } from "@/lib/compute/run-instances-as";
import { launchInstanceSchema } from "@/lib/compute/instances";
import { associationIdSchema, availabilityZoneSchema, instanceIdSchema, workloadRefSchema } from "@/lib/compute/ec2-schemas";
import { associateInstanceProfileAs, disassociateInstanceProfileAs, replaceInstanceProfileAs } from "@/lib/compute/profile-associations";
import { askWorkload, previewAssumeRole, workloadAccessMatrix } from "@/lib/compute/workload-permissions";
import { defineAction } from "@/app/server/action-client";
import { evaluationRequestSchema } from "@/lib/authz/request-schemas";

const actingSchema = z.string().min(1, "Choose who performs the call");

export const launchInstanceAction = defineAction({
  name: "runInstances",
  permission: "edit",
  input: launchInstanceSchema.pick({ accountId: true, instanceType: true, metadataOptions: true, tags: true }).extend({
    actingAs: actingSchema,
    name: z.string().trim().max(255).default(""),
    availabilityZone: availabilityZoneSchema,
    instanceProfile: z.string().default(""),
  }),
  handler: async (input, { db, user }) => {
    const principal = await resolveActingChoice(db, input.accountId, input.actingAs);
    const now = await accountClockNow(db, input.accountId, new Date());
    const tags = input.name ? [{ Key: "Name", Value: input.name }, ...input.tags] : input.tags;
    const out = await runInstancesAs(
      db,
      { accountId: input.accountId, region: input.availabilityZone.slice(0, -1), availabilityZone: input.availabilityZone, instanceType: input.instanceType, tags, metadataOptions: input.metadataOptions, instanceProfile: input.instanceProfile || undefined },
      principal,
      consoleActor(user.email, principal),
      now,
    );
    return { instanceId: out.instance.id, checks: out.checks.map((c) => ({ action: c.action, resource: c.resource, deciding: c.deciding })) };
  },
});

export const changeInstanceStateAction = defineAction({
  name: "changeInstanceState",
  permission: "edit",
  input: z.object({ accountId: accountIdSchema, actingAs: actingSchema, instanceId: instanceIdSchema, operation: z.enum(["stop", "start", "terminate"]) }),
  handler: async (input, { db, user }) => {
    const principal = await resolveActingChoice(db, input.accountId, input.actingAs);
    const out = await changeInstanceStateAs(db, input, principal, consoleActor(user.email, principal), await accountClockNow(db, input.accountId, new Date()));
    return { previous: out.previous, current: out.current };
  },
});

export const associateProfileAction = defineAction({
  name: "associateIamInstanceProfile",
  permission: "edit",
  input: z.object({ accountId: accountIdSchema, actingAs: actingSchema, instanceId: instanceIdSchema, instanceProfile: z.string().min(1, "Choose an instance profile") }),
  handler: async (input, { db, user }) => {
    const principal = await resolveActingChoice(db, input.accountId, input.actingAs);
    return associateInstanceProfileAs(db, input, principal, consoleActor(user.email, principal), await accountClockNow(db, input.accountId, new Date()));
  },
});

export const replaceProfileAction = defineAction({
  name: "replaceIamInstanceProfileAssociation",
  permission: "edit",
  input: z.object({ accountId: accountIdSchema, actingAs: actingSchema, associationId: associationIdSchema, instanceProfile: z.string().min(1, "Choose an instance profile") }),
  handler: async (input, { db, user }) => {
    const principal = await resolveActingChoice(db, input.accountId, input.actingAs);
    return replaceInstanceProfileAs(db, input, principal, consoleActor(user.email, principal), await accountClockNow(db, input.accountId, new Date()));
  },
});

export const disassociateProfileAction = defineAction({
  name: "disassociateIamInstanceProfile",
  permission: "edit",
  input: z.object({ accountId: accountIdSchema, actingAs: actingSchema, associationId: associationIdSchema }),
  handler: async (input, { db, user }) => {
    const principal = await resolveActingChoice(db, input.accountId, input.actingAs);
    return disassociateInstanceProfileAs(db, input, principal, consoleActor(user.email, principal), await accountClockNow(db, input.accountId, new Date()));
  },
});

export const askWorkloadAction = defineAction({
  name: "askWorkload",
  permission: "simulate",
  input: evaluationRequestSchema.extend({ workload: workloadRefSchema }),
  handler: async ({ workload, ...question }, { db }) => askWorkload(db, workload, question, await accountClockNow(db, workload.accountId, new Date())),
});

export const accessMatrixAction = defineAction({
  name: "workloadAccessMatrix",
  permission: "simulate",
  input: z.object({ workload: workloadRefSchema, actions: z.array(z.string().trim().min(1)).max(30), resources: z.array(z.string().trim().min(1)).max(20) }),
  handler: async ({ workload, actions, resources }, { db }) => workloadAccessMatrix(db, workload, await accountClockNow(db, workload.accountId, new Date()), { actions, resources }),
});

export const previewAssumeRoleAction = defineAction({
  name: "previewAssumeRole",
  permission: "simulate",
  input: z.object({ workload: workloadRefSchema, roleArn: z.string().trim().regex(/^arn:aws:iam::\d{12}:role\//, "A role ARN looks like arn:aws:iam::222222222222:role/efgh") }),
  handler: async ({ workload, roleArn }, { db }) => previewAssumeRole(db, workload, roleArn, await accountClockNow(db, workload.accountId, new Date())),
});
