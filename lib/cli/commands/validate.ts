/**
 * `roleplay validate FILE [--type identity|resource|trust|boundary|scp|rcp] [--format text|json]`:
 * prints a policy's findings. Exit status 0 without errors, 1 with errors, 2 when the file cannot
 * be read or the flags are wrong.
 */
import { readFile } from "node:fs/promises";
import { validatePolicy, type Finding, type FindingSeverity, type PolicyType } from "../../policy/validate";

const POLICY_TYPES: PolicyType[] = ["identity", "resource", "trust", "boundary", "scp", "rcp"];
const FORMATS = ["text", "json"] as const;
const SEVERITIES: FindingSeverity[] = ["ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"];

const USAGE = `Usage: roleplay validate FILE [--type ${POLICY_TYPES.join("|")}] [--format text|json]

Validates an IAM policy document (FILE, or - for standard input) and prints its findings.
  --type    the kind of policy (default: identity)
  --format  text (FILE:LINE:COLUMN SEVERITY CODE message) or json (an array of findings)
Exit status: 0 no errors, 1 errors found, 2 unreadable file or bad options.`;

interface Options {
  file: string;
  type: PolicyType;
  format: (typeof FORMATS)[number];
}

function parseArgs(argv: string[]): Options | string {
  let file: string | undefined;
  let type: PolicyType = "identity";
  let format: Options["format"] = "text";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (flag === "--type" || flag === "--format") {
      const value = inline ?? argv[++i];
      if (value === undefined) return `${flag} needs a value`;
      if (flag === "--type") {
        if (!POLICY_TYPES.includes(value as PolicyType)) return `unknown policy type '${value}' (use ${POLICY_TYPES.join(", ")})`;
        type = value as PolicyType;
      } else {
        if (!FORMATS.includes(value as Options["format"])) return `unknown format '${value}' (use text or json)`;
        format = value as Options["format"];
      }
    } else if (arg.startsWith("--")) {
      return `unknown option '${arg}'`;
    } else if (file === undefined) {
      file = arg;
    } else {
      return `unexpected argument '${arg}' (one FILE only)`;
    }
  }
  if (file === undefined) return "missing FILE";
  return { file, type, format };
}

async function readInput(file: string): Promise<string> {
  if (file !== "-") return readFile(file, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function formatText(file: string, findings: Finding[]): string {
  const lines = findings.map((f) => `${file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`);
  const counts = SEVERITIES.map((s) => `${findings.filter((f) => f.severity === s).length} ${s.toLowerCase().replace("_", " ")}${findings.filter((f) => f.severity === s).length === 1 ? "" : "s"}`);
  lines.push(findings.length === 0 ? `${file}: no findings` : `${file}: ${counts.join(", ")}`);
  return lines.join("\n");
}

/** Runs the command; returns the exit status. */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const options = parseArgs(argv);
  if (typeof options === "string") {
    console.error(`roleplay validate: ${options}\n\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = await readInput(options.file);
  } catch (error) {
    console.error(`roleplay validate: cannot read ${options.file}: ${(error as Error).message}`);
    return 2;
  }
  const findings = validatePolicy(text, { policyType: options.type });
  console.log(options.format === "json" ? JSON.stringify(findings, null, 2) : formatText(options.file, findings));
  return findings.some((f) => f.severity === "ERROR") ? 1 : 0;
}
