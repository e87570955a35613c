/**
 * STS AssumeRole and GetCallerIdentity for callers holding credentials Roleplay issued. The
 * decision is the evaluator's: the caller's session (its role's inline and attached policies,
 * boundary, session policy and its account's SCPs) asks for sts:AssumeRole on the target role's ARN, with the target's
 * trust policy as the resource-based policy, so cross-account calls need both sides and
 * same-account calls either (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
 * Limits: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import type { Db } from "../db/create-client";
import { arns } from "../iam/arns";
import { cryptoRandom, type RandomSource } from "../iam/ids";
import { compilePolicy, compilePolicySet, evaluateRequest, type NamedPolicy } from "../policy/evaluate";
import { PolicyGrammarError } from "../policy/policy-grammar-error";
import { awsTimestamp } from "./rotation";
import { findRoleByArn, principalTagContext, roleArn, type RoleRow } from "./role-policies";
import { loadRoleIdentityPolicies } from "../iam/principal-policies";
import { issueRoleSession, type IssuedSession } from "./role-sessions";
import { StsError } from "./sts-errors";
import { loadAccountScps } from "../iam/principal-policies";

/** Role chaining (role credentials assuming a role) is limited to one hour. */
export const chainedSessionMaxSeconds = 3600;
export const minSessionSeconds = 900;
export const maxSessionSeconds = 43200;
export const roleSessionNamePattern = /^[\w+=,.@-]{2,64}$/;

export type AssumeRoleParams = {
  RoleArn?: string;
  RoleSessionName?: string;
  DurationSeconds?: string;
  Policy?: string;
  ExternalId?: string;
};

export type RequestFacts = { now: Date; sourceIp: string; region: string; secureTransport: boolean };

