/**
 * Turns authorization-details snapshots into the review's input: each identity's policies
 * resolved to documents (the file's default versions first, then AWS-managed policies from the
 * managed-policy data package). A reference resolved by neither is a warning naming the file and
 * the JSON path, and the review goes on without that policy.
 */
import { findManagedPolicy } from "../catalog/managed-policies";
import { isAwsManagedPolicyArn } from "../iam/arns";
import type { ReviewGroup, ReviewIdentity, ReviewInput, ReviewPolicy, ReviewRole } from "../review/review-input";
import type { AuthorizationSnapshot, SnapshotDocument, SnapshotPolicyRef, SnapshotWarning } from "./read-authorization-details";

export interface SnapshotReviewInput {
  input: ReviewInput;
  warnings: SnapshotWarning[];
}

/** Builds one review input from several files (several accounts). */
export function reviewInputFromSnapshots(snapshots: AuthorizationSnapshot[]): SnapshotReviewInput {
  const warnings: SnapshotWarning[] = snapshots.flatMap((s) => s.warnings);
  const managed = new Map<string, ReviewPolicy>();
  for (const snapshot of snapshots) {
    for (const p of snapshot.policies) {
      if (managed.has(p.arn)) continue;
      const version = p.versions.find((v) => v.isDefault)!;
      const otherVersions = p.awsManaged ? [] : p.versions.filter((v) => !v.isDefault).map((v) => ({ versionId: v.versionId, document: v.document }));
      managed.set(p.arn, { key: `${p.arn}#${version.versionId}`, name: p.name, document: version.document, arn: p.arn, ...(otherVersions.length ? { otherVersions } : {}) });
    }
  }
  // `quiet`: the groups' own list resolves the same references as their members, who warn already.
  const resolve = (file: string, ref: SnapshotPolicyRef, from: string, quiet = false): ReviewPolicy | undefined => {
    const found = managed.get(ref.arn);
    if (found) return { ...found, from };
    if (isAwsManagedPolicyArn(ref.arn)) {
      const catalog = findManagedPolicy(ref.arn);
      if (catalog) {
        const policy = { key: `${catalog.arn}#${catalog.defaultVersionId}`, name: catalog.name, document: catalog.document, arn: catalog.arn };
        managed.set(ref.arn, policy);
        return { ...policy, from };
      }
      if (!quiet) warnings.push({ file, path: ref.path, message: `the AWS-managed policy ${ref.arn} is neither in the file nor in the managed-policy data; reviewed without it` });
      return undefined;
    }
    if (!quiet) warnings.push({ file, path: ref.path, message: `the managed policy ${ref.arn} is not in the file's Policies; reviewed without it` });
    return undefined;
  };
  const inline = (holder: string, doc: SnapshotDocument, from: string): ReviewPolicy => ({ key: `${holder}#inline#${doc.name}`, name: doc.name, document: doc.document, from });

  const seen = new Set<string>();
  const duplicate = (file: string, arn: string, path: string) => {
    if (!seen.has(arn)) {
      seen.add(arn);
      return false;
    }
    warnings.push({ file, path, message: `${arn} appears in an earlier file too; the first one is reviewed` });
    return true;
  };

  const accounts: string[] = [];
  const users: ReviewIdentity[] = [];
  const roles: ReviewRole[] = [];
  const instanceProfiles: ReviewInput["instanceProfiles"] = [];
  const reviewGroups: ReviewGroup[] = [];
  const groupSeen = new Set<string>();
  const profileSeen = new Set<string>();
  for (const snapshot of snapshots) {
    for (const account of snapshot.accounts) if (!accounts.includes(account)) accounts.push(account);
    const groups = new Map(snapshot.groups.map((g) => [`${g.account}\u0000${g.name}`, g]));
    for (const group of snapshot.groups) {
      if (groupSeen.has(group.arn)) continue;
      groupSeen.add(group.arn);
      const policies: ReviewPolicy[] = group.inline.map((doc) => inline(group.arn, doc, `group ${group.name} (inline)`));
      for (const ref of group.attached) {
        const p = resolve(snapshot.file, ref, `group ${group.name}`, true);
        if (p) policies.push(p);
      }
      reviewGroups.push({ arn: group.arn, name: group.name, account: group.account, policies });
    }
    for (const user of snapshot.users) {
      if (duplicate(snapshot.file, user.arn, user.path)) continue;
      const policies: ReviewPolicy[] = [];
      for (const doc of user.inline) policies.push(inline(user.arn, doc, "inline"));
      for (const ref of user.attached) {
        const p = resolve(snapshot.file, ref, "attached");
        if (p) policies.push(p);
      }
      user.groups.forEach((name, i) => {
        const group = groups.get(`${user.account}\u0000${name}`);
        if (!group) {
          warnings.push({ file: snapshot.file, path: `${user.path}.GroupList[${i}]`, message: `group ${name} is not in the file's GroupDetailList; reviewed without its policies` });
          return;
        }
        for (const doc of group.inline) policies.push(inline(group.arn, doc, `group ${group.name} (inline)`));
        for (const ref of group.attached) {
          const p = resolve(snapshot.file, ref, `group ${group.name}`);
          if (p) policies.push(p);
        }
      });
      users.push({
        kind: "user",
        arn: user.arn,
        account: user.account,
        name: user.name,
        policies,
        boundary: user.boundary && resolve(snapshot.file, user.boundary, "boundary"),
        groups: user.groups,
        uniqueId: user.id,
        tags: user.tags,
      });
    }
    const profilesByRole = new Map<string, string[]>();
    for (const profile of snapshot.instanceProfiles) {
      for (const roleName of profile.roleNames) {
        const key = `${profile.account}\u0000${roleName}`;
        profilesByRole.set(key, [...(profilesByRole.get(key) ?? []), profile.arn]);
      }
    }
    for (const role of snapshot.roles) {
      if (duplicate(snapshot.file, role.arn, role.path)) continue;
      const policies: ReviewPolicy[] = [];
      for (const doc of role.inline) policies.push(inline(role.arn, doc, "inline"));
      for (const ref of role.attached) {
        const p = resolve(snapshot.file, ref, "attached");
        if (p) policies.push(p);
      }
      roles.push({
        kind: "role",
        arn: role.arn,
        account: role.account,
        name: role.name,
        policies,
        boundary: role.boundary && resolve(snapshot.file, role.boundary, "boundary"),
        groups: [],
        uniqueId: role.id,
        tags: role.tags,
        trust: { key: `${role.arn}#trust`, name: `trust policy of ${role.name}`, document: role.trust.document },
        instanceProfiles: profilesByRole.get(`${role.account}\u0000${role.name}`) ?? [],
      });
    }
    for (const profile of snapshot.instanceProfiles) {
      if (profileSeen.has(profile.arn)) continue;
      profileSeen.add(profile.arn);
      const roleName = profile.roleNames[0];
      const role = roleName ? roles.find((r) => r.account === profile.account && r.name === roleName) : undefined;
      instanceProfiles.push({ arn: profile.arn, name: profile.name, account: profile.account, roleArn: role?.arn });
    }
  }
  // The contract's accounts: those owning a user or a role.
  const owners = new Set([...users, ...roles].map((i) => i.account));
  return { input: { accounts: accounts.filter((a) => owners.has(a)), users, roles, instanceProfiles, instances: [], groups: reviewGroups }, warnings };
}
