// Small hand-made accounts for the review's tests: documents in, ReviewInput out.
import type { ReviewIdentity, ReviewInput, ReviewPolicy, ReviewRole, ReviewScpLevel } from "../../../lib/review/review-input";

export const A = "111111111111";
export const B = "222222222222";
export const V = "2012-10-17";
export type Statement = Record<string, unknown>;

export const doc = (...Statement: Statement[]) => ({ Version: V, Statement });
export const policy = (name: string, ...statements: Statement[]): ReviewPolicy => ({ key: `test#${name}#${JSON.stringify(statements)}`, name, document: doc(...statements) });
export const allow = (Action: string | string[], Resource: string | string[] = "*", Condition?: Record<string, unknown>): Statement => ({ Effect: "Allow", Action, Resource, ...(Condition ? { Condition } : {}) });
export const deny = (Action: string | string[], Resource: string | string[] = "*"): Statement => ({ Effect: "Deny", Action, Resource });
export const toService = (service: string | string[]) => ({ StringEquals: { "iam:PassedToService": service } });
export const trustOf = (...services: string[]) => doc({ Effect: "Allow", Principal: { Service: services.length === 1 ? services[0] : services }, Action: "sts:AssumeRole" });

export function user(name: string, policies: ReviewPolicy[], extra: Partial<ReviewIdentity> = {}): ReviewIdentity {
  const account = extra.account ?? A;
  return { kind: "user", arn: `arn:aws:iam::${account}:user/${name}`, account, name, policies, groups: [], ...extra };
}

export function role(name: string, policies: ReviewPolicy[], options: { trust?: unknown; profile?: boolean; account?: string; boundary?: ReviewPolicy } = {}): ReviewRole {
  const account = options.account ?? A;
  const arn = `arn:aws:iam::${account}:role/${name}`;
  return {
    kind: "role",
    arn,
    account,
    name,
    policies,
    boundary: options.boundary,
    groups: [],
    trust: { key: `${arn}#trust`, name: `trust policy of ${name}`, document: options.trust ?? trustOf("ec2.amazonaws.com") },
    instanceProfiles: options.profile === false ? [] : [`arn:aws:iam::${account}:instance-profile/${name}`],
  };
}

export function account(users: ReviewIdentity[], roles: ReviewRole[], scps?: Record<string, ReviewScpLevel[]>): ReviewInput {
  const accounts = [...new Set([...users, ...roles].map((i) => i.account))].sort();
  return {
    accounts,
    users,
    roles,
    instanceProfiles: roles.flatMap((r) => r.instanceProfiles.map((arn) => ({ arn, name: arn.slice(arn.lastIndexOf("/") + 1), account: r.account, roleArn: r.arn }))),
    instances: [],
    ...(scps ? { scps } : {}),
  };
}

/** Alice's own rights in the seed: launch instances and use S3. */
export const launchAndS3 = policy("LaunchInstancesAndUseS3", allow("ec2:RunInstances"), allow("s3:*"));
export const passAnyToEc2 = policy("ConsoleLaunchWithAnyRole", allow("iam:PassRole", "*", toService("ec2.amazonaws.com")));
export const opsAdmin = () => role("ops-admin", [policy("IamAndDynamo", allow(["iam:*", "dynamodb:*"]))]);
