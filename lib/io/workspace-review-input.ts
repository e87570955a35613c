/**
 * Reads a workspace into the review's input: every account's users (with their groups' policies),
 * roles, instance profiles and instances, managed policies at their default versions (AWS-managed
 * ones from the data package), boundaries, the SCPs on the path from the organization root to
 * each account (and the RCPs over its resources), each identity's unique id and tags, and the
 * buckets with their policies (who-can reads those).
 */
import type { Db, Tx } from "../db/create-client";
import { findManagedPolicy } from "../catalog/managed-policies";
import { arns, isAwsManagedPolicyArn } from "../iam/arns";
import { readTags } from "../iam/tags";
import type { ReviewIdentity, ReviewInput, ReviewPolicy, ReviewRole, ReviewScpLevel } from "../review/review-input";
import { orgLevelsFor } from "../authz/org-levels";
import { bucketPolicyName } from "../authz/resource-policy-names";
import { clockNow } from "../creds/workspace-clock";

/** The workspace read whole, and its clock read then (`clockReadAt` is the real time it was read at): what a review or a graph decides at. */
export async function loadWorkspaceAtClock(db: Db | Tx, workspaceId: string): Promise<{ input: ReviewInput; now: Date; clockReadAt: number }> {
  const [input, workspace] = await Promise.all([loadWorkspaceReviewInput(db, workspaceId), db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })]);
  const clockReadAt = Date.now();
  return { input, now: clockNow(workspace, new Date(clockReadAt)), clockReadAt };
}

