/**
 * Imports `get-account-authorization-details` files into a workspace: accounts (from the ARNs),
 * customer-managed policies with their versions, groups, users, memberships, roles with trust
 * policies, boundaries and tags, instance profiles, inline policies and attachments. AWS's ids and
 * create dates are kept where the file gives them. AWS-managed policies stay references resolved
 * from the managed-policy data package.
 *
 * Merge, not replace: entities are matched by account and name (ignoring case, as IAM does) and
 * written only when they differ, so importing the same file twice changes nothing (no ImportRun,
 * no audit entry either).
 *
 * What an import may touch: every ARN of a file, nested ones included (instance profiles and their
 * roles, attached policies, boundaries), names an account that is new or already in the target
 * workspace; an account of another workspace is refused (`AccessDenied` for callers confined to
 * their workspaces) before anything is written. Names, paths and tags follow IAM's rules, the same
 * ones every other door applies.
 *
 * How long it holds the database: everything is read, checked and compared first, outside any
 * transaction (so other writers carry on meanwhile); then one short transaction writes the
 * differences with multi-row inserts (for 5,000 roles, seconds under the lock instead of two
 * minutes). Every change to the workspace appends to the audit log, so the newest audit id, read
 * before preparing and checked again once the write lock is held, tells whether someone changed
 * the workspace in between; if so the import is prepared again. Atomic: a failure changes nothing.
 */
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { auditEntryRow, type Actor, type AuditInput } from "../audit/record-audit";
import { findManagedPolicy } from "../catalog/managed-policies";
import { isAwsManagedPolicyArn } from "../iam/arns";
import { cryptoRandom, iamUniqueId, type RandomSource, type UniqueIdPrefix } from "../iam/ids";
import { maxPolicyVersions } from "../iam/managed-policies";
import { nameKey } from "../iam/names";
import {
  AuthorizationDetailsError,
  checkImportRules,
  readAuthorizationDetails,
  type AuthorizationSnapshot,
  type SnapshotDocument,
  type SnapshotPolicyRef,
  type SnapshotWarning,
} from "./read-authorization-details";

export interface ImportFile {
  name: string;
  text: string;
}

export interface ImportProgress {
  file: string;
  /** What is being prepared (accounts, policies, groups, users, roles, instance profiles), then `writing`. */
  phase: string;
  done: number;
  total: number;
}

type Counts = { created: number; updated: number; unchanged: number };
const kinds = ["accounts", "policies", "groups", "users", "roles", "instanceProfiles"] as const;
export type ImportKind = (typeof kinds)[number];

export interface ImportFileSummary {
  file: string;
  sha256: string;
  accounts: string[];
  counts: Record<ImportKind, Counts>;
  warnings: SnapshotWarning[];
  /** The ImportRun recorded, or null when the file changed nothing. */
  importRunId: number | null;
}

export interface ImportResult {
  files: ImportFileSummary[];
  changed: boolean;
}

export interface ImportInput {
  workspaceId: string;
  files: ImportFile[];
  actor: Actor;
  /**
   * The workspaces the caller may use, when confined to some (trainees): an account of any other
   * workspace is refused with `AccessDenied`. Omitted for callers who may use every workspace.
   */
  usableWorkspaceIds?: readonly string[];
  /** Called as entities are prepared; a returned promise is awaited (nothing is locked meanwhile). */
  onProgress?: (p: ImportProgress) => unknown;
  random?: RandomSource;
}

function fileError(error: AuthorizationDetailsError): AppError {
  return new AppError("InvalidInput", `${error.file} cannot be imported: ${error.message.slice(error.file.length + 2)}`, { file: error.file, path: error.path });
}

/** Reads every file first; a malformed one is an `InvalidInput` error naming the file and JSON path. */
export function readImportFiles(files: ImportFile[]): AuthorizationSnapshot[] {
  if (files.length === 0) throw new AppError("InvalidInput", "Choose at least one get-account-authorization-details file to import.");
  return files.map((f) => {
    try {
      return readAuthorizationDetails(f.text, f.name);
    } catch (error) {
      if (error instanceof AuthorizationDetailsError) throw fileError(error);
      throw error;
    }
  });
}

// Preparing again when someone wrote meanwhile; a workspace that never holds still is refused.
const maxAttempts = 3;

/**
 * Imports the files into the workspace: prepared outside any transaction, written in one short
 * one. Throws AppError: InvalidInput for a malformed file, an entity IAM would refuse, or an
 * account of another workspace; AccessDenied for the latter when the caller is confined to their
 * workspaces; Conflict when the workspace kept changing while the files were prepared.
 */
