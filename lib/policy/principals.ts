/**
 * The Principal and NotPrincipal elements: compiled entries and how a caller matches them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
import type { Caller } from "./caller";
import { escapePointerToken } from "./parse-json";
import { PolicyGrammarError } from "./policy-grammar-error";

export type PrincipalEntry =
  | { type: "any"; text: string }
  | { type: "account"; account: string; text: string }
  | { type: "arn"; arn: string; roleAccount?: string; roleName?: string; text: string }
  | { type: "Service" | "Federated" | "CanonicalUser"; value: string; text: string };

/**
 * How a caller matched a Principal entry, most specific first. The evaluator needs it: a
 * same-account resource policy that names the caller itself (user or session ARN), or grants to
 * `*` narrowed by an `aws:PrincipalArn` condition (ArnCondition), is not limited by the permissions
 * boundary or session policies; one naming the role, the account or `*` is.
 */
export const PrincipalMatch = { None: 0, Exact: 1, ArnCondition: 2, Role: 3, Account: 4, Wildcard: 5 } as const;
export type PrincipalMatch = (typeof PrincipalMatch)[keyof typeof PrincipalMatch];

const KEYS = ["AWS", "Service", "Federated", "CanonicalUser"] as const;

/** Compiles a Principal/NotPrincipal value. Throws PolicyGrammarError. */
export function compilePrincipal(raw: unknown, pointer: string, element: string): PrincipalEntry[] {
  if (raw === "*") return [{ type: "any", text: "*" }];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PolicyGrammarError(pointer, `${element} must be "*" or an object with AWS, Service, Federated or CanonicalUser`);
  }
  const entries: PrincipalEntry[] = [];
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const keyPointer = `${pointer}/${escapePointerToken(key)}`;
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new PolicyGrammarError(keyPointer, `Unknown ${element} type '${key}' (expected AWS, Service, Federated or CanonicalUser)`);
    }
    const value = record[key];
    const list = Array.isArray(value) ? value : [value];
    list.forEach((item, i) => {
      const itemPointer = Array.isArray(value) ? `${keyPointer}/${i}` : keyPointer;
      if (typeof item !== "string" || item === "") {
        throw new PolicyGrammarError(itemPointer, `${element} ${key} values must be non-empty strings`);
      }
      entries.push(key === "AWS" ? awsEntry(item) : { type: key as "Service", value: item, text: item });
    });
  }
  return entries;
}

function awsEntry(text: string): PrincipalEntry {
  if (text === "*") return { type: "any", text };
  if (/^\d{12}$/.test(text)) return { type: "account", account: text, text };
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(text);
  if (root) return { type: "account", account: root[1], text };
  const role = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(text);
  if (role) return { type: "arn", arn: text, roleAccount: role[1], roleName: role[2], text };
  return { type: "arn", arn: text, text };
}

/** How the caller matches one entry. */
export function matchPrincipalEntry(entry: PrincipalEntry, caller: Caller): PrincipalMatch {
  switch (entry.type) {
    case "any":
      return PrincipalMatch.Wildcard;
    case "account":
      if (caller.account !== entry.account) return PrincipalMatch.None;
      return caller.kind === "root" ? PrincipalMatch.Exact : PrincipalMatch.Account;
    case "arn":
      if (caller.text === entry.arn) return caller.kind === "role" ? PrincipalMatch.Role : PrincipalMatch.Exact;
      // A role ARN names every session of the role; the session ARN has no path, so match by name.
      if (
        entry.roleName !== undefined &&
        (caller.kind === "session" || caller.kind === "role") &&
        caller.account === entry.roleAccount &&
        caller.roleName === entry.roleName
      ) {
        return PrincipalMatch.Role;
      }
      return PrincipalMatch.None;
    default:
      return caller.text === entry.value ? PrincipalMatch.Exact : PrincipalMatch.None;
  }
}

/** The most specific way the caller matches a Principal element; None when it does not. */
export function matchPrincipal(entries: PrincipalEntry[], caller: Caller): PrincipalMatch {
  let best: PrincipalMatch = PrincipalMatch.None;
  for (const entry of entries) {
    const m = matchPrincipalEntry(entry, caller);
    if (m !== PrincipalMatch.None && (best === PrincipalMatch.None || m < best)) best = m;
  }
  return best;
}

/**
 * True when NotPrincipal excludes the caller. AWS checks each identity of the request: the
 * caller's own ARN and its account; only a caller whose every identity is listed is excluded
 * (so a session needs its session ARN and its account listed, as the NotPrincipal page says).
 */
export function notPrincipalExcludes(entries: PrincipalEntry[], caller: Caller): boolean {
  let ownListed = false;
  let accountListed = false;
  for (const entry of entries) {
    if (entry.type === "any") return true;
    if (entry.type === "account") {
      if (entry.account === caller.account) accountListed = true;
    } else if ((entry.type === "arn" ? entry.arn : entry.value) === caller.text) {
      ownListed = true;
    }
  }
  if (caller.kind === "root") return accountListed || ownListed;
  if (caller.account !== undefined) return ownListed && accountListed;
  return ownListed;
}
