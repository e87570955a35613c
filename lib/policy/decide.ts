/**
 * The decision for one request across every policy type, following the IAM User Guide's
 * "Policy evaluation logic" and "Cross-account policy evaluation logic" pages:
 *   1. an explicit Deny in any applicable policy wins;
 *   2. SCPs (principal's organization) and RCPs (resource's organization) must allow at every level;
 *   3. same account: a resource-based policy or an identity-based policy grants; cross-account:
 *      both must;
 *   4. the permissions boundary and session policies must allow too, except that a same-account
 *      resource-based policy naming the caller itself (IAM user ARN or session ARN) is not limited
 *      by them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 *
 * Rules that depend on the request rather than on a statement live in ./request-rules.ts: requests
 * that need no permission (`sts:GetCallerIdentity`), resources only their own policy can open (role
 * trust policies, KMS key policies), the services RCPs reach, and callers organization policies
 * skip (service-linked roles).
 *
 * Where the pages leave room, we decided (and the tests pin it down):
 * - Naming the account (id or root ARN) in a same-account resource policy delegates to the
 *   account's IAM policies rather than granting by itself ("AWS account principals").
 * - Only a statement naming the caller's own ARN (user, session, federated user) escapes the
 *   boundary and session policies; `*`, the role ARN and the account do not.
 * - SCPs apply to IAM identities only (not service principals or anonymous callers); RCPs to every
 *   caller except AWS service principals. Service-linked roles are skipped by both. The request
 *   cannot tell the management account; the loaders leave its SCPs (and its resources' RCPs) out.
 * - Each SCP level given must allow, an empty level included (AWS keeps at least one SCP on every
 *   entity); RCP levels always allow (RCPFullAWSAccess cannot be detached) and only deny explicitly;
 *   several session policies act as
 *   one (any of them allowing is enough); the root user's identity side allows everything.
 * - A resource ARN without an account and no `resourceAccount` counts as the caller's account.
 */
import type { CompiledPolicy, StatementRef } from "./compile-policy";
import { PrincipalMatch } from "./principals";
import type { PreparedRequest } from "./request-context";
import { gatingPolicy, isServiceLinkedCaller, needsNoPermission, rcpsReach, rootCannotCall, type GatingPolicy } from "./request-rules";
import { statementApplies } from "./statement-match";

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

/** One organization level (root, OU or account) and the policies attached to it. */
export interface CompiledLevel {
  target: string;
  policies: CompiledPolicy[];
}

export interface CompiledPolicySet {
  identity: CompiledPolicy[];
  boundary?: CompiledPolicy;
  session: CompiledPolicy[];
  resource?: CompiledPolicy;
  scps: CompiledLevel[];
  rcps: CompiledLevel[];
}

/** Why the decision came out as it did; explanations turn it into words. */
export type DecisionReason =
  | "explicit-deny"
  | "scp-level"
  | "no-grant"
  | "no-resource-grant"
  | "resource-policy-required"
  | "root-cannot-assume-role"
  | "cross-account-identity"
  | "cross-account-resource"
  | "boundary"
  | "session"
  | "allowed"
  | "allowed-resource-names-caller"
  | "allowed-by-resource-policy"
  | "no-permission-needed";

export interface Outcome {
  decision: Decision;
  decisive: StatementRef[];
  reason: DecisionReason;
  /** The organization level that did not allow (scp-level). */
  level?: number;
  /** For resource-policy-required: the policy that must allow (the role's trust or the key's policy). */
  gate?: GatingPolicy;
}

/** Which policy types apply to the caller. */
export interface Applicability {
  /** Identity-based policies, boundary and session policies: only IAM identities have them. */
  identitySide: boolean;
  /** SCPs limit IAM identities of member accounts; not service principals or anonymous callers. */
  scps: boolean;
  /** RCPs limit every caller except AWS service principals. */
  rcps: boolean;
}

/** The policy types that apply to this request's caller. */
export function applicability(set: CompiledPolicySet, request: PreparedRequest): Applicability {
  const caller = request.caller;
  const identitySide = caller.account !== undefined;
  const serviceLinked = isServiceLinkedCaller(caller);
  return {
    identitySide,
    scps: identitySide && !serviceLinked && set.scps.length > 0,
    rcps: caller.kind !== "service" && !serviceLinked && set.rcps.length > 0 && rcpsReach(request.actionLower),
  };
}

function collectDenies(policy: CompiledPolicy, request: PreparedRequest, out: StatementRef[] | null): StatementRef[] | null {
  const denies = policy.denies;
  for (let i = 0; i < denies.length; i++) {
    if (statementApplies(denies[i], request) !== PrincipalMatch.None) (out ??= []).push(denies[i].ref);
  }
  return out;
}

function collectAllows(policy: CompiledPolicy, request: PreparedRequest, out: StatementRef[]): void {
  const allows = policy.allows;
  for (let i = 0; i < allows.length; i++) {
    if (statementApplies(allows[i], request) !== PrincipalMatch.None) out.push(allows[i].ref);
  }
}

