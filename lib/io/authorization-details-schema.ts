/**
 * The shape of `aws iam get-account-authorization-details` output (GetAccountAuthorizationDetails),
 * as real exports write it: only what the import and the review read is required; everything else
 * passes through. Dates are normalised (with or without `T`), documents may be objects, JSON text
 * or URL-encoded JSON text (the raw API's form).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
import { z } from "zod";

/** `2023-03-09 10:41:49+00:00` (Python's str(datetime)) or ISO `2023-03-09T10:41:49Z`. */
export const awsDateSchema = z.string().transform((text, ctx) => {
  const iso = /^\d{4}-\d{2}-\d{2} \d/.test(text) ? `${text.slice(0, 10)}T${text.slice(11)}` : text;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: "custom", message: `'${text}' is not a date` });
    return z.NEVER;
  }
  return new Date(ms);
});

/** A policy document: an object, or JSON text, URL-encoded or not. */
export const documentSchema = z.unknown().transform((value, ctx) => {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  if (typeof value === "string") {
    const parsed = parseDocumentText(value);
    if (parsed !== undefined) return parsed;
    ctx.addIssue({ code: "custom", message: "the policy document is neither JSON nor URL-encoded JSON" });
    return z.NEVER;
  }
  ctx.addIssue({ code: "custom", message: "a policy document must be an object or its JSON text" });
  return z.NEVER;
});

function parseDocumentText(text: string): Record<string, unknown> | undefined {
  const attempts = [() => text, () => decodeURIComponent(text), () => decodeURIComponent(text.replace(/\+/g, " "))];
  for (const attempt of attempts) {
    try {
      const value = JSON.parse(attempt());
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
    } catch {
      // try the next decoding
    }
  }
  return undefined;
}

const tagsSchema = z.array(z.object({ Key: z.string(), Value: z.string() }).passthrough()).optional();
const inlinePolicySchema = z.object({ PolicyName: z.string().min(1), PolicyDocument: documentSchema }).passthrough();
const attachedSchema = z.object({ PolicyArn: z.string().startsWith("arn:"), PolicyName: z.string().optional() }).passthrough();
const boundarySchema = z.object({ PermissionsBoundaryArn: z.string().startsWith("arn:"), PermissionsBoundaryType: z.string().optional() }).passthrough();
// Some exports write an empty Path; IAM's own form begins and ends with "/".
const pathSchema = z
  .string()
  .transform((p) => (p === "" ? "/" : `${p.startsWith("/") ? "" : "/"}${p}${p.endsWith("/") ? "" : "/"}`))
  .optional();

export const instanceProfileSchema = z
  .object({
    InstanceProfileName: z.string().min(1),
    InstanceProfileId: z.string().min(1).optional(),
    Arn: z.string().startsWith("arn:"),
    Path: pathSchema,
    CreateDate: awsDateSchema.optional(),
    Roles: z.array(z.object({ RoleName: z.string(), Arn: z.string().optional() }).passthrough()).optional(),
    Tags: tagsSchema,
  })
  .passthrough();

export const userDetailSchema = z
  .object({
    UserName: z.string().min(1),
    UserId: z.string().min(1).optional(),
    Arn: z.string().startsWith("arn:"),
    Path: pathSchema,
    CreateDate: awsDateSchema.optional(),
    UserPolicyList: z.array(inlinePolicySchema).nullish(),
    GroupList: z.array(z.string()).nullish(),
    AttachedManagedPolicies: z.array(attachedSchema).nullish(),
    PermissionsBoundary: boundarySchema.nullish(),
    Tags: tagsSchema.nullish(),
  })
  .passthrough();

export const groupDetailSchema = z
  .object({
    GroupName: z.string().min(1),
    GroupId: z.string().min(1).optional(),
    Arn: z.string().startsWith("arn:"),
    Path: pathSchema,
    CreateDate: awsDateSchema.optional(),
    GroupPolicyList: z.array(inlinePolicySchema).nullish(),
    AttachedManagedPolicies: z.array(attachedSchema).nullish(),
  })
  .passthrough();

export const roleDetailSchema = z
  .object({
    RoleName: z.string().min(1),
    RoleId: z.string().min(1).optional(),
    Arn: z.string().startsWith("arn:"),
    Path: pathSchema,
    Description: z.string().nullish(),
    MaxSessionDuration: z.number().int().nullish(),
    CreateDate: awsDateSchema.optional(),
    AssumeRolePolicyDocument: documentSchema,
    InstanceProfileList: z.array(instanceProfileSchema).nullish(),
    RolePolicyList: z.array(inlinePolicySchema).nullish(),
    AttachedManagedPolicies: z.array(attachedSchema).nullish(),
    PermissionsBoundary: boundarySchema.nullish(),
    Tags: tagsSchema.nullish(),
  })
  .passthrough();

export const policyVersionSchema = z
  .object({
    Document: documentSchema,
    VersionId: z.string().regex(/^v\d+$/, "a version id looks like v1"),
    IsDefaultVersion: z.boolean().optional(),
    CreateDate: awsDateSchema.optional(),
  })
  .passthrough();

export const managedPolicyDetailSchema = z
  .object({
    PolicyName: z.string().min(1),
    PolicyId: z.string().min(1).optional(),
    Arn: z.string().startsWith("arn:"),
    Path: pathSchema,
    Description: z.string().nullish(),
    DefaultVersionId: z.string().optional(),
    CreateDate: awsDateSchema.optional(),
    UpdateDate: awsDateSchema.optional(),
    PolicyVersionList: z.array(policyVersionSchema).min(1, "a policy needs at least its default version"),
  })
  .passthrough();

/** The whole file. A file with none of the four lists is not an authorization-details export. */
export const authorizationDetailsSchema = z
  .object({
    UserDetailList: z.array(userDetailSchema).optional(),
    GroupDetailList: z.array(groupDetailSchema).optional(),
    RoleDetailList: z.array(roleDetailSchema).optional(),
    Policies: z.array(managedPolicyDetailSchema).optional(),
  })
  .passthrough()
  .refine(
    (d) => d.UserDetailList !== undefined || d.GroupDetailList !== undefined || d.RoleDetailList !== undefined || d.Policies !== undefined,
    "not a get-account-authorization-details export: none of UserDetailList, GroupDetailList, RoleDetailList, Policies",
  );

export type AuthorizationDetails = z.infer<typeof authorizationDetailsSchema>;
export type RoleDetail = z.infer<typeof roleDetailSchema>;
export type ManagedPolicyDetail = z.infer<typeof managedPolicyDetailSchema>;
