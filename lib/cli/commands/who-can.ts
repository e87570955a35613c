/**
 * `roleplay who-can` (shared/contracts/who-can.md): every user and role of the workspace, or of
 * authorization-details files, asked whether ACTION on RESOURCE would be allowed. Exit status 0
 * when the question was answered (even if nobody may), 2 on bad input, with one line naming it.
 */
import { loadReviewInputWorkspace, readReviewInputFiles } from "../review-inputs";
import type { WhoCanAnswer, WhoCanQuestion } from "../../authz/who-can";
import type { ReviewInput } from "../../review/review-input";

const USAGE = `Usage:
  roleplay who-can --action ACTION --resource ARN [--workspace NAME] [--context KEY=VALUE]... [--format json|text]
  roleplay who-can FILE... --action ACTION --resource ARN [--resource-account ID] [--context KEY=VALUE]... [--format json|text]

Asks every IAM user and role of the workspace (DATABASE_URL), or of the output of
\`aws iam get-account-authorization-details\` files, whether ACTION on ARN would be allowed: a role
as a session of itself, with its identity policies, boundary and SCPs, the RCPs over the resource's
account and the resource's own policy (a bucket policy, a role's trust policy).
  --workspace         the workspace id (the demo's is demo); default: the only workspace
  --resource-account  the account owning a resource whose ARN carries none (S3) and that no bucket names
  --context           a request key, e.g. aws:SourceIp=203.0.113.7 or iam:PassedToService=ec2.amazonaws.com
                      (repeatable; a key given twice is multi-valued; overrides the keys AWS sets)
  --format            json (default: one object) or text
Exit status: 0 the question was answered, 2 bad input (unknown action, malformed ARN, unreadable file).`;

interface Options {
  files: string[];
  action: string;
  resource: string;
  workspace?: string;
  resourceAccount?: string;
  context: Record<string, string | string[]>;
  format: "json" | "text";
}

function parseArgs(argv: string[]): Options | string {
  const files: string[] = [];
  const context: Record<string, string | string[]> = {};
  const values: Partial<Record<"action" | "resource" | "workspace" | "resource-account", string>> = {};
  let format: Options["format"] = "json";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (!["action", "resource", "workspace", "resource-account", "context", "format"].includes(flag)) return `unknown option '--${flag}'`;
    if (value === undefined) return `--${flag} needs a value`;
    if (flag === "format") {
      if (value !== "json" && value !== "text") return `--format takes json or text, not '${value}'`;
      format = value;
    } else if (flag === "context") {
      const at = value.indexOf("=");
      if (at <= 0) return `--context takes KEY=VALUE, e.g. aws:SourceIp=203.0.113.7, not '${value}'`;
      const key = value.slice(0, at);
      const given = value.slice(at + 1);
      const before = context[key];
      context[key] = before === undefined ? given : [...(Array.isArray(before) ? before : [before]), given];
    } else {
      if (values[flag as keyof typeof values] !== undefined) return `--${flag} is given twice`;
      values[flag as keyof typeof values] = value;
    }
  }
  if (!values.action) return "missing --action ACTION";
  if (!values.resource) return "missing --resource ARN";
  if (files.length && values.workspace) return "give either FILE... or --workspace, not both";
  return { files, action: values.action, resource: values.resource, workspace: values.workspace, resourceAccount: values["resource-account"], context, format };
}

const fail = (message: string) => {
  console.error(`roleplay who-can: ${message}`);
  return 2;
};

function text(answer: WhoCanAnswer, describeRef: (ref: WhoCanAnswer["allowed"][number]["decisive"][number]) => string): string {
  const lines = [`${answer.action} on ${answer.resource}${answer.resourceAccount ? ` (account ${answer.resourceAccount})` : ""}: ${answer.evaluated} principals asked${answer.resourcePolicy ? `, with the ${answer.resourcePolicy}` : ""}`];
  const list = (title: string, entries: WhoCanAnswer["allowed"]) => {
    lines.push(`${title} (${entries.length})${entries.length ? ":" : ""}`);
    for (const e of entries) lines.push(`  ${e.principal} (${e.type})`, ...e.decisive.map((ref) => `    ${describeRef(ref)}`));
  };
  list("Allowed", answer.allowed);
  list("Explicitly denied", answer.explicitlyDenied);
  return `${lines.join("\n")}\n`;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const options = parseArgs(argv);
  if (typeof options === "string") {
    console.error(`roleplay who-can: ${options}\n\n${USAGE}`);
    return 2;
  }
  const question: WhoCanQuestion = { action: options.action, resource: options.resource, resourceAccount: options.resourceAccount, context: options.context };
  // The evaluator and the catalog load only past --help and usage errors.
  const [{ checkWhoCanQuestion, whoCan, whoCanJson }, { describeRef }, { PolicyGrammarError }, { isAppError }] = await Promise.all([
    import("../../authz/who-can"),
    import("../../policy/explain"),
    import("../../policy/policy-grammar-error"),
    import("../../errors"),
  ]);
  try {
    // Bad questions are refused before any file or database is read.
    checkWhoCanQuestion(question);
  } catch (error) {
    if (isAppError(error)) return fail(error.message);
    throw error;
  }
  let input: ReviewInput;
  let now = new Date();
  if (options.files.length) {
    const read = await readReviewInputFiles(options.files);
    if (typeof read === "string") return fail(read);
    for (const w of read.warnings) console.error(`roleplay who-can: warning: ${w}`);
    input = read.input;
  } else {
    const read = await loadReviewInputWorkspace(options.workspace);
    if (typeof read === "string") return fail(read);
    ({ input, now } = read);
  }
  let answer: WhoCanAnswer;
  try {
    answer = whoCan(input, question, { now });
  } catch (error) {
    if (error instanceof PolicyGrammarError || isAppError(error)) return fail(error.message);
    throw error;
  }
  if (!answer.resourceAccount && answer.resource !== "*") {
    console.error("roleplay who-can: warning: the resource's account is unknown (its ARN names none and no bucket of that name is known): each principal is asked as if it owned it; give --resource-account");
  }
  process.stdout.write(options.format === "text" ? text(answer, describeRef) : `${JSON.stringify(whoCanJson(answer))}\n`);
  return 0;
}
