/**
 * The actions a role trust policy may name: IAM refuses any other in a trust policy
 * (MalformedPolicyDocument), so the trust editor offers only these and the validator flags the rest.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html
 */
export const trustPolicyActions = ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext"] as const;

const lowered = new Set<string>(trustPolicyActions.map((a) => a.toLowerCase()));

/** True when `action` (any case) may appear in a trust policy. */
export function isTrustPolicyAction(action: string): boolean {
  return lowered.has(action.toLowerCase());
}
