/**
 * The shape of one request a person asks the evaluator about, defined once: every door (simulate
 * route, simulator, the instance page's question, who-can) derives its schema from these with
 * `.extend`/`.pick`. Bounds are checked before any work: IAM's lengths for ARNs
 * (SimulatePrincipalPolicy's ResourceArns, 2048), action names and context key names (256), and
 * room for any real request context.
 */
import { z } from "zod";

export const requestLimits = {
  arnLength: 2048,
  actionLength: 128,
  contextKeys: 64,
  contextKeyLength: 256,
  valuesPerKey: 64,
  valueLength: 2048,
  /** A request body that carries one request: the bounds above fit well within it. */
  bodyBytes: 256 * 1024,
} as const;

export const requestActionSchema = z
  .string()
  .trim()
  .max(requestLimits.actionLength, `An action is at most ${requestLimits.actionLength} characters`)
  .regex(/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/, "An action is service:Action, e.g. s3:GetObject");

/** A resource is an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE) or `*`. */
export const requestResourceSchema = z
  .string()
  .trim()
  .min(1, "Name a resource ARN, or *")
  .max(requestLimits.arnLength, `A resource ARN is at most ${requestLimits.arnLength} characters`)
  .superRefine((value, issues) => {
    if (value === "*" || /^arn:[a-z0-9-]+:[a-z0-9-]+:[^:]*:[^:]*:.+$/.test(value)) return;
    issues.addIssue({
      code: "custom",
      message: /^[^:/]+\/.+/.test(value) ? `${value} is not an ARN; an S3 object is arn:aws:s3:::${value}` : `${value} is not an ARN (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE) or *`,
    });
  });

export const requestContextSchema = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .superRefine((context, issues) => {
    const refuse = (message: string) => issues.addIssue({ code: "custom", message });
    const keys = Object.keys(context);
    if (keys.length > requestLimits.contextKeys) return refuse(`A request takes at most ${requestLimits.contextKeys} context keys, not ${keys.length}`);
    for (const key of keys) {
      const values = context[key];
      if (key.length === 0 || key.length > requestLimits.contextKeyLength) return refuse(`A context key is at most ${requestLimits.contextKeyLength} characters, and not empty`);
      if (Array.isArray(values) && values.length > requestLimits.valuesPerKey) return refuse(`Context key ${key} takes at most ${requestLimits.valuesPerKey} values, not ${values.length}`);
      for (const value of Array.isArray(values) ? values : [values]) {
        if (value.length > requestLimits.valueLength) return refuse(`A value of context key ${key} is at most ${requestLimits.valueLength} characters`);
      }
    }
  });

/** One request: action, resource and optional condition context. */
export const evaluationRequestSchema = z.object({
  action: requestActionSchema,
  resource: requestResourceSchema,
  context: requestContextSchema.default({}),
});
