/**
 * What the PassRole review reads: every identity with its policies already resolved to documents,
 * roles with their trust policies and instance profiles, instances, and SCPs per account. Built
 * from authorization-details files (lib/io) or from the workspace database; the review itself
 * never knows which.
 */

/** A policy document and a key naming it uniquely (so it is compiled once however often it is shared). */
export interface ReviewPolicy {
  /** `ARN#version` for managed policies, `holder-ARN#inline#name` for inline ones. */
  key: string;
  name: string;
  document: unknown;
  /** Where the principal gets it from, for explanations: "inline", "attached", "group developers (inline)", … */
  from?: string;
  /** A managed policy's ARN (escalation edges act on it: CreatePolicyVersion, SetDefaultPolicyVersion). */
  arn?: string;
  /** A customer-managed policy's other versions, which SetDefaultPolicyVersion could make the default. */
  otherVersions?: { versionId: string; document: unknown }[];
}

export interface ReviewIdentity {
  kind: "user" | "role";
  arn: string;
  account: string;
  name: string;
  /** Own inline and attached policies, and for users those of their groups. */
  policies: ReviewPolicy[];
  boundary?: ReviewPolicy;
  /** For users: the names of their groups. */
  groups: string[];
  /** IAM's unique id (AIDA…, AROA…), for aws:userid; absent when the source does not give it. */
  uniqueId?: string;
  /** The identity's tags, for aws:PrincipalTag/KEY; absent when the source does not give them. */
  tags?: { Key: string; Value: string }[];
}

export interface ReviewRole extends ReviewIdentity {
  kind: "role";
  trust: ReviewPolicy;
  /** ARNs of the instance profiles holding the role. */
  instanceProfiles: string[];
}

export interface ReviewInstanceProfile {
  arn: string;
  name: string;
  account: string;
  roleArn?: string;
}

export interface ReviewInstance {
  id: string;
  account: string;
  name?: string;
  state: string;
  /** The instance profile currently associated, if any. */
  profileArn?: string;
  /** Where it runs, for its ARN (SSM and EC2 Instance Connect act on it). */
  region?: string;
}

/** A group with its own policies (escalation: AddUserToGroup, Put/AttachGroupPolicy). */
export interface ReviewGroup {
  arn: string;
  name: string;
  account: string;
  policies: ReviewPolicy[];
}

/** An ECS task of the workspace and the role it runs with (ecs:ExecuteCommand reaches it). */
export interface ReviewTask {
  arn: string;
  account: string;
  status: string;
  taskRoleArn?: string;
}

/** A bucket of the workspace, its owner and its bucket policy (who-can reads them). */
export interface ReviewBucket {
  name: string;
  account: string;
  policy?: ReviewPolicy;
}

/** One organization level (root, OU, account) and its SCPs, root first. */
export interface ReviewScpLevel {
  target: string;
  policies: ReviewPolicy[];
}

export interface ReviewInput {
  /** Every account owning a user or a role. */
  accounts: string[];
  users: ReviewIdentity[];
  roles: ReviewRole[];
  instanceProfiles: ReviewInstanceProfile[];
  instances: ReviewInstance[];
  /** SCP levels per account, where the workspace has an organization. */
  scps?: Record<string, ReviewScpLevel[]>;
  /** RCP levels per account (over its resources), where the workspace has an organization. */
  rcps?: Record<string, ReviewScpLevel[]>;
  /** Buckets with their policies; absent for sources that hold none (authorization-details files). */
  buckets?: ReviewBucket[];
  /** Groups with their own policies; absent when the source did not give them. */
  groups?: ReviewGroup[];
  /** ECS tasks (workspaces only). */
  tasks?: ReviewTask[];
}
