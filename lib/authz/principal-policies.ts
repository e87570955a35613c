/**
 * The one loader of a principal's complete policy set, used by every door: its own inline and
 * attached policies, its groups' (users), its permissions boundary, and the SCPs of its account's
 * organization levels; a session's session policy (withSessionPolicy); and for a request, the RCPs
 * of the resource's account (loadOrgPolicyLevels). Request context keys come from ./call-context.
 * "The account's administrator" is the root user: its identity side allows everything, SCPs aside.
 */
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import type { NamedPolicy, PolicySet } from "../policy/evaluate";
import { arns } from "../iam/arns";
import { findAttachablePolicy } from "../iam/managed-policies";
import { nameKey } from "../iam/names";
import { readTags } from "../iam/tags";
import { actingSessionName, type RequestFacts } from "./call-context";
import { orgLevelsFor } from "./org-levels";
import type { SigningCaller } from "../creds/signing-caller";
import type { IssuedSession } from "../creds/role-sessions";

export type ActingPrincipal = {
  kind: "root" | "user" | "role";
  /** The ARN named by the caller: the root ARN, a user ARN or a role ARN. */
  arn: string;
  /** The principal requests carry: for a role, its session (arn:aws:sts::…:assumed-role/ROLE/SESSION). */
  callerArn: string;
  accountId: string;
  name: string;
  /** IAM's unique id (AIDA…, AROA…); the account id for root. */
  uniqueId: string;
  tags: { Key: string; Value: string }[];
  policies: PolicySet;
  /** For a signed request by a role session: the session's name (aws:userid is ROLEID:NAME). */
  sessionName?: string;
  /** For a signed request: its transport facts, which every request context of this caller carries. */
  requestFacts?: RequestFacts;
};

/** Reads an ARN naming a principal of the workspace: root, a user or a role (path included). */
export function parsePrincipalArn(arn: string): { accountId: string; kind: "root" | "user" | "role"; path: string; name: string } | undefined {
  const root = /^arn:aws:iam::(\d{12}):root$/.exec(arn);
  if (root) return { accountId: root[1], kind: "root", path: "/", name: "root" };
  const m = /^arn:aws:iam::(\d{12}):(user|role)(\/(?:[^/]+\/)*)?([\w+=,.@-]+)$/.exec(arn);
  if (!m) return undefined;
  return { accountId: m[1], kind: m[2] as "user" | "role", path: m[3] ?? "/", name: m[4] };
}

/** The account's administrator: its root user. */
export async function administratorOf(db: Db | Tx, accountId: string): Promise<ActingPrincipal> {
  const account = await db.account.findUnique({ where: { id: accountId } });
  if (!account) throw new AppError("NoSuchEntity", `The account ${accountId} does not exist in this workspace`);
  const arn = arns.accountRoot(accountId);
  return { kind: "root", arn, callerArn: arn, accountId, name: "root", uniqueId: accountId, tags: [], policies: { scps: await loadAccountScps(db, accountId) } };
}

/**
 * Resolves a principal ARN of the workspace (or the root ARN) with its policies.
 * `NoSuchEntity` when the workspace holds no such principal.
 */
