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

/**
 * The resource-based policy, owner and RCPs AWS would consult for `action` on `resource`, looked
 * up only within the workspace of `callerAccount` (the account the request is asked from): a
 * resource of another workspace is unknown here, like a resource that does not exist, so no door
 * can read another workspace's bucket or trust policy through a decision.
 */
export async function loadResourceSide(db: Db | Tx, action: string, resource: string, callerAccount: string): Promise<ResourceSide> {
  let policy: NamedPolicy | undefined;
  let account: string | undefined;
  const workspaceId = (await db.account.findUnique({ where: { id: callerAccount }, select: { workspaceId: true } }))?.workspaceId;
  if (workspaceId === undefined) return { rcps: [] };
  const inWorkspace = async (id: string) => (await db.account.findUnique({ where: { id }, select: { workspaceId: true } }))?.workspaceId === workspaceId;
  const s3 = S3_ARN.exec(resource);
  if (s3) {
    const bucket = await db.bucket.findFirst({ where: { name: s3[1], account: { workspaceId } } });
    if (bucket) {
      account = bucket.accountId;
      if (bucket.policy) policy = { name: bucketPolicyName(bucket.name), document: bucket.policy };
    }
  } else if (gatingPolicy(action.toLowerCase(), resource) === "trust") {
    const role = await findRoleByArn(db, resource);
    if (role && (await inWorkspace(role.accountId))) {
      account = role.accountId;
      policy = { name: trustPolicyName(role.name), document: role.trustPolicy };
    }
  } else {
    const owner = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(resource)?.[1];
    if (owner && (await inWorkspace(owner))) account = owner;
  }
  const rcps = account ? await loadOrgPolicyLevels(db, account, "RCP") : [];
  return { policy, account, rcps };
}
