/**
 * Imports `get-account-authorization-details` files into a workspace: accounts (from the ARNs),
 * customer-managed policies with their versions, groups, users, memberships, roles with trust
 * policies, boundaries and tags, instance profiles, inline policies and attachments. AWS's ids and
 * create dates are kept where the file gives them. AWS-managed policies stay references resolved
 * from the managed-policy data package.
 *
 * Merge, not replace: entities are matched by account and name (ignoring case, as IAM does) and
 * written only when they differ, so importing the same file twice changes nothing (no ImportRun,
 * no audit entry either). One transaction: a failure changes nothing. Files are read and checked
 * before the transaction opens; a malformed file is refused naming the file and the JSON path.
 */
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { findManagedPolicy } from "../catalog/managed-policies";
import { isAwsManagedPolicyArn } from "../iam/arns";
import { cryptoRandom, iamUniqueId, type RandomSource, type UniqueIdPrefix } from "../iam/ids";
import { maxPolicyVersions } from "../iam/managed-policies";
import { nameKey } from "../iam/names";
import {
  AuthorizationDetailsError,
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
  /** What is being written: accounts, policies, groups, users, roles, instance profiles. */
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

/** Reads every file first; a malformed one is an `InvalidInput` error naming the file and JSON path. */
export function readImportFiles(files: ImportFile[]): AuthorizationSnapshot[] {
  if (files.length === 0) throw new AppError("InvalidInput", "Choose at least one get-account-authorization-details file to import.");
  return files.map((f) => {
    try {
      return readAuthorizationDetails(f.text, f.name);
    } catch (error) {
      if (error instanceof AuthorizationDetailsError) {
        throw new AppError("InvalidInput", `${error.file} cannot be imported: ${error.message.slice(error.file.length + 2)}`, { file: error.file, path: error.path });
      }
      throw error;
    }
  });
}

const text = (document: unknown) => JSON.stringify(document, null, 2);
const iso = (d: Date | undefined | null) => (d ? d.toISOString() : null);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Imports the files into the workspace, in one transaction. `onProgress` is called as entities are
 * written. Throws AppError (InvalidInput) for a malformed file or an account of another workspace.
 */
export async function importAuthorizationDetails(
  db: Db,
  input: { workspaceId: string; files: ImportFile[]; actor: Actor; onProgress?: (p: ImportProgress) => void; random?: RandomSource },
): Promise<ImportResult> {
  const snapshots = readImportFiles(input.files);
  const random = input.random ?? cryptoRandom;
  const { actor, onProgress } = input;
  return inTransaction(db, async (tx) => {
    const workspace = await tx.workspace.findUnique({ where: { id: input.workspaceId } });
    if (!workspace) throw new AppError("NoSuchEntity", `The workspace ${input.workspaceId} does not exist`);
    const results: ImportFileSummary[] = [];
    for (const snapshot of snapshots) {
      const summary = await importSnapshot(tx, snapshot, { workspaceId: input.workspaceId, actor, onProgress, random });
      results.push(summary);
    }
    return { files: results, changed: results.some((r) => r.importRunId !== null) };
  });
}

interface Ctx {
  workspaceId: string;
  actor: Actor;
  onProgress?: (p: ImportProgress) => void;
  random: RandomSource;
}

async function freeId(tx: Tx, table: "user" | "group" | "role" | "managedPolicy" | "instanceProfile", wanted: string | undefined, prefix: UniqueIdPrefix, random: RandomSource): Promise<string> {
  if (wanted) {
    const taken = await (tx[table] as unknown as { findUnique(args: { where: { id: string } }): Promise<unknown> }).findUnique({ where: { id: wanted } });
    if (!taken) return wanted;
  }
  return iamUniqueId(prefix, random);
}

async function importSnapshot(tx: Tx, snapshot: AuthorizationSnapshot, ctx: Ctx): Promise<ImportFileSummary> {
  const { actor, random } = ctx;
  const file = snapshot.file;
  const warnings = [...snapshot.warnings];
  const counts = Object.fromEntries(kinds.map((k) => [k, { created: 0, updated: 0, unchanged: 0 }])) as Record<ImportKind, Counts>;
  const progress = (phase: string, done: number, total: number) => ctx.onProgress?.({ file, phase, done, total });

  // Accounts.
  const accounts = [...new Set([...snapshot.accounts, ...snapshot.policies.filter((p) => !p.awsManaged).map((p) => p.account)])];
  for (const id of accounts) {
    const existing = await tx.account.findUnique({ where: { id } });
    if (existing && existing.workspaceId !== ctx.workspaceId) {
      throw new AppError("InvalidInput", `${file}: account ${id} belongs to another workspace; import it there.`, { file });
    }
    if (existing) counts.accounts.unchanged++;
    else {
      await tx.account.create({ data: { id, name: `Imported ${id}`, workspaceId: ctx.workspaceId } });
      await recordAudit(tx, { actor, action: "CreateAccount", accountId: id, entityType: "Account", entityId: id, after: { id, name: `Imported ${id}`, source: file } });
      counts.accounts.created++;
    }
  }
  progress("accounts", accounts.length, accounts.length);

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
    const existing = await tx.managedPolicy.findUnique({ where: { accountId_nameKey: { accountId: p.account, nameKey: nameKey(p.name) } }, include: { versions: true } });
    const current = existing && {
      name: existing.name,
      path: existing.path,
      description: existing.description,
      defaultVersionId: existing.defaultVersionId,
      createdAt: p.createdAt ? iso(existing.createdAt) : null,
      versions: existing.versions.map((v) => ({ versionId: v.versionId, document: v.document, createdAt: desired.versions.find((d) => d.versionId === v.versionId)?.createdAt ? iso(v.createdAt) : null })).sort((a, b) => a.versionId.localeCompare(b.versionId)),
    };
    const versionRows = desired.versions.map((v) => ({ versionId: v.versionId, document: v.document, ...(v.createdAt ? { createdAt: new Date(v.createdAt) } : {}) }));
    if (!existing) {
      const id = await freeId(tx, "managedPolicy", p.id, "ANPA", random);
      await tx.managedPolicy.create({
        data: { id, accountId: p.account, name: p.name, nameKey: nameKey(p.name), path: p.iamPath, description: p.description, defaultVersionId: p.defaultVersionId, ...(p.createdAt ? { createdAt: p.createdAt } : {}), versions: { create: versionRows } },
      });
      await recordAudit(tx, { actor, action: "ImportPolicy", accountId: p.account, entityType: "ManagedPolicy", entityId: id, after: { ...desired, source: file } });
      customerPolicyIds.set(p.arn, id);
      counts.policies.created++;
    } else {
      customerPolicyIds.set(p.arn, existing.id);
      if (same(current, desired)) counts.policies.unchanged++;
      else {
        await tx.policyVersion.deleteMany({ where: { policyId: existing.id } });
        await tx.managedPolicy.update({
          where: { id: existing.id },
          data: { name: p.name, path: p.iamPath, description: p.description, defaultVersionId: p.defaultVersionId, ...(p.createdAt ? { createdAt: p.createdAt } : {}), version: { increment: 1 }, versions: { create: versionRows } },
        });
        await recordAudit(tx, { actor, action: "ImportPolicy", accountId: p.account, entityType: "ManagedPolicy", entityId: existing.id, before: current, after: { ...desired, source: file } });
        counts.policies.updated++;
      }
    }
    progress("policies", i + 1, customer.length);
  }

  // An AWS-managed policy AWS has retired is not in the data package; the file may still carry it.
  const keepRetiredAwsPolicy = async (arn: string): Promise<boolean> => {
    if (await tx.retiredAwsPolicy.findUnique({ where: { arn } })) return true;
    const carried = snapshot.policies.find((p) => p.awsManaged && p.arn === arn);
    const version = carried?.versions.find((v) => v.isDefault);
    if (!carried || !version) return false;
    const row = { arn, name: carried.name, path: carried.iamPath, defaultVersionId: version.versionId, document: text(version.document) };
    await tx.retiredAwsPolicy.create({ data: row });
    await recordAudit(tx, { actor, action: "ImportRetiredAwsPolicy", entityType: "RetiredAwsPolicy", entityId: arn, after: { ...row, source: file } });
    return true;
  };
  // Resolves an attached or boundary ARN: customer policies of the file or the workspace, AWS-managed from the data package.
  const resolve = async (ref: SnapshotPolicyRef, account: string): Promise<{ arn: string; managedPolicyId: string | null } | undefined> => {
    if (isAwsManagedPolicyArn(ref.arn)) {
      if (findManagedPolicy(ref.arn) || (await keepRetiredAwsPolicy(ref.arn))) return { arn: ref.arn, managedPolicyId: null };
      warnings.push({ file, path: ref.path, message: `the AWS-managed policy ${ref.arn} is neither in the managed-policy data nor in the file; not attached` });
      return undefined;
    }
    const known = customerPolicyIds.get(ref.arn);
    if (known) return { arn: ref.arn, managedPolicyId: known };
    const name = ref.arn.slice(ref.arn.lastIndexOf("/") + 1);
    const found = await tx.managedPolicy.findUnique({ where: { accountId_nameKey: { accountId: account, nameKey: nameKey(name) } } });
    if (found) return { arn: ref.arn, managedPolicyId: found.id };
    warnings.push({ file, path: ref.path, message: `the managed policy ${ref.arn} is neither in the file nor in the workspace; not attached` });
    return undefined;
  };
  const resolveAll = async (refs: SnapshotPolicyRef[], account: string) => {
    const out: { arn: string; managedPolicyId: string | null }[] = [];
    for (const ref of refs) {
      const r = await resolve(ref, account);
      if (r && !out.some((o) => o.arn === r.arn)) out.push(r);
    }
    return out.sort((a, b) => a.arn.localeCompare(b.arn));
  };
  const boundaryArn = async (ref: SnapshotPolicyRef | undefined, account: string) => {
    if (!ref) return null;
    // Kept as written even when unresolvable (resolve warns): the boundary is a fact about the principal.
    await resolve(ref, account);
    return ref.arn;
  };
  const inlineRows = (docs: SnapshotDocument[]) => docs.map((d) => ({ name: d.name, document: text(d.document) })).sort((a, b) => a.name.localeCompare(b.name));

  type Holder = "user" | "group" | "role";
  const column = { user: "userId", group: "groupId", role: "roleId" } as const;
  const currentChildren = async (kind: Holder, id: string) => {
    const where = { [column[kind]]: id };
    const [inline, attached] = await Promise.all([tx.inlinePolicy.findMany({ where }), tx.policyAttachment.findMany({ where })]);
    return {
      inline: inline.map((p) => ({ name: p.name, document: p.document })).sort((a, b) => a.name.localeCompare(b.name)),
      attached: attached.map((a) => ({ arn: a.policyArn, managedPolicyId: a.managedPolicyId })).sort((a, b) => a.arn.localeCompare(b.arn)),
    };
  };
  const writeChildren = async (kind: Holder, id: string, inline: { name: string; document: string }[], attached: { arn: string; managedPolicyId: string | null }[]) => {
    const where = { [column[kind]]: id };
    await tx.inlinePolicy.deleteMany({ where });
    await tx.policyAttachment.deleteMany({ where });
    for (const p of inline) await tx.inlinePolicy.create({ data: { ...where, name: p.name, document: p.document } });
    for (const a of attached) await tx.policyAttachment.create({ data: { ...where, policyArn: a.arn, managedPolicyId: a.managedPolicyId } });
  };

  // Groups.
  const groupIds = new Map<string, string>();
  for (const [i, g] of snapshot.groups.entries()) {
    const desired = { name: g.name, path: g.iamPath, createdAt: iso(g.createdAt), inline: inlineRows(g.inline), attached: await resolveAll(g.attached, g.account) };
    const existing = await tx.group.findUnique({ where: { accountId_nameKey: { accountId: g.account, nameKey: nameKey(g.name) } } });
    if (!existing) {
      const id = await freeId(tx, "group", g.id, "AGPA", random);
      await tx.group.create({ data: { id, accountId: g.account, name: g.name, nameKey: nameKey(g.name), path: g.iamPath, ...(g.createdAt ? { createdAt: g.createdAt } : {}) } });
      await writeChildren("group", id, desired.inline, desired.attached);
      await recordAudit(tx, { actor, action: "ImportGroup", accountId: g.account, entityType: "Group", entityId: id, after: { ...desired, source: file } });
      groupIds.set(`${g.account}\u0000${nameKey(g.name)}`, id);
      counts.groups.created++;
    } else {
      groupIds.set(`${g.account}\u0000${nameKey(g.name)}`, existing.id);
      const current = { name: existing.name, path: existing.path, createdAt: g.createdAt ? iso(existing.createdAt) : null, ...(await currentChildren("group", existing.id)) };
      if (same(current, desired)) counts.groups.unchanged++;
      else {
        await tx.group.update({ where: { id: existing.id }, data: { name: g.name, path: g.iamPath, ...(g.createdAt ? { createdAt: g.createdAt } : {}), version: { increment: 1 } } });
        await writeChildren("group", existing.id, desired.inline, desired.attached);
        await recordAudit(tx, { actor, action: "ImportGroup", accountId: g.account, entityType: "Group", entityId: existing.id, before: current, after: { ...desired, source: file } });
        counts.groups.updated++;
      }
    }
    progress("groups", i + 1, snapshot.groups.length);
  }

  // Users and their memberships.
  for (const [i, u] of snapshot.users.entries()) {
    const memberOf: string[] = [];
    u.groups.forEach((name, j) => {
      const id = groupIds.get(`${u.account}\u0000${nameKey(name)}`);
      if (id) memberOf.push(id);
      else warnings.push({ file, path: `${u.path}.GroupList[${j}]`, message: `group ${name} is not in the file; membership not imported` });
    });
    memberOf.sort();
    const desired = {
      name: u.name,
      path: u.iamPath,
      tags: u.tags,
      permissionsBoundaryArn: await boundaryArn(u.boundary, u.account),
      createdAt: iso(u.createdAt),
      inline: inlineRows(u.inline),
      attached: await resolveAll(u.attached, u.account),
      groups: memberOf,
    };
    const existing = await tx.user.findUnique({ where: { accountId_nameKey: { accountId: u.account, nameKey: nameKey(u.name) } }, include: { memberships: true } });
    const writeMemberships = async (userId: string) => {
      await tx.groupMembership.deleteMany({ where: { userId } });
      for (const groupId of memberOf) await tx.groupMembership.create({ data: { userId, groupId } });
    };
    if (!existing) {
      const id = await freeId(tx, "user", u.id, "AIDA", random);
      await tx.user.create({ data: { id, accountId: u.account, name: u.name, nameKey: nameKey(u.name), path: u.iamPath, tags: JSON.stringify(u.tags), permissionsBoundaryArn: desired.permissionsBoundaryArn, ...(u.createdAt ? { createdAt: u.createdAt } : {}) } });
      await writeChildren("user", id, desired.inline, desired.attached);
      await writeMemberships(id);
      await recordAudit(tx, { actor, action: "ImportUser", accountId: u.account, entityType: "User", entityId: id, after: { ...desired, source: file } });
      counts.users.created++;
    } else {
      const current = {
        name: existing.name,
        path: existing.path,
        tags: JSON.parse(existing.tags),
        permissionsBoundaryArn: existing.permissionsBoundaryArn,
        createdAt: u.createdAt ? iso(existing.createdAt) : null,
        ...(await currentChildren("user", existing.id)),
        groups: existing.memberships.map((m) => m.groupId).sort(),
      };
      if (same(current, desired)) counts.users.unchanged++;
      else {
        await tx.user.update({ where: { id: existing.id }, data: { name: u.name, path: u.iamPath, tags: JSON.stringify(u.tags), permissionsBoundaryArn: desired.permissionsBoundaryArn, ...(u.createdAt ? { createdAt: u.createdAt } : {}), version: { increment: 1 } } });
        await writeChildren("user", existing.id, desired.inline, desired.attached);
        await writeMemberships(existing.id);
        await recordAudit(tx, { actor, action: "ImportUser", accountId: u.account, entityType: "User", entityId: existing.id, before: current, after: { ...desired, source: file } });
        counts.users.updated++;
      }
    }
    progress("users", i + 1, snapshot.users.length);
  }

  // Roles.
  const roleIds = new Map<string, string>();
  for (const [i, r] of snapshot.roles.entries()) {
    const desired = {
      name: r.name,
      path: r.iamPath,
      description: r.description,
      trustPolicy: text(r.trust.document),
      maxSessionDuration: r.maxSessionDuration ?? 3600,
      tags: r.tags,
      permissionsBoundaryArn: await boundaryArn(r.boundary, r.account),
      createdAt: iso(r.createdAt),
      inline: inlineRows(r.inline),
      attached: await resolveAll(r.attached, r.account),
    };
    const existing = await tx.role.findUnique({ where: { accountId_nameKey: { accountId: r.account, nameKey: nameKey(r.name) } } });
    const fields = {
      name: r.name,
      path: r.iamPath,
      description: r.description,
      trustPolicy: desired.trustPolicy,
      maxSessionDuration: desired.maxSessionDuration,
      tags: JSON.stringify(r.tags),
      permissionsBoundaryArn: desired.permissionsBoundaryArn,
      ...(r.createdAt ? { createdAt: r.createdAt } : {}),
    };
    if (!existing) {
      const id = await freeId(tx, "role", r.id, "AROA", random);
      await tx.role.create({ data: { id, accountId: r.account, nameKey: nameKey(r.name), ...fields } });
      await writeChildren("role", id, desired.inline, desired.attached);
      await recordAudit(tx, { actor, action: "ImportRole", accountId: r.account, entityType: "Role", entityId: id, after: { ...desired, source: file } });
      roleIds.set(`${r.account}\u0000${nameKey(r.name)}`, id);
      counts.roles.created++;
    } else {
      roleIds.set(`${r.account}\u0000${nameKey(r.name)}`, existing.id);
      const current = {
        name: existing.name,
        path: existing.path,
        description: existing.description,
        trustPolicy: existing.trustPolicy,
        maxSessionDuration: existing.maxSessionDuration,
        tags: JSON.parse(existing.tags),
        permissionsBoundaryArn: existing.permissionsBoundaryArn,
        createdAt: r.createdAt ? iso(existing.createdAt) : null,
        ...(await currentChildren("role", existing.id)),
      };
      if (same(current, desired)) counts.roles.unchanged++;
      else {
        await tx.role.update({ where: { id: existing.id }, data: { ...fields, version: { increment: 1 } } });
        await writeChildren("role", existing.id, desired.inline, desired.attached);
        await recordAudit(tx, { actor, action: "ImportRole", accountId: r.account, entityType: "Role", entityId: existing.id, before: current, after: { ...desired, source: file } });
        counts.roles.updated++;
      }
    }
    progress("roles", i + 1, snapshot.roles.length);
  }

  // Instance profiles (one role each).
  for (const [i, p] of snapshot.instanceProfiles.entries()) {
    if (p.roleNames.length > 1) warnings.push({ file, path: p.path, message: `instance profile ${p.name} lists ${p.roleNames.length} roles; an instance profile holds one, the first is kept` });
    const roleName = p.roleNames[0];
    const roleId = roleName ? (roleIds.get(`${p.account}\u0000${nameKey(roleName)}`) ?? (await tx.role.findUnique({ where: { accountId_nameKey: { accountId: p.account, nameKey: nameKey(roleName) } } }))?.id ?? null) : null;
    const desired = { name: p.name, path: p.iamPath, roleId, tags: p.tags, createdAt: iso(p.createdAt) };
    const existing = await tx.instanceProfile.findUnique({ where: { accountId_nameKey: { accountId: p.account, nameKey: nameKey(p.name) } } });
    const fields = { name: p.name, path: p.iamPath, roleId, tags: JSON.stringify(p.tags), ...(p.createdAt ? { createdAt: p.createdAt } : {}) };
    if (!existing) {
      const id = await freeId(tx, "instanceProfile", p.id, "AIPA", random);
      await tx.instanceProfile.create({ data: { id, accountId: p.account, nameKey: nameKey(p.name), ...fields } });
      await recordAudit(tx, { actor, action: "ImportInstanceProfile", accountId: p.account, entityType: "InstanceProfile", entityId: id, after: { ...desired, source: file } });
      counts.instanceProfiles.created++;
    } else {
      const current = { name: existing.name, path: existing.path, roleId: existing.roleId, tags: JSON.parse(existing.tags), createdAt: p.createdAt ? iso(existing.createdAt) : null };
      if (same(current, desired)) counts.instanceProfiles.unchanged++;
      else {
        await tx.instanceProfile.update({ where: { id: existing.id }, data: { ...fields, version: { increment: 1 } } });
        await recordAudit(tx, { actor, action: "ImportInstanceProfile", accountId: p.account, entityType: "InstanceProfile", entityId: existing.id, before: current, after: { ...desired, source: file } });
        counts.instanceProfiles.updated++;
      }
    }
    progress("instance profiles", i + 1, snapshot.instanceProfiles.length);
  }

  const changed = kinds.some((k) => counts[k].created + counts[k].updated > 0);
  let importRunId: number | null = null;
  if (changed) {
    const run = await tx.importRun.create({
      data: { workspaceId: ctx.workspaceId, fileName: file, sha256: snapshot.sha256, actor, summary: JSON.stringify({ accounts, counts, warnings }) },
    });
    importRunId = run.id;
    await recordAudit(tx, { actor, action: "ImportAuthorizationDetails", entityType: "ImportRun", entityId: String(run.id), after: { fileName: file, sha256: snapshot.sha256, counts, warnings: warnings.length } });
  }
  return { file, sha256: snapshot.sha256, accounts, counts, warnings, importRunId };
}
