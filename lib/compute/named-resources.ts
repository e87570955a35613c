/**
 * The resources a principal's own policies name, as columns for an access matrix and examples for
 * "can this app do…": buckets (from bucket and object ARNs), other concrete ARNs, and `*`. A
 * pattern with a wildcard in its name stands for many resources and is left out, except that an
 * S3 object pattern still names its bucket, and a prefix of objects (`bucket/originals/*`) is kept.
 */
import type { CompiledPolicySet } from "../policy/evaluate";
import { hasWildcard } from "../policy/wildcard";

const MAX_COLUMNS = 8;

export function namedResourceColumns(set: CompiledPolicySet): string[] {
  const out = new Set<string>();
  const policies = [...set.identity, ...(set.boundary ? [set.boundary] : []), ...set.session];
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (statement.notResource) continue;
      for (const pattern of statement.resources ?? []) {
        const text = pattern.text;
        if (text === "*" || text.includes("${")) continue;
        const s3 = /^arn:aws:s3:::([^/]+)(\/.*)?$/.exec(text);
        if (s3) {
          if (hasWildcard(s3[1])) continue;
          // A prefix of objects (bucket/originals/*) is a column of its own; other patterns name the bucket.
          const prefix = s3[2] && s3[2] !== "/*" && s3[2].endsWith("/*") && !hasWildcard(s3[2].slice(0, -1));
          out.add(prefix ? text : `arn:aws:s3:::${s3[1]}`);
        } else if (!hasWildcard(text)) out.add(text);
      }
    }
  }
  return [...[...out].sort().slice(0, MAX_COLUMNS), "*"];
}
