/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`, `${?}`, `${$}`)
 * in Resource and in string and ARN condition values. AWS substitutes them only when the policy's
 * Version is 2012-10-17; a variable whose key is missing, with no default, makes the value match
 * nothing. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { literalPattern, patternFromPolicyText } from "./wildcard";

/** Reads a context key (lowercase) for substitution; undefined when missing or multi-valued. */
export interface VariableLookup {
  variable(keyLower: string): string | undefined;
}

interface LiteralPart {
  text: string;
}
interface VariablePart {
  key: string;
  keyLower: string;
  fallback?: string;
}
type Part = LiteralPart | VariablePart;

/** A policy string with its variables located, ready to substitute per request. */
export interface VariableTemplate {
  readonly parts: readonly Part[];
  /** Keys named by the template, as written. */
  readonly keys: readonly string[];
}

const SPECIAL: Record<string, string> = { "*": "*", "?": "?", $: "$" };

/** Finds the variables in `text`; returns null when it holds none (the common case). */
export function parseVariables(text: string): VariableTemplate | null {
  if (text.indexOf("${") === -1) return null;
  const parts: Part[] = [];
  const keys: string[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("${", i);
    if (open === -1) break;
    const close = text.indexOf("}", open + 2);
    if (close === -1) break;
    literal += text.slice(i, open);
    const inner = text.slice(open + 2, close).trim();
    const special = SPECIAL[inner];
    if (special !== undefined) {
      // ${*} and friends insert the character itself, never a wildcard.
      parts.push({ text: literal });
      parts.push({ key: "", keyLower: "", fallback: special });
      literal = "";
    } else {
      const match = /^([^,\s]+)\s*(?:,\s*'([^']*)')?$/.exec(inner);
      if (!match) {
        literal += text.slice(open, close + 1);
      } else {
        parts.push({ text: literal });
        literal = "";
        const key = match[1];
        keys.push(key);
        parts.push({ key, keyLower: key.toLowerCase(), fallback: match[2] });
      }
    }
    i = close + 1;
  }
  literal += text.slice(i);
  if (literal) parts.push({ text: literal });
  if (keys.length === 0 && !parts.some((p) => "key" in p)) return null;
  return { parts, keys };
}

/**
 * Substitutes the variables. `asPattern` gives the internal wildcard form (literal text keeps its
 * wildcards, substituted values do not); otherwise plain text. Null when a variable is missing.
 */
export function resolveTemplate(template: VariableTemplate, lookup: VariableLookup, asPattern: boolean): string | null {
  let out = "";
  for (const part of template.parts) {
    if ("text" in part) {
      out += asPattern ? patternFromPolicyText(part.text) : part.text;
      continue;
    }
    const value = part.key === "" ? undefined : lookup.variable(part.keyLower);
    const resolved = value ?? part.fallback;
    if (resolved === undefined) return null;
    out += asPattern ? literalPattern(resolved) : resolved;
  }
  return out;
}
