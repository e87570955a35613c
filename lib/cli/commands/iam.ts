/**
 * `roleplay iam <operation>`: the AWS CLI's IAM verbs over the workspace (shared contract
 * contracts/aws-cli.md). Each call is authorized as `--as` (default: the account's root) by the
 * evaluator, then performed by the same lib/iam services the console uses, in one transaction.
 */
import type { Tx } from "../../db/create-client";
import { AppError } from "../../errors";
import { arns } from "../../iam/arns";
import { authorizeIamCall, iamEntityArn, type IamEntityKind } from "../../iam/iam-calls-as";
import { findRole } from "../../iam/roles";
import { createPolicy, createPolicyVersion } from "../../iam/managed-policies";
import { attachUserPolicy, createUser, putUserPolicy } from "../../iam/users";
import { addUserToGroup, createGroup, putGroupPolicy } from "../../iam/groups";
import {
  addRoleToInstanceProfileAs,
  attachRolePolicyAs,
  createAccessKeyAs,
  createInstanceProfileAs,
  createRoleAs,
  deleteAccessKeyAs,
  deleteInstanceProfileAs,
  deleteRoleAs,
  deleteRolePolicyAs,
  detachRolePolicyAs,
  getInstanceProfileAs,
  getRoleAs,
  listAccessKeysAs,
  listRolesAs,
  putRolePolicyAs,
  removeRoleFromInstanceProfileAs,
  updateAccessKeyAs,
  updateAssumeRolePolicyAs,
} from "../../iam/iam-calls-as";
import { readTags } from "../../iam/tags";
import { awsDate, runService, UsageError, type CallContext, type Operation } from "../aws/aws-cli";

type RoleRow = { id: string; accountId: string; name: string; path: string; description: string; trustPolicy: string; maxSessionDuration: number; createdAt: Date; tags: string; permissionsBoundaryArn: string | null };

function parseDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function roleShape(role: RoleRow, detail = false) {
  const out: Record<string, unknown> = {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: arns.role(role.accountId, role.path, role.name),
    CreateDate: awsDate(role.createdAt),
    AssumeRolePolicyDocument: parseDocument(role.trustPolicy),
  };
  if (role.description) out.Description = role.description;
  out.MaxSessionDuration = role.maxSessionDuration;
  if (role.permissionsBoundaryArn) out.PermissionsBoundary = { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: role.permissionsBoundaryArn };
  const tags = readTags(role.tags);
  if (detail && tags.length) out.Tags = tags;
  if (detail) out.RoleLastUsed = {};
  return out;
}

async function profileShape(tx: Tx, profile: { id: string; accountId: string; name: string; path: string; createdAt: Date; roleId: string | null }) {
  const role = profile.roleId ? await tx.role.findUnique({ where: { id: profile.roleId } }) : null;
  return {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.id,
    Arn: arns.instanceProfile(profile.accountId, profile.path, profile.name),
    CreateDate: awsDate(profile.createdAt),
    Roles: role ? [roleShape(role)] : [],
  };
}

const need = (call: CallContext, flag: string): string => {
  const v = call.text(flag);
  if (v === undefined) throw new UsageError(`the following arguments are required: --${flag}`);
  return v;
};

/** Authorizes ACTION on the named entity's ARN as the caller. */
async function allow(call: CallContext, tx: Tx, action: string, kind: IamEntityKind, name: string, context: Record<string, string> = {}, path?: string) {
  authorizeIamCall(call.principal, action, await iamEntityArn(tx, call.accountId, kind, name, path), call.now, context);
}

/** The principal, actor and clock every change made as the caller takes. */
const as = (call: CallContext) => [call.principal, call.actor, call.now] as const;

function policyAccountCheck(call: CallContext, arn: string) {
  if (!arn.startsWith("arn:aws:iam::")) throw new AppError("InvalidInput", `ARN ${arn} is not valid.`);
}

function maxSession(call: CallContext): number | undefined {
  const v = call.value("max-session-duration");
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`argument --max-session-duration: invalid int value: '${v}'`);
  return Number(v);
}

