/**
 * `roleplay paths` (shared/contracts/escalation-paths.md): who can become whom, across the accounts
 * of authorization-details files or of a workspace, and the shortest way each principal reaches an
 * administrator. Exit status 0 when the input was read (warnings on standard error and in the
 * answer), 2 when a file cannot be read (its name and the JSON path in the message) or the options
 * are wrong; nothing on standard output then.
 */
import { loadReviewInputWorkspace, readReviewInputFiles } from "../review-inputs";
import { PolicyGrammarError } from "../../policy/policy-grammar-error";
import type { ReviewInput } from "../../review/review-input";

const USAGE = `Usage:
  roleplay paths FILE... [--from ARN] [--to admin|ARN] [--format json|text]
  roleplay paths --workspace NAME [--from ARN] [--to admin|ARN] [--format json|text]

Privilege escalation beyond a single PassRole: the graph of who can become whom (sts:AssumeRole
across the accounts given, iam:PassRole to the services a role trusts, new credentials for another
user, trust rewrites, self-granted policies, and in a workspace commands on instances and tasks),
every edge decided by the policy evaluator, and per principal the path with the fewest hops to an
administrator.
  FILE         output of \`aws iam get-account-authorization-details\`, one per account
  --workspace  the workspace (id or name) of DATABASE_URL, instead of files
  --from       every principal ARN can reach, administrators or not
  --to         admin (default: any administrator, or a self-grant) or one principal's ARN
  --format     json (default: {"admins","paths","warnings"}) or text
Exit status: 0 the input was read, 2 a file could not be read or the options are wrong.`;

interface Options {
  files: string[];
  workspace?: string;
  from?: string;
  to?: string;
  format: "json" | "text";
}

function parseArgs(argv: string[]): Options | string {
  const files: string[] = [];
  const values: Partial<Record<"workspace" | "from" | "to", string>> = {};
  let format: Options["format"] = "json";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!["workspace", "from", "to", "format"].includes(flag)) return `unknown option '--${flag}'`;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") return `--${flag} needs a value`;
    if (flag === "format") {
      if (value !== "json" && value !== "text") return `--format takes json or text, not '${value}'`;
      format = value;
      continue;
    }
    const key = flag as keyof typeof values;
    if (values[key] !== undefined) return `--${flag} is given twice`;
    values[key] = value;
  }
  if (files.length && values.workspace) return "give either FILE... or --workspace, not both";
  if (!files.length && !values.workspace) return "missing FILE (or --workspace NAME)";
  for (const flag of ["from", "to"] as const) {
    const value = values[flag];
    if (value !== undefined && !(flag === "to" && value === "admin") && !/^arn:[^:]+:iam::\d{12}:(user|role)\/.+/.test(value)) {
      return `--${flag} takes ${flag === "to" ? "admin or " : ""}a user or role ARN (arn:aws:iam::ACCOUNT:user/NAME or :role/NAME), not '${value}'`;
    }
  }
  return { files, workspace: values.workspace, from: values.from, to: values.to, format };
}

const fail = (message: string) => {
  console.error(`roleplay paths: ${message}`);
  return 2;
};

export async function run(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const options = parseArgs(argv);
  if (typeof options === "string") {
    console.error(`roleplay paths: ${options}\n\n${USAGE}`);
    return 2;
  }
  let input: ReviewInput;
  let now = new Date();
  const warnings: string[] = [];
  if (options.files.length) {
    const read = await readReviewInputFiles(options.files);
    if (typeof read === "string") return fail(read);
    input = read.input;
    warnings.push(...read.warnings);
  } else {
    const read = await loadReviewInputWorkspace(options.workspace!);
    if (typeof read === "string") return fail(read);
    ({ input, now } = read);
  }
  const [{ buildEscalationGraph }, { escalationJson, escalationPaths, escalationText }] = await Promise.all([import("../../review/escalation-graph"), import("../../review/escalation-paths")]);
  let graph;
  try {
    graph = buildEscalationGraph(input, { now });
  } catch (error) {
    if (error instanceof PolicyGrammarError) return fail(error.message);
    throw error;
  }
  const known = new Set(graph.nodes.map((n) => n.arn));
  for (const [flag, arn] of [["--from", options.from], ["--to", options.to]] as const) {
    if (arn && arn !== "admin" && !known.has(arn)) warnings.push(`${flag} ${arn} is not a user or role of the input: no path leads ${flag === "--from" ? "from" : "to"} it`);
  }
  for (const w of warnings) console.error(`roleplay paths: warning: ${w}`);
  const question = { from: options.from, to: options.to };
  const paths = escalationPaths(graph, question);
  process.stdout.write(options.format === "text" ? escalationText(graph, paths, question, warnings) : `${JSON.stringify(escalationJson(graph, paths, warnings), null, 2)}\n`);
  return 0;
}
