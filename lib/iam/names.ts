import { z } from "zod";

// AWS's naming rules (IAM API reference, CreateRole/CreateUser/CreatePolicy/… parameters), the
// single source for forms, actions, CLI and imports.

const nameChars = /^[\w+=,.@-]+$/;

function iamName(what: string, max: number) {
  return z
    .string()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} must be at most ${max} characters`)
    .regex(nameChars, `${what} may contain only letters, digits and + = , . @ _ -`);
}

export const roleNameSchema = iamName("Role name", 64);
export const userNameSchema = iamName("User name", 64);
export const groupNameSchema = iamName("Group name", 128);
export const policyNameSchema = iamName("Policy name", 128);
export const instanceProfileNameSchema = iamName("Instance profile name", 128);

export const iamPathSchema = z
  .string()
  .min(1)
  .max(512, "Path must be at most 512 characters")
  .regex(/^(\/|\/[\u0021-\u007e]+\/)$/, "Path must begin and end with / (e.g. /service-role/)")
  .refine((p) => !p.includes("//"), "Path must not contain //");

export const descriptionSchema = z
  .string()
  .max(1000, "Description must be at most 1000 characters")
  .regex(/^[\t\n\r\u0020-\u007e\u00a1-\u00ff]*$/, "Description contains characters AWS does not accept");

export const maxSessionDurationSchema = z
  .number()
  .int()
  .min(3600, "Maximum session duration must be at least 3600 seconds (1 hour)")
  .max(43200, "Maximum session duration must be at most 43200 seconds (12 hours)");

export const accountIdSchema = z.string().regex(/^\d{12}$/, "An account id is exactly 12 digits");

export const tagSchema = z.object({
  Key: z
    .string()
    .min(1, "Tag key must not be empty")
    .max(128, "Tag key must be at most 128 characters")
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, "Tag key contains characters AWS does not accept")
    .refine((k) => !k.toLowerCase().startsWith("aws:"), "Tag keys starting with aws: are reserved"),
  Value: z
    .string()
    .max(256, "Tag value must be at most 256 characters")
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, "Tag value contains characters AWS does not accept"),
});
export const tagsSchema = z
  .array(tagSchema)
  .max(50, "At most 50 tags")
  .refine((tags) => new Set(tags.map((t) => t.Key)).size === tags.length, "Tag keys must be unique");
export type Tag = z.infer<typeof tagSchema>;

/** The key that makes names unique ignoring case, as IAM does. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
