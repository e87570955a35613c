/**
 * The lab file (docs/labs.md): what a trainer writes under labs/ — a starting state, a goal in
 * words, predict cards, hints, checks and a reference solution — defined once as a zod schema.
 * `parseLabText` reads a file's text with the positions parser (lib/policy/parse-json.ts), so a
 * problem is reported with the file, the JSON path and the line and column it sits at.
 */
import { z } from "zod";
import { AppError } from "../errors";
import { requestActionSchema, requestContextSchema, requestResourceSchema } from "../authz/request-schemas";
import { escapePointerToken, JsonSyntaxError, parseJsonWithPositions } from "../policy/parse-json";

const accountSchema = z.string().regex(/^\d{12}$/, "An account id is exactly 12 digits");

/**
 * Who asks: `user NAME`, `role NAME`, `instance NAME|ID` (the role of its instance profile),
 * `task FAMILY|ID` (its task role), `credentials of instance NAME|ID` (a credential set its
 * metadata service handed out), or an IAM ARN (user, role or account root).
 */
export const principalRefSchema = z
  .string()
  .trim()
  .regex(
    /^(?:(?:user|role|instance|task) \S.*|credentials of instance \S.*|arn:aws:iam::\d{12}:(?:root|user\/.+|role\/.+))$/,
    "A principal is 'user NAME', 'role NAME', 'instance NAME', 'task FAMILY', 'credentials of instance NAME' or an IAM ARN (user, role or account root)",
  );

/** "+5h10m", "90m", "30s", "2d": how far ahead of the workspace clock a question is asked. */
export const durationSchema = z.string().trim().regex(/^\+?(?:\d+[dhms])+$/, "A duration is like 5h10m, 90m or 30s");

/** Seconds in a duration written as durationSchema accepts. */
export function durationSeconds(text: string): number {
  const units: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([dhms])/g)) total += Number(n) * units[unit];
  return total;
}

/**
 * One `roleplay iam|ec2|ecs|imds|clock …` command: a string (split as a shell would: quotes group,
 * backslash escapes) or an argv array, whose objects and arrays are passed as their JSON text.
 */
export const stepSchema = z.union([
  z.string().trim().min(1, "A step is a command line, e.g. iam delete-role-policy --role-name X --policy-name Y"),
  z.array(z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])).min(2, "A step's argv names a service and an operation at least"),
]);
export type LabStep = z.infer<typeof stepSchema>;

/** The expected answer of an evaluator question; "Deny" is either kind of deny. */
export const expectedDecisionSchema = z.enum(["Allow", "Deny", "ExplicitDeny", "ImplicitDeny"]);
export type ExpectedDecision = z.infer<typeof expectedDecisionSchema>;

/** One request in the evaluator's terms. */
export const labRequestSchema = z.strictObject({
  principal: principalRefSchema,
  /** The account names are looked up in (default: the lab's account). */
  account: accountSchema.optional(),
  action: requestActionSchema,
  resource: requestResourceSchema,
  /** Keys added to, or overriding, those AWS sets for this caller. */
  context: requestContextSchema.optional(),
  /** For `credentials of instance`: the first set its metadata service handed out, or the latest. */
  set: z.enum(["first", "latest"]).optional(),
  /** Asks as if the workspace clock read this much later. */
  at: durationSchema.optional(),
});
export type LabRequest = z.infer<typeof labRequestSchema>;

const checkBase = { id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "A check id is 1–64 of a-z, 0-9 and '-'"), title: z.string().trim().min(1).max(300) };

const nameSchema = z.string().trim().min(1).max(128);

