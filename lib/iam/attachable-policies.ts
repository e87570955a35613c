/**
 * The designer's policy picker and its preview context: managed policies one can attach (the
 * account's customer-managed ones and AWS-managed ones, by name), and a role's saved policies as
 * the evaluator reads them.
 */
import type { Db, Tx } from "../db/create-client";
import { searchManagedPolicies } from "../catalog/managed-policies";
import type { NamedPolicy } from "../policy/evaluate";
import { arns } from "./arns";
import { findAttachablePolicy } from "./managed-policies";
import { getRoleDetail } from "./roles";
import { parseStoredDocument } from "./stored-policies";

export interface AttachableRow {
  arn: string;
  name: string;
  kind: "customer" | "aws";
  path: string;
  description: string;
}

/** Customer-managed policies first, then AWS-managed; names containing `query`, ignoring case. */
export async function searchAttachablePolicies(db: Db | Tx, accountId: string, query: string, limit = 30): Promise<AttachableRow[]> {
  const needle = query.trim().toLowerCase();
  const customer = await db.managedPolicy.findMany({ where: { accountId, ...(needle ? { nameKey: { contains: needle } } : {}) }, orderBy: { nameKey: "asc" }, take: limit });
  const rows: AttachableRow[] = customer.map((p) => ({ arn: arns.policy(p.accountId, p.path, p.name), name: p.name, kind: "customer", path: p.path, description: p.description }));
  for (const p of searchManagedPolicies(needle, limit - rows.length)) rows.push({ arn: p.arn, name: p.name, kind: "aws", path: p.path, description: p.description ?? "" });
  return rows;
}

/** A role's saved identity-based policies and boundary, named as the designer names them. */
export async function loadRolePolicySet(db: Db | Tx, accountId: string, roleName: string): Promise<{ saved: NamedPolicy[]; boundary?: NamedPolicy; roleVersion: number }> {
  const role = await getRoleDetail(db, accountId, roleName);
  const saved: NamedPolicy[] = [
    ...role.inlinePolicies.map((p) => ({ name: p.name, document: p.document })),
    ...role.attachedPolicies.map((p) => ({ name: p.name, document: parseStoredDocument(p.text, `Policy ${p.name}`) })),
  ];
  const boundary = role.permissionsBoundaryArn ? await findAttachablePolicy(db, accountId, role.permissionsBoundaryArn) : undefined;
  return { saved, boundary: boundary && { name: boundary.name, document: parseStoredDocument(boundary.text, `Policy ${boundary.name}`) }, roleVersion: role.version };
}

/** The documents of managed policies by ARN (for a role still being designed). */
export async function loadManagedDocuments(db: Db | Tx, accountId: string, policyArns: string[]): Promise<NamedPolicy[]> {
  const out: NamedPolicy[] = [];
  for (const arn of policyArns) {
    const policy = await findAttachablePolicy(db, accountId, arn);
    out.push({ name: policy.name, document: parseStoredDocument(policy.text, `Policy ${policy.name}`) });
  }
  return out;
}
