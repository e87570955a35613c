/**
 * Reads one `get-account-authorization-details` file into a snapshot: every entity with its
 * account (from its ARN), its policies as parsed documents, the default version of each managed
 * policy, and the JSON path it came from. Pure: no database, no clock. A file that cannot be read
 * throws AuthorizationDetailsError naming the file and the JSON path; oddities the review can
 * live with are warnings.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { compilePolicy, type PolicyKind } from "../policy/compile-policy";
import { PolicyGrammarError } from "../policy/policy-grammar-error";
import { isAwsManagedPolicyArn } from "../iam/arns";
import {
  descriptionSchema,
  groupNameSchema,
  iamPathSchema,
  instanceProfileNameSchema,
  maxSessionDurationSchema,
  nameKey,
  policyNameSchema,
  roleNameSchema,
  tagsSchema,
  userNameSchema,
} from "../iam/names";
import { authorizationDetailsSchema, type AuthorizationDetails } from "./authorization-details-schema";

/** A file, or a part of one, that cannot be read; `path` is a JSON path such as `$.RoleDetailList[3].Arn`. */
export class AuthorizationDetailsError extends Error {
  readonly file: string;
  readonly path: string;
  constructor(file: string, path: string, message: string) {
    super(`${file}: ${path}: ${message}`);
    this.name = "AuthorizationDetailsError";
    this.file = file;
    this.path = path;
  }
}

export interface SnapshotWarning {
  file: string;
  path: string;
  message: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface SnapshotDocument {
  name: string;
  document: Record<string, unknown>;
  /** JSON path of the document in the file. */
  path: string;
}

export interface SnapshotPolicyRef {
  arn: string;
  path: string;
}

/**
 * An account named by an ARN of the file, with the ARN's JSON path. `holder` is the account of
 * the entity carrying a nested ARN (an attached policy, a boundary, an instance profile or its
 * roles); an entity's own ARN has none. The import checks every one against the workspace.
 */
export interface SnapshotReference {
  account: string;
  arn: string;
  path: string;
  holder?: string;
}

interface SnapshotEntity {
  account: string;
  arn: string;
  /** AWS's unique id (AIDA…, AGPA…, AROA…), when the file gives it. */
  id?: string;
  name: string;
  iamPath: string;
  createdAt?: Date;
  inline: SnapshotDocument[];
  attached: SnapshotPolicyRef[];
  path: string;
}

export interface SnapshotUser extends SnapshotEntity {
  groups: string[];
  tags: Tag[];
  boundary?: SnapshotPolicyRef;
}

export type SnapshotGroup = SnapshotEntity;

export interface SnapshotRole extends SnapshotEntity {
  description: string;
  maxSessionDuration?: number;
  trust: SnapshotDocument;
  tags: Tag[];
  boundary?: SnapshotPolicyRef;
}

export interface SnapshotInstanceProfile {
  account: string;
  arn: string;
  id?: string;
  name: string;
  iamPath: string;
  createdAt?: Date;
  roleNames: string[];
  tags: Tag[];
  path: string;
}

export interface SnapshotPolicyVersion {
  versionId: string;
  document: Record<string, unknown>;
  isDefault: boolean;
  createdAt?: Date;
}

export interface SnapshotManagedPolicy {
  arn: string;
  /** The owning account, or `aws` for AWS-managed policies. */
  account: string;
  awsManaged: boolean;
  id?: string;
  name: string;
  iamPath: string;
  description: string;
  defaultVersionId: string;
  createdAt?: Date;
  updatedAt?: Date;
  versions: SnapshotPolicyVersion[];
  path: string;
}

export interface AuthorizationSnapshot {
  file: string;
  sha256: string;
  /** Accounts owning a user, group or role, in order of first appearance. */
  accounts: string[];
  users: SnapshotUser[];
  groups: SnapshotGroup[];
  roles: SnapshotRole[];
  instanceProfiles: SnapshotInstanceProfile[];
  policies: SnapshotManagedPolicy[];
  /** Every 12-digit account an ARN of the file names, entity ARNs and nested ones. */
  references: SnapshotReference[];
  warnings: SnapshotWarning[];
}

/** `$.RoleDetailList[3].RoleName` from a zod-style path. */
export function jsonPath(parts: readonly PropertyKey[]): string {
  let out = "$";
  for (const part of parts) out += typeof part === "number" ? `[${part}]` : /^[A-Za-z_]\w*$/.test(String(part)) ? `.${String(part)}` : `[${JSON.stringify(String(part))}]`;
  return out;
}

/** A JSON pointer inside a document, appended to the document's JSON path. */
function pathWithPointer(base: string, pointer: string): string {
  if (!pointer) return base;
  const parts = pointer.slice(1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return base + jsonPath(parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p))).slice(1);
}

