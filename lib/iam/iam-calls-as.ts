/**
 * IAM calls made as an IAM principal of the workspace: the IAM action on the entity's ARN,
 * decided by the evaluator, then the service. AddRoleToInstanceProfile also needs `iam:PassRole`
 * on the role (IAM API Reference: "The caller of this operation must be granted the PassRole
 * permission on the IAM role"); instance profiles carry roles to EC2, so the check names
 * `iam:PassedToService` = ec2.amazonaws.com and `iam:AssociatedResourceArn` =
 * arn:aws:ec2:*:ACCOUNT:instance/* as that page prescribes. Refusals are IAM's `AccessDenied`.
 * The doors that act as a principal (`roleplay iam`, `roleplay api`) call these, never the pair of
 * check and service themselves.
 */
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import type { Actor } from "../audit/record-audit";
import { authorize, type AuthorizationCheck } from "../authz/authorize-call";
import { arns } from "./arns";
import { AppError } from "../errors";
import { addRoleToInstanceProfile, createInstanceProfile, deleteInstanceProfile, findInstanceProfile, removeRoleFromInstanceProfile } from "./instance-profiles";
import { attachRolePolicy, createRole, deleteRole, deleteRolePolicy, detachRolePolicy, findRole, putRolePolicy, updateAssumeRolePolicy, type CreateRoleInput } from "./roles";
import { findUser } from "./users";
import { createAccessKey, deleteAccessKey, listAccessKeys, updateAccessKey } from "./access-keys";
import { nameKey } from "./names";
import { type ActingPrincipal } from "../authz/principal-policies";
import { addRoleToProfileResource, callerContext, passRoleContext } from "../authz/call-context";

export type IamEntityKind = "role" | "user" | "group" | "policy" | "instance-profile";

/** The ARN of an entity by name, with its stored path when it exists (IAM authorizes before it looks up). */
export async function iamEntityArn(db: Db | Tx, accountId: string, kind: IamEntityKind, name: string, path?: string): Promise<string> {
  const where = { accountId_nameKey: { accountId, nameKey: nameKey(name) } };
  let stored: { path: string; name: string } | null = null;
  if (!path) {
    if (kind === "role") stored = await db.role.findUnique({ where });
    else if (kind === "user") stored = await db.user.findUnique({ where });
    else if (kind === "group") stored = await db.group.findUnique({ where });
    else if (kind === "policy") stored = await db.managedPolicy.findUnique({ where });
    else stored = await db.instanceProfile.findUnique({ where });
  }
  const p = path ?? stored?.path ?? "/";
  const n = stored?.name ?? name;
  const build = { role: arns.role, user: arns.user, group: arns.group, policy: arns.policy, "instance-profile": arns.instanceProfile }[kind];
  return build(accountId, p, n);
}

/** Authorizes one IAM action on a resource for `principal`; throws `AccessDenied` with the explanation. */
export function authorizeIamCall(principal: ActingPrincipal, action: string, resource: string, now: Date, context: Record<string, string | string[]> = {}): AuthorizationCheck {
  return authorize(principal, { action, resource, context: { ...callerContext(principal, now), ...context } }, "iam");
}

/** AddRoleToInstanceProfile as `principal`: iam:AddRoleToInstanceProfile on the profile, iam:PassRole on the role. */
export async function addRoleToInstanceProfileAs(db: Db | Tx, input: { accountId: string; instanceProfileName: string; roleName: string }, principal: ActingPrincipal, actor: Actor, now: Date) {
  return inTransaction(db, async (tx) => {
    authorizeIamCall(principal, "iam:AddRoleToInstanceProfile", await iamEntityArn(tx, input.accountId, "instance-profile", input.instanceProfileName), now);
    authorizeIamCall(principal, "iam:PassRole", await iamEntityArn(tx, input.accountId, "role", input.roleName), now, passRoleContext("ec2.amazonaws.com", addRoleToProfileResource(input.accountId)));
    await addRoleToInstanceProfile(tx, input, actor);
  });
}

