import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { findManagedPolicy } from "../catalog/managed-policies";
import { cryptoRandom, iamUniqueId, type RandomSource } from "./ids";
import { arns, isAwsManagedPolicyArn, parseIamArn } from "./arns";
import { accountIdSchema, descriptionSchema, iamPathSchema, nameKey, policyNameSchema } from "./names";
import { checkPolicyText, policySizeLimits, readPolicyDocument } from "./policy-document";
import { parseStoredDocument } from "./stored-policies";

/** An AWS-managed policy the data package no longer has, kept from an import that used it. */
async function findRetiredAwsPolicy(db: Db | Tx, arn: string) {
  const row = await db.retiredAwsPolicy.findUnique({ where: { arn } });
  return row ? { arn: row.arn, name: row.name, path: row.path, defaultVersionId: row.defaultVersionId, document: parseStoredDocument(row.document, `Policy ${row.name}`), description: "Retired by AWS; kept from an imported account" } : undefined;
}

/** AWS keeps at most five versions of a customer-managed policy. */
export const maxPolicyVersions = 5;

export const createPolicySchema = z.object({
  accountId: accountIdSchema,
  name: policyNameSchema,
  path: iamPathSchema.default("/"),
  description: descriptionSchema.default(""),
  document: z.string().min(1, "The policy document must not be empty"),
});

/** A managed policy that can be attached: customer-managed (in the workspace) or AWS-managed (catalog). */
export type AttachablePolicy = {
  arn: string;
  name: string;
  path: string;
  kind: "customer" | "aws";
  customerPolicyId: string | null;
  defaultVersionId: string;
  text: string;
  description: string;
};

/** Whether `arn` has the form of a managed policy's ARN, AWS- or customer-managed, whether or not it exists. */
export function isPolicyArn(arn: string): boolean {
  return isAwsManagedPolicyArn(arn) || parseIamArn(arn)?.kind === "policy";
}

/** Resolves a managed policy ARN; `NoSuchEntity` when neither the workspace nor AWS has it. */
export async function findAttachablePolicy(db: Db | Tx, accountId: string, arn: string): Promise<AttachablePolicy> {
  if (isAwsManagedPolicyArn(arn)) {
    const policy = findManagedPolicy(arn) ?? (await findRetiredAwsPolicy(db, arn));
    if (!policy) throw new AppError("NoSuchEntity", `Policy ${arn} does not exist or is not attachable.`);
    return {
      arn: policy.arn,
      name: policy.name,
      path: policy.path,
      kind: "aws",
      customerPolicyId: null,
      defaultVersionId: policy.defaultVersionId,
      text: JSON.stringify(policy.document, null, 2),
      description: policy.description ?? "",
    };
  }
  const parsed = parseIamArn(arn);
  if (!parsed || parsed.kind !== "policy") throw new AppError("InvalidInput", `${arn} is not a policy ARN (arn:aws:iam::ACCOUNT:policy/NAME)`);
  if (parsed.account !== accountId) {
    throw new AppError("NoSuchEntity", `Policy ${arn} belongs to account ${parsed.account}; managed policies attach only within their own account.`);
  }
  const policy = await db.managedPolicy.findUnique({
    where: { accountId_nameKey: { accountId, nameKey: nameKey(parsed.name) } },
    include: { versions: true },
  });
  if (!policy || policy.path !== parsed.path) throw new AppError("NoSuchEntity", `Policy ${arn} does not exist or is not attachable.`);
  const version = policy.versions.find((v) => v.versionId === policy.defaultVersionId);
  if (!version) throw new AppError("NoSuchEntity", `Policy ${arn} has no default version.`);
  return {
    arn: arns.policy(policy.accountId, policy.path, policy.name),
    name: policy.name,
    path: policy.path,
    kind: "customer",
    customerPolicyId: policy.id,
    defaultVersionId: policy.defaultVersionId,
    text: version.document,
    description: policy.description,
  };
}

