/**
 * The resource side of a request, as AWS would consult it: the resource's own policy where the
 * workspace holds one (a bucket policy; a role's trust policy for the STS actions a trust policy
 * controls), the account that owns the resource, and the RCP levels over that account. One lookup
 * for every door, so a bucket policy or a trust policy takes part in every decision alike.
 */
import type { Db, Tx } from "../db/create-client";
import { findRoleByArn } from "../creds/role-policies";
import type { NamedPolicy, PolicySet } from "../policy/evaluate";
import { gatingPolicy } from "../policy/request-rules";
import { loadOrgPolicyLevels } from "./principal-policies";
import { bucketPolicyName, trustPolicyName } from "./resource-policy-names";

export type ResourceSide = {
  policy?: NamedPolicy;
  /** The account owning the resource, when the workspace knows it. */
  account?: string;
  /** RCP levels over the resource's account (empty: only the implicit RCPFullAWSAccess). */
  rcps: NonNullable<PolicySet["rcps"]>;
};

export { bucketPolicyName, trustPolicyName } from "./resource-policy-names";

const S3_ARN = /^arn:aws:s3:::([^/]+)(\/.*)?$/;

/** The resource-based policy, owner and RCPs AWS would consult for `action` on `resource`. */
export async function loadResourceSide(db: Db | Tx, action: string, resource: string): Promise<ResourceSide> {
  let policy: NamedPolicy | undefined;
  let account: string | undefined;
  const s3 = S3_ARN.exec(resource);
  if (s3) {
    const bucket = await db.bucket.findUnique({ where: { name: s3[1] } });
    if (bucket) {
      account = bucket.accountId;
      if (bucket.policy) policy = { name: bucketPolicyName(bucket.name), document: bucket.policy };
    }
  } else if (gatingPolicy(action.toLowerCase(), resource) === "trust") {
    const role = await findRoleByArn(db, resource);
    if (role) {
      account = role.accountId;
      policy = { name: trustPolicyName(role.name), document: role.trustPolicy };
    }
  } else {
    const owner = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(resource)?.[1];
    if (owner && (await db.account.findUnique({ where: { id: owner }, select: { id: true } }))) account = owner;
  }
  const rcps = account ? await loadOrgPolicyLevels(db, account, "RCP") : [];
  return { policy, account, rcps };
}