function validationError(value: string | undefined, member: string, constraint: string): StsError {
  const shown = value === undefined ? "null" : `'${value}'`;
  return new StsError("ValidationError", `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

/** Checks the parameters' form before anything is looked up, as STS does. */
export function validateAssumeRoleParams(params: AssumeRoleParams): { roleArn: string; sessionName: string; duration: number; policy: string | null } {
  const { RoleArn, RoleSessionName, DurationSeconds, Policy } = params;
  if (RoleArn === undefined) throw validationError(undefined, "roleArn", "Member must not be null");
  if (RoleArn.length < 20) throw validationError(RoleArn, "roleArn", "Member must have length greater than or equal to 20");
  if (RoleArn.length > 2048) throw validationError(RoleArn, "roleArn", "Member must have length less than or equal to 2048");
  if (RoleSessionName === undefined) throw validationError(undefined, "roleSessionName", "Member must not be null");
  if (RoleSessionName.length < 2) throw validationError(RoleSessionName, "roleSessionName", "Member must have length greater than or equal to 2");
  if (RoleSessionName.length > 64) throw validationError(RoleSessionName, "roleSessionName", "Member must have length less than or equal to 64");
  if (!roleSessionNamePattern.test(RoleSessionName)) throw validationError(RoleSessionName, "roleSessionName", "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  let duration = 3600;
  if (DurationSeconds !== undefined) {
    if (!/^\d+$/.test(DurationSeconds)) throw validationError(DurationSeconds, "durationSeconds", "Member must be an integer");
    duration = Number(DurationSeconds);
    if (duration < minSessionSeconds) throw validationError(DurationSeconds, "durationSeconds", `Member must have value greater than or equal to ${minSessionSeconds}`);
    if (duration > maxSessionSeconds) throw validationError(DurationSeconds, "durationSeconds", `Member must have value less than or equal to ${maxSessionSeconds}`);
  }
  let policy: string | null = null;
  if (Policy !== undefined) {
    if (Policy.length < 1) throw validationError(Policy, "policy", "Member must have length greater than or equal to 1");
    try {
      compilePolicy(Policy, "session policy", "session");
    } catch (error) {
      if (error instanceof PolicyGrammarError) throw new StsError("MalformedPolicyDocument", `The policy is not in the valid JSON format. ${error.message}`);
      throw error;
    }
    if (Policy.replace(/\s+/g, "").length > 2048) {
      throw new StsError("ValidationError", "Packed policy consumes more than the allowed size: the session policy exceeds 2048 characters.");
    }
    policy = Policy;
  }
  return { roleArn: RoleArn, sessionName: RoleSessionName, duration, policy };
}

/** The request context AWS fills in for a role session's call. */
async function callerContext(db: Db, caller: IssuedSession, callerRole: RoleRow | null, facts: RequestFacts): Promise<Record<string, string>> {
  const context: Record<string, string> = {
    "aws:PrincipalArn": caller.roleArn,
    "aws:PrincipalAccount": caller.accountId,
    "aws:PrincipalType": "AssumedRole",
    "aws:CurrentTime": awsTimestamp(facts.now),
    "aws:EpochTime": String(Math.floor(facts.now.getTime() / 1000)),
    "aws:TokenIssueTime": awsTimestamp(caller.issuedAt),
    "aws:SourceIp": facts.sourceIp,
    "aws:SecureTransport": String(facts.secureTransport),
    "aws:RequestedRegion": facts.region,
    "aws:ViaAWSService": "false",
    "aws:PrincipalIsAWSService": "false",
  };
  if (callerRole) {
    context["aws:userid"] = `${callerRole.id}:${caller.sessionName}`;
    Object.assign(context, principalTagContext(callerRole));
  }
  if (caller.source === "instance" && caller.sourceId) {
    const instance = await db.instance.findUnique({ where: { id: caller.sourceId }, select: { region: true, accountId: true, id: true } });
    if (instance) context["ec2:SourceInstanceARN"] = arns.instance(instance.region, instance.accountId, instance.id);
  }
  return context;
}

function accessDenied(caller: IssuedSession, target: string): StsError {
  return new StsError("AccessDenied", `User: ${caller.assumedRoleArn} is not authorized to perform: sts:AssumeRole on resource: ${target}`);
}

export type AssumeRoleResult = { session: IssuedSession; assumedRoleId: string; packedPolicySize: number | null };

/**
 * AssumeRole: validates, authorizes with the evaluator, enforces the duration limits and issues
 * the new session (recorded, audited with the caller as actor). Throws StsError.
 */
export async function assumeRole(db: Db, caller: IssuedSession, params: AssumeRoleParams, facts: RequestFacts, random: RandomSource = cryptoRandom): Promise<AssumeRoleResult> {
  const input = validateAssumeRoleParams(params);
  const callerRole = caller.roleId ? await db.role.findUnique({ where: { id: caller.roleId } }) : null;
  const target = await findRoleByArn(db, input.roleArn);
  // An unknown role is indistinguishable from a forbidden one, as on AWS.
  if (!target) throw accessDenied(caller, input.roleArn);

  const identity: { identityPolicies: NamedPolicy[]; permissionsBoundary?: NamedPolicy } = callerRole ? await loadRoleIdentityPolicies(db, callerRole) : { identityPolicies: [] };
  const sessionPolicies: NamedPolicy[] = caller.sessionPolicy ? [{ name: `session policy of ${caller.assumedRoleArn}`, document: caller.sessionPolicy }] : [];
  // The caller's organization limits it through SCPs; RCPs are not modelled here.
  const scps = await loadAccountScps(db, caller.accountId);
  let compiled;
  try {
    compiled = compilePolicySet({
      ...identity,
      sessionPolicies,
      scps,
      resourcePolicy: { name: `Trust policy of role ${target.name}`, document: target.trustPolicy },
    });
  } catch (error) {
    // A stored policy that no longer parses grants nothing.
    if (error instanceof PolicyGrammarError) throw accessDenied(caller, input.roleArn);
    throw error;
  }
  const context = await callerContext(db, caller, callerRole, facts);
  context["sts:RoleSessionName"] = input.sessionName;
  if (params.ExternalId !== undefined) context["sts:ExternalId"] = params.ExternalId;
  const result = evaluateRequest(compiled, {
    principal: caller.assumedRoleArn,
    action: "sts:AssumeRole",
    resource: roleArn(target),
    resourceAccount: target.accountId,
    context,
  });
  if (result.decision !== "Allow") throw accessDenied(caller, input.roleArn);

  // Every caller here holds role credentials, so every AssumeRole is role chaining.
  const chained = true;
  if (chained && input.duration > chainedSessionMaxSeconds) {
    throw new StsError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  if (input.duration > target.maxSessionDuration) {
    throw new StsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }
  const session = await issueRoleSession(
    db,
    {
      role: target,
      sessionName: input.sessionName,
      source: "assume-role",
      sourceId: caller.accessKeyId,
      sourcePrincipal: caller.assumedRoleArn,
      chained,
      sessionPolicy: input.policy,
      issuedAt: facts.now,
      durationSeconds: input.duration,
    },
    caller.assumedRoleArn,
    random,
  );
  const packedPolicySize = input.policy ? Math.ceil((input.policy.replace(/\s+/g, "").length / 2048) * 100) : null;
  return { session, assumedRoleId: `${target.id}:${input.sessionName}`, packedPolicySize };
}

/** GetCallerIdentity: who the credentials belong to. Needs no permission, as on AWS. */
export async function getCallerIdentity(db: Db, caller: IssuedSession): Promise<{ arn: string; userId: string; account: string }> {
  const role = caller.roleId ? await db.role.findUnique({ where: { id: caller.roleId }, select: { id: true } }) : null;
  const roleId = role?.id ?? caller.roleId ?? "AROA";
  return { arn: caller.assumedRoleArn, userId: `${roleId}:${caller.sessionName}`, account: caller.accountId };
}