export const operations: Record<string, Operation> = {
  "create-role": {
    api: "CreateRole",
    flags: [{ name: "role-name", required: true }, { name: "assume-role-policy-document", required: true }, { name: "path" }, { name: "description" }, { name: "max-session-duration" }, { name: "permissions-boundary" }],
    run: async (call) => tx(call, async (t) => {
      const role = await createRoleAs(t, { accountId: call.accountId, name: need(call, "role-name"), path: call.value("path") ?? "/", trustPolicy: need(call, "assume-role-policy-document"), description: call.value("description"), maxSessionDuration: maxSession(call), permissionsBoundaryArn: call.value("permissions-boundary") }, ...as(call));
      return { Role: roleShape(role) };
    }),
  },
  "get-role": {
    api: "GetRole",
    flags: [{ name: "role-name", required: true }],
    run: async (call) => tx(call, async (t) => {
      return { Role: roleShape(await getRoleAs(t, { accountId: call.accountId, roleName: need(call, "role-name") }, call.principal, call.now), true) };
    }),
  },
  "list-roles": {
    api: "ListRoles",
    flags: [{ name: "path-prefix" }],
    run: async (call) => tx(call, async (t) => {
      const roles = await listRolesAs(t, { accountId: call.accountId, pathPrefix: call.value("path-prefix") }, call.principal, call.now);
      return { Roles: roles.map((r) => roleShape(r)) };
    }),
  },
  "delete-role": {
    api: "DeleteRole",
    flags: [{ name: "role-name", required: true }],
    run: async (call) => tx(call, async (t) => {
      await deleteRoleAs(t, { accountId: call.accountId, roleName: need(call, "role-name") }, ...as(call));
    }),
  },
  "update-assume-role-policy": {
    api: "UpdateAssumeRolePolicy",
    flags: [{ name: "role-name", required: true }, { name: "policy-document", required: true }],
    run: async (call) => tx(call, async (t) => {
      await updateAssumeRolePolicyAs(t, { accountId: call.accountId, roleName: need(call, "role-name"), document: need(call, "policy-document") }, ...as(call));
    }),
  },
  "put-role-policy": {
    api: "PutRolePolicy",
    flags: [{ name: "role-name", required: true }, { name: "policy-name", required: true }, { name: "policy-document", required: true }],
    run: async (call) => tx(call, async (t) => {
      await putRolePolicyAs(t, { accountId: call.accountId, roleName: need(call, "role-name"), policyName: need(call, "policy-name"), document: need(call, "policy-document") }, ...as(call));
    }),
  },
  "delete-role-policy": {
    api: "DeleteRolePolicy",
    flags: [{ name: "role-name", required: true }, { name: "policy-name", required: true }],
    run: async (call) => tx(call, async (t) => {
      await deleteRolePolicyAs(t, { accountId: call.accountId, roleName: need(call, "role-name"), policyName: need(call, "policy-name") }, ...as(call));
    }),
  },
  "attach-role-policy": {
    api: "AttachRolePolicy",
    flags: [{ name: "role-name", required: true }, { name: "policy-arn", required: true }],
    run: async (call) => tx(call, async (t) => {
      await attachRolePolicyAs(t, { accountId: call.accountId, roleName: need(call, "role-name"), policyArn: need(call, "policy-arn") }, ...as(call));
    }),
  },
  "detach-role-policy": {
    api: "DetachRolePolicy",
    flags: [{ name: "role-name", required: true }, { name: "policy-arn", required: true }],
    run: async (call) => tx(call, async (t) => {
      await detachRolePolicyAs(t, { accountId: call.accountId, roleName: need(call, "role-name"), policyArn: need(call, "policy-arn") }, ...as(call));
    }),
  },
  "create-policy": {
    api: "CreatePolicy",
    flags: [{ name: "policy-name", required: true }, { name: "policy-document", required: true }, { name: "path" }, { name: "description" }],
    run: async (call) => tx(call, async (t) => {
      const name = need(call, "policy-name");
      const path = call.value("path") ?? "/";
      await allow(call, t, "iam:CreatePolicy", "policy", name, {}, path);
      const policy = await createPolicy(t, { accountId: call.accountId, name, path, description: call.value("description"), document: need(call, "policy-document") }, call.actor);
      return {
        Policy: {
          PolicyName: policy.name,
          PolicyId: policy.id,
          Arn: policy.arn,
          Path: policy.path,
          DefaultVersionId: policy.defaultVersionId,
          AttachmentCount: 0,
          PermissionsBoundaryUsageCount: 0,
          IsAttachable: true,
          CreateDate: awsDate(policy.createdAt),
          UpdateDate: awsDate(policy.updatedAt),
        },
      };
    }),
  },
  "create-policy-version": {
    api: "CreatePolicyVersion",
    flags: [{ name: "policy-arn", required: true }, { name: "policy-document", required: true }, { name: "set-as-default", boolean: true }],
    run: async (call) => tx(call, async (t) => {
      const policyArn = need(call, "policy-arn");
      authorizeIamCall(call.principal, "iam:CreatePolicyVersion", policyArn, call.now);
      const version = await createPolicyVersion(t, { accountId: call.accountId, policyArn, document: need(call, "policy-document"), setAsDefault: call.flag("set-as-default") }, call.actor);
      return { PolicyVersion: { VersionId: version.versionId, IsDefaultVersion: version.isDefault, CreateDate: awsDate(call.now) } };
    }),
  },
  "create-user": {
    api: "CreateUser",
    flags: [{ name: "user-name", required: true }, { name: "path" }, { name: "permissions-boundary" }],
    run: async (call) => tx(call, async (t) => {
      const name = need(call, "user-name");
      const path = call.value("path") ?? "/";
      const boundary = call.value("permissions-boundary");
      await allow(call, t, "iam:CreateUser", "user", name, boundary ? { "iam:PermissionsBoundary": boundary } : {}, path);
      const user = await createUser(t, { accountId: call.accountId, name, path, permissionsBoundaryArn: boundary }, call.actor);
      return { User: { Path: user.path, UserName: user.name, UserId: user.id, Arn: arns.user(user.accountId, user.path, user.name), CreateDate: awsDate(user.createdAt) } };
    }),
  },
  "put-user-policy": {
    api: "PutUserPolicy",
    flags: [{ name: "user-name", required: true }, { name: "policy-name", required: true }, { name: "policy-document", required: true }],
    run: async (call) => tx(call, async (t) => {
      const name = need(call, "user-name");
      await allow(call, t, "iam:PutUserPolicy", "user", name);
      await putUserPolicy(t, { accountId: call.accountId, userName: name, policyName: need(call, "policy-name"), document: need(call, "policy-document") }, call.actor);
    }),
  },
  "attach-user-policy": {
    api: "AttachUserPolicy",
    flags: [{ name: "user-name", required: true }, { name: "policy-arn", required: true }],
    run: async (call) => tx(call, async (t) => {
      const name = need(call, "user-name");
      const policyArn = need(call, "policy-arn");
      policyAccountCheck(call, policyArn);
      await allow(call, t, "iam:AttachUserPolicy", "user", name, { "iam:PolicyARN": policyArn });
      await attachUserPolicy(t, { accountId: call.accountId, userName: name, policyArn }, call.actor);
    }),
  },
  "create-group": {
    api: "CreateGroup",
    flags: [{ name: "group-name", required: true }, { name: "path" }],
    run: async (call) => tx(call, async (t) => {
      const name = need(call, "group-name");
      const path = call.value("path") ?? "/";
      await allow(call, t, "iam:CreateGroup", "group", name, {}, path);
      const group = await createGroup(t, { accountId: call.accountId, name, path }, call.actor);
      return { Group: { Path: group.path, GroupName: group.name, GroupId: group.id, Arn: arns.group(group.accountId, group.path, group.name), CreateDate: awsDate(group.createdAt) } };
    }),
  },
  "add-user-to-group": {
    api: "AddUserToGroup",
    flags: [{ name: "group-name", required: true }, { name: "user-name", required: true }],
    run: async (call) => tx(call, async (t) => {
      const group = need(call, "group-name");
      await allow(call, t, "iam:AddUserToGroup", "group", group);
      await addUserToGroup(t, { accountId: call.accountId, groupName: group, userName: need(call, "user-name") }, call.actor);
    }),
  },
  "put-group-policy": {
    api: "PutGroupPolicy",
    flags: [{ name: "group-name", required: true }, { name: "policy-name", required: true }, { name: "policy-document", required: true }],
    run: async (call) => tx(call, async (t) => {
      const group = need(call, "group-name");
      await allow(call, t, "iam:PutGroupPolicy", "group", group);
      await putGroupPolicy(t, { accountId: call.accountId, groupName: group, policyName: need(call, "policy-name"), document: need(call, "policy-document") }, call.actor);
    }),
  },
  "create-instance-profile": {
    api: "CreateInstanceProfile",
    flags: [{ name: "instance-profile-name", required: true }, { name: "path" }],
    run: async (call) => tx(call, async (t) => {
      const profile = await createInstanceProfileAs(t, { accountId: call.accountId, name: need(call, "instance-profile-name"), path: call.value("path") ?? "/" }, ...as(call));
      return { InstanceProfile: await profileShape(t, profile) };
    }),
  },
  "get-instance-profile": {
    api: "GetInstanceProfile",
    flags: [{ name: "instance-profile-name", required: true }],
    run: async (call) => tx(call, async (t) => {
      return { InstanceProfile: await profileShape(t, await getInstanceProfileAs(t, { accountId: call.accountId, instanceProfileName: need(call, "instance-profile-name") }, call.principal, call.now)) };
    }),
  },
  "add-role-to-instance-profile": {
    api: "AddRoleToInstanceProfile",
    flags: [{ name: "instance-profile-name", required: true }, { name: "role-name", required: true }],
    run: async (call) => tx(call, async (t) => {
      await addRoleToInstanceProfileAs(t, { accountId: call.accountId, instanceProfileName: need(call, "instance-profile-name"), roleName: need(call, "role-name") }, call.principal, call.actor, call.now);
    }),
  },
  "remove-role-from-instance-profile": {
    api: "RemoveRoleFromInstanceProfile",
    flags: [{ name: "instance-profile-name", required: true }, { name: "role-name", required: true }],
    run: async (call) => tx(call, async (t) => {
      await removeRoleFromInstanceProfileAs(t, { accountId: call.accountId, instanceProfileName: need(call, "instance-profile-name"), roleName: need(call, "role-name") }, ...as(call));
    }),
  },
  "delete-instance-profile": {
    api: "DeleteInstanceProfile",
    flags: [{ name: "instance-profile-name", required: true }],
    run: async (call) => tx(call, async (t) => {
      await deleteInstanceProfileAs(t, { accountId: call.accountId, instanceProfileName: need(call, "instance-profile-name") }, ...as(call));
    }),
  },
  "create-access-key": {
    api: "CreateAccessKey",
    flags: [{ name: "user-name" }],
    run: async (call) => tx(call, async (t) => {
      const key = await createAccessKeyAs(t, { accountId: call.accountId, userName: call.value("user-name") }, ...as(call));
      return { AccessKey: { UserName: key.UserName, AccessKeyId: key.AccessKeyId, Status: key.Status, SecretAccessKey: key.SecretAccessKey, CreateDate: awsDate(key.CreateDate) } };
    }),
  },
  "list-access-keys": {
    api: "ListAccessKeys",
    flags: [{ name: "user-name" }],
    run: async (call) => tx(call, async (t) => {
      const keys = await listAccessKeysAs(t, { accountId: call.accountId, userName: call.value("user-name") }, call.principal, call.now);
      return { AccessKeyMetadata: keys.map((k) => ({ UserName: k.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: awsDate(k.CreateDate) })) };
    }),
  },
  "update-access-key": {
    api: "UpdateAccessKey",
    flags: [{ name: "access-key-id", required: true }, { name: "status", required: true }, { name: "user-name" }],
    run: async (call) => tx(call, async (t) => {
      await updateAccessKeyAs(t, { accountId: call.accountId, userName: call.value("user-name"), accessKeyId: need(call, "access-key-id"), status: need(call, "status") }, ...as(call));
    }),
  },
  "delete-access-key": {
    api: "DeleteAccessKey",
    flags: [{ name: "access-key-id", required: true }, { name: "user-name" }],
    run: async (call) => tx(call, async (t) => {
      await deleteAccessKeyAs(t, { accountId: call.accountId, userName: call.value("user-name"), accessKeyId: need(call, "access-key-id") }, ...as(call));
    }),
  },
  "list-instance-profiles-for-role": {
    api: "ListInstanceProfilesForRole",
    flags: [{ name: "role-name", required: true }],
    run: async (call) => tx(call, async (t) => {
      const name = need(call, "role-name");
      await allow(call, t, "iam:ListInstanceProfilesForRole", "role", name);
      const role = await findRole(t, call.accountId, name);
      const profiles = await t.instanceProfile.findMany({ where: { roleId: role.id }, orderBy: { nameKey: "asc" } });
      return { InstanceProfiles: await Promise.all(profiles.map((p) => profileShape(t, p))) };
    }),
  },
};

/** One transaction per call: a refusal or failure part-way writes nothing. */
function tx<T>(call: CallContext, fn: (t: Tx) => Promise<T>): Promise<T> {
  return call.db.$transaction((t) => fn(t), { timeout: 60_000 });
}

export function run(argv: string[]): Promise<number> {
  return runService("iam", operations, argv);
}
