import type { Tx } from "../db/create-client";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { policyNameSchema } from "./names";
import { checkPolicyText, policySize, policySizeLimits } from "./policy-document";
import { findAttachablePolicy } from "./managed-policies";

/** A user, group or role: the IAM identities that carry inline and attached policies. */
export type PolicyHolder = { kind: "user" | "group" | "role"; id: string; name: string; accountId: string };

const holderColumn = { user: "userId", group: "groupId", role: "roleId" } as const;
const entityType = { user: "User", group: "Group", role: "Role" } as const;
const verb = { user: "User", group: "Group", role: "Role" } as const;
// IAM quotas: aggregate inline size per identity, and managed policies attached per identity.
const inlineLimit = { user: policySizeLimits.userInlineTotal, group: policySizeLimits.groupInlineTotal, role: policySizeLimits.roleInlineTotal } as const;
const attachLimit = { user: 10, group: 10, role: 10 } as const;

async function bumpVersion(tx: Tx, holder: PolicyHolder) {
  const data = { version: { increment: 1 } };
  if (holder.kind === "role") await tx.role.update({ where: { id: holder.id }, data });
  else if (holder.kind === "user") await tx.user.update({ where: { id: holder.id }, data });
  else await tx.group.update({ where: { id: holder.id }, data });
}

/** Adds or replaces an inline policy (Put{User,Group,Role}Policy) within the aggregate size quota. */
export async function putInlinePolicy(tx: Tx, holder: PolicyHolder, policyName: string, documentText: string, actor: Actor) {
  const name = policyNameSchema.parse(policyName);
  const document = checkPolicyText(documentText, `Inline policy ${name} of ${holder.kind} ${holder.name}`, "identity");
  const column = holderColumn[holder.kind];
  const others = await tx.inlinePolicy.findMany({ where: { [column]: holder.id, NOT: { name } } });
  const total = others.reduce((sum, p) => sum + policySize(p.document), policySize(document));
  if (total > inlineLimit[holder.kind]) {
    throw new AppError("LimitExceeded", `Maximum policy size of ${inlineLimit[holder.kind]} bytes exceeded for ${holder.kind} ${holder.name}: its inline policies would total ${total} characters (white space not counted).`);
  }
  const before = await tx.inlinePolicy.findFirst({ where: { [column]: holder.id, name } });
  if (before) await tx.inlinePolicy.update({ where: { id: before.id }, data: { document } });
  else await tx.inlinePolicy.create({ data: { [column]: holder.id, name, document } });
  await bumpVersion(tx, holder);
  await recordAudit(tx, {
    actor,
    action: `Put${verb[holder.kind]}Policy`,
    accountId: holder.accountId,
    entityType: entityType[holder.kind],
    entityId: holder.id,
    before: before ? { policyName: name, document: before.document } : undefined,
    after: { policyName: name, document },
  });
}

export async function deleteInlinePolicy(tx: Tx, holder: PolicyHolder, policyName: string, actor: Actor) {
  const policy = await tx.inlinePolicy.findFirst({ where: { [holderColumn[holder.kind]]: holder.id, name: policyName } });
  if (!policy) throw new AppError("NoSuchEntity", `The ${holder.kind} policy with name ${policyName} cannot be found.`);
  await tx.inlinePolicy.delete({ where: { id: policy.id } });
  await bumpVersion(tx, holder);
  await recordAudit(tx, { actor, action: `Delete${verb[holder.kind]}Policy`, accountId: holder.accountId, entityType: entityType[holder.kind], entityId: holder.id, before: { policyName, document: policy.document } });
}

/** Attaches a managed policy (Attach{User,Group,Role}Policy); attaching twice changes nothing. */
export async function attachManagedPolicy(tx: Tx, holder: PolicyHolder, policyArn: string, actor: Actor) {
  const policy = await findAttachablePolicy(tx, holder.accountId, policyArn);
  const column = holderColumn[holder.kind];
  const existing = await tx.policyAttachment.findMany({ where: { [column]: holder.id } });
  if (existing.some((a) => a.policyArn === policy.arn)) return;
  if (existing.length >= attachLimit[holder.kind]) {
    throw new AppError("LimitExceeded", `Cannot exceed quota for PoliciesPer${verb[holder.kind]}: ${attachLimit[holder.kind]}`);
  }
  await tx.policyAttachment.create({ data: { policyArn: policy.arn, managedPolicyId: policy.customerPolicyId, [column]: holder.id } });
  await bumpVersion(tx, holder);
  await recordAudit(tx, { actor, action: `Attach${verb[holder.kind]}Policy`, accountId: holder.accountId, entityType: entityType[holder.kind], entityId: holder.id, after: { policyArn: policy.arn } });
}

export async function detachManagedPolicy(tx: Tx, holder: PolicyHolder, policyArn: string, actor: Actor) {
  const attachment = await tx.policyAttachment.findFirst({ where: { [holderColumn[holder.kind]]: holder.id, policyArn } });
  if (!attachment) throw new AppError("NoSuchEntity", `Policy ${policyArn} was not found attached to ${holder.kind} ${holder.name}.`);
  await tx.policyAttachment.delete({ where: { id: attachment.id } });
  await bumpVersion(tx, holder);
  await recordAudit(tx, { actor, action: `Detach${verb[holder.kind]}Policy`, accountId: holder.accountId, entityType: entityType[holder.kind], entityId: holder.id, before: { policyArn } });
}
