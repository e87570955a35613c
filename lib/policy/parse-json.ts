/**
 * A strict JSON (RFC 8259) parser that remembers where every value sits in the source text, so
 * findings and matched statements can point at a line and column the user wrote.
 */

/** A point in the source text; `line` and `column` are 1-based, `offset` is 0-based (UTF-16 units). */
export interface SourcePosition {
  line: number;
  column: number;
  offset: number;
}

/** Where a value starts, where its property key starts (object members only) and where it ends. */
export interface JsonNodeLocation {
  value: SourcePosition;
  key?: SourcePosition;
  end: SourcePosition;
}

/** A key that appears twice in one object; AWS rejects such policies. */
export interface DuplicateKey {
  pointer: string;
  position: SourcePosition;
}

/** Why text was refused: not JSON at all, a key repeated in one object, or nesting too deep. */
export type JsonErrorReason = "syntax" | "duplicate-key" | "too-deep";

/** Raised for text that is not JSON; the message names what was expected and where. */
export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly reason: JsonErrorReason;
  /** RFC 6901 pointer of the repeated key (duplicate-key only). */
  readonly pointer?: string;

  constructor(message: string, position: SourcePosition, reason: JsonErrorReason = "syntax", pointer?: string) {
    super(`${message} at line ${position.line}, column ${position.column}`);
    this.name = "JsonSyntaxError";
    this.line = position.line;
    this.column = position.column;
    this.offset = position.offset;
    this.reason = reason;
    if (pointer !== undefined) this.pointer = pointer;
  }
}

/**
 * How deep arrays and objects may nest. A policy needs about seven levels (Statement, Condition,
 * operator, key, values); the limit keeps hostile text from overflowing the parser's stack.
 */
export const MAX_JSON_DEPTH = 64;

export interface ParseJsonOptions {
  /**
   * "reject" (the default): a key repeated within one object is an error at the second key, as
   * AWS refuses such policies. "record": keep the last value and list the repeats in
   * `duplicateKeys`, for the validator that reports every problem at once.
   */
  duplicateKeys?: "reject" | "record";
}

export interface ParsedJson {
  value: unknown;
  /** Location of the value at an RFC 6901 pointer ("" is the root, "/Statement/0/Action/1"). */
  locate(pointer: string): JsonNodeLocation | undefined;
  /** Keys repeated within one object, in source order (with `duplicateKeys: "record"`); the value keeps the last one. */
  duplicateKeys: DuplicateKey[];
}

/**
 * Sets `key` as an own, enumerable property, as JSON.parse does: a key of policy text named
 * "__proto__" stays a key and never becomes the object's prototype.
 */
