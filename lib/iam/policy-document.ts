import { z } from "zod";
import { AppError } from "../errors";
import { compilePolicy } from "../policy/compile-policy";
import { JsonSyntaxError, parseJsonWithPositions } from "../policy/parse-json";
import { PolicyGrammarError } from "../policy/policy-grammar-error";

// The structural shape every stored policy document must have. The evaluator and the validator
// look deeper; this is the floor checked on every write and every read of a text column.
const stringOrList = z.union([z.string(), z.array(z.string()).min(1, "must not be empty")]);
const statementSchema = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(["Allow", "Deny"], { error: "Effect must be \"Allow\" or \"Deny\"" }),
    Action: stringOrList.optional(),
    NotAction: stringOrList.optional(),
    Resource: stringOrList.optional(),
    NotResource: stringOrList.optional(),
    Principal: z.union([z.literal("*"), z.record(z.string(), stringOrList)]).optional(),
    NotPrincipal: z.union([z.literal("*"), z.record(z.string(), stringOrList)]).optional(),
    Condition: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  })
  .passthrough()
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), "A statement needs exactly one of Action or NotAction");

const documentEnvelopeSchema = z
  .object({
    Version: z.enum(["2012-10-17", "2008-10-17"], { error: "Version must be \"2012-10-17\" or \"2008-10-17\"" }).optional(),
    Id: z.string().optional(),
    Statement: z.unknown().refine((v) => v !== undefined, "Statement is required"),
  })
  .passthrough();

// Statement is an object or a non-empty array of them; checked apart from the envelope so that an
// error names the statement and element at fault rather than "no union member matched".
const statementListSchema = z.array(statementSchema).min(1, "Statement must not be empty");

export const policyDocumentSchema = documentEnvelopeSchema.extend({ Statement: z.union([statementSchema, statementListSchema]) });

function firstIssue(value: unknown): z.core.$ZodIssue | undefined {
  const envelope = documentEnvelopeSchema.safeParse(value);
  if (!envelope.success) return envelope.error.issues[0];
  const statement = envelope.data.Statement;
  const result = Array.isArray(statement) ? statementListSchema.safeParse(statement) : statementSchema.safeParse(statement);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return { ...issue, path: ["Statement", ...issue.path] };
}

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

/** What IAM counts against its size quotas: the characters that are not white space. */
export function policySize(text: string): number {
  return text.replace(/\s+/g, "").length;
}

/** IAM's default quotas (IAM and STS quotas page), in characters without white space. */
export const policySizeLimits = {
  trust: 2048,
  managed: 6144,
  roleInlineTotal: 10240,
  userInlineTotal: 2048,
  groupInlineTotal: 5120,
} as const;

/**
 * Parses and checks a policy document's text, throwing `MalformedPolicyDocument` with the line
 * and column of the first problem. `label` says which document it is ("trust policy of role X").
 */
export function readPolicyDocument(text: string, label: string): PolicyDocument {
  let parsed;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new AppError("MalformedPolicyDocument", `${label}: ${error.message}`, { line: error.line, column: error.column });
    }
    throw error;
  }
  const issue = firstIssue(parsed.value);
  if (issue) {
    const pointer = "/" + issue.path.map(String).join("/");
    // "must not be empty" names its element, as the editor's finding does: "Action must not be empty".
    const message = issue.message.startsWith("must ") ? `${String(issue.path.at(-1) ?? "The document")} ${issue.message}` : issue.message;
    const location = parsed.locate(issue.path.length ? pointer : "");
    const where = location ? ` (line ${location.value.line}, column ${location.value.column})` : "";
    throw new AppError("MalformedPolicyDocument", `${label}: ${message} at ${pointer}${where}`, {
      pointer,
      line: location?.value.line,
      column: location?.value.column,
    });
  }
  return parsed.value as PolicyDocument;
}

/** Which grammar a stored document follows: identity (inline, managed), resource-based (trust, bucket), SCP or RCP. */
export type StoredPolicyKind = "identity" | "resource" | "scp" | "rcp";

/**
 * Checks a document before it is stored and returns its canonical text (as given, trimmed): the
 * structure above and the evaluator's whole grammar for `kind`, so that nothing is stored that a
 * review or a simulation would later refuse. Errors are `MalformedPolicyDocument` with a position.
 */
export function checkPolicyText(text: string, label: string, kind: StoredPolicyKind, sizeLimit?: number): string {
  const document = readPolicyDocument(text, label);
  try {
    compilePolicy(document, label, kind);
  } catch (error) {
    if (!(error instanceof PolicyGrammarError)) throw error;
    const location = parseJsonWithPositions(text).locate(error.pointer);
    const where = location ? ` (line ${location.value.line}, column ${location.value.column})` : "";
    throw new AppError("MalformedPolicyDocument", `${label}: ${error.message.replace(/ \(policy '.*', at [^)]*\)$/, "")} at ${error.pointer || "/"}${where}`, {
      pointer: error.pointer,
      line: location?.value.line,
      column: location?.value.column,
    });
  }
  if (sizeLimit !== undefined) {
    const size = policySize(text);
    if (size > sizeLimit) {
      throw new AppError("LimitExceeded", `${label}: the document has ${size} characters (white space not counted); the limit is ${sizeLimit}`);
    }
  }
  return text.trim();
}

/**
 * Why saving `text` as a `kind` document would be refused (`MalformedPolicyDocument`), in the words
 * the save uses, without the document's label; undefined when it would be stored.
 */
export function refusalOnSave(text: string, kind: StoredPolicyKind): { message: string; pointer?: string; line?: number; column?: number } | undefined {
  const label = "document";
  try {
    checkPolicyText(text, label, kind);
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "MalformedPolicyDocument") throw error;
    const details = (error.details ?? {}) as { pointer?: string; line?: number; column?: number };
    const message = error.message.slice(label.length + 2).replace(/ at \/[^ ]*( \(line \d+, column \d+\))?$/, "");
    return { message: `${message.replace(/[.;]$/, "")}: AWS refuses the document (MalformedPolicyDocument).`, ...details };
  }
}

/** Accepts a document given as text or as an object (seed, imports) and returns its text. */
export function policyText(document: string | object): string {
  return typeof document === "string" ? document : JSON.stringify(document, null, 2);
}
