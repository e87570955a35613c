/**
 * IAM calls made as an IAM principal of the workspace: the IAM action on the entity's ARN,
 * decided by the evaluator, then the service. AddRoleToInstanceProfile also needs `iam:PassRole`
 * on the role (IAM API Reference: "The caller of this operation must be granted the PassRole
 * permission on the IAM role"); instance profiles carry roles to EC2, so the check names
 * `iam:PassedToService` = ec2.amazonaws.com and `iam:AssociatedResourceArn` =
 * arn:aws:ec2:*:ACCOUNT:instance/* as that page prescribes. Refusals are IAM's `AccessDenied`.
 */
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import type { Actor } from "../audit/record-audit";
import { authorize, type AuthorizationCheck } from "../authz/authorize-call";
import { arns } from "./arns";
import { addRoleToInstanceProfile } from "./instance-profiles";
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
