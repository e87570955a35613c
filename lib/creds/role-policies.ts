/**
 * Roles as the credential services read them: the row, its ARN, the principal tags its sessions
 * carry, and lookup by ARN. Its policies come from `lib/authz/principal-policies.ts`.
 */
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
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

export function roleArn(role: Pick<RoleRow, "accountId" | "path" | "name">): string {
  return arns.role(role.accountId, role.path, role.name);
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
