/**
 * The trusted-entity wizard's starting points, as the AWS console offers them: an AWS service
 * (EC2, ECS tasks, Lambda), another AWS account (optionally requiring an external id or MFA), or a
 * custom trust policy.
 */
import { z } from "zod";

export const trustedEntitySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ec2") }),
  z.object({ kind: z.literal("ecs-task") }),
  z.object({ kind: z.literal("lambda") }),
  z.object({
    kind: z.literal("account"),
    accountId: z.string().regex(/^\d{12}$/, "An account id is exactly 12 digits"),
    externalId: z.string().max(1224).optional(),
    requireMfa: z.boolean().default(false),
  }),
  z.object({ kind: z.literal("custom") }),
]);
export type TrustedEntity = z.input<typeof trustedEntitySchema>;

export const serviceOfEntity = { ec2: "ec2.amazonaws.com", "ecs-task": "ecs-tasks.amazonaws.com", lambda: "lambda.amazonaws.com" } as const;

/** The trust policy text a wizard choice starts from. */
export function trustPolicyFor(entity: TrustedEntity): string {
  const statement: Record<string, unknown> = { Effect: "Allow" };
  if (entity.kind === "account") {
    statement.Principal = { AWS: `arn:aws:iam::${entity.accountId}:root` };
    statement.Action = "sts:AssumeRole";
    const condition: Record<string, Record<string, string>> = {};
    if (entity.externalId) condition.StringEquals = { "sts:ExternalId": entity.externalId };
    if (entity.requireMfa) condition.Bool = { "aws:MultiFactorAuthPresent": "true" };
    if (Object.keys(condition).length) statement.Condition = condition;
  } else if (entity.kind === "custom") {
    statement.Principal = { AWS: "arn:aws:iam::123456789012:root" };
    statement.Action = "sts:AssumeRole";
  } else {
    statement.Principal = { Service: serviceOfEntity[entity.kind] };
    statement.Action = "sts:AssumeRole";
  }
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] }, null, 2);
}

/** A new permission policy: one empty Allow statement the visual editor fills in. */
export function emptyPermissionPolicy(): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [] }, null, 2);
}
