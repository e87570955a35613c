/**
 * "Who can do ACTION on RESOURCE?" (shared/contracts/who-can.md): every IAM user and role of the
 * input is asked, a role as a session of itself, with the same evaluator, policy sets and request
 * keys as every other door. The resource side is the resource's own policy where the input holds
 * one (a bucket policy; a role's trust policy for the STS actions it gates), the account owning the
 * resource and the RCPs over that account.
 *
 * Pure: the input is read once (from the workspace or from authorization-details files) and the
 * caller passes the clock. Identities sharing policies share one compiled set (the review's
 * ReviewContext), so a question over thousands of principals is one evaluation each.
 */
import { AppError } from "../errors";
import { findAction } from "../catalog/actions";
import { compilePolicy, evaluateRequest, type CompiledPolicy, type CompiledPolicySet, type StatementRef } from "../policy/evaluate";
import { splitArn } from "../policy/arn";
import { gatingPolicy } from "../policy/request-rules";
import { ReviewContext, EC2 } from "../review/review-pass-role";
import type { ReviewIdentity, ReviewInput, ReviewRole, ReviewScpLevel } from "../review/review-input";
import { callerContext, serviceAssumeRoleRequest, type Context } from "./call-context";
import { bucketPolicyName, trustPolicyName } from "./resource-policy-names";

/** The session name a role is asked as: `arn:aws:sts::ACCOUNT:assumed-role/NAME/who-can`. */
export const whoCanSessionName = "who-can";

export interface WhoCanQuestion {
  action: string;
  resource: string;
  /** The resource's account, for an ARN that carries none (S3) when the input holds no bucket of that name. */
  resourceAccount?: string;
  /** Keys added to, or overriding, those AWS sets per caller (case-insensitive, as in AWS). */
  context?: Context;
}

export interface WhoCanPrincipal {
  /** The user's or role's own ARN (with its path). */
  principal: string;
  type: "user" | "role";
  account: string;
  name: string;
  /** The allowing statements (allowed) or the denying ones (explicitly denied); 0-based. */
  decisive: StatementRef[];
}

/**
 * An AWS service principal a role's trust policy names, asked the same question as the service
 * would ask it (sts:AssumeRole on the role as `ec2.amazonaws.com`, with the keys AWS sets for a
 * service). Services are no users or roles of the workspace: they are answered apart.
 */
export interface WhoCanService {
  service: string;
  decision: "Allow" | "ExplicitDeny" | "ImplicitDeny";
  /** The allowing or denying statements; empty for an implicit deny. */
  decisive: StatementRef[];
}

export interface WhoCanAnswer {
  /** The action as the catalog spells it. */
  action: string;
  resource: string;
  /** The account owning the resource, when known. */
  resourceAccount?: string;
  /** The name of the resource's own policy that took part, if any. */
  resourcePolicy?: string;
  /** How many principals were asked. */
  evaluated: number;
  /** Sorted by ARN in plain string order. */
  allowed: WhoCanPrincipal[];
  /** Sorted by ARN in plain string order. */
  explicitlyDenied: WhoCanPrincipal[];
  /**
   * For a trust-policy action (sts:AssumeRole…) on a role of the input: each service principal its
   * trust policy names, with its decision, sorted by name. Absent for any other question.
   */
  services?: WhoCanService[];
}

export interface WhoCanOptions {
  /** aws:CurrentTime and aws:EpochTime of every request. */
  now: Date;
  /** A review context over the same input, to share compiled policy sets between questions. */
  review?: ReviewContext;
}

/** A review context for who-can questions over `input` (reuse it for several questions). */
export function whoCanContext(input: ReviewInput): ReviewContext {
  // Who-can asks no PassRole question: naming a service spares compiling every trust policy to find them.
  return new ReviewContext(input, [EC2]);
}

const ACCOUNT = /^(\d{12}|aws)?$/;

/**
 * The question read for the evaluator: a known action (its catalog spelling) and an ARN (or `*`).
 * `InvalidInput` naming what is wrong otherwise.
 */
export function checkWhoCanQuestion(question: WhoCanQuestion): { action: string; resource: string } {
  const action = findAction(question.action.trim());
  if (!action) throw new AppError("InvalidInput", `${question.action} is not an action of any AWS service in the catalog (service:Action, e.g. s3:GetObject)`);
  const resource = question.resource.trim();
  if (resource !== "*") {
    const parts = splitArn(resource);
    if (!parts || !parts[0] || !/^[a-z][a-z0-9-]*$/.test(parts[1]) || !ACCOUNT.test(parts[4]) || !parts[5]) {
      throw new AppError("InvalidInput", `${question.resource} is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, e.g. arn:aws:s3:::my-bucket/key)`);
    }
  }
  if (question.resourceAccount !== undefined && !/^\d{12}$/.test(question.resourceAccount)) {
    throw new AppError("InvalidInput", `--resource-account takes a 12-digit account id, not '${question.resourceAccount}'`);
  }
  return { action: action.id, resource };
}

const S3_ARN = /^arn:[^:]+:s3:::([^/]+)(\/.*)?$/;

type ResourceSide = { account?: string; policy?: { key: string; name: string; document: unknown }; role?: ReviewRole; rcps: ReviewScpLevel[] };

const rolesByArn = new WeakMap<ReviewInput, Map<string, ReviewRole>>();

