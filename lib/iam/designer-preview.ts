/**
 * Previews of a draft against what is saved: loads the role's (or policy's) saved documents and
 * asks the pure designer preview what the draft changes, or whether the role could do a request.
 */
import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { checkDraftAccess, previewDraft, trustPrincipals, type DraftContext } from "../designer/draft-preview";
import { checkDraftAccessSchema, previewDraftSchema, type DesignerPolicyType } from "../designer/designer-schemas";
import { readPolicyText } from "../designer/policy-text";
import { parseStoredDocument, withStoredPolicies } from "./stored-policies";
import { validatePolicy, type Finding } from "../policy/validate";
import { refusalOnSave } from "./policy-document";
import { summarizePolicySet } from "../policy/summary";
import { arns } from "./arns";
import { loadManagedDocuments, loadRolePolicySet } from "./attachable-policies";
import { findAttachablePolicy } from "./managed-policies";
import { findRole } from "./roles";
import { readTags } from "./tags";
import { callerContext } from "../authz/call-context";
import { loadAccountScps } from "../authz/principal-policies";
import { loadResourceSide } from "../authz/resource-policies";

type PreviewInput = z.output<typeof previewDraftSchema>;

async function contextFor(db: Db | Tx, input: PreviewInput): Promise<{ context: DraftContext; savedDocument: unknown; roleName: string }> {
  const target = input.target;
  const scps = await loadAccountScps(db, input.accountId);
  if (target.kind === "inline") {
    const set = await loadRolePolicySet(db, input.accountId, target.roleName);
    return { context: { saved: set.saved, boundary: set.boundary, draftName: target.policyName, scps }, savedDocument: set.saved.find((p) => p.name === target.policyName)?.document, roleName: target.roleName };
  }
  if (target.kind === "new-role") {
    const saved = target.otherInline.flatMap((p) => {
      const read = readPolicyText(p.document);
      return read.ok && p.name !== target.policyName ? [{ name: p.name, document: read.policy.document as unknown }] : [];
    });
    saved.push(...(await loadManagedDocuments(db, input.accountId, target.attachedPolicyArns)));
    const boundary = target.permissionsBoundaryArn ? (await loadManagedDocuments(db, input.accountId, [target.permissionsBoundaryArn]))[0] : undefined;
    return { context: { saved, boundary, draftName: target.policyName, scps }, savedDocument: undefined, roleName: target.roleName || "new-role" };
  }
  if (target.kind === "managed") {
    const saved = target.policyArn ? await findAttachablePolicy(db, input.accountId, target.policyArn) : undefined;
    return { context: { saved: [], draftName: target.policyName }, savedDocument: saved ? parseStoredDocument(saved.text, `Policy ${saved.name}`) : undefined, roleName: "policy-preview" };
  }
  throw new AppError("InvalidInput", "Trust policies have no permission summary");
}

const grammar = withStoredPolicies;

/**
 * What a draft would change. Permission policies: summaries before and after and each statement's
 * own change. Trust policies: who could assume the role before and after.
 */
export async function previewPolicyDraft(db: Db | Tx, input: z.input<typeof previewDraftSchema>) {
  const data = previewDraftSchema.parse(input);
  if (data.target.kind === "trust") {
    const before = data.target.roleName ? trustPrincipals((await findRole(db, data.accountId, data.target.roleName)).trustPolicy) : [];
    return { kind: "trust" as const, before, after: trustPrincipals(data.text) };
  }
  if (data.target.kind === "bucket") {
    // A bucket policy's preview is who its Allow statements name, before and after, as a trust policy's.
    const bucket = await db.bucket.findFirst({ where: { name: data.target.bucketName, accountId: data.accountId }, select: { policy: true } });
    if (!bucket) throw new AppError("NoSuchEntity", `NoSuchBucket: ${data.target.bucketName}`);
    return { kind: "trust" as const, before: bucket.policy ? trustPrincipals(bucket.policy) : [], after: trustPrincipals(data.text) };
  }
  const { context, savedDocument } = await contextFor(db, data);
  return { kind: "permissions" as const, ...grammar(() => previewDraft(context, savedDocument, data.text)) };
}

/** "Can this role do ACTION on RESOURCE?" with the draft in place. */
export async function checkPolicyDraftAccess(db: Db | Tx, input: z.input<typeof checkDraftAccessSchema>, now: Date) {
  const data = checkDraftAccessSchema.parse(input);
  const { context, roleName } = await contextFor(db, data);
  const roleSessionArn = arns.assumedRole(data.accountId, roleName, "roleplay-designer");
  // The same resource side (bucket or trust policy, RCPs) and caller keys as every other door.
  const side = await loadResourceSide(db, data.action, data.resource, data.accountId);
  const saved = data.target.kind === "inline" ? await findRole(db, data.accountId, data.target.roleName) : null;
  // A role still being designed has no id yet; its sessions carry every other key AWS would set.
  const keys = callerContext(
    saved
      ? { kind: "role", arn: arns.role(saved.accountId, saved.path, saved.name), accountId: saved.accountId, name: saved.name, uniqueId: saved.id, tags: readTags(saved.tags) }
      : { kind: "role", arn: arns.role(data.accountId, "/", roleName), accountId: data.accountId, name: roleName, uniqueId: "AROA-NEW-ROLE", tags: [] },
    now,
    "roleplay-designer",
  );
  return grammar(() =>
    checkDraftAccess({ ...context, roleSessionArn, resourcePolicy: side.policy, rcps: side.rcps }, data.text, {
      action: data.action,
      resource: data.resource,
      resourceAccount: side.account,
      context: { ...keys, ...data.context },
    }),
  );
}

/**
 * The validator's findings for a draft, with counts per severity. Whatever saving would refuse is
 * an error here too, in the refusal's words, so the editor never shows 0 errors for a document
 * the save then rejects.
 */
export function validateDraft(text: string, policyType: DesignerPolicyType) {
  const findings: Finding[] = validatePolicy(text, { policyType });
  const refusal = findings.some((f) => f.severity === "ERROR") ? undefined : refusalOnSave(text, policyType === "trust" || policyType === "resource" ? "resource" : "identity");
  if (refusal) findings.push({ severity: "ERROR", code: "REFUSED_ON_SAVE", message: refusal.message, line: refusal.line ?? 1, column: refusal.column ?? 1, pointer: refusal.pointer });
  const counts = { ERROR: 0, SECURITY_WARNING: 0, WARNING: 0, SUGGESTION: 0 };
  for (const f of findings) counts[f.severity]++;
  return { findings, counts };
}

/** A saved role's effective permissions per service and access level, for its page. */
export async function summarizeRolePermissions(db: Db | Tx, accountId: string, roleName: string) {
  const set = await loadRolePolicySet(db, accountId, roleName);
  const scps = await loadAccountScps(db, accountId);
  return grammar(() => summarizePolicySet({ identityPolicies: set.saved, permissionsBoundary: set.boundary, scps }));
}