export async function importAuthorizationDetails(db: Db, input: ImportInput): Promise<ImportResult> {
  if (input.usableWorkspaceIds && !input.usableWorkspaceIds.includes(input.workspaceId)) {
    throw new AppError("AccessDenied", `The workspace ${input.workspaceId} is not assigned to you; nothing was imported.`);
  }
  const snapshots = readImportFiles(input.files);
  for (let attempt = 1; ; attempt++) {
    const fence = await latestAuditId(db);
    const plan = await prepareImport(db, snapshots, input);
    await input.onProgress?.({ file: snapshots[snapshots.length - 1].file, phase: "writing", done: 0, total: 1 });
    const result = await writePlan(db, plan, fence);
    if (result) {
      await input.onProgress?.({ file: snapshots[snapshots.length - 1].file, phase: "writing", done: 1, total: 1 });
      return result;
    }
    if (attempt === maxAttempts) throw new AppError("Conflict", "The workspace kept changing while the files were being prepared; nothing was imported. Try again.");
  }
}

async function latestAuditId(db: Db | Tx): Promise<number> {
  return (await db.auditEntry.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Checks against the database: which workspace owns each account the files name.

async function checkAccounts(db: Db, snapshots: AuthorizationSnapshot[], input: ImportInput): Promise<Set<string>> {
  const named = [...new Set(snapshots.flatMap((s) => s.references.map((r) => r.account)))];
  const owners = new Map<string, string>();
  for (const chunk of chunks(named, 500)) {
    for (const a of await db.account.findMany({ where: { id: { in: chunk } }, select: { id: true, workspaceId: true } })) owners.set(a.id, a.workspaceId);
  }
  for (const snapshot of snapshots) {
    for (const ref of snapshot.references) {
      const owner = owners.get(ref.account);
      if (owner === undefined || owner === input.workspaceId) continue;
      const details = { file: snapshot.file, path: ref.path };
      if (input.usableWorkspaceIds && !input.usableWorkspaceIds.includes(owner)) {
        throw new AppError("AccessDenied", `${snapshot.file} cannot be imported: ${ref.path}: account ${ref.account} belongs to a workspace not assigned to you; nothing was imported.`, details);
      }
      throw new AppError("InvalidInput", `${snapshot.file} cannot be imported: ${ref.path}: account ${ref.account} belongs to another workspace; import it there.`, details);
    }
  }
  return new Set(owners.keys());
}

// ---------------------------------------------------------------------------------------------
// The workspace as the import sees it: rows of the accounts concerned, updated in memory as the
// files are compared, so that a second file sees what the first one brings.

type Child = { inline: { name: string; document: string }[]; attached: { arn: string; managedPolicyId: string | null }[] };
type PolicyRow = { id: string; accountId: string; name: string; path: string; description: string; defaultVersionId: string; createdAt: Date; version: number; versions: { versionId: string; document: string; createdAt: Date }[] };
type GroupRow = { id: string; accountId: string; name: string; path: string; createdAt: Date; version: number } & Child;
type UserRow = { id: string; accountId: string; name: string; path: string; tags: string; permissionsBoundaryArn: string | null; createdAt: Date; version: number; groups: string[] } & Child;
type RoleRow = { id: string; accountId: string; name: string; path: string; description: string; trustPolicy: string; maxSessionDuration: number; tags: string; permissionsBoundaryArn: string | null; createdAt: Date; version: number } & Child;
type ProfileRow = { id: string; accountId: string; name: string; path: string; roleId: string | null; tags: string; createdAt: Date; version: number };
type Table<R> = { rows: Map<string, R>; created: Set<string>; updated: Set<string> };

interface Plan {
  workspaceId: string;
  accounts: { id: string; name: string; workspaceId: string }[];
  retired: { arn: string; name: string; path: string; defaultVersionId: string; document: string }[];
  policies: Table<PolicyRow>;
  groups: Table<GroupRow>;
  users: Table<UserRow>;
  roles: Table<RoleRow>;
  profiles: Table<ProfileRow>;
  /** Audit entries in order; an ImportRun's own entry is completed once the run has its id. */
  audit: (AuditInput | { run: number })[];
  runs: { fileName: string; sha256: string; actor: string; summary: string; after: Record<string, unknown> }[];
  /** Each file's summary, and the index of its run in `runs` (null when the file changes nothing). */
  summaries: { summary: Omit<ImportFileSummary, "importRunId">; run: number | null }[];
}

const key = (account: string, name: string) => `${account}\u0000${nameKey(name)}`;
const text = (document: unknown) => JSON.stringify(document, null, 2);
const iso = (d: Date | undefined | null) => (d ? d.toISOString() : null);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
const byArn = <T extends { arn: string }>(a: T, b: T) => a.arn.localeCompare(b.arn);

function table<R extends { id: string; accountId: string; name: string }>(rows: R[]): Table<R> {
  return { rows: new Map(rows.map((r) => [key(r.accountId, r.name), r])), created: new Set(), updated: new Set() };
}

function children(row: { inlinePolicies: { name: string; document: string }[]; attachments: { policyArn: string; managedPolicyId: string | null }[] }): Child {
  return {
    inline: row.inlinePolicies.map((p) => ({ name: p.name, document: p.document })).sort(byName),
    attached: row.attachments.map((a) => ({ arn: a.policyArn, managedPolicyId: a.managedPolicyId })).sort(byArn),
  };
}

async function loadState(db: Db, accountIds: string[]) {
  const where = { accountId: { in: accountIds } };
  const [policies, groups, users, roles, profiles, retired] = await Promise.all([
    db.managedPolicy.findMany({ where, include: { versions: true } }),
    db.group.findMany({ where, include: { inlinePolicies: true, attachments: true } }),
    db.user.findMany({ where, include: { inlinePolicies: true, attachments: true, memberships: true } }),
    db.role.findMany({ where, include: { inlinePolicies: true, attachments: true } }),
    db.instanceProfile.findMany({ where }),
    db.retiredAwsPolicy.findMany({ select: { arn: true } }),
  ]);
  return {
    policies: table<PolicyRow>(policies.map(({ versions, nameKey: _k, updatedAt: _u, ...p }) => ({ ...p, versions: versions.map((v) => ({ versionId: v.versionId, document: v.document, createdAt: v.createdAt })) }))),
    groups: table<GroupRow>(groups.map(({ inlinePolicies, attachments, nameKey: _k, ...g }) => ({ ...g, ...children({ inlinePolicies, attachments }) }))),
    users: table<UserRow>(users.map(({ inlinePolicies, attachments, memberships, nameKey: _k, ...u }) => ({ ...u, ...children({ inlinePolicies, attachments }), groups: memberships.map((m) => m.groupId).sort() }))),
    roles: table<RoleRow>(roles.map(({ inlinePolicies, attachments, nameKey: _k, updatedAt: _u, ...r }) => ({ ...r, ...children({ inlinePolicies, attachments }) }))),
    profiles: table<ProfileRow>(profiles.map(({ nameKey: _k, ...p }) => p)),
    retired: new Set(retired.map((r) => r.arn)),
  };
}

/** The ids AWS gave the entities that are already taken (in any workspace): those get new ones. */
async function takenIds(db: Db, snapshots: AuthorizationSnapshot[]): Promise<Set<string>> {
  const wanted = snapshots.flatMap((s) => [...s.users, ...s.groups, ...s.roles, ...s.instanceProfiles, ...s.policies].map((e) => e.id).filter((id): id is string => Boolean(id)));
  const taken = new Set<string>();
  // One query per table with the ids as one JSON parameter: Prisma's findMany over chunks of
  // 500 ids took 2 s for a 10,000-entity file, most of it in the query engine, not in SQLite.
  const ids = JSON.stringify([...new Set(wanted)]);
  for (const table of ["User", "Group", "Role", "ManagedPolicy", "InstanceProfile"]) {
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "${table}" WHERE "id" IN (SELECT "value" FROM json_each(?))`, ids);
    for (const r of rows) taken.add(r.id);
  }
  return taken;
}

async function prepareImport(db: Db, snapshots: AuthorizationSnapshot[], input: ImportInput): Promise<Plan> {
  const workspace = await db.workspace.findUnique({ where: { id: input.workspaceId } });
  if (!workspace) throw new AppError("NoSuchEntity", `The workspace ${input.workspaceId} does not exist`);
  // The workspace first, so that a confined caller learns only that an account is not theirs.
  const existingAccounts = await checkAccounts(db, snapshots, input);
  for (const snapshot of snapshots) {
    try {
      checkImportRules(snapshot);
    } catch (error) {
      if (error instanceof AuthorizationDetailsError) throw fileError(error);
      throw error;
    }
  }
  const fileAccounts = [...new Set(snapshots.flatMap((s) => [...s.accounts, ...s.policies.filter((p) => !p.awsManaged).map((p) => p.account)]))];
  const state = await loadState(db, fileAccounts.filter((a) => existingAccounts.has(a)));
  const taken = await takenIds(db, snapshots);
  const plan: Plan = {
    workspaceId: input.workspaceId,
    accounts: [],
    retired: [],
    policies: state.policies,
    groups: state.groups,
    users: state.users,
    roles: state.roles,
    profiles: state.profiles,
    audit: [],
    runs: [],
    summaries: [],
  };
  const ctx: Ctx = { plan, actor: input.actor, random: input.random ?? cryptoRandom, onProgress: input.onProgress, taken, accounts: existingAccounts, retired: state.retired, now: new Date() };
  for (const snapshot of snapshots) plan.summaries.push(await prepareSnapshot(snapshot, ctx));
  return plan;
}

interface Ctx {
  plan: Plan;
  actor: Actor;
  random: RandomSource;
  onProgress?: ImportInput["onProgress"];
  /** Ids in use, in the database or given by this import. */
  taken: Set<string>;
  /** Accounts that exist, or will once the import is written. */
  accounts: Set<string>;
  retired: Set<string>;
  now: Date;
}

function freeId(ctx: Ctx, wanted: string | undefined, prefix: UniqueIdPrefix): string {
  let id = wanted && !ctx.taken.has(wanted) ? wanted : iamUniqueId(prefix, ctx.random);
  while (ctx.taken.has(id)) id = iamUniqueId(prefix, ctx.random);
  ctx.taken.add(id);
  return id;
}

/** Records a new or changed row in its table: created rows stay "created" when a later file changes them. */
function put<R extends { id: string; accountId: string; name: string; version: number }>(t: Table<R>, row: R, isNew: boolean) {
  if (isNew) t.created.add(row.id);
  else if (!t.created.has(row.id)) t.updated.add(row.id);
  if (!isNew) row.version++;
  t.rows.set(key(row.accountId, row.name), row);
}

async function prepareSnapshot(snapshot: AuthorizationSnapshot, ctx: Ctx): Promise<Plan["summaries"][number]> {
  const { actor, plan } = ctx;
  const file = snapshot.file;
  const warnings = [...snapshot.warnings];
  const counts = Object.fromEntries(kinds.map((k) => [k, { created: 0, updated: 0, unchanged: 0 }])) as Record<ImportKind, Counts>;
  const audit = (entry: AuditInput) => plan.audit.push(entry);
  const progress = async (phase: string, done: number, total: number) => {
    await ctx.onProgress?.({ file, phase, done, total });
  };

  // Accounts.
  const accounts = [...new Set([...snapshot.accounts, ...snapshot.policies.filter((p) => !p.awsManaged).map((p) => p.account)])];
  for (const id of accounts) {
    if (ctx.accounts.has(id)) counts.accounts.unchanged++;
    else {
      ctx.accounts.add(id);
      plan.accounts.push({ id, name: `Imported ${id}`, workspaceId: plan.workspaceId });
      audit({ actor, action: "CreateAccount", accountId: id, entityType: "Account", entityId: id, after: { id, name: `Imported ${id}`, source: file } });
      counts.accounts.created++;
    }
  }
  await progress("accounts", accounts.length, accounts.length);

  // Customer-managed policies, with every version the file carries.
  const customerPolicyIds = new Map<string, string>();
  const customer = snapshot.policies.filter((p) => !p.awsManaged);
  for (const [i, p] of customer.entries()) {
    if (p.versions.length > maxPolicyVersions) {
      throw new AppError("InvalidInput", `${file}: ${p.path}.PolicyVersionList: policy ${p.name} has ${p.versions.length} versions; IAM keeps at most ${maxPolicyVersions}.`, { file, path: `${p.path}.PolicyVersionList` });
    }
    const desired = {
      name: p.name,
      path: p.iamPath,
      description: p.description,
      defaultVersionId: p.defaultVersionId,
      createdAt: iso(p.createdAt),
      versions: p.versions.map((v) => ({ versionId: v.versionId, document: text(v.document), createdAt: iso(v.createdAt) })).sort((a, b) => a.versionId.localeCompare(b.versionId)),
    };
    const existing = plan.policies.rows.get(key(p.account, p.name));
    const versionRows = desired.versions.map((v) => ({ versionId: v.versionId, document: v.document, createdAt: v.createdAt ? new Date(v.createdAt) : ctx.now }));
    if (!existing) {
      const id = freeId(ctx, p.id, "ANPA");
      put(plan.policies, { id, accountId: p.account, name: p.name, path: p.iamPath, description: p.description, defaultVersionId: p.defaultVersionId, createdAt: p.createdAt ?? ctx.now, version: 1, versions: versionRows }, true);
      audit({ actor, action: "ImportPolicy", accountId: p.account, entityType: "ManagedPolicy", entityId: id, after: { ...desired, source: file } });
      customerPolicyIds.set(p.arn, id);
      counts.policies.created++;
    } else {
      customerPolicyIds.set(p.arn, existing.id);
      const current = {
        name: existing.name,
        path: existing.path,
        description: existing.description,
        defaultVersionId: existing.defaultVersionId,
        createdAt: p.createdAt ? iso(existing.createdAt) : null,
        versions: existing.versions
          .map((v) => ({ versionId: v.versionId, document: v.document, createdAt: desired.versions.find((d) => d.versionId === v.versionId)?.createdAt ? iso(v.createdAt) : null }))
          .sort((a, b) => a.versionId.localeCompare(b.versionId)),
      };
      if (same(current, desired)) counts.policies.unchanged++;
      else {
        // Versions are replaced as a whole; a version the file does not date is dated now.
        put(plan.policies, { ...existing, name: p.name, path: p.iamPath, description: p.description, defaultVersionId: p.defaultVersionId, createdAt: p.createdAt ?? existing.createdAt, versions: versionRows }, false);
        audit({ actor, action: "ImportPolicy", accountId: p.account, entityType: "ManagedPolicy", entityId: existing.id, before: current, after: { ...desired, source: file } });
        counts.policies.updated++;
      }
    }
    await progress("policies", i + 1, customer.length);
  }

  // An AWS-managed policy AWS has retired is not in the data package; the file may still carry it.
  const keepRetiredAwsPolicy = (arn: string): boolean => {
    if (ctx.retired.has(arn)) return true;
    const carried = snapshot.policies.find((p) => p.awsManaged && p.arn === arn);
    const version = carried?.versions.find((v) => v.isDefault);
    if (!carried || !version) return false;
    const row = { arn, name: carried.name, path: carried.iamPath, defaultVersionId: version.versionId, document: text(version.document) };
    ctx.retired.add(arn);
    plan.retired.push(row);
    audit({ actor, action: "ImportRetiredAwsPolicy", entityType: "RetiredAwsPolicy", entityId: arn, after: { ...row, source: file } });
    return true;
  };
  // Resolves an attached or boundary ARN (in the holder's account: checked when the file was read):
  // customer policies of the file or the workspace, AWS-managed ones from the data package.
  const resolve = (ref: SnapshotPolicyRef, account: string): { arn: string; managedPolicyId: string | null } | undefined => {
    if (isAwsManagedPolicyArn(ref.arn)) {
      if (findManagedPolicy(ref.arn) || keepRetiredAwsPolicy(ref.arn)) return { arn: ref.arn, managedPolicyId: null };
      warnings.push({ file, path: ref.path, message: `the AWS-managed policy ${ref.arn} is neither in the managed-policy data nor in the file; not attached` });
      return undefined;
    }
    const known = customerPolicyIds.get(ref.arn);
    if (known) return { arn: ref.arn, managedPolicyId: known };
    const found = plan.policies.rows.get(key(account, ref.arn.slice(ref.arn.lastIndexOf("/") + 1)));
    if (found) return { arn: ref.arn, managedPolicyId: found.id };
    warnings.push({ file, path: ref.path, message: `the managed policy ${ref.arn} is neither in the file nor in the workspace; not attached` });
    return undefined;
  };
  const resolveAll = (refs: SnapshotPolicyRef[], account: string) => {
    const out: { arn: string; managedPolicyId: string | null }[] = [];
    for (const ref of refs) {
      const r = resolve(ref, account);
      if (r && !out.some((o) => o.arn === r.arn)) out.push(r);
    }
    return out.sort(byArn);
  };
  const boundaryArn = (ref: SnapshotPolicyRef | undefined, account: string) => {
    if (!ref) return null;
    // Kept as written even when unresolvable (resolve warns): the boundary is a fact about the principal.
    resolve(ref, account);
    return ref.arn;
  };
  const inlineRows = (docs: SnapshotDocument[]) => docs.map((d) => ({ name: d.name, document: text(d.document) })).sort(byName);

  // Groups.
  for (const [i, g] of snapshot.groups.entries()) {
    const desired = { name: g.name, path: g.iamPath, createdAt: iso(g.createdAt), inline: inlineRows(g.inline), attached: resolveAll(g.attached, g.account) };
    const existing = plan.groups.rows.get(key(g.account, g.name));
    const fields = { name: g.name, path: g.iamPath, inline: desired.inline, attached: desired.attached };
    if (!existing) {
      const id = freeId(ctx, g.id, "AGPA");
      put(plan.groups, { id, accountId: g.account, createdAt: g.createdAt ?? ctx.now, version: 1, ...fields }, true);
      audit({ actor, action: "ImportGroup", accountId: g.account, entityType: "Group", entityId: id, after: { ...desired, source: file } });
      counts.groups.created++;
    } else {
      const current = { name: existing.name, path: existing.path, createdAt: g.createdAt ? iso(existing.createdAt) : null, inline: existing.inline, attached: existing.attached };
      if (same(current, desired)) counts.groups.unchanged++;
      else {
        put(plan.groups, { ...existing, ...fields, createdAt: g.createdAt ?? existing.createdAt }, false);
        audit({ actor, action: "ImportGroup", accountId: g.account, entityType: "Group", entityId: existing.id, before: current, after: { ...desired, source: file } });
        counts.groups.updated++;
      }
    }
    await progress("groups", i + 1, snapshot.groups.length);
  }

  // Users and their memberships.
  for (const [i, u] of snapshot.users.entries()) {
    const memberOf: string[] = [];
    u.groups.forEach((name, j) => {
      const group = plan.groups.rows.get(key(u.account, name));
      if (group) memberOf.push(group.id);
      else warnings.push({ file, path: `${u.path}.GroupList[${j}]`, message: `group ${name} is not in the file; membership not imported` });
    });
    memberOf.sort();
    const desired = {
      name: u.name,
      path: u.iamPath,
      tags: u.tags,
      permissionsBoundaryArn: boundaryArn(u.boundary, u.account),
      createdAt: iso(u.createdAt),
      inline: inlineRows(u.inline),
      attached: resolveAll(u.attached, u.account),
      groups: memberOf,
    };
    const existing = plan.users.rows.get(key(u.account, u.name));
    const fields = { name: u.name, path: u.iamPath, tags: JSON.stringify(u.tags), permissionsBoundaryArn: desired.permissionsBoundaryArn, inline: desired.inline, attached: desired.attached, groups: memberOf };
    if (!existing) {
      const id = freeId(ctx, u.id, "AIDA");
      put(plan.users, { id, accountId: u.account, createdAt: u.createdAt ?? ctx.now, version: 1, ...fields }, true);
      audit({ actor, action: "ImportUser", accountId: u.account, entityType: "User", entityId: id, after: { ...desired, source: file } });
      counts.users.created++;
    } else {
      const current = {
        name: existing.name,
        path: existing.path,
        tags: JSON.parse(existing.tags),
        permissionsBoundaryArn: existing.permissionsBoundaryArn,
        createdAt: u.createdAt ? iso(existing.createdAt) : null,
        inline: existing.inline,
        attached: existing.attached,
        groups: existing.groups,
      };
      if (same(current, desired)) counts.users.unchanged++;
      else {
        put(plan.users, { ...existing, ...fields, createdAt: u.createdAt ?? existing.createdAt }, false);
        audit({ actor, action: "ImportUser", accountId: u.account, entityType: "User", entityId: existing.id, before: current, after: { ...desired, source: file } });
        counts.users.updated++;
      }
    }
    await progress("users", i + 1, snapshot.users.length);
  }

  // Roles.
  for (const [i, r] of snapshot.roles.entries()) {
    const desired = {
      name: r.name,
      path: r.iamPath,
      description: r.description,
      trustPolicy: text(r.trust.document),
      maxSessionDuration: r.maxSessionDuration ?? 3600,
      tags: r.tags,
      permissionsBoundaryArn: boundaryArn(r.boundary, r.account),
      createdAt: iso(r.createdAt),
      inline: inlineRows(r.inline),
      attached: resolveAll(r.attached, r.account),
    };
    const existing = plan.roles.rows.get(key(r.account, r.name));
    const fields = {
      name: r.name,
      path: r.iamPath,
      description: r.description,
      trustPolicy: desired.trustPolicy,
      maxSessionDuration: desired.maxSessionDuration,
      tags: JSON.stringify(r.tags),
      permissionsBoundaryArn: desired.permissionsBoundaryArn,
      inline: desired.inline,
      attached: desired.attached,
    };
    if (!existing) {
      const id = freeId(ctx, r.id, "AROA");
      put(plan.roles, { id, accountId: r.account, createdAt: r.createdAt ?? ctx.now, version: 1, ...fields }, true);
      audit({ actor, action: "ImportRole", accountId: r.account, entityType: "Role", entityId: id, after: { ...desired, source: file } });
      counts.roles.created++;
    } else {
      const current = {
        name: existing.name,
        path: existing.path,
        description: existing.description,
        trustPolicy: existing.trustPolicy,
        maxSessionDuration: existing.maxSessionDuration,
        tags: JSON.parse(existing.tags),
        permissionsBoundaryArn: existing.permissionsBoundaryArn,
        createdAt: r.createdAt ? iso(existing.createdAt) : null,
        inline: existing.inline,
        attached: existing.attached,
      };
      if (same(current, desired)) counts.roles.unchanged++;
      else {
        put(plan.roles, { ...existing, ...fields, createdAt: r.createdAt ?? existing.createdAt }, false);
        audit({ actor, action: "ImportRole", accountId: r.account, entityType: "Role", entityId: existing.id, before: current, after: { ...desired, source: file } });
        counts.roles.updated++;
      }
    }
    await progress("roles", i + 1, snapshot.roles.length);
  }

  // Instance profiles (one role each, of their own account: checked when the file was read).
  for (const [i, p] of snapshot.instanceProfiles.entries()) {
    if (p.roleNames.length > 1) warnings.push({ file, path: p.path, message: `instance profile ${p.name} lists ${p.roleNames.length} roles; an instance profile holds one, the first is kept` });
    const roleName = p.roleNames[0];
    const roleId = roleName ? (plan.roles.rows.get(key(p.account, roleName))?.id ?? null) : null;
    const desired = { name: p.name, path: p.iamPath, roleId, tags: p.tags, createdAt: iso(p.createdAt) };
    const existing = plan.profiles.rows.get(key(p.account, p.name));
    const fields = { name: p.name, path: p.iamPath, roleId, tags: JSON.stringify(p.tags) };
    if (!existing) {
      const id = freeId(ctx, p.id, "AIPA");
      put(plan.profiles, { id, accountId: p.account, createdAt: p.createdAt ?? ctx.now, version: 1, ...fields }, true);
      audit({ actor, action: "ImportInstanceProfile", accountId: p.account, entityType: "InstanceProfile", entityId: id, after: { ...desired, source: file } });
      counts.instanceProfiles.created++;
    } else {
      const current = { name: existing.name, path: existing.path, roleId: existing.roleId, tags: JSON.parse(existing.tags), createdAt: p.createdAt ? iso(existing.createdAt) : null };
      if (same(current, desired)) counts.instanceProfiles.unchanged++;
      else {
        put(plan.profiles, { ...existing, ...fields, createdAt: p.createdAt ?? existing.createdAt }, false);
        audit({ actor, action: "ImportInstanceProfile", accountId: p.account, entityType: "InstanceProfile", entityId: existing.id, before: current, after: { ...desired, source: file } });
        counts.instanceProfiles.updated++;
      }
    }
    await progress("instance profiles", i + 1, snapshot.instanceProfiles.length);
  }

  const summary = { file, sha256: snapshot.sha256, accounts, counts, warnings };
  if (!kinds.some((k) => counts[k].created + counts[k].updated > 0)) return { summary, run: null };
  const run = plan.runs.length;
  plan.audit.push({ run });
  plan.runs.push({
      fileName: file,
      sha256: snapshot.sha256,
      actor,
      summary: JSON.stringify({ accounts, counts, warnings }),
    after: { fileName: file, sha256: snapshot.sha256, counts, warnings: warnings.length },
  });
  return { summary, run };
}

// ---------------------------------------------------------------------------------------------
// The write: one short transaction, batched.

const batch = 500;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Prisma's text form of a date in SQLite: what its own writes store, so its reads and filters agree. */
const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

/**
 * INSERTs of plain rows (every row with the same columns, timestamps included), each batch passed
 * as one JSON parameter that SQLite unpacks (json_each): Prisma's createMany costs about three
 * times as much per row, and binding thousands of parameters through Prisma's query engine cost
 * most of the write, while the import holds the write lock.
 */
async function insertRows(tx: Tx, table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const select = columns.map((_, i) => `"value" ->> ${i}`).join(", ");
  for (const chunk of chunks(rows, 2000)) {
    const values = chunk.map((r) => columns.map((c) => (r[c] instanceof Date ? sqliteDate(r[c] as Date) : (r[c] ?? null))));
    await tx.$executeRawUnsafe(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) SELECT ${select} FROM json_each(?)`, JSON.stringify(values));
  }
}

const withoutId = <R extends { id: string }>({ id: _id, ...rest }: R) => rest;
const rowsOf = <R>(t: Table<R & { id: string }>, ids: Set<string>) => [...t.rows.values()].filter((r) => ids.has(r.id));

/** Writes the plan, or returns null (writing nothing) when the workspace changed since `fence`. */
async function writePlan(db: Db, plan: Plan, fence: number): Promise<ImportResult | null> {
  return db.$transaction(
    async (tx) => {
      // Take the write lock first, so that the fence is read from the latest state and nobody
      // writes between the check and the import.
      await tx.$executeRaw`UPDATE "Workspace" SET "name" = "name" WHERE "id" = ${plan.workspaceId}`;
      if ((await latestAuditId(tx)) !== fence) return null;

      const now = new Date();
      await insertRows(tx, "Account", plan.accounts.map((a) => ({ ...a, createdAt: now })));
      await insertRows(tx, "RetiredAwsPolicy", plan.retired.map((r) => ({ ...r, importedAt: now })));

      const policies = rowsOf(plan.policies, plan.policies.created);
      const changedPolicies = rowsOf(plan.policies, plan.policies.updated);
      await insertRows(tx, "ManagedPolicy", policies.map(({ versions: _v, ...p }) => ({ ...p, nameKey: nameKey(p.name), updatedAt: now })));
      for (const ids of chunks(changedPolicies.map((p) => p.id), batch)) await tx.policyVersion.deleteMany({ where: { policyId: { in: ids } } });
      for (const { id, versions: _v, ...p } of changedPolicies) await tx.managedPolicy.update({ where: { id }, data: { ...p, nameKey: nameKey(p.name) } });
      await insertRows(tx, "PolicyVersion", [...policies, ...changedPolicies].flatMap((p) => p.versions.map((v) => ({ policyId: p.id, ...v }))));

      const strip = <R extends Child & { name: string }>({ inline: _i, attached: _a, ...row }: R) => ({ ...row, nameKey: nameKey(row.name) });
      const groups = rowsOf(plan.groups, plan.groups.created);
      const changedGroups = rowsOf(plan.groups, plan.groups.updated);
      await insertRows(tx, "Group", groups.map(strip));
      for (const g of changedGroups) await tx.group.update({ where: { id: g.id }, data: withoutId(strip(g)) });

      const users = rowsOf(plan.users, plan.users.created);
      const changedUsers = rowsOf(plan.users, plan.users.updated);
      const stripUser = ({ groups: _g, ...u }: UserRow) => strip(u);
      await insertRows(tx, "User", users.map(stripUser));
      for (const u of changedUsers) await tx.user.update({ where: { id: u.id }, data: withoutId(stripUser(u)) });

      const roles = rowsOf(plan.roles, plan.roles.created);
      const changedRoles = rowsOf(plan.roles, plan.roles.updated);
      await insertRows(tx, "Role", roles.map((r) => ({ ...strip(r), updatedAt: now })));
      for (const r of changedRoles) await tx.role.update({ where: { id: r.id }, data: withoutId(strip(r)) });

      // Policies held by a changed principal are replaced as a whole, as are a changed user's groups.
      const holders = [
        { column: "groupId", rows: [...groups, ...changedGroups], changed: changedGroups },
        { column: "userId", rows: [...users, ...changedUsers], changed: changedUsers },
        { column: "roleId", rows: [...roles, ...changedRoles], changed: changedRoles },
      ] as const;
      for (const h of holders) {
        for (const ids of chunks(h.changed.map((r) => r.id), batch)) {
          await tx.inlinePolicy.deleteMany({ where: { [h.column]: { in: ids } } });
          await tx.policyAttachment.deleteMany({ where: { [h.column]: { in: ids } } });
        }
        await insertRows(tx, "InlinePolicy", h.rows.flatMap((r) => r.inline.map((p) => ({ [h.column]: r.id, name: p.name, document: p.document, updatedAt: now }))));
        await insertRows(tx, "PolicyAttachment", h.rows.flatMap((r) => r.attached.map((a) => ({ [h.column]: r.id, policyArn: a.arn, managedPolicyId: a.managedPolicyId }))));
      }
      for (const ids of chunks(changedUsers.map((u) => u.id), batch)) await tx.groupMembership.deleteMany({ where: { userId: { in: ids } } });
      await insertRows(tx, "GroupMembership", [...users, ...changedUsers].flatMap((u) => u.groups.map((groupId) => ({ userId: u.id, groupId }))));

      const profiles = rowsOf(plan.profiles, plan.profiles.created);
      await insertRows(tx, "InstanceProfile", profiles.map((p) => ({ ...p, nameKey: nameKey(p.name) })));
      for (const { id, ...p } of rowsOf(plan.profiles, plan.profiles.updated)) await tx.instanceProfile.update({ where: { id }, data: { ...p, nameKey: nameKey(p.name) } });

      const runIds: number[] = [];
      for (const { after: _a, ...run } of plan.runs) runIds.push((await tx.importRun.create({ data: { workspaceId: plan.workspaceId, ...run } })).id);
      const entries = plan.audit.map((e) =>
        "run" in e ? { actor: plan.runs[e.run].actor, action: "ImportAuthorizationDetails", entityType: "ImportRun", entityId: String(runIds[e.run]), after: plan.runs[e.run].after } : e,
      );
      await insertRows(tx, "AuditEntry", entries.map((e) => ({ ...auditEntryRow(e), at: now })));

      const files = plan.summaries.map(({ summary, run }) => ({ ...summary, importRunId: run === null ? null : runIds[run] }));
      return { files, changed: files.some((f) => f.importRunId !== null) };
    },
    { timeout: 60_000 },
  );
}

