/**
 * AWS's policy size quotas. IAM counts characters without white space; we drop white space
 * between JSON tokens but keep it inside strings, where it is part of the value.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */

/** Which quota a document is held to. */
export type PolicySizeQuota = "trust" | "managed" | "role-inline" | "user-inline" | "group-inline" | "scp" | "rcp";

/** Characters allowed per quota (the defaults; the trust quota can be raised to 4,096). */
export const POLICY_SIZE_QUOTAS: Record<PolicySizeQuota, number> = {
  trust: 2048,
  managed: 6144,
  "role-inline": 10240,
  "user-inline": 2048,
  "group-inline": 5120,
  // AWS Organizations: SCPs and RCPs share the 5,120-character document limit.
  scp: 5120,
  rcp: 5120,
};

const QUOTA_NAMES: Record<PolicySizeQuota, string> = {
  trust: "a role trust policy",
  managed: "a managed policy",
  "role-inline": "the inline policies of a role (together)",
  "user-inline": "the inline policies of a user (together)",
  "group-inline": "the inline policies of a group (together)",
  scp: "a service control policy",
  rcp: "a resource control policy",
};

/** Human name of a quota, for messages. */
export function describeQuota(quota: PolicySizeQuota): string {
  return QUOTA_NAMES[quota];
}

/** Characters IAM counts against the quota: everything but white space outside strings. */
export function countPolicyCharacters(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      count++;
      if (c === 92 /* \ */) {
        count++;
        i++;
      } else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
      count++;
    } else if (c !== 32 && c !== 9 && c !== 10 && c !== 13) count++;
  }
  return count;
}
