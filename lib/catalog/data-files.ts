/**
 * Synchronous access to the catalog data in its compact form (.cache/catalog, written by
 * scripts/extract-catalog.mjs at install, or on first use when missing or stale). The data
 * packages' own files are large (the managed policies alone are 74 MB of JSON); the evaluator and
 * validator need answers inside synchronous loops, so each file is read once, on first need.
 */
import { openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { openCatalog, type OpenedCatalog } from "../../scripts/extract-catalog.mjs";

let opened: OpenedCatalog | undefined;

function catalog(): OpenedCatalog {
  opened ??= openCatalog();
  return opened;
}

/**
 * Reads the loaders' data from `catalog` from now on (tests and benchmarks: an extraction in a
 * temporary directory or in memory). Data already loaded stays loaded.
 */
export function setCompactCatalog(catalog: OpenedCatalog): void {
  opened = catalog;
}

// Names come from callers (a policy's service prefix): one plain segment each, never a path.
const SEGMENT = /^[a-z0-9][a-z0-9._-]*$/i;

function isCatalogName(name: string): boolean {
  return name.split("/").every((part) => SEGMENT.test(part) && !part.includes(".."));
}

function filePath(dir: string, name: string): string {
  return join(dir, ...name.split("/"));
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/** The file's bytes, or undefined when the catalog has no such file (a service without keys). */
function readBytes(name: string, retry = true): Buffer | string | undefined {
  if (!isCatalogName(name)) return undefined;
  const current = catalog();
  if (current.files) return current.files.get(name);
  try {
    return readFileSync(filePath(current.dir!, name));
  } catch (error) {
    if (!isMissing(error) || !retry) throw error;
    // The whole extraction is gone: the data packages were upgraded and the old one pruned.
    if (!isExtractionPresent(current)) {
      opened = undefined;
      return readBytes(name, false);
    }
    return undefined;
  }
}

function isExtractionPresent(current: OpenedCatalog): boolean {
  try {
    readFileSync(join(current.dir!, "manifest.json"));
    return true;
  } catch {
    return false;
  }
}

function readJson<T>(name: string): T | undefined {
  const bytes = readBytes(name);
  return bytes === undefined ? undefined : (JSON.parse(bytes.toString()) as T);
}

/** Every service as `[prefix, display name]`, in the reference's order (sorted by prefix). */
export function readServiceNames(): [string, string][] {
  return readJson<[string, string][]>("services.json") ?? [];
}

/** An action as the reference lists it; the access level is not yet normalised. */
export interface ReferenceAction {
  name: string;
  description: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean; conditionKeys: string[]; dependentActions: string[] }[];
  conditionKeys: string[];
  dependentActions: string[];
}

type CompactAction = [string, string, string, [string, 0 | 1, string[], string[]][], string[], string[]];

/** One service's actions keyed by lower-case name, in the reference's order; undefined when it has none. */
export function readServiceActions(prefix: string): Record<string, ReferenceAction> | undefined {
  const compact = readJson<CompactAction[]>(`actions/${prefix}.json`);
  if (!compact) return undefined;
  const actions: Record<string, ReferenceAction> = {};
  for (const [name, description, accessLevel, resourceTypes, conditionKeys, dependentActions] of compact) {
    actions[name.toLowerCase()] = {
      name,
      description,
      accessLevel,
      resourceTypes: resourceTypes.map(([type, required, keys, dependent]) => ({ name: type, required: required === 1, conditionKeys: keys, dependentActions: dependent })),
      conditionKeys,
      dependentActions,
    };
  }
  return actions;
}

/** One service's resource types (`key` as the reference spells it); empty when it has none. */
export function readServiceResourceTypes(prefix: string): { key: string; arn: string; conditionKeys: string[] }[] {
  const compact = readJson<[string, string, string[] | null][]>(`resource-types/${prefix}.json`) ?? [];
  // The data set leaves the list out for some types (~500); they stay without one, as in the data.
  return compact.map(([key, arn, conditionKeys]) => (conditionKeys ? { key, arn, conditionKeys } : { key, arn })) as { key: string; arn: string; conditionKeys: string[] }[];
}

/** One service's condition keys with their reference types; empty when it has none. */
export function readServiceConditionKeys(prefix: string): { key: string; type: string; description: string }[] {
  const compact = readJson<[string, string, string][]>(`condition-keys/${prefix}.json`) ?? [];
  return compact.map(([key, type, description]) => ({ key, type, description }));
}

/** Condition-key prefixes that are not services, with the services that list them (`saml` → sts). */
export function readUnassociatedConditionKeys(): Record<string, string[]> {
  return readJson<Record<string, string[]>>("unassociated-conditions.json") ?? {};
}

/** One AWS-managed policy in the index; its default document is read on demand. */
export interface ManagedPolicyEntry {
  name: string;
  arn: string;
  defaultVersionId: string;
  readDocument: () => unknown;
}

/**
 * The AWS-managed policies at their default versions, in the data set's order. The documents file
 * is opened with the index and held, so documents read later match this index even if the
 * extraction is replaced meanwhile.
 */
export function readManagedPolicyEntries(retry = true): ManagedPolicyEntry[] {
  const current = catalog();
  let index: [string, string, string, number, number][];
  let readSlice: (offset: number, length: number) => string;
  if (current.files) {
    index = JSON.parse(String(current.files.get("managed-policies.json") ?? "[]"));
    const documents = Buffer.from(current.files.get("managed-policy-documents.jsonl") ?? "");
    readSlice = (offset, length) => documents.toString("utf8", offset, offset + length);
  } else {
    let fd: number;
    try {
      fd = openSync(filePath(current.dir!, "managed-policy-documents.jsonl"), "r");
      index = JSON.parse(readFileSync(filePath(current.dir!, "managed-policies.json"), "utf8"));
    } catch (error) {
      if (!isMissing(error) || !retry || isExtractionPresent(current)) throw error;
      opened = undefined;
      return readManagedPolicyEntries(false);
    }
    readSlice = (offset, length) => {
      const buffer = Buffer.alloc(length);
      let read = 0;
      while (read < length) {
        const n = readSync(fd, buffer, read, length - read, offset + read);
        if (n === 0) throw new Error("The managed policy documents file is truncated; run `node scripts/extract-catalog.mjs --force`.");
        read += n;
      }
      return buffer.toString("utf8");
    };
  }
  return index.map(([name, arn, defaultVersionId, offset, length]) => ({
    name,
    arn,
    defaultVersionId,
    readDocument: () => JSON.parse(readSlice(offset, length)),
  }));
}
