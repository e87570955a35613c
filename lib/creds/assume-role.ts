/**
 * STS AssumeRole and GetCallerIdentity for callers holding credentials Roleplay issued. The
 * decision is the evaluator's, through the doors' one loader (lib/authz): the caller's session
 * (its role's complete policy set and its session policy) asks for sts:AssumeRole on the target
 * role's ARN, with the target's trust policy and its account's RCPs as the resource side. The
 * trust policy must allow the caller or delegate to its account, in the same account too
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * Limits: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import type { Db } from "../db/create-client";
import { isAppError } from "../errors";
import { cryptoRandom, type RandomSource } from "../iam/ids";
import { compilePolicy, compilePolicySet } from "../policy/evaluate";
import { PolicyGrammarError } from "../policy/policy-grammar-error";
import { callerContext } from "../authz/call-context";
import { resolveSigningPrincipal } from "../authz/principal-policies";
import { checkRequest } from "../authz/authorize-call";
import { loadResourceSide } from "../authz/resource-policies";
import { findRoleByArn, roleArn } from "./role-policies";
import { issueRoleSession, type IssuedSession } from "./role-sessions";
import type { SigningCaller } from "./signing-caller";
import { StsError } from "./sts-errors";

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

function accessDenied(caller: SigningCaller, target: string): StsError {
  return new StsError("AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${target}`);
}

export type AssumeRoleResult = { session: IssuedSession; assumedRoleId: string; packedPolicySize: number | null };

/**
 * AssumeRole: validates, authorizes with the evaluator, enforces the duration limits and issues
 * the new session (recorded, audited with the caller as actor). The caller is a role session
 * (role chaining) or an IAM user signing with a long-term key. Throws StsError.
 */
export async function assumeRole(db: Db, caller: SigningCaller, params: AssumeRoleParams, facts: RequestFacts, random: RandomSource = cryptoRandom): Promise<AssumeRoleResult> {
  const input = validateAssumeRoleParams(params);
  const target = await findRoleByArn(db, input.roleArn);
  // An unknown role is indistinguishable from a forbidden one, as on AWS.
  if (!target) throw accessDenied(caller, input.roleArn);

  // A session acts with its role's complete policy set and its session policy; a user as itself.
  let principal;
  try {
    principal = await resolveSigningPrincipal(db, caller, { sourceIp: facts.sourceIp, region: facts.region, secureTransport: facts.secureTransport });
  } catch (error) {
    if (isAppError(error)) throw accessDenied(caller, input.roleArn);
    throw error;
  }
  const resource = roleArn(target);
  const side = await loadResourceSide(db, "sts:AssumeRole", resource, caller.accountId);
  let compiled;
  try {
    compiled = compilePolicySet({ ...principal.policies, resourcePolicy: side.policy, rcps: side.rcps });
  } catch (error) {
    // A stored policy that no longer parses grants nothing.
    if (error instanceof PolicyGrammarError) throw accessDenied(caller, input.roleArn);
    throw error;
  }
  const context = callerContext(principal, facts.now);
  context["sts:RoleSessionName"] = input.sessionName;
  if (params.ExternalId !== undefined) context["sts:ExternalId"] = params.ExternalId;
  const check = checkRequest(principal, { action: "sts:AssumeRole", resource, resourceAccount: target.accountId, context, resourcePolicy: side.policy, rcps: side.rcps }, compiled);
  if (!check.allowed) throw accessDenied(caller, input.roleArn);

  // Role credentials assuming a role is role chaining.
  const chained = caller.kind === "session";
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
      sourcePrincipal: caller.arn,
      chained,
      sessionPolicy: input.policy,
      issuedAt: facts.now,
      durationSeconds: input.duration,
    },
    caller.arn,
    random,
  );
  const packedPolicySize = input.policy ? Math.ceil((input.policy.replace(/\s+/g, "").length / 2048) * 100) : null;
  return { session, assumedRoleId: `${target.id}:${input.sessionName}`, packedPolicySize };
}

/** GetCallerIdentity: who the credentials belong to. Needs no permission, as on AWS. */
export async function getCallerIdentity(db: Db, caller: SigningCaller): Promise<{ arn: string; userId: string; account: string }> {
  if (caller.kind === "user") return { arn: caller.arn, userId: caller.userId, account: caller.accountId };
  const session: IssuedSession = caller.session;
  const role = session.roleId ? await db.role.findUnique({ where: { id: session.roleId }, select: { id: true } }) : null;
  const roleId = role?.id ?? session.roleId ?? "AROA";
  return { arn: session.assumedRoleArn, userId: `${roleId}:${session.sessionName}`, account: session.accountId };
}
