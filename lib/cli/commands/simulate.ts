/**
 * `roleplay simulate [FILE|-]`: evaluates JSON Lines cases with the policy evaluator, one output
 * line per input line, in order, streaming (see ../shared/contracts/simulate.md). A case that
 * cannot be evaluated gets an error line; the exit status is 2 only when the input cannot be read.
 */
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { isKnownAction } from "../../catalog/actions";
import { compilePolicySet, evaluateRequest, type NamedPolicy, type PolicySet } from "../../policy/evaluate";
import { JsonSyntaxError, parseJsonWithPositions } from "../../policy/parse-json";
import { PolicyGrammarError } from "../../policy/policy-grammar-error";
import type { EvaluationRequest } from "../../policy/request-context";

const HELP = `Usage: roleplay simulate [FILE|-] [--explain]

Reads JSON Lines request cases from FILE (or standard input when FILE is "-" or absent) and writes
one JSON line per input line, in order:
  {"id":...,"decision":"Allow"|"ExplicitDeny"|"ImplicitDeny","decisive":[...]}
  {"id":...,"error":{"code":"MalformedJson"|"InvalidInput"|"MalformedPolicyDocument"|"UnknownAction","message":...}}

Each case: {"id", "request": {"principal", "action", "resource", "resourceAccount"?, "context"?},
"identityPolicies"?, "permissionsBoundary"?, "sessionPolicies"?, "resourcePolicy"?, "scps"?, "rcps"?}.
A document is a policy object or its JSON text. The context is taken as given: no keys are derived
from the principal.

Options:
  --explain   add an "explanation" to each decision (every statement, why it applied or not)
  -h, --help  show this help

Exit status: 0 when every line was read (even if some cases had errors), 2 when the input could
not be read.`;

/** Error codes of a case that cannot be evaluated. */
export type SimulateErrorCode = "MalformedJson" | "InvalidInput" | "MalformedPolicyDocument" | "UnknownAction";

class CaseError extends Error {
  constructor(
    readonly code: SimulateErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// The catalog loads a service's actions on first use; the answer per action string never changes.
const knownActions = new Map<string, boolean>();
function actionIsKnown(action: string): boolean {
  let known = knownActions.get(action);
  if (known === undefined) {
    known = isKnownAction(action);
    if (knownActions.size > 50_000) knownActions.clear();
    knownActions.set(action, known);
  }
  return known;
}

/** Runs the command; resolves to the exit status. */
export async function run(argv: string[]): Promise<number> {
  let file: string | undefined;
  let explain = false;
  for (const arg of argv) {
    if (arg === "-h" || arg === "--help") {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (arg === "--explain") explain = true;
    else if (arg.startsWith("-") && arg !== "-") {
      process.stderr.write(`roleplay simulate: unknown option '${arg}'\n\n${HELP}\n`);
      return 2;
    } else if (file !== undefined) {
      process.stderr.write(`roleplay simulate: expected one FILE, got '${file}' and '${arg}'\n`);
      return 2;
    } else file = arg;
  }

  const input: Readable = file === undefined || file === "-" ? process.stdin : createReadStream(file);
  const output = new BufferedOutput();
  let lineNumber = 0;
  try {
    input.setEncoding("utf8");
    let rest = "";
    for await (const chunk of input as AsyncIterable<string>) {
      let nl = chunk.indexOf("\n");
      // Only the new chunk is searched, so a long line split over many chunks stays linear.
      if (nl === -1) {
        rest += chunk;
        continue;
      }
      output.push(simulateLine(rest + chunk.slice(0, nl), ++lineNumber, explain));
      let start = nl + 1;
      while ((nl = chunk.indexOf("\n", start)) !== -1) {
        output.push(simulateLine(chunk.slice(start, nl), ++lineNumber, explain));
        start = nl + 1;
      }
      rest = chunk.slice(start);
      if (output.full) await output.flush();
    }
    if (rest.length > 0) output.push(simulateLine(rest, ++lineNumber, explain));
  } catch (error) {
    await output.flush();
    const where = file === undefined || file === "-" ? "standard input" : `'${file}'`;
    process.stderr.write(`roleplay simulate: cannot read ${where}: ${(error as Error).message}\n`);
    return 2;
  }
  await output.flush();
  return 0;
}

/** Evaluates one input line and returns its output line. */
export function simulateLine(raw: string, lineNumber: number, explain = false): string {
  const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
  if (line.trim() === "") return errorLine(null, "MalformedJson", `line ${lineNumber}: empty line, expected a JSON case`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return errorLine(null, "MalformedJson", `line ${lineNumber}: not valid JSON: ${describeJsonError(line)}`);
  }
  const id = isObject(parsed) && parsed.id !== undefined ? parsed.id : null;
  try {
    const { request, set } = readCase(parsed, lineNumber);
    const compiled = compilePolicySet(set);
    const result = evaluateRequest(compiled, request, { explain });
    return JSON.stringify(explain ? { id, ...result } : { id, decision: result.decision, decisive: result.decisive });
  } catch (error) {
    if (error instanceof CaseError) return errorLine(id, error.code, error.message);
    if (error instanceof PolicyGrammarError) return errorLine(id, "MalformedPolicyDocument", `line ${lineNumber}: ${error.message}`);
    throw error;
  }
}

// Only on failure: re-read the line with positions to say where it breaks.
function describeJsonError(line: string): string {
  try {
    parseJsonWithPositions(line);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error.message.replace(/ at line 1, column (\d+)$/, " at column $1");
  }
  return "unreadable input";
}

function errorLine(id: unknown, code: SimulateErrorCode, message: string): string {
  return JSON.stringify({ id, error: { code, message } });
}

// Module-level helpers rather than per-case closures: the CLI reads 100,000 cases in a run.
function invalid(lineNumber: number, message: string): never {
  throw new CaseError("InvalidInput", `line ${lineNumber}: ${message}`);
}

function readNamed(p: unknown, where: string, lineNumber: number): NamedPolicy {
  // A bare document (or its JSON text) stands for itself, named by its place in the case.
  if (typeof p === "string" || (isObject(p) && !("document" in p) && "Statement" in p)) return { name: where, document: p };
  if (!isObject(p) || !("document" in p)) return invalid(lineNumber, `${where} must be an object with name and document`);
  if (p.name !== undefined && typeof p.name !== "string") invalid(lineNumber, `${where}.name must be a string`);
  return { name: (p.name as string | undefined) ?? where, document: p.document };
}

function readNamedList(list: unknown, where: string, lineNumber: number): NamedPolicy[] | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) return invalid(lineNumber, `${where} must be an array`);
  const out: NamedPolicy[] = [];
  for (let i = 0; i < list.length; i++) out.push(readNamed(list[i], `${where}[${i}]`, lineNumber));
  return out;
}

function readLevels(list: unknown, where: string, lineNumber: number): PolicySet["scps"] {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) return invalid(lineNumber, `${where} must be an array of organization levels`);
  const out: NonNullable<PolicySet["scps"]> = [];
  for (let i = 0; i < list.length; i++) {
    const level = list[i];
    if (!isObject(level)) return invalid(lineNumber, `${where}[${i}] must be an object with target and policies`);
    const target = level.target === undefined ? `${where}[${i}]` : level.target;
    if (typeof target !== "string") return invalid(lineNumber, `${where}[${i}].target must be a string`);
    out.push({ target, policies: readNamedList(level.policies ?? [], `${where}[${i}].policies`, lineNumber)! });
  }
  return out;
}

