/**
 * EC2 instance operations performed as an IAM principal of the workspace, authorized by the
 * evaluator before anything is written: RunInstances (with `iam:PassRole` on the profile's role,
 * `iam:PassedToService` = ec2.amazonaws.com and `iam:AssociatedResourceArn` = the new instance's
 * ARN, as the IAM User Guide's "Granting a user permissions to pass a role" describes), and
 * Stop/Start/TerminateInstances. Refusals are EC2's `UnauthorizedOperation`.
 */
import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import type { Actor } from "../audit/record-audit";
import { arns } from "../iam/arns";
import { cryptoRandom, ec2Id, type RandomSource } from "../iam/ids";
import { findInstanceProfileByNameOrArn } from "../iam/instance-profiles";
import { type ActingPrincipal } from "../authz/principal-policies";
import { authorize, type AuthorizationCheck } from "../authz/authorize-call";
import { instanceArn, instanceContext } from "./ec2-context";
import { changeInstanceState, launchInstanceSchema, launchInstance } from "./instances";
import { callerContext, passRoleContext } from "../authz/call-context";

export const runInstancesSchema = launchInstanceSchema.omit({ launchedBy: true, instanceId: true });
export type RunInstancesInput = z.input<typeof runInstancesSchema>;

/** The profile a caller names, or EC2's `InvalidParameterValue` (Name=… and Arn=… are reported apart). */
export async function requireProfile(db: Db | Tx, accountId: string, nameOrArn: string) {
  const profile = await findInstanceProfileByNameOrArn(db, accountId, nameOrArn);
  if (!profile) {
    const byArn = nameOrArn.startsWith("arn:");
    throw new AppError("InvalidParameterValue", `Value (${nameOrArn}) for parameter iamInstanceProfile.${byArn ? "arn" : "name"} is invalid. Invalid IAM Instance Profile ${byArn ? "ARN" : "name"}`);
  }
  const role = profile.roleId ? await db.role.findUnique({ where: { id: profile.roleId } }) : null;
  return { profile, arn: arns.instanceProfile(profile.accountId, profile.path, profile.name), role, roleArn: role ? arns.role(role.accountId, role.path, role.name) : null };
}

/** The PassRole check EC2 makes when a profile carrying a role reaches an instance. */
export function passRoleToEc2(principal: ActingPrincipal, roleArn: string, instanceArnValue: string, now: Date): AuthorizationCheck {
  return authorize(
    principal,
    {
      action: "iam:PassRole",
      resource: roleArn,
      context: { ...callerContext(principal, now), ...passRoleContext("ec2.amazonaws.com", instanceArnValue) },
    },
    "ec2",
  );
}

export function requireSameAccount(principal: ActingPrincipal, accountId: string) {
  if (principal.accountId !== accountId) {
    throw new AppError("InvalidInput", `${principal.arn} belongs to account ${principal.accountId}; it can act only in its own account, not in ${accountId}.`);
  }
}

/** RunInstances as `principal`: ec2:RunInstances on the instance and image, then iam:PassRole when a role rides along. */
export async function runInstancesAs(db: Db | Tx, input: RunInstancesInput, principal: ActingPrincipal, actor: Actor, now: Date, random: RandomSource = cryptoRandom) {
  const data = runInstancesSchema.parse(input);
  requireSameAccount(principal, data.accountId);
  return inTransaction(db, async (tx) => {
    const instanceId = ec2Id("i", random);
    const arn = arns.instance(data.region, data.accountId, instanceId);
    const profile = data.instanceProfile ? await requireProfile(tx, data.accountId, data.instanceProfile) : undefined;
    const context: Record<string, string | string[]> = {
      ...callerContext(principal, now),
      "aws:RequestedRegion": data.region,
      "ec2:Region": data.region,
      "ec2:AvailabilityZone": data.availabilityZone ?? `${data.region}a`,
      "ec2:InstanceType": data.instanceType,
      "ec2:MetadataHttpTokens": data.metadataOptions.httpTokens,
      "ec2:MetadataHttpEndpoint": data.metadataOptions.httpEndpoint,
      "ec2:MetadataHttpPutResponseHopLimit": String(data.metadataOptions.hopLimit),
    };
    if (profile) context["ec2:InstanceProfile"] = profile.arn;
    if (data.tags.length) {
      context["aws:TagKeys"] = data.tags.map((t) => t.Key);
      for (const tag of data.tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
    }
    const checks: AuthorizationCheck[] = [];
    checks.push(authorize(principal, { action: "ec2:RunInstances", resource: arn, context }, "ec2"));
    checks.push(authorize(principal, { action: "ec2:RunInstances", resource: `arn:aws:ec2:${data.region}::image/${data.imageId}`, context: { ...callerContext(principal, now), "aws:RequestedRegion": data.region, "ec2:Region": data.region } }, "ec2"));
    if (profile?.roleArn) checks.push(passRoleToEc2(principal, profile.roleArn, arn, now));
    const instance = await launchInstance(tx, { ...data, instanceId, instanceProfile: profile?.arn, launchedBy: principal.callerArn }, actor, random);
    const association = await tx.instanceProfileAssociation.findFirst({ where: { instanceId: instance.id } });
    return { instance, profile: profile ? { arn: profile.arn, id: profile.profile.id, name: profile.profile.name, roleArn: profile.roleArn } : null, associationId: association?.id ?? null, checks };
  });
}

const stateActions = { stop: "ec2:StopInstances", start: "ec2:StartInstances", terminate: "ec2:TerminateInstances" } as const;

/** Finds an instance of the account, or EC2's `InvalidInstanceID.NotFound`. */
export async function requireInstance(db: Db | Tx, accountId: string, instanceId: string) {
  const instance = await db.instance.findFirst({
    where: { id: instanceId, accountId },
    include: { associations: { where: { state: { in: ["associating", "associated"] } }, include: { instanceProfile: true } } },
  });
  if (!instance) throw new AppError("InvalidInstanceID.NotFound", `The instance ID '${instanceId}' does not exist`);
  const current = instance.associations[0];
  const profileArn = current ? arns.instanceProfile(current.instanceProfile.accountId, current.instanceProfile.path, current.instanceProfile.name) : undefined;
  return { instance, current, profileArn };
}

/** Stop, start or terminate as `principal`; EC2's lifecycle rules (IncorrectState) follow the authorization. */
export async function changeInstanceStateAs(
  db: Db | Tx,
  input: { accountId: string; instanceId: string; operation: keyof typeof stateActions },
  principal: ActingPrincipal,
  actor: Actor,
  now: Date,
) {
  requireSameAccount(principal, input.accountId);
  return inTransaction(db, async (tx) => {
    const { instance, profileArn } = await requireInstance(tx, input.accountId, input.instanceId);
    authorize(principal, { action: stateActions[input.operation], resource: instanceArn(instance), context: { ...callerContext(principal, now), ...instanceContext(instance, profileArn) } }, "ec2");
    const updated = await changeInstanceState(tx, input, actor);
    return { previous: instance.state, current: updated.state, instance: updated };
  });
}