const ACCOUNT = /^\d{12}$/;

function arnAccountField(arn: string): string {
  return arn.split(":")[4] ?? "";
}

/** Reads, checks and normalises one file's text. Throws AuthorizationDetailsError. */
export function readAuthorizationDetails(text: string, file: string): AuthorizationSnapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AuthorizationDetailsError(file, "$", `not valid JSON: ${(error as Error).message}`);
  }
  const parsed = authorizationDetailsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AuthorizationDetailsError(file, jsonPath(issue.path), describeIssue(issue));
  }
  return normalise(parsed.data, file, createHash("sha256").update(text).digest("hex"));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return `required, missing (${issue.message})`;
  return issue.message;
}

function normalise(data: AuthorizationDetails, file: string, sha256: string): AuthorizationSnapshot {
  const warnings: SnapshotWarning[] = [];
  const users = data.UserDetailList ?? [];
  const groups = data.GroupDetailList ?? [];
  const roles = data.RoleDetailList ?? [];
  const policies = data.Policies ?? [];

  // The file's own account: the most common 12-digit account among its identities. Sanitised
  // exports write `aws` or a placeholder in some ARNs; those entities belong to this account.
  const counts = new Map<string, number>();
  for (const entity of [...users, ...groups, ...roles]) {
    const account = arnAccountField(entity.Arn);
    if (ACCOUNT.test(account)) counts.set(account, (counts.get(account) ?? 0) + 1);
  }
  let main: string | undefined;
  for (const [account, count] of counts) if (main === undefined || count > counts.get(main)!) main = account;

  const accountOf = (arn: string, path: string): string => {
    const account = arnAccountField(arn);
    if (ACCOUNT.test(account)) return account;
    if (main === undefined) throw new AuthorizationDetailsError(file, path, `the ARN ${arn} names no 12-digit account, and no other entity of the file does`);
    warnings.push({ file, path, message: `the ARN ${arn} names account '${account}', which is not an account id; taken as ${main}, the file's account` });
    return main;
  };
  const arnIn = (arn: string, account: string) => {
    const parts = arn.split(":");
    if (parts[4] === account) return arn;
    parts[4] = account;
    return parts.join(":");
  };

  const checkDocument = (document: Record<string, unknown>, name: string, kind: PolicyKind, path: string) => {
    try {
      compilePolicy(document, name, kind);
    } catch (error) {
      if (error instanceof PolicyGrammarError) {
        throw new AuthorizationDetailsError(file, pathWithPointer(path, error.pointer), `policy ${name}: ${error.message.replace(/ \(policy '.*', at [^)]*\)$/, "")}`);
      }
      throw error;
    }
  };
  const inlineOf = (list: { PolicyName: string; PolicyDocument: Record<string, unknown> }[] | null | undefined, base: string, key: string): SnapshotDocument[] =>
    (list ?? []).map((p, i) => {
      const path = `${base}.${key}[${i}].PolicyDocument`;
      checkDocument(p.PolicyDocument, p.PolicyName, "identity", path);
      return { name: p.PolicyName, document: p.PolicyDocument, path };
    });
  const references: SnapshotReference[] = [];
  // A nested ARN names its account, or a placeholder taken as the holder's account (as for entities).
  const nestedArn = (arn: string, path: string, holder: string): string => {
    if (isAwsManagedPolicyArn(arn)) return arn;
    const account = arnAccountField(arn);
    if (ACCOUNT.test(account)) {
      references.push({ account, arn, path, holder });
      return arn;
    }
    warnings.push({ file, path, message: `the ARN ${arn} names account '${account}', which is not an account id; taken as ${holder}, the account holding it` });
    return arnIn(arn, holder);
  };
  const attachedOf = (list: { PolicyArn: string }[] | null | undefined, base: string, holder: string): SnapshotPolicyRef[] =>
    (list ?? []).map((a, i) => {
      const path = `${base}.AttachedManagedPolicies[${i}].PolicyArn`;
      return { arn: nestedArn(a.PolicyArn, path, holder), path };
    });
  const boundaryOf = (boundary: { PermissionsBoundaryArn: string } | null | undefined, base: string, holder: string): SnapshotPolicyRef | undefined => {
    if (!boundary) return undefined;
    const path = `${base}.PermissionsBoundary.PermissionsBoundaryArn`;
    return { arn: nestedArn(boundary.PermissionsBoundaryArn, path, holder), path };
  };
  const ownArn = (arn: string, path: string, account: string) => {
    references.push({ account, arn, path });
    return arnIn(arn, account);
  };
  const tagsOf = (list: { Key: string; Value: string }[] | null | undefined): Tag[] => (list ?? []).map((t) => ({ Key: t.Key, Value: t.Value }));

  const accounts: string[] = [];
  const seenAccount = (account: string) => {
    if (!accounts.includes(account)) accounts.push(account);
  };

  const outUsers: SnapshotUser[] = users.map((u, i) => {
    const path = `$.UserDetailList[${i}]`;
    const account = accountOf(u.Arn, `${path}.Arn`);
    seenAccount(account);
    return {
      account,
      arn: ownArn(u.Arn, `${path}.Arn`, account),
      id: u.UserId,
      name: u.UserName,
      iamPath: u.Path ?? "/",
      createdAt: u.CreateDate,
      inline: inlineOf(u.UserPolicyList, path, "UserPolicyList"),
      attached: attachedOf(u.AttachedManagedPolicies, path, account),
      groups: u.GroupList ?? [],
      tags: tagsOf(u.Tags),
      boundary: boundaryOf(u.PermissionsBoundary, path, account),
      path,
    };
  });
  const outGroups: SnapshotGroup[] = groups.map((g, i) => {
    const path = `$.GroupDetailList[${i}]`;
    const account = accountOf(g.Arn, `${path}.Arn`);
    seenAccount(account);
    return {
      account,
      arn: ownArn(g.Arn, `${path}.Arn`, account),
      id: g.GroupId,
      name: g.GroupName,
      iamPath: g.Path ?? "/",
      createdAt: g.CreateDate,
      inline: inlineOf(g.GroupPolicyList, path, "GroupPolicyList"),
      attached: attachedOf(g.AttachedManagedPolicies, path, account),
      path,
    };
  });
  const profiles = new Map<string, SnapshotInstanceProfile>();
  const outRoles: SnapshotRole[] = roles.map((r, i) => {
    const path = `$.RoleDetailList[${i}]`;
    const account = accountOf(r.Arn, `${path}.Arn`);
    seenAccount(account);
    checkDocument(r.AssumeRolePolicyDocument, `trust policy of ${r.RoleName}`, "resource", `${path}.AssumeRolePolicyDocument`);
    (r.InstanceProfileList ?? []).forEach((p, j) => {
      const profilePath = `${path}.InstanceProfileList[${j}]`;
      const arn = nestedArn(p.Arn, `${profilePath}.Arn`, account);
      const profileAccount = arnAccountField(arn);
      (p.Roles ?? []).forEach((x, k) => x.Arn && nestedArn(x.Arn, `${profilePath}.Roles[${k}].Arn`, account));
      const existing = profiles.get(arn);
      const roleNames = (p.Roles ?? []).map((x) => x.RoleName);
      if (!roleNames.includes(r.RoleName)) roleNames.push(r.RoleName);
      if (existing) {
        for (const name of roleNames) if (!existing.roleNames.includes(name)) existing.roleNames.push(name);
        return;
      }
      profiles.set(arn, {
        account: profileAccount,
        arn,
        id: p.InstanceProfileId,
        name: p.InstanceProfileName,
        iamPath: p.Path ?? "/",
        createdAt: p.CreateDate,
        roleNames,
        tags: tagsOf(p.Tags),
        path: profilePath,
      });
    });
    return {
      account,
      arn: ownArn(r.Arn, `${path}.Arn`, account),
      id: r.RoleId,
      name: r.RoleName,
      iamPath: r.Path ?? "/",
      createdAt: r.CreateDate,
      description: r.Description ?? "",
      maxSessionDuration: r.MaxSessionDuration ?? undefined,
      trust: { name: `trust policy of ${r.RoleName}`, document: r.AssumeRolePolicyDocument, path: `${path}.AssumeRolePolicyDocument` },
      inline: inlineOf(r.RolePolicyList, path, "RolePolicyList"),
      attached: attachedOf(r.AttachedManagedPolicies, path, account),
      tags: tagsOf(r.Tags),
      boundary: boundaryOf(r.PermissionsBoundary, path, account),
      path,
    };
  });

  const outPolicies: SnapshotManagedPolicy[] = policies.map((p, i) => {
    const path = `$.Policies[${i}]`;
    const owner = arnAccountField(p.Arn);
    const awsManaged = owner === "aws";
    const account = awsManaged ? "aws" : accountOf(p.Arn, `${path}.Arn`);
    const versions = p.PolicyVersionList.map((v, j) => {
      checkDocument(v.Document, p.PolicyName, "identity", `${path}.PolicyVersionList[${j}].Document`);
      return { versionId: v.VersionId, document: v.Document, isDefault: v.IsDefaultVersion ?? false, createdAt: v.CreateDate };
    });
    const defaultVersion = versions.find((v) => v.isDefault) ?? versions.find((v) => v.versionId === p.DefaultVersionId) ?? (versions.length === 1 ? versions[0] : undefined);
    if (!defaultVersion) throw new AuthorizationDetailsError(file, `${path}.PolicyVersionList`, `policy ${p.PolicyName} has no default version among ${versions.map((v) => v.versionId).join(", ")}`);
    for (const v of versions) v.isDefault = v === defaultVersion;
    if (new Set(versions.map((v) => v.versionId)).size !== versions.length) {
      throw new AuthorizationDetailsError(file, `${path}.PolicyVersionList`, `policy ${p.PolicyName} lists a version twice`);
    }
    return {
      arn: awsManaged ? p.Arn : ownArn(p.Arn, `${path}.Arn`, account),
      account,
      awsManaged,
      id: p.PolicyId,
      name: p.PolicyName,
      iamPath: p.Path ?? "/",
      description: p.Description ?? "",
      defaultVersionId: defaultVersion.versionId,
      createdAt: p.CreateDate,
      updatedAt: p.UpdateDate,
      versions,
      path,
    };
  });

  return {
    file,
    sha256,
    accounts,
    users: outUsers,
    groups: outGroups,
    roles: outRoles,
    instanceProfiles: [...profiles.values()],
    policies: outPolicies,
    references,
    warnings,
  };
}