export const labCheckSchema = z.discriminatedUnion("kind", [
  /** An evaluator question, answered through the console simulator's decision path. */
  z.strictObject({ ...checkBase, kind: z.literal("decision"), ...labRequestSchema.shape, expect: expectedDecisionSchema }),
  /** A command run for real, then rolled back: does the service accept it? */
  z.strictObject({ ...checkBase, kind: z.literal("operation"), run: stepSchema, expect: z.enum(["succeeds", "fails"]), error: z.string().optional() }),
  /** How many instance profiles hold the role. */
  z.strictObject({ ...checkBase, kind: z.literal("role-instance-profiles"), role: nameSchema, account: accountSchema.optional(), count: z.number().int().min(0) }),
  /** The roles the principal may pass: exactly these, by the evaluator, among every role of its account. */
  z.strictObject({
    ...checkBase,
    kind: z.literal("pass-role-only"),
    principal: principalRefSchema,
    account: accountSchema.optional(),
    roles: z.array(nameSchema),
    services: z.array(z.string().regex(/^[a-z0-9.-]+\.amazonaws\.com$/, "A service principal is like ec2.amazonaws.com")).min(1).optional(),
  }),
  /**
   * The caller's side alone (its policies, boundary, SCPs), as if the resource's own policy allowed
   * everyone: "abcd's permissions allow sts:AssumeRole on efgh", whatever efgh's trust says.
   */
  z.strictObject({ ...checkBase, kind: z.literal("caller-side"), ...labRequestSchema.pick({ principal: true, account: true, action: true, resource: true, context: true }).shape, expect: z.boolean() }),
  /** The role of the instance's current instance profile (null: no role at all). */
  z.strictObject({ ...checkBase, kind: z.literal("instance-role"), instance: nameSchema, account: accountSchema.optional(), role: nameSchema.nullable() }),
  /** The instance's HttpTokens metadata option. */
  z.strictObject({ ...checkBase, kind: z.literal("instance-metadata"), instance: nameSchema, account: accountSchema.optional(), httpTokens: z.enum(["required", "optional"]) }),
  /** No running instance of the account answers metadata requests without a token (IMDSv1). */
  z.strictObject({ ...checkBase, kind: z.literal("no-imdsv1"), account: accountSchema.optional() }),
  /** Whether the role's trust policy lets this principal (an IAM principal, or a service like ec2.amazonaws.com) assume it. */
  z.strictObject({
    ...checkBase,
    kind: z.literal("trust"),
    role: nameSchema,
    account: accountSchema.optional(),
    trusts: z.union([principalRefSchema, z.string().regex(/^[a-z0-9.-]+\.amazonaws\.com$/)]),
    /** The account the trusted principal's name is looked up in (default: the lab's account, even when `account` names another). */
    trustsAccount: accountSchema.optional(),
    expect: z.boolean(),
  }),
  /** How many active long-term access keys the user holds (a user that does not exist holds none). */
  z.strictObject({ ...checkBase, kind: z.literal("access-keys"), user: nameSchema, account: accountSchema.optional(), active: z.number().int().min(0) }),
  /** The task role of the newest task of a family (or a task id). */
  z.strictObject({ ...checkBase, kind: z.literal("task-role"), task: nameSchema, account: accountSchema.optional(), role: nameSchema.nullable() }),
  /** Whether an instance or task gets credentials at all: its role exists and its service may assume it. */
  z.strictObject({ ...checkBase, kind: z.literal("workload-credentials"), principal: principalRefSchema, account: accountSchema.optional(), expect: z.boolean() }),
]);
export type LabCheck = z.infer<typeof labCheckSchema>;
export type LabCheckKind = LabCheck["kind"];

/** "Predict, then reveal": a question the trainee answers before the evaluator does. */
export const predictCardSchema = z
  .strictObject({
    id: checkBase.id,
    question: z.string().trim().min(1).max(500),
    /** A single request in evaluator terms… */
    request: labRequestSchema.optional(),
    /** …or a command, run and rolled back, whose every authorization check is shown. */
    operation: stepSchema.optional(),
    /** Shown after the reveal: why the answer is what it is. */
    why: z.string().trim().max(2000).optional(),
  })
  .refine((c) => (c.request === undefined) !== (c.operation === undefined), { message: "A card has either a request or an operation" });
