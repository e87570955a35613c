/**
 * EC2's instance profile associations, performed as an IAM principal: associate a profile with a
 * running or stopped instance, replace it (on a running instance, without restart), disassociate
 * it, describe them. Behaviour follows the EC2 API Reference for AssociateIamInstanceProfile,
 * ReplaceIamInstanceProfileAssociation and DisassociateIamInstanceProfile: one association per
 * instance (`IncorrectState` "There is an existing association for instance …"), an unknown
 * profile is `InvalidParameterValue`, an unknown association `InvalidAssociationID.NotFound`.
 * Calls answer with the transitional state AWS returns (associating, disassociating); the
 * simulation settles at once, so reads show associated / disassociated.
 */
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { arns } from "../iam/arns";
import { cryptoRandom, ec2Id, type RandomSource } from "../iam/ids";
import { type ActingPrincipal } from "../authz/principal-policies";
import { authorize } from "../authz/authorize-call";
import { findInstanceProfileByNameOrArn } from "../iam/instance-profiles";
import { instanceArn, instanceContext } from "./ec2-context";
import { passRoleToEc2, requireInstance, requireProfile, requireSameAccount } from "./run-instances-as";
import { callerContext } from "../authz/call-context";

export type AssociationView = {
  AssociationId: string;
  InstanceId: string;
  IamInstanceProfile: { Arn: string; Id: string };
  State: "associating" | "associated" | "disassociating" | "disassociated";
  Timestamp?: string;
};

const settledStates = ["pending", "running", "stopping", "stopped"];

/** The ARN EC2 puts in ec2:NewInstanceProfile: the named profile's, path included, or the ARN as given. */
async function namedProfileArn(db: Db | Tx, accountId: string, nameOrArn: string): Promise<string> {
  if (nameOrArn.startsWith("arn:")) return nameOrArn;
  const found = await findInstanceProfileByNameOrArn(db, accountId, nameOrArn);
  return arns.instanceProfile(accountId, found?.path ?? "/", found?.name ?? nameOrArn);
}

/**
 * The checks AssociateIamInstanceProfile and ReplaceIamInstanceProfileAssociation share, in AWS's
 * order: the EC2 action (with ec2:NewInstanceProfile), the profile exists, the instance's state
 * (and `alsoCheck`), then iam:PassRole on the profile's role.
 */
async function authorizeNewProfile(
  tx: Tx,
  action: string,
  principal: ActingPrincipal,
  instance: Parameters<typeof instanceArn>[0] & Parameters<typeof instanceContext>[0] & { id: string; state: string },
  currentProfileArn: Parameters<typeof instanceContext>[1],
  input: { accountId: string; instanceProfile: string },
  now: Date,
  alsoCheck: () => void = () => {},
) {
  const arn = instanceArn(instance);
  const guess = await namedProfileArn(tx, input.accountId, input.instanceProfile);
  authorize(principal, { action, resource: arn, context: { ...callerContext(principal, now), ...instanceContext(instance, currentProfileArn), "ec2:NewInstanceProfile": guess } }, "ec2");
  const profile = await requireProfile(tx, input.accountId, input.instanceProfile);
  if (!settledStates.includes(instance.state)) throw new AppError("IncorrectState", `The instance '${instance.id}' is not in a valid state for this operation (it is ${instance.state}).`);
  alsoCheck();
  if (profile.roleArn) passRoleToEc2(principal, profile.roleArn, arn, now);
  return profile;
}

/** AssociateIamInstanceProfile as `principal`. */
export async function associateInstanceProfileAs(
  db: Db | Tx,
  input: { accountId: string; instanceId: string; instanceProfile: string },
  principal: ActingPrincipal,
  actor: Actor,
  now: Date,
  random: RandomSource = cryptoRandom,
): Promise<AssociationView> {
  requireSameAccount(principal, input.accountId);
  return inTransaction(db, async (tx) => {
    const { instance, current, profileArn } = await requireInstance(tx, input.accountId, input.instanceId);
    const profile = await authorizeNewProfile(tx, "ec2:AssociateIamInstanceProfile", principal, instance, profileArn, input, now, () => {
      if (current) throw new AppError("IncorrectState", `There is an existing association for instance ${instance.id}`);
    });
    const association = await tx.instanceProfileAssociation.create({ data: { id: ec2Id("iip-assoc", random), instanceId: instance.id, instanceProfileId: profile.profile.id, state: "associated" } });
    await tx.instance.update({ where: { id: instance.id }, data: { version: { increment: 1 } } });
    await recordAudit(tx, { actor, action: "AssociateIamInstanceProfile", accountId: input.accountId, entityType: "Instance", entityId: instance.id, before: { instanceProfile: null }, after: { associationId: association.id, instanceProfile: profile.arn, role: profile.roleArn } });
    return { AssociationId: association.id, InstanceId: instance.id, IamInstanceProfile: { Arn: profile.arn, Id: profile.profile.id }, State: "associating" };
  });
}