export async function resolveActingPrincipal(db: Db | Tx, arn: string): Promise<ActingPrincipal> {
  const parsed = parsePrincipalArn(arn);
  if (!parsed) throw new AppError("InvalidInput", `${arn} is not the ARN of an IAM user, role or account root (arn:aws:iam::ACCOUNT:user/NAME, …:role/NAME or …:root)`);
  if (parsed.kind === "root") return administratorOf(db, parsed.accountId);
  const scps = await loadAccountScps(db, parsed.accountId);
  if (parsed.kind === "user") {
    const user = await db.user.findUnique({
      where: { accountId_nameKey: { accountId: parsed.accountId, nameKey: nameKey(parsed.name) } },
      include: { inlinePolicies: { orderBy: { name: "asc" } }, attachments: { orderBy: { policyArn: "asc" } }, memberships: { include: { group: { include: { inlinePolicies: { orderBy: { name: "asc" } }, attachments: { orderBy: { policyArn: "asc" } } } } } } },
    });
    if (!user || user.name !== parsed.name || user.path !== parsed.path) throw new AppError("NoSuchEntity", `The workspace has no user ${arn}.`);
    const identityPolicies: NamedPolicy[] = user.inlinePolicies.map((p) => ({ name: `${user.name}/${p.name}`, document: p.document }));
    for (const a of user.attachments) identityPolicies.push(await attached(db, user.accountId, a.policyArn));
    const groups = [...user.memberships].sort((a, b) => a.group.nameKey.localeCompare(b.group.nameKey));
    for (const { group } of groups) {
      for (const policy of await groupPolicies(db, user.accountId, group)) {
        if (!identityPolicies.some((p) => p.name === policy.name)) identityPolicies.push(policy);
      }
    }
    const boundary = user.permissionsBoundaryArn ? await attached(db, user.accountId, user.permissionsBoundaryArn) : undefined;
    return {
      kind: "user",
      arn: arns.user(user.accountId, user.path, user.name),
      callerArn: arns.user(user.accountId, user.path, user.name),
      accountId: user.accountId,
      name: user.name,
      uniqueId: user.id,
      tags: readTags(user.tags),
      policies: { identityPolicies, permissionsBoundary: boundary, scps },
    };
  }
  const role = await db.role.findUnique({ where: { accountId_nameKey: { accountId: parsed.accountId, nameKey: nameKey(parsed.name) } } });
  if (!role || role.name !== parsed.name || role.path !== parsed.path) throw new AppError("NoSuchEntity", `The workspace has no role ${arn}.`);
  const { identityPolicies, permissionsBoundary: boundary } = await loadRoleIdentityPolicies(db, role);
  return {
    kind: "role",
    arn: arns.role(role.accountId, role.path, role.name),
    callerArn: arns.assumedRole(role.accountId, role.name, actingSessionName),
    accountId: role.accountId,
    name: role.name,
    uniqueId: role.id,
    tags: readTags(role.tags),
    policies: { identityPolicies, permissionsBoundary: boundary, scps },
  };
}

type GroupWithPolicies = { name: string; inlinePolicies: { name: string; document: string }[]; attachments: { policyArn: string }[] };

/** A group's inline and attached policies, named as its members' policy sets name them. */
async function groupPolicies(db: Db | Tx, accountId: string, group: GroupWithPolicies): Promise<NamedPolicy[]> {
  const out: NamedPolicy[] = group.inlinePolicies.map((p) => ({ name: `group ${group.name}/${p.name}`, document: p.document }));
  for (const a of group.attachments) out.push(await attached(db, accountId, a.policyArn));
  return out;
}

/**
 * What membership of a group gives every member: the group's policies, with the SCPs over its
 * account (a member's own policies and boundary are the member's). `NoSuchEntity` when absent.
 */
export async function loadGroupPolicySet(db: Db | Tx, accountId: string, groupName: string): Promise<PolicySet> {
  const group = await db.group.findUnique({
    where: { accountId_nameKey: { accountId, nameKey: nameKey(groupName) } },
    include: { inlinePolicies: { orderBy: { name: "asc" } }, attachments: { orderBy: { policyArn: "asc" } } },
  });
  if (!group || group.name !== groupName) throw new AppError("NoSuchEntity", `The group with name ${groupName} cannot be found.`);
  return { identityPolicies: await groupPolicies(db, accountId, group), scps: await loadAccountScps(db, accountId) };
}

/** What bounds every session of a role: its inline and attached policies, and its permissions boundary. */
export async function loadRoleIdentityPolicies(
  db: Db | Tx,
  role: { id: string; accountId: string; name: string; permissionsBoundaryArn: string | null },
): Promise<{ identityPolicies: NamedPolicy[]; permissionsBoundary?: NamedPolicy }> {
  const [inline, attachments] = await Promise.all([
    db.inlinePolicy.findMany({ where: { roleId: role.id }, orderBy: { name: "asc" } }),
    db.policyAttachment.findMany({ where: { roleId: role.id }, orderBy: { policyArn: "asc" } }),
  ]);
  const identityPolicies: NamedPolicy[] = inline.map((p) => ({ name: `${role.name}/${p.name}`, document: p.document }));
  for (const a of attachments) identityPolicies.push(await attached(db, role.accountId, a.policyArn));
  const permissionsBoundary = role.permissionsBoundaryArn ? await attached(db, role.accountId, role.permissionsBoundaryArn) : undefined;
  return { identityPolicies, permissionsBoundary };
}

