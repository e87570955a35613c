/** The shapes the designer's forms and server actions share, defined once. */
import { z } from "zod";
import { accountIdSchema, policyNameSchema } from "../iam/names";

/** Which document a draft is: a role's inline policy, a role being created, a managed policy, or a trust policy. */
export const draftTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("inline"), roleName: z.string().min(1), policyName: policyNameSchema }),
  z.object({
    kind: z.literal("new-role"),
    roleName: z.string().default("new-role"),
    policyName: policyNameSchema,
    otherInline: z.array(z.object({ name: z.string(), document: z.string() })).default([]),
    attachedPolicyArns: z.array(z.string()).default([]),
    permissionsBoundaryArn: z.string().optional(),
  }),
  z.object({ kind: z.literal("managed"), policyArn: z.string().optional(), policyName: policyNameSchema }),
  z.object({ kind: z.literal("trust"), roleName: z.string().optional() }),
  z.object({ kind: z.literal("bucket"), bucketName: z.string().min(1) }),
]);
export type DraftTarget = z.input<typeof draftTargetSchema>;

export const policyTypes = ["identity", "trust", "boundary", "resource"] as const;
export type DesignerPolicyType = (typeof policyTypes)[number];

export const validateDraftSchema = z.object({ text: z.string().max(200_000), policyType: z.enum(policyTypes) });

export const previewDraftSchema = z.object({ accountId: accountIdSchema, target: draftTargetSchema, text: z.string().max(200_000) });

export const checkDraftAccessSchema = previewDraftSchema.extend({
  action: z.string().trim().regex(/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/, "Write the action as service:Action, e.g. s3:GetObject"),
  resource: z.string().trim().min(1, "Name a resource ARN, or * for any"),
  context: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
});