/** Decides one request. Allocation-light: only the decisive lists are built. */
export function decide(set: CompiledPolicySet, request: PreparedRequest): Outcome {
  if (needsNoPermission(request.actionLower)) return { decision: "Allow", decisive: [], reason: "no-permission-needed" };
  const applies = applicability(set, request);
  const caller = request.caller;
  request.callerHasBoundary = applies.identitySide && set.boundary !== undefined && caller.kind !== "root";

  let denies: StatementRef[] | null = null;
  if (applies.identitySide) {
    for (const p of set.identity) denies = collectDenies(p, request, denies);
    if (set.boundary) denies = collectDenies(set.boundary, request, denies);
    for (const p of set.session) denies = collectDenies(p, request, denies);
  }
  if (set.resource) denies = collectDenies(set.resource, request, denies);
  if (applies.scps) for (const level of set.scps) for (const p of level.policies) denies = collectDenies(p, request, denies);
  if (applies.rcps) for (const level of set.rcps) for (const p of level.policies) denies = collectDenies(p, request, denies);
  if (denies !== null) return { decision: "ExplicitDeny", decisive: denies, reason: "explicit-deny" };

  const guards: StatementRef[] = [];
  if (applies.scps) {
    for (let i = 0; i < set.scps.length; i++) {
      const before = guards.length;
      for (const p of set.scps[i].policies) collectAllows(p, request, guards);
      if (guards.length === before) return { decision: "ImplicitDeny", decisive: [], reason: "scp-level", level: i };
    }
  }
  // RCPs never deny implicitly: AWS attaches RCPFullAWSAccess to every root, OU and account and
  // it cannot be detached (Organizations User Guide, "Resource control policies"), so every
  // level always allows; only an RCP's explicit Deny (collected above) limits access. Allowing
  // RCP statements given in the case still count among the deciding statements.
  if (applies.rcps) for (const level of set.rcps) for (const p of level.policies) collectAllows(p, request, guards);

  const identityGrants: StatementRef[] = [];
  if (applies.identitySide) for (const p of set.identity) collectAllows(p, request, identityGrants);
  // No policy can be attached to the root user: its identity side allows everything.
  const identityAllows = identityGrants.length > 0 || caller.kind === "root";

  let resourceGrants: StatementRef[] | null = null;
  let namesCaller = false;
  let grantsBeyondAccount = false;
  if (set.resource) {
    const allows = set.resource.allows;
    for (let i = 0; i < allows.length; i++) {
      const m = statementApplies(allows[i], request);
      if (m === PrincipalMatch.None) continue;
      (resourceGrants ??= []).push(allows[i].ref);
      if (m === PrincipalMatch.Exact || m === PrincipalMatch.ArnCondition) namesCaller = true;
      // Naming the account only delegates to the account's own IAM policies.
      if (m !== PrincipalMatch.Account) grantsBeyondAccount = true;
    }
  }

  if (!applies.identitySide) {
    if (resourceGrants === null) return { decision: "ImplicitDeny", decisive: [], reason: "no-resource-grant" };
    return { decision: "Allow", decisive: concat(resourceGrants, guards), reason: "allowed-by-resource-policy" };
  }

  if (rootCannotCall(request.actionLower, caller)) return { decision: "ImplicitDeny", decisive: [], reason: "root-cannot-assume-role" };
  // A role's trust policy and a KMS key's policy must allow (or delegate to the account) themselves.
  const gate = gatingPolicy(request.actionLower, request.resource);
  if (gate !== undefined && resourceGrants === null) return { decision: "ImplicitDeny", decisive: [], reason: "resource-policy-required", gate };

  let grants: StatementRef[];
  if (request.sameAccount) {
    if (namesCaller) return { decision: "Allow", decisive: concat(resourceGrants!, guards), reason: "allowed-resource-names-caller" };
    if (!identityAllows && !grantsBeyondAccount) return { decision: "ImplicitDeny", decisive: [], reason: "no-grant" };
    grants = grantsBeyondAccount ? concat(identityGrants, resourceGrants!) : identityGrants;
  } else {
    if (!identityAllows) return { decision: "ImplicitDeny", decisive: [], reason: "cross-account-identity" };
    if (resourceGrants === null) return { decision: "ImplicitDeny", decisive: [], reason: "cross-account-resource" };
    grants = concat(identityGrants, resourceGrants);
  }

  if (set.boundary && caller.kind !== "root") {
    const before = guards.length;
    collectAllows(set.boundary, request, guards);
    if (guards.length === before) return { decision: "ImplicitDeny", decisive: [], reason: "boundary" };
  }
  if (set.session.length > 0) {
    const before = guards.length;
    for (const p of set.session) collectAllows(p, request, guards);
    if (guards.length === before) return { decision: "ImplicitDeny", decisive: [], reason: "session" };
  }
  return { decision: "Allow", decisive: concat(grants, guards), reason: "allowed" };
}

function concat(a: StatementRef[], b: StatementRef[]): StatementRef[] {
  return b.length === 0 ? a : a.concat(b);
}