export function setOwnKey(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Escapes one reference token for an RFC 6901 pointer. */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * Parses `text` as strict JSON and records the location of every value. Throws JsonSyntaxError for
 * text that is not JSON, a repeated key (unless `duplicateKeys: "record"`) and nesting deeper
 * than MAX_JSON_DEPTH.
 */
export function parseJsonWithPositions(text: string, options: ParseJsonOptions = {}): ParsedJson {
  const rejectDuplicates = options.duplicateKeys !== "record";
  let depth = 0;
  const locations = new Map<string, JsonNodeLocation>();
  const duplicateKeys: DuplicateKey[] = [];
  // Offsets where each line starts, to turn an offset into line/column by binary search.
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lineStarts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) lineStarts.push(i + 1);
  }
  let pos = 0;

  function at(offset: number): SourcePosition {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1, offset };
  }

  function fail(message: string, offset = pos, reason?: JsonErrorReason, pointer?: string): never {
    throw new JsonSyntaxError(message, at(offset), reason, pointer);
  }

  function describe(offset: number): string {
    if (offset >= text.length) return "end of input";
    return `'${text[offset]}'`;
  }

  function skipWhitespace(): void {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else break;
    }
  }

  function parseValue(pointer: string, keyOffset: number | undefined): unknown {
    skipWhitespace();
    const start = pos;
    let value: unknown;
    const c = text[pos];
    if (c === "{" || c === "[") {
      if (depth === MAX_JSON_DEPTH) fail(`JSON nests deeper than ${MAX_JSON_DEPTH} levels`, pos, "too-deep");
      depth++;
      value = c === "{" ? parseObject(pointer) : parseArray(pointer);
      depth--;
    }
    else if (c === '"') value = parseString();
    else if (c === "-" || (c >= "0" && c <= "9")) value = parseNumber();
    else if (text.startsWith("true", pos)) (pos += 4), (value = true);
    else if (text.startsWith("false", pos)) (pos += 5), (value = false);
    else if (text.startsWith("null", pos)) (pos += 4), (value = null);
    else if (pos >= text.length) fail("Unexpected end of input, expected a value");
    else fail(`Unexpected ${describe(pos)}, expected a value`);
    const location: JsonNodeLocation = { value: at(start), end: at(pos) };
    if (keyOffset !== undefined) location.key = at(keyOffset);
    locations.set(pointer, location);
    return value;
  }

  function parseObject(pointer: string): Record<string, unknown> {
    pos++; // {
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    skipWhitespace();
    if (text[pos] === "}") {
      pos++;
      return result;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] !== '"') fail(`Expected a property name in double quotes, found ${describe(pos)}`);
      const keyOffset = pos;
      const key = parseString();
      skipWhitespace();
      if (text[pos] !== ":") fail(`Expected ':' after property name "${key}", found ${describe(pos)}`);
      pos++;
      const childPointer = `${pointer}/${escapePointerToken(key)}`;
      if (seen.has(key)) {
        if (rejectDuplicates) fail(`Duplicate key '${key}'`, keyOffset, "duplicate-key", childPointer);
        duplicateKeys.push({ pointer: childPointer, position: at(keyOffset) });
      }
      seen.add(key);
      setOwnKey(result, key, parseValue(childPointer, keyOffset));
      skipWhitespace();
      if (text[pos] === ",") {
        pos++;
        continue;
      }
      if (text[pos] === "}") {
        pos++;
        return result;
      }
      fail(`Expected ',' or '}' after property value, found ${describe(pos)}`);
    }
  }

  function parseArray(pointer: string): unknown[] {
    pos++; // [
    const result: unknown[] = [];
    skipWhitespace();
    if (text[pos] === "]") {
      pos++;
      return result;
    }
    for (;;) {
      result.push(parseValue(`${pointer}/${result.length}`, undefined));
      skipWhitespace();
      if (text[pos] === ",") {
        pos++;
        continue;
      }
      if (text[pos] === "]") {
        pos++;
        return result;
      }
      fail(`Expected ',' or ']' after array element, found ${describe(pos)}`);
    }
  }

  function parseString(): string {
    const start = pos;
    pos++; // opening quote
    let out = "";
    let chunkStart = pos;
    for (;;) {
      if (pos >= text.length) fail("Unterminated string", start);
      const c = text.charCodeAt(pos);
      if (c === 34) {
        out += text.slice(chunkStart, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail("Control character in string must be escaped");
      if (c === 92) {
        out += text.slice(chunkStart, pos);
        const e = text[pos + 1];
        if (e === "u") {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("Invalid unicode escape, expected four hex digits");
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else if (e !== undefined && e in ESCAPES) {
          out += ESCAPES[e];
          pos += 2;
        } else {
          fail(`Invalid escape '\\${e ?? ""}' in string`);
        }
        chunkStart = pos;
        continue;
      }
      pos++;
    }
  }

  function parseNumber(): number {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(pos, pos + 400));
    if (!match) fail("Invalid number");
    const next = text[pos + match[0].length];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) fail("Invalid number", pos + match[0].length);
    pos += match[0].length;
    return Number(match[0]);
  }

  // RFC 8259 lets a parser ignore a leading byte-order mark; editors on Windows add one.
  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  const value = parseValue("", undefined);
  skipWhitespace();
  if (pos < text.length) fail(`Unexpected ${describe(pos)} after the end of the JSON value`);

  return {
    value,
    duplicateKeys,
    locate: (pointer: string) => locations.get(pointer),
  };
}