/** Authorizes ACTION on the named entity's ARN (its stored path, or `path` for one being created). */
export async function authorizeOnEntity(tx: Db | Tx, principal: ActingPrincipal, accountId: string, action: string, kind: IamEntityKind, name: string, now: Date, context: Record<string, string> = {}, path?: string): Promise<AuthorizationCheck> {
  return authorizeIamCall(principal, action, await iamEntityArn(tx, accountId, kind, name, path), now, context);
}

type AsArgs = [principal: ActingPrincipal, actor: Actor, now: Date];

/** The user a call names, or for a user caller its own user (IAM's implicit UserName). */
export function impliedUserName(principal: ActingPrincipal, userName: string | undefined): string {
  if (userName) return userName;
  if (principal.kind === "user") return principal.name;
  throw new AppError("InvalidInput", "Must specify userName when calling with non-User credentials");
}

function requireIamPolicyArn(arn: string) {
  if (!arn.startsWith("arn:aws:iam::")) throw new AppError("InvalidInput", `ARN ${arn} is not valid.`);
}

/** CreateRole as `principal` (iam:CreateRole, with iam:PermissionsBoundary when one is set). */
export async function createRoleAs(db: Db | Tx, input: CreateRoleInput, ...[principal, actor, now]: AsArgs) {
  return inTransaction(db, async (tx) => {
    const boundary = input.permissionsBoundaryArn;
    await authorizeOnEntity(tx, principal, input.accountId, "iam:CreateRole", "role", input.name, now, boundary ? { "iam:PermissionsBoundary": boundary } : {}, input.path ?? "/");
    return createRole(tx, input, actor);
  });
}

export async function getRoleAs(db: Db | Tx, input: { accountId: string; roleName: string }, principal: ActingPrincipal, now: Date) {
  await authorizeOnEntity(db, principal, input.accountId, "iam:GetRole", "role", input.roleName, now);
  return findRole(db, input.accountId, input.roleName);
}

export async function listRolesAs(db: Db | Tx, input: { accountId: string; pathPrefix?: string }, principal: ActingPrincipal, now: Date) {
  authorizeIamCall(principal, "iam:ListRoles", "*", now);
  const prefix = input.pathPrefix ?? "/";
  const roles = await db.role.findMany({ where: { accountId: input.accountId }, orderBy: { nameKey: "asc" } });
  return roles.filter((r) => r.path.startsWith(prefix));
}

export async function deleteRoleAs(db: Db | Tx, input: { accountId: string; roleName: string }, ...[principal, actor, now]: AsArgs) {
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:DeleteRole", "role", input.roleName, now);
    await deleteRole(tx, input, actor);
  });
}

export async function updateAssumeRolePolicyAs(db: Db | Tx, input: { accountId: string; roleName: string; document: string }, ...[principal, actor, now]: AsArgs) {
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:UpdateAssumeRolePolicy", "role", input.roleName, now);
    await updateAssumeRolePolicy(tx, input, actor);
  });
}

export async function putRolePolicyAs(db: Db | Tx, input: { accountId: string; roleName: string; policyName: string; document: string }, ...[principal, actor, now]: AsArgs) {
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:PutRolePolicy", "role", input.roleName, now);
    await putRolePolicy(tx, input, actor);
  });
}

/** GetRolePolicy as `principal`: the inline policy's document, as stored. */
export async function getRolePolicyAs(db: Db | Tx, input: { accountId: string; roleName: string; policyName: string }, principal: ActingPrincipal, now: Date) {
  await authorizeOnEntity(db, principal, input.accountId, "iam:GetRolePolicy", "role", input.roleName, now);
  const role = await findRole(db, input.accountId, input.roleName);
  const policy = await db.inlinePolicy.findFirst({ where: { roleId: role.id, name: input.policyName } });
  if (!policy) throw new AppError("NoSuchEntity", `The role policy with name ${input.policyName} cannot be found.`);
  return { roleName: role.name, policyName: policy.name, document: policy.document };
}

export async function deleteRolePolicyAs(db: Db | Tx, input: { accountId: string; roleName: string; policyName: string }, ...[principal, actor, now]: AsArgs) {
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:DeleteRolePolicy", "role", input.roleName, now);
    await deleteRolePolicy(tx, input, actor);
  });
}