function readCase(value: unknown, lineNumber: number): { request: EvaluationRequest; set: PolicySet } {
  if (!isObject(value)) return invalid(lineNumber, "a case must be a JSON object");
  const r = value.request;
  if (!isObject(r)) return invalid(lineNumber, "request must be an object with principal, action and resource");
  for (const field of REQUEST_FIELDS) {
    if (typeof r[field] !== "string" || r[field] === "") invalid(lineNumber, `request.${field} must be a non-empty string`);
  }
  if (r.resourceAccount !== undefined && typeof r.resourceAccount !== "string") invalid(lineNumber, "request.resourceAccount must be a string");
  const context = r.context;
  if (context !== undefined) {
    if (!isObject(context)) invalid(lineNumber, "request.context must be an object of condition keys");
    for (const key in context as Record<string, unknown>) {
      const v = (context as Record<string, unknown>)[key];
      if (typeof v === "string" || (Array.isArray(v) && v.every(isString))) continue;
      invalid(lineNumber, `request.context["${key}"] must be a string or an array of strings`);
    }
  }
  const action = r.action as string;
  if (!ACTION_FORM.test(action)) {
    throw new CaseError("UnknownAction", `line ${lineNumber}: request.action '${action}' is not of the form service:Action`);
  }
  if (!actionIsKnown(action)) {
    throw new CaseError("UnknownAction", `line ${lineNumber}: request.action '${action}' is not an action in the IAM catalog`);
  }

  // The contract writes the resource policy as a bare document; {name, document} works everywhere.
  const rp = value.resourcePolicy;
  const resourcePolicy = rp === undefined || rp === null ? undefined : readNamed(rp, "resourcePolicy", lineNumber);
  const boundary = value.permissionsBoundary;
  const request: EvaluationRequest = {
    principal: r.principal as string,
    action,
    resource: r.resource as string,
    resourceAccount: r.resourceAccount as string | undefined,
    context: context as Record<string, string | string[]> | undefined,
  };
  return {
    request,
    set: {
      identityPolicies: readNamedList(value.identityPolicies, "identityPolicies", lineNumber),
      permissionsBoundary: boundary === undefined || boundary === null ? undefined : readNamed(boundary, "permissionsBoundary", lineNumber),
      sessionPolicies: readNamedList(value.sessionPolicies, "sessionPolicies", lineNumber),
      resourcePolicy,
      scps: readLevels(value.scps, "scps", lineNumber),
      rcps: readLevels(value.rcps, "rcps", lineNumber),
    },
  };
}

const REQUEST_FIELDS = ["principal", "action", "resource"] as const;
const ACTION_FORM = /^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$/;

function isString(v: unknown): boolean {
  return typeof v === "string";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Joins output lines and writes them in large chunks, waiting when standard output is full. */
class BufferedOutput {
  private lines: string[] = [];
  private size = 0;

  push(line: string): void {
    this.lines.push(line);
    this.size += line.length + 1;
  }

  get full(): boolean {
    return this.size >= 1 << 16;
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const text = `${this.lines.join("\n")}\n`;
    this.lines = [];
    this.size = 0;
    if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once("drain", resolve));
  }
}