/** What AWS consults on the resource's side, read from the input (lib/authz/resource-policies.ts does the same from the database). */
export function resourceSideIn(input: ReviewInput, action: string, resource: string, resourceAccount?: string): ResourceSide {
  let account = resourceAccount;
  let policy: ResourceSide["policy"];
  let role: ReviewRole | undefined;
  const s3 = S3_ARN.exec(resource);
  if (s3) {
    const bucket = input.buckets?.find((b) => b.name === s3[1]);
    if (bucket) {
      account ??= bucket.account;
      if (bucket.policy) policy = { ...bucket.policy, key: `${bucket.policy.key}#who-can`, name: bucketPolicyName(bucket.name) };
    }
  } else {
    account ??= /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(resource)?.[1];
    if (gatingPolicy(action.toLowerCase(), resource) === "trust") {
      let index = rolesByArn.get(input);
      if (!index) {
        index = new Map(input.roles.map((r) => [r.arn, r]));
        rolesByArn.set(input, index);
      }
      role = index.get(resource);
      if (role) policy = { key: `${role.trust.key}#who-can`, name: trustPolicyName(role.name), document: role.trust.document };
    }
  }
  return { account, policy, ...(role ? { role } : {}), rcps: (account && input.rcps?.[account]) || [] };
}

function callerArnOf(identity: ReviewIdentity): string {
  return identity.kind === "role" ? `arn:aws:sts::${identity.account}:assumed-role/${identity.name}/${whoCanSessionName}` : identity.arn;
}

/** The keys AWS sets on this identity's request at `now` (lib/authz/call-context.ts), then the question's own. */
export function whoCanRequestContext(identity: ReviewIdentity, now: Date, overrides?: Context): Context {
  const context = callerContext(
    { kind: identity.kind, arn: identity.arn, accountId: identity.account, name: identity.name, uniqueId: identity.uniqueId ?? "", tags: identity.tags ?? [] },
    now,
    whoCanSessionName,
  );
  // A source without unique ids (an export trimmed of them) leaves aws:userid absent rather than wrong.
  if (!identity.uniqueId) delete context["aws:userid"];
  return withOverrides(context, overrides);
}

/** Overrides the request's keys with the question's, case-insensitively (as AWS reads key names). */
function withOverrides(context: Context, overrides?: Context): Context {
  if (!overrides) return context;
  const given = new Set(Object.keys(overrides).map((k) => k.toLowerCase()));
  for (const key of Object.keys(context)) if (given.has(key.toLowerCase())) delete context[key];
  return Object.assign(context, overrides);
}

/**
 * The service principals the role's trust policy names, each asked the question as the service
 * (the request the IMDS and the review decide service trust with), the question's keys added.
 */
function servicesAsked(role: ReviewRole, action: string, trust: CompiledPolicy, question: WhoCanQuestion, now: Date): WhoCanService[] {
  const named = new Set<string>();
  for (const statement of trust.statements) for (const entry of statement.principals ?? []) if (entry.type === "Service" && entry.value !== "*") named.add(entry.value);
  // As ReviewContext.trusts decides service trust: the trust policy alone.
  const set: CompiledPolicySet = { identity: [], session: [], resource: trust, scps: [], rcps: [] };
  return [...named].sort().map((service) => {
    const request = serviceAssumeRoleRequest(service, { arn: role.arn, accountId: role.account }, now);
    const result = evaluateRequest(set, { ...request, action, context: withOverrides(request.context, question.context) });
    return { service, decision: result.decision, decisive: result.decisive };
  });
}

const byArn = (a: WhoCanPrincipal, b: WhoCanPrincipal) => (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0);

/**
 * Asks every user and role of `input` the question. Throws `InvalidInput` for an unknown action or
 * a malformed ARN, and PolicyGrammarError for a document that cannot be compiled.
 */
export function whoCan(input: ReviewInput, question: WhoCanQuestion, options: WhoCanOptions): WhoCanAnswer {
  const { action, resource } = checkWhoCanQuestion(question);
  const review = options.review ?? whoCanContext(input);
  const side = resourceSideIn(input, action, resource, question.resourceAccount);
  const resourcePolicy = side.policy && review.compile(side.policy, "resource");
  // A handful of documents over one account: compiled per question.
  const rcps = side.rcps.map((level) => ({ target: level.target, policies: level.policies.map((p) => compilePolicy(p.document, p.name, "rcp", level.target)) }));
  const combined = new Map<string, CompiledPolicySet>();
  const allowed: WhoCanPrincipal[] = [];
  const explicitlyDenied: WhoCanPrincipal[] = [];
  const identities: ReviewIdentity[] = [...input.users, ...input.roles];
  for (const identity of identities) {
    const entry = review.setFor(identity);
    let set = combined.get(entry.key);
    if (!set) {
      set = { ...entry.set, resource: resourcePolicy, rcps };
      combined.set(entry.key, set);
    }
    const result = evaluateRequest(set, { principal: callerArnOf(identity), action, resource, resourceAccount: side.account, context: whoCanRequestContext(identity, options.now, question.context) });
    if (result.decision === "ImplicitDeny") continue;
    const found: WhoCanPrincipal = { principal: identity.arn, type: identity.kind, account: identity.account, name: identity.name, decisive: result.decisive };
    (result.decision === "Allow" ? allowed : explicitlyDenied).push(found);
  }
  return {
    action,
    resource,
    ...(side.account ? { resourceAccount: side.account } : {}),
    ...(side.policy ? { resourcePolicy: side.policy.name } : {}),
    evaluated: identities.length,
    allowed: allowed.sort(byArn),
    explicitlyDenied: explicitlyDenied.sort(byArn),
    ...(side.role && resourcePolicy ? { services: servicesAsked(side.role, action, resourcePolicy, question, options.now) } : {}),
  };
}

/** The contract's JSON object for an answer. */
export function whoCanJson(answer: WhoCanAnswer) {
  return {
    action: answer.action,
    resource: answer.resource,
    evaluated: answer.evaluated,
    allowed: answer.allowed.map((p) => ({ principal: p.principal, type: p.type, decisive: p.decisive })),
    explicitlyDenied: answer.explicitlyDenied.map((p) => p.principal),
  };
}
