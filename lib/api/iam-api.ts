/**
 * IAM's Query API over the workspace: each operation reads its parameters, calls the one service
 * that acts as the caller (lib/iam/iam-calls-as.ts, the same the console and `roleplay iam` use)
 * and answers in IAM's XML (`<ActionResponse><ActionResult>…`, lists as `<member>`, policy
 * documents URL-encoded as IAM returns them).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html
 */
import type { Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { readTags } from "../iam/tags";
import { observeChecks } from "../authz/authorize-call";
import {
  addRoleToInstanceProfileAs,
  attachRolePolicyAs,
  authorizeIamCall,
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
  getRolePolicyAs,
  getUserAs,
  listAccessKeysAs,
  listRolesAs,
  putRolePolicyAs,
  removeRoleFromInstanceProfileAs,
  updateAccessKeyAs,
  updateAssumeRolePolicyAs,
} from "../iam/iam-calls-as";
import { simulatePrincipalRequest } from "../simulation/simulate-principal";
import { queryNamespace, QueryError } from "./api-errors";
import { xmlElement, type XmlValue } from "./xml";
import type { QueryCall } from "./query-call";

type RoleRow = { id: string; accountId: string; name: string; path: string; description: string; trustPolicy: string; maxSessionDuration: number; createdAt: Date; tags: string; permissionsBoundaryArn: string | null };

/** IAM returns policy documents URL-encoded (RFC 3986) inside its XML. */
const encodedDocument = (text: string) => encodeURIComponent(text);

function roleShape(role: RoleRow, detail = false): XmlValue {
  const tags = readTags(role.tags);
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: arns.role(role.accountId, role.path, role.name),
    CreateDate: role.createdAt,
    AssumeRolePolicyDocument: encodedDocument(role.trustPolicy),
    Description: role.description || undefined,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary: role.permissionsBoundaryArn ? { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: role.permissionsBoundaryArn } : undefined,
    Tags: detail && tags.length ? tags : undefined,
    RoleLastUsed: detail ? {} : undefined,
  };
}

async function profileShape(tx: Tx, profile: { id: string; accountId: string; name: string; path: string; createdAt: Date; roleId: string | null }): Promise<XmlValue> {
  const role = profile.roleId ? await tx.role.findUnique({ where: { id: profile.roleId } }) : null;
  return {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.id,
    Arn: arns.instanceProfile(profile.accountId, profile.path, profile.name),
    CreateDate: profile.createdAt,
    Roles: role ? [roleShape(role)] : [],
  };
}