async function requireAssociation(db: Db | Tx, accountId: string, associationId: string) {
  const association = await db.instanceProfileAssociation.findFirst({ where: { id: associationId, instance: { accountId } }, include: { instanceProfile: true } });
  if (!association) throw new AppError("InvalidAssociationID.NotFound", `An association ID '${associationId}' does not exist`);
  if (association.state !== "associated" && association.state !== "associating") {
    throw new AppError("IncorrectState", `The association ${associationId} is not associated (it is ${association.state}).`);
  }
  return association;
}

/** ReplaceIamInstanceProfileAssociation as `principal`: the instance keeps running and gets the new role's credentials. */
export async function replaceInstanceProfileAs(
  db: Db | Tx,
  input: { accountId: string; associationId: string; instanceProfile: string },
  principal: ActingPrincipal,
  actor: Actor,
  now: Date,
  random: RandomSource = cryptoRandom,
): Promise<AssociationView> {
  requireSameAccount(principal, input.accountId);
  return inTransaction(db, async (tx) => {
    const old = await requireAssociation(tx, input.accountId, input.associationId);
    const { instance, profileArn } = await requireInstance(tx, input.accountId, old.instanceId);
    const profile = await authorizeNewProfile(tx, "ec2:ReplaceIamInstanceProfileAssociation", principal, instance, profileArn, input, now);
    await tx.instanceProfileAssociation.update({ where: { id: old.id }, data: { state: "disassociated" } });
    const association = await tx.instanceProfileAssociation.create({ data: { id: ec2Id("iip-assoc", random), instanceId: instance.id, instanceProfileId: profile.profile.id, state: "associated" } });
    await tx.instance.update({ where: { id: instance.id }, data: { version: { increment: 1 } } });
    await recordAudit(tx, { actor, action: "ReplaceIamInstanceProfileAssociation", accountId: input.accountId, entityType: "Instance", entityId: instance.id, before: { associationId: old.id, instanceProfile: profileArn }, after: { associationId: association.id, instanceProfile: profile.arn, role: profile.roleArn } });
    return { AssociationId: association.id, InstanceId: instance.id, IamInstanceProfile: { Arn: profile.arn, Id: profile.profile.id }, State: "associating" };
  });
}

/** DisassociateIamInstanceProfile as `principal`: the instance's applications lose the role's credentials. */
export async function disassociateInstanceProfileAs(
  db: Db | Tx,
  input: { accountId: string; associationId: string },
  principal: ActingPrincipal,
  actor: Actor,
  now: Date,
): Promise<AssociationView> {
  requireSameAccount(principal, input.accountId);
  return inTransaction(db, async (tx) => {
    const old = await requireAssociation(tx, input.accountId, input.associationId);
    const { instance, profileArn } = await requireInstance(tx, input.accountId, old.instanceId);
    authorize(principal, { action: "ec2:DisassociateIamInstanceProfile", resource: instanceArn(instance), context: { ...callerContext(principal, now), ...instanceContext(instance, profileArn) } }, "ec2");
    await tx.instanceProfileAssociation.update({ where: { id: old.id }, data: { state: "disassociated" } });
    await tx.instance.update({ where: { id: instance.id }, data: { version: { increment: 1 } } });
    await recordAudit(tx, { actor, action: "DisassociateIamInstanceProfile", accountId: input.accountId, entityType: "Instance", entityId: instance.id, before: { associationId: old.id, instanceProfile: profileArn }, after: { instanceProfile: null } });
    const p = old.instanceProfile;
    return { AssociationId: old.id, InstanceId: instance.id, IamInstanceProfile: { Arn: arns.instanceProfile(p.accountId, p.path, p.name), Id: p.id }, State: "disassociating" };
  });
}

export type AssociationFilters = { instanceIds?: string[]; associationIds?: string[]; states?: string[] };

/** DescribeIamInstanceProfileAssociations: by default the current ones (associating/associated), as EC2 lists them. */
export async function describeInstanceProfileAssociations(db: Db | Tx, accountId: string, filters: AssociationFilters = {}): Promise<AssociationView[]> {
  const rows = await db.instanceProfileAssociation.findMany({
    where: {
      instance: { accountId },
      ...(filters.instanceIds?.length ? { instanceId: { in: filters.instanceIds } } : {}),
      ...(filters.associationIds?.length ? { id: { in: filters.associationIds } } : {}),
      state: { in: filters.states?.length ? filters.states : ["associating", "associated"] },
    },
    orderBy: { createdAt: "asc" },
    include: { instanceProfile: true },
  });
  return rows.map((a) => ({
    AssociationId: a.id,
    InstanceId: a.instanceId,
    IamInstanceProfile: { Arn: arns.instanceProfile(a.instanceProfile.accountId, a.instanceProfile.path, a.instanceProfile.name), Id: a.instanceProfile.id },
    State: a.state as AssociationView["State"],
    Timestamp: a.createdAt.toISOString().replace(/\.\d{3}Z$/, "+00:00"),
  }));
}
