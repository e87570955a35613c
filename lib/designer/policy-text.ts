/**
 * A policy's text seen as its statements, so the visual editor can rewrite only what it changed:
 * every statement it did not touch keeps its exact characters (spacing, number forms, element
 * order, elements the editor does not model), and the text around the statements stays as written.
 * Pure: runs in the browser and on the server.
 */
import { JsonSyntaxError, parseJsonWithPositions } from "../policy/parse-json";

export type JsonObject = Record<string, unknown>;

/** One statement: its parsed value and where its text sits. */
export interface StatementSlice {
  value: JsonObject;
  start: number;
  end: number;
  /** The leading white space of the line the statement starts on, for indenting a rewrite. */
  lineIndent: string;
}

export interface PolicyText {
  text: string;
  document: JsonObject;
  /** How Statement is written: an array, a single object, or absent. */
  statementForm: "array" | "object" | "absent";
  statements: StatementSlice[];
  /** Where the Statement value sits (absent: undefined). */
  statementRange?: { start: number; end: number; lineIndent: string };
  /** The indentation unit the text uses ("  ", "    " or a tab). */
  indent: string;
}

export type ReadPolicyTextResult = { ok: true; policy: PolicyText } | { ok: false; message: string; line: number; column: number };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The indentation unit of a text: the first indented line's leading white space, else two spaces. */
export function detectIndent(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  if (!match) return "  ";
  return match[1].startsWith("\t") ? "\t" : match[1];
}

function lineIndentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/**
 * Reads a policy for the visual editor. Fails (with a position) when the text is not JSON, is not
 * an object, or has a Statement that is not an object or an array of objects.
 */
export function readPolicyText(text: string): ReadPolicyTextResult {
  let parsed;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, message: error.message, line: error.line, column: error.column };
    throw error;
  }
  if (!isObject(parsed.value)) return { ok: false, message: "A policy must be a JSON object", line: 1, column: 1 };
  const document = parsed.value;
  const indent = detectIndent(text);
  if (!Object.hasOwn(document, "Statement")) return { ok: true, policy: { text, document, statementForm: "absent", statements: [], indent } };
  const location = parsed.locate("/Statement")!;
  const statementRange = { start: location.value.offset, end: location.end.offset, lineIndent: lineIndentAt(text, location.value.offset) };
  const statement = document.Statement;
  const slice = (value: unknown, pointer: string): StatementSlice | undefined => {
    if (!isObject(value)) return undefined;
    const at = parsed.locate(pointer)!;
    return { value, start: at.value.offset, end: at.end.offset, lineIndent: lineIndentAt(text, at.value.offset) };
  };
  if (isObject(statement)) {
    return { ok: true, policy: { text, document, statementForm: "object", statements: [slice(statement, "/Statement")!], statementRange, indent } };
  }
  if (!Array.isArray(statement)) {
    return { ok: false, message: "Statement must be an object or an array of objects", line: location.value.line, column: location.value.column };
  }
  const statements: StatementSlice[] = [];
  for (let i = 0; i < statement.length; i++) {
    const s = slice(statement[i], `/Statement/${i}`);
    if (!s) {
      const at = parsed.locate(`/Statement/${i}`)!;
      return { ok: false, message: `Statement ${i + 1} must be an object`, line: at.value.line, column: at.value.column };
    }
    statements.push(s);
  }
  return { ok: true, policy: { text, document, statementForm: "array", statements, statementRange, indent } };
}

/** JSON equality that also compares key order: what "unchanged" means for the round trip. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Pretty-prints a value on a line indented by `lineIndent`, with the given indentation unit. */
export function formatJsonAt(value: unknown, lineIndent: string, indent: string): string {
  const pad = lineIndent;
  return JSON.stringify(value, null, indent)
    .split("\n")
    .map((line, i) => (i === 0 ? line : pad + line))
    .join("\n");
}

/** A statement after a visual edit: `from` is the index of the statement it came from, if any. */
export interface NextStatement {
  value: JsonObject;
  from?: number;
}

/**
 * The policy text with its statements replaced. Statements that come from the same original and
 * are unchanged keep their exact text; changed and new ones are pretty-printed at the position of
 * the statement they replace. When nothing changed, the text is returned as it was.
 */
export function writeStatements(policy: PolicyText, next: NextStatement[]): string {
  const old = policy.statements;
  const unchanged = (s: NextStatement) => s.from !== undefined && old[s.from] !== undefined && sameJson(old[s.from].value, s.value);
  if (next.length === old.length && next.every((s, i) => s.from === i && unchanged(s))) return policy.text;

  const render = (s: NextStatement, lineIndent: string) => (unchanged(s) && old[s.from!].lineIndent === lineIndent ? policy.text.slice(old[s.from!].start, old[s.from!].end) : formatJsonAt(s.value, lineIndent, policy.indent));
  const text = policy.text;

  if (policy.statementForm === "array" && old.length > 0 && next.length > 0) {
    const first = old[0];
    const last = old[old.length - 1];
    const separator = old.length > 1 ? text.slice(old[0].end, old[1].start) : `,\n${first.lineIndent}`;
    const lineIndent = (i: number) => old[Math.min(i, old.length - 1)].lineIndent;
    const body = next.map((s, i) => render(s, lineIndent(i))).join(separator);
    return text.slice(0, first.start) + body + text.slice(last.end);
  }
  if (policy.statementForm === "object" && next.length === 1) {
    const only = old[0];
    return text.slice(0, only.start) + render(next[0], only.lineIndent) + text.slice(only.end);
  }
  if (policy.statementForm === "absent") {
    const document = { ...policy.document, Statement: next.length === 1 ? next[0].value : next.map((s) => s.value) };
    return JSON.stringify(document, null, policy.indent);
  }
  // The Statement value changes shape (object to array, empty to non-empty, or to empty).
  const range = policy.statementRange!;
  if (next.length === 0) return text.slice(0, range.start) + "[]" + text.slice(range.end);
  const inner = range.lineIndent + policy.indent;
  const items = next.map((s) => inner + render(s, inner)).join(",\n");
  return `${text.slice(0, range.start)}[\n${items}\n${range.lineIndent}]${text.slice(range.end)}`;
}

/** The line range (1-based, inclusive) of each statement, to highlight a deciding statement. */
export function statementLines(policy: PolicyText): { from: number; to: number }[] {
  const lineAt = (offset: number) => policy.text.slice(0, offset).split("\n").length;
  return policy.statements.map((s) => ({ from: lineAt(s.start), to: lineAt(s.end) }));
}