/** Loads the workspace for the review: every account, or only `only` (PassRole never crosses accounts). */
export async function loadWorkspaceReviewInput(db: Db | Tx, workspaceId: string, only?: string): Promise<ReviewInput> {
  const accounts = await db.account.findMany({ where: { workspaceId, ...(only ? { id: only } : {}) }, orderBy: { id: "asc" } });
  const accountIds = accounts.map((a) => a.id);
  const inAccounts = { accountId: { in: accountIds } };
  // SQLite answers each query synchronously: one at a time, the event loop given back between them,
  // so that reading a large workspace does not hold up the server's other requests.
  const read = async <T>(query: () => Promise<T>): Promise<T> => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return query();
  };
  const managed = await read(() => db.managedPolicy.findMany({ where: inAccounts, include: { versions: true } }));
  const groups = await read(() => db.group.findMany({ where: inAccounts, include: { inlinePolicies: true, attachments: true } }));
  const users = await read(() => db.user.findMany({ where: inAccounts, include: { inlinePolicies: true, attachments: true, memberships: true } }));
  const roles = await read(() => db.role.findMany({ where: inAccounts, include: { inlinePolicies: true, attachments: true } }));
  const profiles = await read(() => db.instanceProfile.findMany({ where: inAccounts }));
  const instances = await read(() => db.instance.findMany({ where: inAccounts, include: { associations: { where: { state: { in: ["associating", "associated"] } } } } }));
  const buckets = await read(() => db.bucket.findMany({ where: inAccounts, orderBy: { name: "asc" } }));
  const tasks = await read(() => db.ecsTask.findMany({ where: { cluster: inAccounts }, include: { cluster: true, taskRole: true } }));

  const customer = new Map<string, ReviewPolicy>();
  for (const p of managed) {
    const version = p.versions.find((v) => v.versionId === p.defaultVersionId);
    const arn = arns.policy(p.accountId, p.path, p.name);
    const otherVersions = p.versions.filter((v) => v.versionId !== p.defaultVersionId).map((v) => ({ versionId: v.versionId, document: v.document }));
    if (version) customer.set(arn, { key: `${p.id}#${version.versionId}`, name: p.name, document: version.document, arn, ...(otherVersions.length ? { otherVersions } : {}) });
  }
  const retired = new Map((await db.retiredAwsPolicy.findMany()).map((p) => [p.arn, p]));
  const resolve = (arn: string, from: string): ReviewPolicy | undefined => {
    if (isAwsManagedPolicyArn(arn)) {
      const policy = findManagedPolicy(arn) ?? retired.get(arn);
      return policy && { key: `${arn}#${policy.defaultVersionId}`, name: policy.name, document: policy.document, from, arn };
    }
    const found = customer.get(arn);
    return found && { ...found, from };
  };
  const inline = (holder: string, p: { name: string; document: string }, from: string): ReviewPolicy => ({ key: `${holder}#inline#${p.name}`, name: p.name, document: p.document, from });
  const present = (p: ReviewPolicy | undefined): p is ReviewPolicy => p !== undefined;

  const groupById = new Map(groups.map((g) => [g.id, g]));
  const reviewUsers: ReviewIdentity[] = users.map((u) => {
    const arn = arns.user(u.accountId, u.path, u.name);
    const memberOf = u.memberships.map((m) => groupById.get(m.groupId)).filter((g) => g !== undefined);
    const policies = [
      ...u.inlinePolicies.map((p) => inline(arn, p, "inline")),
      ...u.attachments.map((a) => resolve(a.policyArn, "attached")).filter(present),
      ...memberOf.flatMap((g) => [
        ...g.inlinePolicies.map((p) => inline(arns.group(g.accountId, g.path, g.name), p, `group ${g.name} (inline)`)),
        ...g.attachments.map((a) => resolve(a.policyArn, `group ${g.name}`)).filter(present),
      ]),
    ];
    return {
      kind: "user",
      arn,
      account: u.accountId,
      name: u.name,
      policies,
      boundary: u.permissionsBoundaryArn ? resolve(u.permissionsBoundaryArn, "boundary") : undefined,
      groups: memberOf.map((g) => g.name),
      uniqueId: u.id,
      tags: readTags(u.tags),
    };
  });

  const profileArns = new Map<string, string[]>();
  const roleArnById = new Map(roles.map((r) => [r.id, arns.role(r.accountId, r.path, r.name)]));
  const reviewProfiles = profiles.map((p) => {
    const arn = arns.instanceProfile(p.accountId, p.path, p.name);
    if (p.roleId) profileArns.set(p.roleId, [...(profileArns.get(p.roleId) ?? []), arn]);
    return { arn, name: p.name, account: p.accountId, roleArn: p.roleId ? roleArnById.get(p.roleId) : undefined };
  });
  const reviewRoles: ReviewRole[] = roles.map((r) => {
    const arn = roleArnById.get(r.id)!;
    return {
      kind: "role",
      arn,
      account: r.accountId,
      name: r.name,
      policies: [...r.inlinePolicies.map((p) => inline(arn, p, "inline")), ...r.attachments.map((a) => resolve(a.policyArn, "attached")).filter(present)],
      boundary: r.permissionsBoundaryArn ? resolve(r.permissionsBoundaryArn, "boundary") : undefined,
      groups: [],
      uniqueId: r.id,
      tags: readTags(r.tags),
      trust: { key: `${arn}#trust#${r.version}`, name: `trust policy of ${r.name}`, document: r.trustPolicy },
      instanceProfiles: (profileArns.get(r.id) ?? []).sort(),
    };
  });
  const profileById = new Map(profiles.map((p) => [p.id, arns.instanceProfile(p.accountId, p.path, p.name)]));
  const reviewInstances = instances.map((i) => ({
    id: i.id,
    account: i.accountId,
    name: readTags(i.tags).find((t) => t.Key === "Name")?.Value,
    state: i.state,
    profileArn: i.associations[0] ? profileById.get(i.associations[0].instanceProfileId) : undefined,
    region: i.region,
  }));
  const reviewGroups = groups.map((g) => {
    const arn = arns.group(g.accountId, g.path, g.name);
    return { arn, name: g.name, account: g.accountId, policies: [...g.inlinePolicies.map((p) => inline(arn, p, `group ${g.name} (inline)`)), ...g.attachments.map((a) => resolve(a.policyArn, `group ${g.name}`)).filter(present)] };
  });
  const reviewTasks = tasks.map((t) => ({
    arn: arns.ecsTask(t.cluster.region, t.cluster.accountId, t.cluster.name, t.id),
    account: t.cluster.accountId,
    status: t.lastStatus,
    taskRoleArn: t.taskRole ? arns.role(t.taskRole.accountId, t.taskRole.path, t.taskRole.name) : undefined,
  }));

  const scps = await loadOrgLevels(db, workspaceId, accounts, "SCP");
  const rcps = await loadOrgLevels(db, workspaceId, accounts, "RCP");
  const reviewBuckets = buckets.map((b) => ({
    name: b.name,
    account: b.accountId,
    ...(b.policy ? { policy: { key: `bucket#${b.name}#${b.version}`, name: bucketPolicyName(b.name), document: b.policy } } : {}),
  }));
  const owners = new Set([...reviewUsers, ...reviewRoles].map((i) => i.account));
  return {
    accounts: accountIds.filter((a) => owners.has(a)),
    users: reviewUsers,
    roles: reviewRoles,
    instanceProfiles: reviewProfiles,
    instances: reviewInstances,
    ...(scps ? { scps } : {}),
    ...(rcps ? { rcps } : {}),
    buckets: reviewBuckets,
    groups: reviewGroups,
    tasks: reviewTasks,
  };
}

/** SCP (or RCP) levels per account in an organization, by the rules every door shares (lib/authz/org-levels.ts). */
async function loadOrgLevels(db: Db | Tx, workspaceId: string, accounts: { id: string; orgNodeId: string | null }[], kind: "SCP" | "RCP"): Promise<Record<string, ReviewScpLevel[]> | undefined> {
  const organizations = await db.organization.findMany({ where: { workspaceId }, include: { nodes: true, policies: { where: { kind }, include: { attachments: { orderBy: { id: "asc" } } } } } });
  if (organizations.length === 0) return undefined;
  const out: Record<string, ReviewScpLevel[]> = {};
  for (const account of accounts) {
    const organization = organizations.find((o) => o.nodes.some((n) => n.id === account.orgNodeId));
    const levels = orgLevelsFor(account, organization, kind);
    if (levels.length === 0) continue;
    out[account.id] = levels.map((level) => ({ target: level.target, policies: level.policies.map((p): ReviewPolicy => ({ key: `${kind.toLowerCase()}#${p.id}`, name: p.name, document: p.document })) }));
  }
  return out;
}
