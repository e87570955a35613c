/**
 * The names behind the audit log's entity ids (`Role AROAQ…` reads `Role Get-pics`) and the
 * console page of each, for the entities that still exist. An entity deleted since keeps the name
 * its entry recorded (from the before/after snapshot) and has no page.
 */
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { nameTag } from "../iam/tags";

export type AuditEntityName = {
  /** What a person calls the entity: its name, email or Name tag; the id when nothing better is known. */
  name: string;
  /** The id to show beside the name: AWS's (AROA…, i-…, the account's 12 digits); null when it is the console's own database key or the name already says it. */
  id: string | null;
  /** Its console page, when it still exists and has one. */
  href: string | null;
  /** Whether the page is for administrators only (People). */
  adminOnly?: boolean;
};

/** What each entity type is called on screen ("ECS task", not `EcsTask`). */
const entityTypeWords: Record<string, string> = {
  Role: "role",
  User: "user",
  Group: "group",
  InstanceProfile: "instance profile",
  ManagedPolicy: "managed policy",
  Instance: "EC2 instance",
  EcsTask: "ECS task",
  EcsCluster: "ECS cluster",
  Bucket: "S3 bucket",
  S3Object: "S3 object",
  Account: "account",
  ConsoleUser: "console user",
  AccessKey: "access key",
  RoleSession: "role session",
  Workspace: "workspace",
  WorkspaceClock: "workspace clock",
  ClientAddress: "client address",
  ImportRun: "import",
  RetiredAwsPolicy: "retired AWS managed policy",
};

/** An audit entry's entity type in words: "ECS task" for `EcsTask`; a type not known here, split at its capitals. */
export function auditEntityTypeLabel(entityType: string): string {
  return entityTypeWords[entityType] ?? entityType.replace(/(?<=[a-z0-9])(?=[A-Z])/g, " ").toLowerCase();
}

// Types whose ids are the console's own database keys (a cuid, a UUID, a row number): nothing a person looks up.
const internalIdTypes = new Set(["EcsCluster", "ConsoleUser", "ImportRun", "WorkspaceClock"]);

type Entry = { entityType: string; entityId: string; accountId: string | null; before: unknown; after: unknown };

export const auditEntityKey = (entityType: string, entityId: string) => `${entityType}|${entityId}`;

function recordedName(entry: Entry): string | undefined {
  for (const snapshot of [entry.after, entry.before]) {
    if (!snapshot || typeof snapshot !== "object") continue;
    const s = snapshot as Record<string, unknown>;
    for (const key of ["name", "roleName", "userName", "groupName", "instanceProfileName", "policyName", "email", "taskDefinition"]) {
      if (typeof s[key] === "string" && s[key]) return s[key] as string;
    }
  }
  return undefined;
}

function shownId(entityType: string, id: string, name: string): string | null {
  return internalIdTypes.has(entityType) || name.includes(id) ? null : id;
}

const enc = encodeURIComponent;

