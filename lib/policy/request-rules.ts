/**
 * Rules that depend on what is being asked, not on any statement: which requests need no
 * permission, which resources only their own policy can open, which services RCPs reach, and
 * which callers organization policies skip. Each rule names the AWS page it comes from.
 */
import type { Caller } from "./caller";

/**
 * `sts:GetCallerIdentity` needs no permission and cannot be denied, even by an explicit Deny.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
export function needsNoPermission(actionLower: string): boolean {
  return actionLower === "sts:getcalleridentity";
}

/** The STS actions a role trust policy controls, lowercased. */
const TRUST_ACTIONS = new Set([
  "sts:assumerole",
  "sts:assumerolewithsaml",
  "sts:assumerolewithwebidentity",
  "sts:tagsession",
  "sts:setsourceidentity",
  "sts:setcontext",
]);
const ASSUME_ACTIONS = new Set(["sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity"]);
const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\//;
const KMS_KEY_ARN = /^arn:[^:]+:kms:[^:]*:\d{12}:key\//;

/**
 * Role trust policies and KMS key policies must themselves allow the principal (or name its account,
 * which then delegates to the account's identity-based policies): an identity-based policy alone
 * grants nothing on them, even in the same account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 *   ("IAM role trust policies and KMS key policies are exceptions to this logic")
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 */
export type GatingPolicy = "trust" | "key";

export function gatingPolicy(actionLower: string, resource: string): GatingPolicy | undefined {
  if (TRUST_ACTIONS.has(actionLower) && ROLE_ARN.test(resource)) return "trust";
  if (actionLower.startsWith("kms:") && KMS_KEY_ARN.test(resource)) return "key";
  return undefined;
}

/**
 * The root user cannot assume a role: "You cannot use AWS account root user credentials to call
 * AssumeRole." https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export function rootCannotCall(actionLower: string, caller: Caller): boolean {
  return caller.kind === "root" && ASSUME_ACTIONS.has(actionLower);
}

/**
 * RCPs apply only to the resources of the services that support them ("List of AWS services that
 * support RCPs", AWS Organizations User Guide, as of 2026), and `kms:RetireGrant` is not affected
 * by RCPs ("Resource control policies in AWS KMS").
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html
 */
export const RCP_SERVICES: readonly string[] = [
  "s3",
  "sts",
  "kms",
  "sqs",
  "secretsmanager",
  "cognito-idp",
  "logs",
  "dynamodb",
  "ecr",
  "aoss",
];
const RCP_SERVICE_SET = new Set(RCP_SERVICES);

export function rcpsReach(actionLower: string): boolean {
  if (actionLower === "kms:retiregrant") return false;
  const colon = actionLower.indexOf(":");
  return colon > 0 && RCP_SERVICE_SET.has(actionLower.slice(0, colon));
}

/**
 * SCPs (and RCPs) do not restrict service-linked roles. A role is service-linked when its path is
 * `/aws-service-role/`; a session ARN carries no path, so a session is known by the name AWS gives
 * every service-linked role (`AWSServiceRoleFor…`).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 *   ("SCPs don't affect service-linked roles")
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 */
export function isServiceLinkedCaller(caller: Caller): boolean {
  return caller.serviceLinked === true;
}
