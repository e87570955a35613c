/**
 * `roleplay simulate [FILE|-]`: evaluates JSON Lines cases with the policy evaluator, one output
 * line per input line, in order, streaming (see ../shared/contracts/simulate.md). A case that
 * cannot be evaluated gets an error line; the exit status is 2 only when the input cannot be read.
 */
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { isKnownAction } from "../../catalog/actions";
import { compilePolicySet, evaluateRequest, type CompiledPolicySet, type NamedPolicy, type PolicySet } from "../../policy/evaluate";
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

  // Large reads from a file: fewer chunks to split, for batches of 100,000 cases.
  const input: Readable = file === undefined || file === "-" ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
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
  const fast = simulateWithCachedPolicies(line, lineNumber, explain);
  if (fast !== undefined) return fast;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return errorLine(null, "MalformedJson", `line ${lineNumber}: not valid JSON: ${describeJsonError(line)}`);
  }
  const id = isObject(parsed) && parsed.id !== undefined ? parsed.id : null;
  try {
    const { request, set } = readCase(parsed, lineNumber);
    return decisionLine(id, compilePolicySet(set), request, explain);
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

function decisionLine(id: unknown, set: CompiledPolicySet, request: EvaluationRequest, explain: boolean): string {
  const result = evaluateRequest(set, request, { explain });
  return JSON.stringify(explain ? { id, ...result } : { id, decision: result.decision, decisive: result.decisive });
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
  const request = readRequest(value, lineNumber);
  const v = value as Record<string, unknown>;
  // The contract writes the resource policy as a bare document; {name, document} works everywhere.
  const rp = v.resourcePolicy;
  const resourcePolicy = rp === undefined || rp === null ? undefined : readNamed(rp, "resourcePolicy", lineNumber);
  const boundary = v.permissionsBoundary;
  return {
    request,
    set: {
      identityPolicies: readNamedList(v.identityPolicies, "identityPolicies", lineNumber),
      permissionsBoundary: boundary === undefined || boundary === null ? undefined : readNamed(boundary, "permissionsBoundary", lineNumber),
      sessionPolicies: readNamedList(v.sessionPolicies, "sessionPolicies", lineNumber),
      resourcePolicy,
      scps: readLevels(v.scps, "scps", lineNumber),
      rcps: readLevels(v.rcps, "rcps", lineNumber),
    },
  };
}

/** Reads a case's `request`; its errors come before those of the policies. */
function readRequest(value: unknown, lineNumber: number): EvaluationRequest {
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
  return {
    principal: r.principal as string,
    action,
    resource: r.resource as string,
    resourceAccount: r.resourceAccount as string | undefined,
    context: context as Record<string, string | string[]> | undefined,
  };
}

// A batch usually repeats a few policy sets over many requests. Each policy field's JSON text is
// compiled once and reused while the same text comes back: no parse, no compile, no garbage for
// the policies of a repeated case. A text enters a cache only once it has read and compiled
// without error, so a cached text vouches for itself. Two levels: the text of each policy field,
// and the whole end of a line from its first policy field on (when only policy fields follow it,
// as in lines written by JSON.stringify from one shape), which spares scanning those fields.

const POLICY_FIELDS = ["identityPolicies", "permissionsBoundary", "sessionPolicies", "resourcePolicy", "scps", "rcps"] as const;
type PolicyField = (typeof POLICY_FIELDS)[number];

// The policy field a key names (compared in place, without slicing it out), or -1.
function policyField(s: string, start: number, end: number): number {
  for (let f = 0; f < POLICY_FIELDS.length; f++) {
    const name = POLICY_FIELDS[f];
    if (name.length === end - start && s.startsWith(name, start)) return f;
  }
  return -1;
}

/** Puts one compiled policy field into a case's set. */
type CompiledPart = (set: CompiledPolicySet) => void;
const compiledParts = POLICY_FIELDS.map(() => new Map<string, CompiledPart>());
const compiledTails = new Map<string, CompiledPart[]>();
let cachedChars = 0;
// Bounds the caches for batches whose policies never repeat; they then start over.
const MAX_CACHED_CHARS = 1 << 24;

function remember<T>(cache: Map<string, T>, text: string, value: T): void {
  if (cachedChars + text.length > MAX_CACHED_CHARS) {
    for (const c of compiledParts) c.clear();
    compiledTails.clear();
    cachedChars = 0;
  }
  // A copy, so the cache does not keep alive the whole input chunk the text was sliced from.
  cache.set(JSON.parse(JSON.stringify(text)) as string, value);
  cachedChars += text.length;
}

const emptySet = (): CompiledPolicySet => ({ identity: [], boundary: undefined, session: [], resource: undefined, scps: [], rcps: [] });

/** Compiles one policy field of a case from its JSON text; throws like the full read would. */
function compilePart(field: PolicyField, text: string, lineNumber: number): CompiledPart {
  const value: unknown = JSON.parse(text);
  switch (field) {
    case "identityPolicies": {
      const { identity } = compilePolicySet({ identityPolicies: readNamedList(value, field, lineNumber) });
      return (set) => (set.identity = identity);
    }
    case "sessionPolicies": {
      const { session } = compilePolicySet({ sessionPolicies: readNamedList(value, field, lineNumber) });
      return (set) => (set.session = session);
    }
    case "permissionsBoundary": {
      const boundary = value === null ? undefined : compilePolicySet({ permissionsBoundary: readNamed(value, field, lineNumber) }).boundary;
      return (set) => (set.boundary = boundary);
    }
    case "resourcePolicy": {
      const resource = value === null ? undefined : compilePolicySet({ resourcePolicy: readNamed(value, field, lineNumber) }).resource;
      return (set) => (set.resource = resource);
    }
    case "scps": {
      const { scps } = compilePolicySet({ scps: readLevels(value, field, lineNumber) });
      return (set) => (set.scps = scps);
    }
    case "rcps": {
      const { rcps } = compilePolicySet({ rcps: readLevels(value, field, lineNumber) });
      return (set) => (set.rcps = rcps);
    }
  }
}

function cachedPart(index: number, text: string, lineNumber: number): CompiledPart | undefined {
  const cache = compiledParts[index];
  let part = cache.get(text);
  if (part !== undefined) return part;
  try {
    part = compilePart(POLICY_FIELDS[index], text, lineNumber);
  } catch {
    return undefined;
  }
  remember(cache, text, part);
  return part;
}

/**
 * Evaluates a line whose policies are all cached or compile cleanly, parsing only its other
 * members; returns undefined for anything else, which the full read then answers (with the same
 * error it always gave).
 */
function simulateWithCachedPolicies(line: string, lineNumber: number, explain: boolean): string | undefined {
  const scan = scanCase(line);
  if (scan === undefined) return undefined;
  let others: unknown;
  try {
    others = JSON.parse(scan.others);
  } catch {
    return undefined;
  }
  // Policies first: a line is answered here only once all of it is known to be valid JSON.
  const set = emptySet();
  if (scan.knownTail !== undefined) {
    for (const part of scan.knownTail) part(set);
    return answer(others, set, lineNumber, explain);
  }
  const parts: CompiledPart[] = [];
  for (let i = 0; i < POLICY_FIELDS.length; i++) {
    const text = scan.policies[i];
    if (text === undefined) continue;
    const part = cachedPart(i, text, lineNumber);
    if (part === undefined) return undefined;
    part(set);
    parts.push(part);
  }
  if (scan.policyTail !== -1) remember(compiledTails, line.slice(scan.policyTail), parts);
  return answer(others, set, lineNumber, explain);
}

function answer(others: unknown, set: CompiledPolicySet, lineNumber: number, explain: boolean): string {
  const id = (others as Record<string, unknown>).id ?? null;
  let request: EvaluationRequest;
  try {
    request = readRequest(others, lineNumber);
  } catch (error) {
    if (error instanceof CaseError) return errorLine(id, error.code, error.message);
    throw error;
  }
  try {
    return decisionLine(id, set, request, explain);
  } catch (error) {
    if (error instanceof PolicyGrammarError) return errorLine(id, "MalformedPolicyDocument", `line ${lineNumber}: ${error.message}`);
    throw error;
  }
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** A case's top-level members as texts: the other members as one object, and the policies. */
type ScannedCase =
  | { others: string; knownTail: CompiledPart[] }
  | { others: string; knownTail?: undefined; policies: (string | undefined)[]; policyTail: number };

/**
 * Splits a case's top-level members without parsing them: the other members as one object's text
 * and, for the policy fields, either the compiled run they end the line with (seen before) or the
 * JSON text of each. `policyTail` is where the policy fields start when only they follow (and
 * something precedes them), else -1. Undefined when the line is not an object this scanner can
 * vouch for (a policy field given twice, an escaped key, broken structure). The scan only balances
 * brackets; the texts are validated by parsing them (or by having parsed the same text before), so
 * a line goes this way only if it is valid JSON as a whole.
 */
function scanCase(s: string): ScannedCase | undefined {
  let i = skipSpace(s, 0);
  if (s.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i = skipSpace(s, i + 1);
  const policies: (string | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined];
  let others = "";
  let firstPolicy = -1;
  let otherBeforePolicy = false;
  let otherAfterPolicy = false;
  if (s.charCodeAt(i) !== CLOSE_BRACE) {
    for (;;) {
      if (s.charCodeAt(i) !== QUOTE) return undefined;
      const keyEnd = stringEnd(s, i);
      if (keyEnd < 0) return undefined;
      const field = policyField(s, i + 1, keyEnd - 1);
      if (field !== -1 && firstPolicy === -1) {
        firstPolicy = i;
        otherBeforePolicy = others !== "";
        // The rest of the line is a run of policy fields seen before: nothing more to scan.
        const knownTail = otherBeforePolicy ? compiledTails.get(s.slice(i)) : undefined;
        if (knownTail !== undefined) return { others: `{${others}}`, knownTail };
      }
      let j = skipSpace(s, keyEnd);
      if (s.charCodeAt(j) !== COLON) return undefined;
      j = skipSpace(s, j + 1);
      const end = valueEnd(s, j);
      if (end < 0) return undefined;
      if (field !== -1) {
        if (policies[field] !== undefined) return undefined;
        policies[field] = s.slice(j, end);
      } else {
        const escape = s.indexOf("\\", i + 1);
        if (escape !== -1 && escape < keyEnd) return undefined;
        if (firstPolicy !== -1) otherAfterPolicy = true;
        others = others === "" ? s.slice(i, end) : `${others},${s.slice(i, end)}`;
      }
      i = skipSpace(s, end);
      const c = s.charCodeAt(i);
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return undefined;
      i = skipSpace(s, i + 1);
    }
  }
  if (skipSpace(s, i + 1) !== s.length) return undefined;
  const policyTail = otherBeforePolicy && !otherAfterPolicy ? firstPolicy : -1;
  return { others: `{${others}}`, policies, policyTail };
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

function skipSpace(s: string, i: number): number {
  while (isSpace(s.charCodeAt(i))) i++;
  return i;
}

// The index just past the string that opens at i, or -1.
function stringEnd(s: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const quote = s.indexOf('"', from);
    if (quote === -1) return -1;
    let b = quote - 1;
    while (s.charCodeAt(b) === BACKSLASH) b--;
    if ((quote - 1 - b) % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

// The index just past the value that starts at i, or -1; strings are skipped whole.
function valueEnd(s: string, i: number): number {
  const first = s.charCodeAt(i);
  if (first === QUOTE) return stringEnd(s, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === QUOTE) {
        j = stringEnd(s, j) - 1;
        if (j < 0) return -1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return j + 1;
    }
    return -1;
  }
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === SPACE || c === TAB || c === LF || c === CR) break;
    j++;
  }
  return j > i ? j : -1;
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