/** Creates a customer-managed policy with its first version, v1, as default (IAM CreatePolicy). */
export async function createPolicy(db: Db | Tx, input: z.input<typeof createPolicySchema>, actor: Actor, random: RandomSource = cryptoRandom) {
  const data = createPolicySchema.parse(input);
  const document = checkPolicyText(data.document, `Policy ${data.name}`, "identity", policySizeLimits.managed);
  return inTransaction(db, async (tx) => {
    const existing = await tx.managedPolicy.findUnique({ where: { accountId_nameKey: { accountId: data.accountId, nameKey: nameKey(data.name) } } });
    if (existing) throw new AppError("EntityAlreadyExists", `A policy called ${existing.name} already exists. Duplicate names are not allowed.`);
    const policy = await tx.managedPolicy.create({
      data: {
        id: iamUniqueId("ANPA", random),
        accountId: data.accountId,
        name: data.name,
        nameKey: nameKey(data.name),
        path: data.path,
        description: data.description,
        defaultVersionId: "v1",
        versions: { create: { versionId: "v1", document } },
      },
    });
    await recordAudit(tx, { actor, action: "CreatePolicy", accountId: data.accountId, entityType: "ManagedPolicy", entityId: policy.id, after: { name: data.name, path: data.path, document } });
    return { ...policy, arn: arns.policy(policy.accountId, policy.path, policy.name) };
  });
}

async function findCustomerPolicy(tx: Db | Tx, accountId: string, arn: string) {
  const policy = await findAttachablePolicy(tx, accountId, arn);
  if (policy.kind !== "customer" || !policy.customerPolicyId) {
    throw new AppError("InvalidInput", `${arn} is AWS-managed; only customer-managed policies can be changed.`);
  }
  return tx.managedPolicy.findUniqueOrThrow({ where: { id: policy.customerPolicyId }, include: { versions: true } });
}

/**
 * Adds a version (IAM CreatePolicyVersion). AWS refuses a sixth version with `LimitExceeded`:
 * the caller must delete one first.
 */
export async function createPolicyVersion(
  db: Db | Tx,
  input: { accountId: string; policyArn: string; document: string; setAsDefault?: boolean },
  actor: Actor,
) {
  return inTransaction(db, async (tx) => {
    const policy = await findCustomerPolicy(tx, input.accountId, input.policyArn);
    const document = checkPolicyText(input.document, `Policy ${policy.name}`, "identity", policySizeLimits.managed);
    if (policy.versions.length >= maxPolicyVersions) {
      throw new AppError("LimitExceeded", `A managed policy can have up to ${maxPolicyVersions} versions. Before you create a new version, you must delete an existing version.`);
    }
    const highest = Math.max(...policy.versions.map((v) => Number(v.versionId.slice(1))));
    const versionId = `v${highest + 1}`;
    await tx.policyVersion.create({ data: { policyId: policy.id, versionId, document } });
    if (input.setAsDefault) await tx.managedPolicy.update({ where: { id: policy.id }, data: { defaultVersionId: versionId, version: { increment: 1 } } });
    await recordAudit(tx, { actor, action: "CreatePolicyVersion", accountId: policy.accountId, entityType: "ManagedPolicy", entityId: policy.id, before: { defaultVersionId: policy.defaultVersionId }, after: { versionId, document, defaultVersionId: input.setAsDefault ? versionId : policy.defaultVersionId } });
    return { versionId, isDefault: Boolean(input.setAsDefault) };
  });
}

export async function setDefaultPolicyVersion(db: Db | Tx, input: { accountId: string; policyArn: string; versionId: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    const policy = await findCustomerPolicy(tx, input.accountId, input.policyArn);
    if (!policy.versions.some((v) => v.versionId === input.versionId)) {
      throw new AppError("NoSuchEntity", `Policy ${input.policyArn} version ${input.versionId} does not exist or is not attachable.`);
    }
    await tx.managedPolicy.update({ where: { id: policy.id }, data: { defaultVersionId: input.versionId, version: { increment: 1 } } });
    await recordAudit(tx, { actor, action: "SetDefaultPolicyVersion", accountId: policy.accountId, entityType: "ManagedPolicy", entityId: policy.id, before: { defaultVersionId: policy.defaultVersionId }, after: { defaultVersionId: input.versionId } });
  });
}

