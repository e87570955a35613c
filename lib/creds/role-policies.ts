/**
 * A role's policies read for the evaluator: its inline and attached managed policies (the
 * identity side of its sessions), its permissions boundary and its trust policy. Documents are
 * passed as stored text; the evaluator parses and checks them on every compile.
 */
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { findAttachablePolicy } from "../iam/managed-policies";
import type { NamedPolicy } from "../policy/evaluate";
import { readTags } from "../iam/tags";
import { nameKey } from "../iam/names";

export type RoleRow = {
  id: string;
  accountId: string;
  name: string;
  path: string;
  trustPolicy: string;
  maxSessionDuration: number;
  permissionsBoundaryArn: string | null;
  tags: string;
};

export type RolePolicies = { identityPolicies: NamedPolicy[]; permissionsBoundary?: NamedPolicy };

/** The identity policies and boundary that bound every session of the role. */
export async function loadRolePolicies(db: Db | Tx, role: RoleRow): Promise<RolePolicies> {
  const [inline, attached] = await Promise.all([
    db.inlinePolicy.findMany({ where: { roleId: role.id }, orderBy: { name: "asc" } }),
    db.policyAttachment.findMany({ where: { roleId: role.id }, orderBy: { policyArn: "asc" } }),
  ]);
  const identityPolicies: NamedPolicy[] = inline.map((p) => ({ name: `${role.name}/${p.name}`, document: p.document }));
  for (const a of attached) {
    const policy = await findAttachablePolicy(db, role.accountId, a.policyArn);
    identityPolicies.push({ name: policy.arn, document: policy.text });
  }
  let permissionsBoundary: NamedPolicy | undefined;
  if (role.permissionsBoundaryArn) {
    const policy = await findAttachablePolicy(db, role.accountId, role.permissionsBoundaryArn);
    permissionsBoundary = { name: policy.arn, document: policy.text };
  }
  return { identityPolicies, permissionsBoundary };
}

export function roleArn(role: Pick<RoleRow, "accountId" | "path" | "name">): string {
  return arns.role(role.accountId, role.path, role.name);
}

/** aws:PrincipalTag/KEY for each of the role's tags (session principals carry their role's tags). */
export function principalTagContext(role: Pick<RoleRow, "tags">): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of readTags(role.tags)) out[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
  return out;
}

/** Finds a role by its ARN, path included, as STS resolves RoleArn. */
export async function findRoleByArn(db: Db | Tx, arn: string): Promise<RoleRow | null> {
  const m = /^arn:aws:iam::(\d{12}):role(\/(?:[^/]+\/)*)?([\w+=,.@-]+)$/.exec(arn);
  if (!m) return null;
  const [, accountId, path = "/", name] = m;
  const role = await db.role.findUnique({ where: { accountId_nameKey: { accountId, nameKey: nameKey(name) } } });
  // IAM names are unique ignoring case, but an ARN names the role exactly.
  if (!role || role.name !== name || role.path !== path) return null;
  return role;
}