async function attached(db: Db | Tx, accountId: string, arn: string): Promise<NamedPolicy> {
  const policy = await findAttachablePolicy(db, accountId, arn);
  return { name: policy.arn, document: policy.text };
}

/** The SCP (or RCP) levels over an account (./org-levels.ts says which). */
export async function loadOrgPolicyLevels(db: Db | Tx, accountId: string, kind: "SCP" | "RCP"): Promise<NonNullable<PolicySet["scps"]>> {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { id: true, orgNodeId: true, orgNode: { select: { organizationId: true } } } });
  if (!account?.orgNode) return [];
  const organization = await db.organization.findUnique({
    where: { id: account.orgNode.organizationId },
    include: { nodes: true, policies: { where: { kind }, include: { attachments: { orderBy: { id: "asc" } } } } },
  });
  return orgLevelsFor(account, organization ?? undefined, kind).map((level) => ({ target: level.target, policies: level.policies.map(({ name, document }) => ({ name, document })) }));
}

/** The SCP levels over the caller's account. */
export function loadAccountScps(db: Db | Tx, accountId: string): Promise<NonNullable<PolicySet["scps"]>> {
  return loadOrgPolicyLevels(db, accountId, "SCP");
}

/** The principal as one of its sessions with a session policy (STS AssumeRole's Policy parameter). */
export function withSessionPolicy(principal: ActingPrincipal, sessionPolicy: string | null | undefined, sessionArn: string): ActingPrincipal {
  if (!sessionPolicy) return principal;
  return { ...principal, policies: { ...principal.policies, sessionPolicies: [{ name: `session policy of ${sessionArn}`, document: sessionPolicy }] } };
}

/** The instance whose credentials sign the request, for ec2:SourceInstanceARN. */
export async function sourceInstanceArnOf(db: Db | Tx, session: Pick<IssuedSession, "source" | "sourceId">): Promise<string | undefined> {
  if (session.source !== "instance" || !session.sourceId) return undefined;
  const instance = await db.instance.findUnique({ where: { id: session.sourceId }, select: { region: true, accountId: true, id: true } });
  return instance ? arns.instance(instance.region, instance.accountId, instance.id) : undefined;
}

/**
 * The principal of a signed request: a user as itself; a role session as its role's complete
 * policy set plus its session policy, acting as the session (its ARN and name), with the keys AWS
 * adds for temporary credentials (aws:TokenIssueTime, and ec2:SourceInstanceARN for instance
 * credentials). `facts` are the request's transport facts. `AccessDenied` when the session's
 * role no longer exists.
 */
export async function resolveSigningPrincipal(db: Db | Tx, caller: SigningCaller, facts: RequestFacts = {}): Promise<ActingPrincipal> {
  if (caller.kind === "user") return { ...(await resolveActingPrincipal(db, caller.arn)), requestFacts: facts };
  const session = caller.session;
  const role = session.roleId ? await db.role.findUnique({ where: { id: session.roleId }, select: { accountId: true, path: true, name: true } }) : null;
  if (!role) throw new AppError("AccessDenied", `User: ${session.assumedRoleArn} is not authorized: its role ${session.roleArn} no longer exists`);
  const principal = withSessionPolicy(await resolveActingPrincipal(db, arns.role(role.accountId, role.path, role.name)), session.sessionPolicy, session.assumedRoleArn);
  return {
    ...principal,
    callerArn: session.assumedRoleArn,
    sessionName: session.sessionName,
    requestFacts: { ...facts, tokenIssueTime: session.issuedAt, sourceInstanceArn: await sourceInstanceArnOf(db, session) },
  };
}