export async function deletePolicyVersion(db: Db | Tx, input: { accountId: string; policyArn: string; versionId: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    const policy = await findCustomerPolicy(tx, input.accountId, input.policyArn);
    const version = policy.versions.find((v) => v.versionId === input.versionId);
    if (!version) throw new AppError("NoSuchEntity", `Policy ${input.policyArn} version ${input.versionId} does not exist.`);
    if (version.versionId === policy.defaultVersionId) {
      throw new AppError("DeleteConflict", `Cannot delete the default version ${version.versionId} of policy ${policy.name}; make another version the default first.`);
    }
    await tx.policyVersion.delete({ where: { policyId_versionId: { policyId: policy.id, versionId: version.versionId } } });
    await recordAudit(tx, { actor, action: "DeletePolicyVersion", accountId: policy.accountId, entityType: "ManagedPolicy", entityId: policy.id, before: { versionId: version.versionId, document: version.document } });
  });
}

/** Deletes a customer-managed policy (IAM DeletePolicy); `DeleteConflict` while attached anywhere. */
export async function deletePolicy(db: Db | Tx, input: { accountId: string; policyArn: string }, actor: Actor) {
  return inTransaction(db, async (tx) => {
    const policy = await findCustomerPolicy(tx, input.accountId, input.policyArn);
    const attachments = await tx.policyAttachment.findMany({ where: { managedPolicyId: policy.id }, include: { user: true, group: true, role: true } });
    if (attachments.length) {
      const holders = attachments.map((a) => (a.role ? `role ${a.role.name}` : a.user ? `user ${a.user.name}` : `group ${a.group?.name}`));
      throw new AppError("DeleteConflict", `Cannot delete policy ${policy.name}: it is attached to ${holders.join(", ")}. Detach it first.`, { holders });
    }
    await tx.managedPolicy.delete({ where: { id: policy.id } });
    await recordAudit(tx, { actor, action: "DeletePolicy", accountId: policy.accountId, entityType: "ManagedPolicy", entityId: policy.id, before: { name: policy.name, versions: policy.versions.map((v) => ({ versionId: v.versionId, document: v.document })) } });
  });
}

export type PolicyRow = {
  arn: string;
  name: string;
  kind: "customer" | "aws";
  description: string;
  attachmentCount: number;
  versionCount: number;
  defaultVersionId: string;
};

/** One policy with its versions (customer) or default document (AWS) and what it is attached to. */
export async function getPolicyDetail(db: Db | Tx, accountId: string, arn: string) {
  const policy = await findAttachablePolicy(db, accountId, arn);
  const attachments = await db.policyAttachment.findMany({
    where: { policyArn: policy.arn, OR: [{ role: { accountId } }, { user: { accountId } }, { group: { accountId } }] },
    include: { role: true, user: true, group: true },
  });
  const versions =
    policy.kind === "customer" && policy.customerPolicyId
      ? (await db.policyVersion.findMany({ where: { policyId: policy.customerPolicyId }, orderBy: { createdAt: "desc" } })).map((v) => ({
          versionId: v.versionId,
          isDefault: v.versionId === policy.defaultVersionId,
          createdAt: v.createdAt.toISOString(),
          text: v.document,
          document: readPolicyDocument(v.document, `Policy ${policy.name} ${v.versionId}`),
        }))
      : [{ versionId: policy.defaultVersionId, isDefault: true, createdAt: null, text: policy.text, document: readPolicyDocument(policy.text, `Policy ${policy.name}`) }];
  return {
    ...policy,
    versions,
    attachedTo: attachments.map((a) =>
      a.role ? { kind: "role" as const, name: a.role.name } : a.user ? { kind: "user" as const, name: a.user.name } : { kind: "group" as const, name: a.group!.name },
    ),
  };
}