/** IAM's validation message for a missing required parameter. */
function need(call: QueryCall, name: string): string {
  const value = call.params.get(name);
  if (value === undefined) throw new QueryError("ValidationError", 400, `1 validation error detected: Value null at '${name[0].toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  return value;
}

const as = (call: QueryCall) => [call.principal, call.actor, call.now] as const;

function tagsParam(call: QueryCall) {
  return call.params.structs("Tags.member").map((t) => ({ Key: t.get("Key") ?? "", Value: t.get("Value") ?? "" }));
}

function maxSessionParam(call: QueryCall): number | undefined {
  const value = call.params.get("MaxSessionDuration");
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new QueryError("ValidationError", 400, `1 validation error detected: Value '${value}' at 'maxSessionDuration' failed to satisfy constraint: Member must be an integer`);
  return Number(value);
}

type Operation = (call: QueryCall, tx: Tx) => Promise<XmlValue | undefined>;

const decisionWords = { Allow: "allowed", ExplicitDeny: "explicitDeny", ImplicitDeny: "implicitDeny" } as const;

const operations: Record<string, Operation> = {
  GetUser: async (call, t) => {
    const user = await getUserAs(t, { accountId: call.accountId, userName: call.params.get("UserName") }, call.principal, call.now);
    const tags = readTags(user.tags);
    return {
      User: {
        Path: user.path,
        UserName: user.name,
        UserId: user.id,
        Arn: arns.user(user.accountId, user.path, user.name),
        CreateDate: user.createdAt,
        PermissionsBoundary: user.permissionsBoundaryArn ? { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: user.permissionsBoundaryArn } : undefined,
        Tags: tags.length ? tags : undefined,
      },
    };
  },
  GetRole: async (call, t) => ({ Role: roleShape(await getRoleAs(t, { accountId: call.accountId, roleName: need(call, "RoleName") }, call.principal, call.now), true) }),
  ListRoles: async (call, t) => {
    const roles = await listRolesAs(t, { accountId: call.accountId, pathPrefix: call.params.get("PathPrefix") }, call.principal, call.now);
    return { Roles: roles.map((r) => roleShape(r)), IsTruncated: false };
  },
  CreateRole: async (call, t) => {
    const role = await createRoleAs(
      t,
      {
        accountId: call.accountId,
        name: need(call, "RoleName"),
        path: call.params.get("Path") ?? "/",
        trustPolicy: need(call, "AssumeRolePolicyDocument"),
        description: call.params.get("Description"),
        maxSessionDuration: maxSessionParam(call),
        permissionsBoundaryArn: call.params.get("PermissionsBoundary"),
        tags: tagsParam(call),
      },
      ...as(call),
    );
    return { Role: roleShape(role, true) };
  },
  DeleteRole: async (call, t) => void (await deleteRoleAs(t, { accountId: call.accountId, roleName: need(call, "RoleName") }, ...as(call))),
  UpdateAssumeRolePolicy: async (call, t) => void (await updateAssumeRolePolicyAs(t, { accountId: call.accountId, roleName: need(call, "RoleName"), document: need(call, "PolicyDocument") }, ...as(call))),
  PutRolePolicy: async (call, t) => void (await putRolePolicyAs(t, { accountId: call.accountId, roleName: need(call, "RoleName"), policyName: need(call, "PolicyName"), document: need(call, "PolicyDocument") }, ...as(call))),
  GetRolePolicy: async (call, t) => {
    const policy = await getRolePolicyAs(t, { accountId: call.accountId, roleName: need(call, "RoleName"), policyName: need(call, "PolicyName") }, call.principal, call.now);
    return { RoleName: policy.roleName, PolicyName: policy.policyName, PolicyDocument: encodedDocument(policy.document) };
  },
  DeleteRolePolicy: async (call, t) => void (await deleteRolePolicyAs(t, { accountId: call.accountId, roleName: need(call, "RoleName"), policyName: need(call, "PolicyName") }, ...as(call))),
  AttachRolePolicy: async (call, t) => void (await attachRolePolicyAs(t, { accountId: call.accountId, roleName: need(call, "RoleName"), policyArn: need(call, "PolicyArn") }, ...as(call))),
  DetachRolePolicy: async (call, t) => void (await detachRolePolicyAs(t, { accountId: call.accountId, roleName: need(call, "RoleName"), policyArn: need(call, "PolicyArn") }, ...as(call))),
  CreateInstanceProfile: async (call, t) => {
    const profile = await createInstanceProfileAs(t, { accountId: call.accountId, name: need(call, "InstanceProfileName"), path: call.params.get("Path") ?? "/" }, ...as(call));
    return { InstanceProfile: await profileShape(t, profile) };
  },
  AddRoleToInstanceProfile: async (call, t) =>
    void (await addRoleToInstanceProfileAs(t, { accountId: call.accountId, instanceProfileName: need(call, "InstanceProfileName"), roleName: need(call, "RoleName") }, ...as(call))),
  RemoveRoleFromInstanceProfile: async (call, t) =>
    void (await removeRoleFromInstanceProfileAs(t, { accountId: call.accountId, instanceProfileName: need(call, "InstanceProfileName"), roleName: need(call, "RoleName") }, ...as(call))),
  GetInstanceProfile: async (call, t) => ({
    InstanceProfile: await profileShape(t, await getInstanceProfileAs(t, { accountId: call.accountId, instanceProfileName: need(call, "InstanceProfileName") }, call.principal, call.now)),
  }),
  DeleteInstanceProfile: async (call, t) => void (await deleteInstanceProfileAs(t, { accountId: call.accountId, instanceProfileName: need(call, "InstanceProfileName") }, ...as(call))),
  CreateAccessKey: async (call, t) => {
    const key = await createAccessKeyAs(t, { accountId: call.accountId, userName: call.params.get("UserName") }, ...as(call));
    return { AccessKey: { UserName: key.UserName, AccessKeyId: key.AccessKeyId, Status: key.Status, SecretAccessKey: key.SecretAccessKey, CreateDate: new Date(key.CreateDate) } };
  },
  ListAccessKeys: async (call, t) => {
    const keys = await listAccessKeysAs(t, { accountId: call.accountId, userName: call.params.get("UserName") }, call.principal, call.now);
    return { AccessKeyMetadata: keys.map((k) => ({ UserName: k.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: new Date(k.CreateDate) })), IsTruncated: false };
  },
  UpdateAccessKey: async (call, t) =>
    void (await updateAccessKeyAs(t, { accountId: call.accountId, userName: call.params.get("UserName"), accessKeyId: need(call, "AccessKeyId"), status: need(call, "Status") }, ...as(call))),
  DeleteAccessKey: async (call, t) => void (await deleteAccessKeyAs(t, { accountId: call.accountId, userName: call.params.get("UserName"), accessKeyId: need(call, "AccessKeyId") }, ...as(call))),
  SimulatePrincipalPolicy: async (call, t) => {
    const source = need(call, "PolicySourceArn");
    if (call.params.has("PolicyInputList") || call.params.has("ResourcePolicy") || call.params.has("PermissionsBoundaryPolicyInputList")) {
      throw new QueryError("InvalidInput", 400, "Roleplay's SimulatePrincipalPolicy evaluates the workspace's own policies; PolicyInputList, ResourcePolicy and PermissionsBoundaryPolicyInputList are not supported.");
    }
    authorizeIamCall(call.principal, "iam:SimulatePrincipalPolicy", source, call.now);
    const actions = call.params.list("ActionNames.member");
    if (actions.length === 0) need(call, "ActionNames");
    const resources = call.params.list("ResourceArns.member");
    const context: Record<string, string[]> = {};
    for (const entry of call.params.structs("ContextEntries.member")) {
      const name = entry.get("ContextKeyName");
      if (name) context[name] = entry.list("ContextKeyValues.member");
    }
    // The simulated requests are answers, not decisions about this request: the log keeps them out.
    const results = await observeChecks(
      () => {},
      async () => {
        const out: XmlValue[] = [];
        for (const action of actions) {
          for (const resource of resources.length ? resources : ["*"]) {
            const check = await simulatePrincipalRequest(t, { principalArn: source, action, resource, context }, call.now);
            out.push({
              EvalActionName: action,
              EvalResourceName: resource,
              EvalDecision: decisionWords[check.decision],
              MatchedStatements: check.decisive.map((ref) => ({ SourcePolicyId: ref.policy, SourcePolicyType: ref.kind === "resource" ? "resource" : "IAM Policy" })),
              MissingContextValues: [],
            });
          }
        }
        return out;
      },
    );
    return { EvaluationResults: results, IsTruncated: false };
  },
};

/** Answers one IAM Query request as the caller, in one transaction (a failure writes nothing). */
export async function answerIam(call: QueryCall): Promise<string> {
  const action = call.params.get("Action") ?? "";
  const operation = operations[action];
  if (!operation) throw new QueryError("InvalidAction", 400, `Could not find operation ${action} for version ${call.params.get("Version") ?? "2010-05-08"} (Roleplay's IAM serves ${Object.keys(operations).join(", ")})`);
  const result = await call.db.$transaction((t) => operation(call, t), { timeout: 60_000 });
  return `<${action}Response xmlns="${queryNamespace("iam")}">${result === undefined ? "" : xmlElement(`${action}Result`, result, "member")}<ResponseMetadata><RequestId>${call.requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export const iamOperations = Object.keys(operations);