export type PredictCard = z.infer<typeof predictCardSchema>;

export const labSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, "A lab id is 2–64 of a-z, 0-9 and '-', starting with a letter or digit"),
    title: z.string().trim().min(1).max(200),
    goal: z.string().trim().min(1).max(4000),
    /** The seed's stories the lab builds on (Get-pics, Alice, cross-account, ECS, IMDS, …). */
    stories: z.array(z.string().trim().min(1).max(64)).default([]),
    /** The account names in checks and cards are looked up in. */
    account: accountSchema.default("111111111111"),
    start: z.strictObject({
      from: z.literal("demo", { error: "A lab starts from the demo workspace (from: \"demo\")" }),
      steps: z.array(stepSchema).default([]),
    }),
    predict: z.array(predictCardSchema).default([]),
    hints: z.array(z.string().trim().min(1).max(2000)).default([]),
    checks: z.array(labCheckSchema).min(1, "A lab has at least one check"),
    solution: z.strictObject({ steps: z.array(stepSchema).min(1, "A reference solution has at least one step") }),
    learned: z.string().trim().min(1).max(4000),
  })
  .superRefine((lab, issues) => {
    const seen = new Set<string>();
    lab.checks.forEach((check, i) => {
      if (seen.has(check.id)) issues.addIssue({ code: "custom", path: ["checks", i, "id"], message: `Check id '${check.id}' is used twice` });
      seen.add(check.id);
    });
    const cards = new Set<string>();
    lab.predict.forEach((card, i) => {
      if (cards.has(card.id)) issues.addIssue({ code: "custom", path: ["predict", i, "id"], message: `Card id '${card.id}' is used twice` });
      cards.add(card.id);
    });
  });

export type Lab = z.infer<typeof labSchema>;

/** A lab as loaded: its definition and the file it came from. */
export type LoadedLab = Lab & { file: string };

/** `$.checks[2].expect` from zod's path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`)).join("")}`;
}

/** Where a lab file is wrong: the file, the JSON path, and where it sits in the text. */
export type LabFileProblem = { file: string; path: string; line?: number; column?: number; message: string };

function labFileError(problems: LabFileProblem[]): AppError {
  const lines = problems.map((p) => `${p.file}${p.line ? `:${p.line}:${p.column}` : ""}: ${p.path}: ${p.message}`);
  return new AppError("InvalidInput", lines.join("\n"), { problems });
}

/**
 * Reads a lab file's text: strict JSON, then the schema. Throws `InvalidInput` whose message has
 * one line per problem, `FILE:LINE:COLUMN: $.json.path: what is wrong` (details.problems lists them).
 */
export function parseLabText(text: string, file: string): LoadedLab {
  let parsed;
  try {
    parsed = parseJsonWithPositions(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      const message = error.message.replace(/ at line \d+, column \d+$/, "");
      throw labFileError([{ file, path: error.pointer ? jsonPath(error.pointer.split("/").slice(1)) : "$", line: error.line, column: error.column, message: `not JSON: ${message}` }]);
    }
    throw error;
  }
  const result = labSchema.safeParse(parsed.value);
  if (!result.success) {
    const problems = result.error.issues.map((issue): LabFileProblem => {
      // The nearest enclosing value that exists in the text gives the position; an unknown key, its own.
      const path = issue.code === "unrecognized_keys" && issue.keys.length ? [...issue.path, issue.keys[0]] : issue.path;
      let location;
      for (let n = path.length; n >= 0 && !location; n--) location = parsed.locate(path.slice(0, n).map((p) => `/${escapePointerToken(String(p))}`).join(""));
      const at = location?.key ?? location?.value;
      return { file, path: jsonPath(issue.path), line: at?.line, column: at?.column, message: issue.message };
    });
    throw labFileError(problems);
  }
  return { ...result.data, file };
}
