/**
 * The request context of every AWS call Roleplay decides, built in one place so that every door
 * (console, CLI, IMDS, STS, review, who-can) asks the evaluator with the same keys. The global
 * keys come from "AWS global condition context keys"; the PassRole keys from "IAM and AWS STS
 * condition context keys" and the EC2 User Guide.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
 */

export type Context = Record<string, string | string[]>;

/** What the context of a caller's request is made of. */
export interface CallerFacts {
  kind: "root" | "user" | "role";
  /** The user or role ARN (for a role, the role, not its session: aws:PrincipalArn names the role). */
  arn: string;
  accountId: string;
  name: string;
  /** IAM's unique id (AIDA…, AROA…); the account id for root. */
  uniqueId: string;
  tags: { Key: string; Value: string }[];
  /** The role session's name when the caller signed with its credentials (default: actingSessionName). */
  sessionName?: string;
  /** The transport facts of the request being decided, when it came over the wire (roleplay api). */
  requestFacts?: RequestFacts;
}

/** The session name Roleplay gives a role acting in the sandbox. */
export const actingSessionName = "roleplay";

/** AWS's timestamp form: ISO 8601 without milliseconds. */
export function awsTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Transport facts of one request; the defaults are those of a console or CLI call. */
export interface RequestFacts {
  sourceIp?: string;
  region?: string;
  secureTransport?: boolean;
  /** When the caller's temporary credentials were issued (aws:TokenIssueTime). */
  tokenIssueTime?: Date;
  /** The instance whose credentials sign the request (ec2:SourceInstanceARN). */
  sourceInstanceArn?: string;
}

/**
 * The global keys AWS puts in every request of this caller at `now`. A role acts through a session
 * named `sessionName`; aws:userid is then ROLEID:SESSION. A caller that carries its own session
 * name and request facts (a signed request) brings them to every service it calls.
 */
export function callerContext(caller: CallerFacts, now: Date, sessionName = caller.sessionName ?? actingSessionName, facts: RequestFacts = caller.requestFacts ?? {}): Context {
  const context: Context = {
    "aws:PrincipalArn": caller.arn,
    "aws:PrincipalAccount": caller.accountId,
    "aws:PrincipalType": { root: "Account", user: "User", role: "AssumedRole" }[caller.kind],
    "aws:userid": caller.kind === "role" ? `${caller.uniqueId}:${sessionName}` : caller.uniqueId,
    "aws:CurrentTime": awsTime(now),
    "aws:EpochTime": String(Math.floor(now.getTime() / 1000)),
    "aws:SecureTransport": String(facts.secureTransport ?? true),
    "aws:ViaAWSService": "false",
    "aws:PrincipalIsAWSService": "false",
  };
  if (caller.kind === "user") context["aws:username"] = caller.name;
  for (const tag of caller.tags) context[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
  if (facts.sourceIp) context["aws:SourceIp"] = facts.sourceIp;
  if (facts.region) context["aws:RequestedRegion"] = facts.region;
  if (facts.tokenIssueTime) context["aws:TokenIssueTime"] = awsTime(facts.tokenIssueTime);
  if (facts.sourceInstanceArn) context["ec2:SourceInstanceARN"] = facts.sourceInstanceArn;
  return context;
}

/** The services Roleplay's doors pass roles to. */
export type PassedToService = "ec2.amazonaws.com" | "ecs-tasks.amazonaws.com" | (string & {});

/**
 * The keys of an iam:PassRole check. `associatedResourceArn` is the resource the role will be
 * used with: the new instance for RunInstances and the instance for AssociateIamInstanceProfile;
 * for AddRoleToInstanceProfile, EC2 names no instance yet (see addRoleToProfileResource).
 */
export function passRoleContext(service: PassedToService, associatedResourceArn?: string): Context {
  const context: Context = { "iam:PassedToService": service };
  if (associatedResourceArn) context["iam:AssociatedResourceArn"] = associatedResourceArn;
  return context;
}

/**
 * iam:AssociatedResourceArn for the PassRole that AddRoleToInstanceProfile checks: "you cannot
 * specify a Region or instance ID in the EC2 instance ARN. The ARN value must be
 * arn:aws:ec2:*:CallerAccountId:instance/*" (IAM API Reference, AddRoleToInstanceProfile).
 */
export function addRoleToProfileResource(callerAccountId: string): string {
  return `arn:aws:ec2:*:${callerAccountId}:instance/*`;
}

/**
 * The request an AWS service makes when it assumes a role for its compute (EC2 for an instance
 * profile, ECS for a task role): the service principal asks sts:AssumeRole on the role, on behalf
 * of the role's own account. The IMDS, the console, the review and who-can all decide service
 * trust with this one request.
 */
export function serviceAssumeRoleRequest(service: string, role: { arn: string; accountId: string }, now?: Date) {
  const context: Context = {
    "aws:PrincipalServiceName": service,
    "aws:PrincipalIsAWSService": "true",
    "aws:SourceAccount": role.accountId,
    "aws:SecureTransport": "true",
  };
  if (now) {
    context["aws:CurrentTime"] = awsTime(now);
    context["aws:EpochTime"] = String(Math.floor(now.getTime() / 1000));
  }
  return { principal: service, action: "sts:AssumeRole", resource: role.arn, resourceAccount: role.accountId, context };
}
