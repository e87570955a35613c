/**
 * What the entity pages show about a principal's effective permissions: a user's (own, groups',
 * boundary and SCPs, from the one loader), what a group gives every member, and the review's
 * PassRole and escalation findings that concern a principal.
 */
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { nameKey } from "../iam/names";
import { withStoredPolicies } from "../iam/stored-policies";
import { findUser } from "../iam/users";
import { loadGroupPolicySet, resolveActingPrincipal } from "../authz/principal-policies";
import { summarizePolicySet, type PermissionsSummary } from "../policy/summary";

/** The user's effective permissions by service and access level (its boundary and SCPs applied). */
export async function summarizeUserPermissions(db: Db | Tx, accountId: string, userName: string): Promise<PermissionsSummary> {
  const user = await findUser(db, accountId, userName);
  const { policies } = await resolveActingPrincipal(db, arns.user(user.accountId, user.path, user.name));
  return withStoredPolicies(() => summarizePolicySet({ identityPolicies: policies.identityPolicies, permissionsBoundary: policies.permissionsBoundary, scps: policies.scps }));
}

/**
 * What membership gives every member of the group (its policies under the account's SCPs), and
 * the members whose own permissions boundary may cap it.
 */
export async function summarizeGroupPermissions(db: Db | Tx, accountId: string, groupName: string): Promise<{ summary: PermissionsSummary; cappedBy: { member: string; boundary: string }[] }> {
  const set = await loadGroupPolicySet(db, accountId, groupName);
  const group = await db.group.findUniqueOrThrow({ where: { accountId_nameKey: { accountId, nameKey: nameKey(groupName) } }, include: { memberships: { include: { user: true } } } });
  const cappedBy = group.memberships
    .filter((m) => m.user.permissionsBoundaryArn)
    .map((m) => ({ member: m.user.name, boundary: m.user.permissionsBoundaryArn! }))
    .sort((a, b) => a.member.localeCompare(b.member));
  return { summary: withStoredPolicies(() => summarizePolicySet(set)), cappedBy };
}

/** Requests worth trying for a principal of the account: on its first bucket and its first role. */
export async function exampleRequests(db: Db | Tx, accountId: string): Promise<{ action: string; resource: string }[]> {
  const [bucket, role] = await Promise.all([db.bucket.findFirst({ where: { accountId }, orderBy: { name: "asc" } }), db.role.findFirst({ where: { accountId }, orderBy: { nameKey: "asc" } })]);
  return [
    ...(bucket ? [{ action: "s3:GetObject", resource: `${arns.bucket(bucket.name)}/example.txt` }] : []),
    ...(role ? [{ action: "iam:PassRole", resource: arns.role(role.accountId, role.path, role.name) }] : []),
    { action: "ec2:RunInstances", resource: `arn:aws:ec2:us-east-1:${accountId}:instance/*` },
  ];
}