/** Names (and pages) for the entities of `entries`, keyed by `auditEntityKey`. */
export async function nameAuditEntities(db: Db | Tx, entries: Entry[]): Promise<Map<string, AuditEntityName>> {
  const ids = (type: string) => [...new Set(entries.filter((e) => e.entityType === type).map((e) => e.entityId))];
  const [roles, users, groups, profiles, policies, instances, tasks, clusters, buckets, accounts, people, keys, sessions] = await Promise.all([
    db.role.findMany({ where: { id: { in: ids("Role") } }, select: { id: true, name: true, accountId: true } }),
    db.user.findMany({ where: { id: { in: ids("User") } }, select: { id: true, name: true, accountId: true } }),
    db.group.findMany({ where: { id: { in: ids("Group") } }, select: { id: true, name: true, accountId: true } }),
    db.instanceProfile.findMany({ where: { id: { in: ids("InstanceProfile") } }, select: { id: true, name: true, accountId: true } }),
    db.managedPolicy.findMany({ where: { id: { in: ids("ManagedPolicy") } }, select: { id: true, name: true, path: true, accountId: true } }),
    db.instance.findMany({ where: { id: { in: ids("Instance") } }, select: { id: true, tags: true, accountId: true } }),
    db.ecsTask.findMany({ where: { id: { in: ids("EcsTask") } }, select: { id: true, taskDefinition: true, cluster: { select: { accountId: true } } } }),
    db.ecsCluster.findMany({ where: { id: { in: ids("EcsCluster") } }, select: { id: true, name: true, accountId: true } }),
    db.bucket.findMany({ where: { name: { in: [...ids("Bucket"), ...ids("S3Object").map((o) => o.split("/")[0])] } }, select: { name: true, accountId: true } }),
    db.account.findMany({ where: { id: { in: ids("Account") } }, select: { id: true, name: true } }),
    db.consoleUser.findMany({ where: { id: { in: ids("ConsoleUser") } }, select: { id: true, email: true } }),
    db.accessKey.findMany({ where: { accessKeyId: { in: ids("AccessKey") } }, select: { accessKeyId: true, accountId: true, user: { select: { name: true } } } }),
    db.roleSession.findMany({ where: { accessKeyId: { in: ids("RoleSession") } }, select: { accessKeyId: true, accountId: true, assumedRoleArn: true } }),
  ]);
  const found = new Map<string, AuditEntityName>();
  const put = (type: string, id: string, name: string, href: string | null, adminOnly?: boolean) => found.set(auditEntityKey(type, id), { name, id: shownId(type, id, name), href, ...(adminOnly ? { adminOnly } : {}) });
  for (const r of roles) put("Role", r.id, r.name, `/${r.accountId}/roles/${enc(r.name)}`);
  for (const u of users) put("User", u.id, u.name, `/${u.accountId}/users/${enc(u.name)}`);
  for (const g of groups) put("Group", g.id, g.name, `/${g.accountId}/groups/${enc(g.name)}`);
  for (const p of profiles) put("InstanceProfile", p.id, p.name, `/${p.accountId}/instance-profiles/${enc(p.name)}`);
  for (const p of policies) put("ManagedPolicy", p.id, p.name, `/${p.accountId}/policies/${enc(arns.policy(p.accountId, p.path, p.name))}`);
  for (const i of instances) put("Instance", i.id, nameTag(i.tags) ?? i.id, `/${i.accountId}/instances/${i.id}`);
  for (const t of tasks) put("EcsTask", t.id, t.taskDefinition, `/${t.cluster.accountId}/ecs-tasks/${t.id}`);
  for (const c of clusters) put("EcsCluster", c.id, c.name, `/${c.accountId}/ecs-tasks`);
  const bucketAccount = new Map(buckets.map((b) => [b.name, b.accountId]));
  for (const name of ids("Bucket")) if (bucketAccount.has(name)) put("Bucket", name, name, `/${bucketAccount.get(name)}/buckets/${enc(name)}`);
  for (const id of ids("S3Object")) {
    const bucket = id.split("/")[0];
    if (bucketAccount.has(bucket)) put("S3Object", id, id, `/${bucketAccount.get(bucket)}/buckets/${enc(bucket)}`);
  }
  for (const a of accounts) put("Account", a.id, a.name, `/${a.id}`);
  for (const p of people) put("ConsoleUser", p.id, p.email, null, true);
  for (const k of keys) put("AccessKey", k.accessKeyId, `${k.accessKeyId} of ${k.user.name}`, `/${k.accountId}/users/${enc(k.user.name)}`);
  for (const s of sessions) put("RoleSession", s.accessKeyId, `${s.accessKeyId} (${s.assumedRoleArn.split(":").pop()})`, `/${s.accountId}/sessions`);

  const out = new Map<string, AuditEntityName>();
  for (const entry of entries) {
    const key = auditEntityKey(entry.entityType, entry.entityId);
    const name = recordedName(entry) ?? entry.entityId;
    out.set(key, found.get(key) ?? { name, id: shownId(entry.entityType, entry.entityId, name), href: null });
  }
  return out;
}
