/**
 * The names decisions give a resource's own policy, in one place for every door: the database's
 * resource side (./resource-policies.ts), the workspace review input and who-can.
 */

/** The name decisions give a role's trust policy. */
export function trustPolicyName(roleName: string): string {
  return `Trust policy of role ${roleName}`;
}

/** The name decisions give a bucket's policy. */
export function bucketPolicyName(bucketName: string): string {
  return `Bucket policy of ${bucketName}`;
}