/**
 * What an import adds to reading: IAM's own rules for what it writes, the same rules every other
 * door applies (names, paths, tags, descriptions, session durations from lib/iam), names unique
 * ignoring case per account, and nested ARNs in the account of the entity holding them (IAM
 * attaches only the same account's policies, and keeps a role's instance profiles in its
 * account). The review reads files without these rules: it stores nothing. Throws
 * AuthorizationDetailsError naming the JSON path of the first offending value.
 */
export function checkImportRules(snapshot: AuthorizationSnapshot): void {
  const { file } = snapshot;
  const check = (schema: z.ZodType, value: unknown, path: string) => {
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new AuthorizationDetailsError(file, path + jsonPath(issue.path).slice(1), `${issue.message} (got ${JSON.stringify(value).slice(0, 80)})`);
    }
  };
  const seen = new Map<string, string>();
  const unique = (kind: string, account: string, name: string, path: string) => {
    const key = `${kind}\u0000${account}\u0000${nameKey(name)}`;
    const first = seen.get(key);
    if (first) throw new AuthorizationDetailsError(file, path, `${kind} ${name} of account ${account} appears twice (also at ${first}); IAM names are unique ignoring case`);
    seen.set(key, path);
  };
  const inline = (docs: SnapshotDocument[]) => {
    const names = new Set<string>();
    for (const d of docs) {
      const namePath = d.path.replace(/\.PolicyDocument$/, ".PolicyName");
      check(policyNameSchema, d.name, namePath);
      if (names.has(d.name)) throw new AuthorizationDetailsError(file, namePath, `inline policy ${d.name} appears twice`);
      names.add(d.name);
    }
  };

  for (const u of snapshot.users) {
    check(userNameSchema, u.name, `${u.path}.UserName`);
    check(iamPathSchema, u.iamPath, `${u.path}.Path`);
    check(tagsSchema, u.tags, `${u.path}.Tags`);
    unique("user", u.account, u.name, `${u.path}.UserName`);
    inline(u.inline);
  }
  for (const g of snapshot.groups) {
    check(groupNameSchema, g.name, `${g.path}.GroupName`);
    check(iamPathSchema, g.iamPath, `${g.path}.Path`);
    unique("group", g.account, g.name, `${g.path}.GroupName`);
    inline(g.inline);
  }
  for (const r of snapshot.roles) {
    check(roleNameSchema, r.name, `${r.path}.RoleName`);
    check(iamPathSchema, r.iamPath, `${r.path}.Path`);
    check(descriptionSchema, r.description, `${r.path}.Description`);
    if (r.maxSessionDuration !== undefined) check(maxSessionDurationSchema, r.maxSessionDuration, `${r.path}.MaxSessionDuration`);
    check(tagsSchema, r.tags, `${r.path}.Tags`);
    unique("role", r.account, r.name, `${r.path}.RoleName`);
    inline(r.inline);
  }
  for (const p of snapshot.instanceProfiles) {
    check(instanceProfileNameSchema, p.name, `${p.path}.InstanceProfileName`);
    check(iamPathSchema, p.iamPath, `${p.path}.Path`);
    check(tagsSchema, p.tags, `${p.path}.Tags`);
    unique("instance profile", p.account, p.name, `${p.path}.InstanceProfileName`);
  }
  // AWS-managed policies are AWS's own: only customer-managed ones were written through IAM's rules.
  for (const p of snapshot.policies.filter((x) => !x.awsManaged)) {
    check(policyNameSchema, p.name, `${p.path}.PolicyName`);
    check(iamPathSchema, p.iamPath, `${p.path}.Path`);
    check(descriptionSchema, p.description, `${p.path}.Description`);
    unique("policy", p.account, p.name, `${p.path}.PolicyName`);
  }
  for (const ref of snapshot.references) {
    if (ref.holder !== undefined && ref.account !== ref.holder) {
      throw new AuthorizationDetailsError(file, ref.path, `${ref.arn} is in account ${ref.account}, not in ${ref.holder} where it is used; IAM attaches policies and instance profiles only within one account`);
    }
  }
}
