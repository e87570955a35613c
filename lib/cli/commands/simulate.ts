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
      let start = 0;
      let text = rest + chunk;
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
        lineNumber++;
        await output.push(simulateLine(text.slice(start, nl), lineNumber, explain));
        start = nl + 1;
      }
      rest = text.slice(start);
      text = "";
    }
    if (rest.length > 0) {
      lineNumber++;
      await output.push(simulateLine(rest, lineNumber, explain));
    }
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

function readCase(value: unknown, lineNumber: number): { request: EvaluationRequest; set: PolicySet } {
  const fail = (message: string): never => {
    throw new CaseError("InvalidInput", `line ${lineNumber}: ${message}`);
  };
  if (!isObject(value)) return fail("a case must be a JSON object");
  const r = value.request;
  if (!isObject(r)) return fail("request must be an object with principal, action and resource");
  for (const field of ["principal", "action", "resource"] as const) {
    if (typeof r[field] !== "string" || r[field] === "") fail(`request.${field} must be a non-empty string`);
  }
  if (r.resourceAccount !== undefined && typeof r.resourceAccount !== "string") fail("request.resourceAccount must be a string");
  if (r.context !== undefined) {
    if (!isObject(r.context)) fail("request.context must be an object of condition keys");
    for (const [key, v] of Object.entries(r.context as Record<string, unknown>)) {
      if (typeof v === "string") continue;
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) continue;
      fail(`request.context["${key}"] must be a string or an array of strings`);
    }
  }
  const action = r.action as string;
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$/.test(action)) {
    throw new CaseError("UnknownAction", `line ${lineNumber}: request.action '${action}' is not of the form service:Action`);
  }
  if (!actionIsKnown(action)) {
    throw new CaseError("UnknownAction", `line ${lineNumber}: request.action '${action}' is not an action in the IAM catalog`);
  }

  const named = (p: unknown, where: string): NamedPolicy => {
    if (!isObject(p) || !("document" in p)) return fail(`${where} must be an object with name and document`);
    if (p.name !== undefined && typeof p.name !== "string") fail(`${where}.name must be a string`);
    return { name: (p.name as string | undefined) ?? where, document: p.document };
  };
  const namedList = (list: unknown, where: string): NamedPolicy[] | undefined => {
    if (list === undefined || list === null) return undefined;
    if (!Array.isArray(list)) return fail(`${where} must be an array`);
    return list.map((p, i) => named(p, `${where}[${i}]`));
  };
  const levels = (list: unknown, where: string) => {
    if (list === undefined || list === null) return undefined;
    if (!Array.isArray(list)) return fail(`${where} must be an array of organization levels`);
    return list.map((level, i) => {
      if (!isObject(level)) return fail(`${where}[${i}] must be an object with target and policies`);
      const target = level.target === undefined ? `${where}[${i}]` : level.target;
      if (typeof target !== "string") return fail(`${where}[${i}].target must be a string`);
      return { target, policies: namedList(level.policies ?? [], `${where}[${i}].policies`)! };
    });
  };
  // The contract writes the resource policy as a bare document; a {name, document} form is accepted too.
  let resourcePolicy: NamedPolicy | undefined;
  const rp = value.resourcePolicy;
  if (rp !== undefined && rp !== null) {
    resourcePolicy = isObject(rp) && "document" in rp && !("Statement" in rp) ? named(rp, "resourcePolicy") : { name: "resourcePolicy", document: rp };
  }
  const boundary = value.permissionsBoundary;
  const request: EvaluationRequest = {
    principal: r.principal as string,
    action,
    resource: r.resource as string,
    resourceAccount: r.resourceAccount as string | undefined,
    context: r.context as Record<string, string | string[]> | undefined,
  };
  return {
    request,
    set: {
      identityPolicies: namedList(value.identityPolicies, "identityPolicies"),
      permissionsBoundary: boundary === undefined || boundary === null ? undefined : named(boundary, "permissionsBoundary"),
      sessionPolicies: namedList(value.sessionPolicies, "sessionPolicies"),
      resourcePolicy,
      scps: levels(value.scps, "scps"),
      rcps: levels(value.rcps, "rcps"),
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Joins output lines and writes them in large chunks, waiting when standard output is full. */
class BufferedOutput {
  private lines: string[] = [];
  private size = 0;

  async push(line: string): Promise<void> {
    this.lines.push(line);
    this.size += line.length + 1;
    if (this.size >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const text = `${this.lines.join("\n")}\n`;
    this.lines = [];
    this.size = 0;
    if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once("drain", resolve));
  }
}