/** AttachRolePolicy as `principal` (iam:AttachRolePolicy with iam:PolicyARN). */
export async function attachRolePolicyAs(db: Db | Tx, input: { accountId: string; roleName: string; policyArn: string }, ...[principal, actor, now]: AsArgs) {
  requireIamPolicyArn(input.policyArn);
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:AttachRolePolicy", "role", input.roleName, now, { "iam:PolicyARN": input.policyArn });
    await attachRolePolicy(tx, input, actor);
  });
}

export async function detachRolePolicyAs(db: Db | Tx, input: { accountId: string; roleName: string; policyArn: string }, ...[principal, actor, now]: AsArgs) {
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:DetachRolePolicy", "role", input.roleName, now, { "iam:PolicyARN": input.policyArn });
    await detachRolePolicy(tx, input, actor);
  });
}

export async function createInstanceProfileAs(db: Db | Tx, input: { accountId: string; name: string; path?: string }, ...[principal, actor, now]: AsArgs) {
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:CreateInstanceProfile", "instance-profile", input.name, now, {}, input.path ?? "/");
    return createInstanceProfile(tx, input, actor);
  });
}

export async function getInstanceProfileAs(db: Db | Tx, input: { accountId: string; instanceProfileName: string }, principal: ActingPrincipal, now: Date) {
  await authorizeOnEntity(db, principal, input.accountId, "iam:GetInstanceProfile", "instance-profile", input.instanceProfileName, now);
  return findInstanceProfile(db, input.accountId, input.instanceProfileName);
}

export async function removeRoleFromInstanceProfileAs(db: Db | Tx, input: { accountId: string; instanceProfileName: string; roleName: string }, ...[principal, actor, now]: AsArgs) {
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:RemoveRoleFromInstanceProfile", "instance-profile", input.instanceProfileName, now);
    await removeRoleFromInstanceProfile(tx, input, actor);
  });
}

export async function deleteInstanceProfileAs(db: Db | Tx, input: { accountId: string; instanceProfileName: string }, ...[principal, actor, now]: AsArgs) {
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:DeleteInstanceProfile", "instance-profile", input.instanceProfileName, now);
    await deleteInstanceProfile(tx, input, actor);
  });
}

/** GetUser as `principal`: the named user, or the caller's own user. */
export async function getUserAs(db: Db | Tx, input: { accountId: string; userName?: string }, principal: ActingPrincipal, now: Date) {
  const userName = impliedUserName(principal, input.userName);
  await authorizeOnEntity(db, principal, input.accountId, "iam:GetUser", "user", userName, now);
  return findUser(db, input.accountId, userName);
}

/** CreateAccessKey as `principal` (iam:CreateAccessKey on the user): the secret is in this answer only. */
export async function createAccessKeyAs(db: Db | Tx, input: { accountId: string; userName?: string }, ...[principal, actor, now]: AsArgs) {
  const userName = impliedUserName(principal, input.userName);
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:CreateAccessKey", "user", userName, now);
    return createAccessKey(tx, { accountId: input.accountId, userName }, actor);
  });
}

export async function listAccessKeysAs(db: Db | Tx, input: { accountId: string; userName?: string }, principal: ActingPrincipal, now: Date) {
  const userName = impliedUserName(principal, input.userName);
  await authorizeOnEntity(db, principal, input.accountId, "iam:ListAccessKeys", "user", userName, now);
  return listAccessKeys(db, { accountId: input.accountId, userName });
}

export async function updateAccessKeyAs(db: Db | Tx, input: { accountId: string; userName?: string; accessKeyId: string; status: string }, ...[principal, actor, now]: AsArgs) {
  const userName = impliedUserName(principal, input.userName);
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:UpdateAccessKey", "user", userName, now);
    return updateAccessKey(tx, { ...input, userName }, actor);
  });
}

export async function deleteAccessKeyAs(db: Db | Tx, input: { accountId: string; userName?: string; accessKeyId: string }, ...[principal, actor, now]: AsArgs) {
  const userName = impliedUserName(principal, input.userName);
  return inTransaction(db, async (tx) => {
    await authorizeOnEntity(tx, principal, input.accountId, "iam:DeleteAccessKey", "user", userName, now);
    await deleteAccessKey(tx, { ...input, userName }, actor);
  });
}
