/**
 * `roleplay review FILE... [--format json|csv] [--service SERVICE ...]` — the PassRole review of
 * get-account-authorization-details files (shared/contracts/review.md). Exit status 0 when the
 * review ran, 2 when an input could not be read (nothing on standard output then).
 */
import { readReviewInputFiles } from "../review-inputs";
import { writeReviewCsv, writeReviewJson } from "../../review/format-review";
import { buildEscalationGraph } from "../../review/escalation-graph";
import { escalationFindings } from "../../review/escalation-findings";
import { byFinding } from "../../review/findings";
import { ReviewContext, reviewPassRole } from "../../review/review-pass-role";

const USAGE = `Usage: roleplay review FILE... [--format json|csv] [--service SERVICE ...]

Reviews who may pass which role to which service, and which of those grants escalate, in the
output of \`aws iam get-account-authorization-details\` (one file per account).
  --format   json (default: accounts, grants, escalations, findings) or csv (one row per
             finding, as the console exports, then one row per grant of kind "grant"; the grant
             columns principal, role, service, trusted, launch, instanceProfiles, via, escalation)
  --service  the service principals to review, e.g. ec2.amazonaws.com (repeatable; default:
             every service named in a role's trust policy)
Warnings (policies the files reference but do not hold) go to standard error.
Exit status: 0 the review ran, 2 an input could not be read or the options are wrong.`;

const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

interface Options {
  files: string[];
  format: "json" | "csv";
  services: string[];
}

function parseArgs(argv: string[]): Options | string {
  const files: string[] = [];
  const services: string[] = [];
  let format: Options["format"] = "json";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (flag === "--format") {
      const value = inline ?? argv[++i];
      if (value !== "json" && value !== "csv") return `--format takes json or csv${value === undefined ? "" : `, not '${value}'`}`;
      format = value;
    } else if (flag === "--service") {
      const first = inline ?? argv[++i];
      if (first === undefined || first.startsWith("--")) return "--service needs a service principal, e.g. ec2.amazonaws.com";
      services.push(...first.split(",").filter(Boolean));
      // `--service a.amazonaws.com b.amazonaws.com`: further service principals follow.
      while (inline === undefined && i + 1 < argv.length && SERVICE.test(argv[i + 1])) services.push(argv[++i]);
    } else if (arg.startsWith("--")) {
      return `unknown option '${arg}'`;
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) return "missing FILE";
  return { files, format, services };
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const options = parseArgs(argv);
  if (typeof options === "string") {
    console.error(`roleplay review: ${options}\n\n${USAGE}`);
    return 2;
  }
  const read = await readReviewInputFiles(options.files);
  if (typeof read === "string") {
    console.error(`roleplay review: ${read}`);
    return 2;
  }
  const { input } = read;
  for (const w of read.warnings) console.error(`roleplay review: warning: ${w}`);
  const result = reviewPassRole(input, { services: options.services });
  // The console's findings beside the PassRole ones: escalation paths over every account, trust checks.
  const now = new Date();
  const review = new ReviewContext(input, undefined, now);
  const graph = buildEscalationGraph(input, { now, review });
  result.findings = [...result.findings, ...escalationFindings(graph, input, review, { now })].sort(byFinding);
  // Large accounts print hundreds of megabytes: stream, and wait for the pipe to drain.
  const write = (chunk: string) => (process.stdout.write(chunk) ? undefined : new Promise<void>((resolve) => process.stdout.once("drain", () => resolve())));
  await (options.format === "csv" ? writeReviewCsv(result, write) : writeReviewJson(result, write));
  return 0;
}
