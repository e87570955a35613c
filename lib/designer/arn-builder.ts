/**
 * Building resource ARNs from a resource type's ARN format
 * (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`): one field per placeholder, `*` for any,
 * and reading an existing ARN back into those fields.
 */

export interface ArnField {
  /** The placeholder's name: `Region`, `Account`, `BucketName`… */
  name: string;
  kind: "region" | "account" | "name";
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;

/** The fields a person fills in for a format; the partition is always `aws` here. */
export function arnFields(format: string): ArnField[] {
  const fields: ArnField[] = [];
  for (const match of format.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name === "Partition" || fields.some((f) => f.name === name)) continue;
    fields.push({ name, kind: name === "Region" ? "region" : name === "Account" ? "account" : "name" });
  }
  return fields;
}

/**
 * The ARN for the given field values. An empty field takes its entry in `defaults` — what its
 * placeholder shows, e.g. this account for Account — and otherwise means any (`*`).
 */
export function buildArn(format: string, values: Record<string, string>, defaults: Record<string, string> = {}): string {
  return format.replace(PLACEHOLDER, (_, name: string) => (name === "Partition" ? "aws" : values[name]?.trim() || defaults[name] || "*"));
}

/** Every resource of this type in one account (any region, any name). */
export function anyInAccount(format: string, account: string): string {
  return buildArn(format, { Account: account });
}

/** Reads an ARN back into the format's fields, or undefined when it does not have the format's shape. */
export function readArn(format: string, arn: string): Record<string, string> | undefined {
  const names: string[] = [];
  let source = "";
  let last = 0;
  const matches = [...format.matchAll(PLACEHOLDER)];
  matches.forEach((match, i) => {
    source += match.index! > last ? escape(format.slice(last, match.index)) : "";
    names.push(match[1]);
    // Only a path field, or the last field after a "/" (object keys), may span "/"; none spans ":".
    const spans = /path/i.test(match[1]) || (i === matches.length - 1 && format.slice(0, match.index).endsWith("/"));
    source += match[1] === "Partition" ? "(aws[\\w-]*|\\*)" : spans ? "([^:]*?)" : "([^:/]*?)";
    last = match.index! + match[0].length;
  });
  source += escape(format.slice(last));
  const found = new RegExp(`^${source}$`).exec(arn);
  if (!found) return undefined;
  const values: Record<string, string> = {};
  names.forEach((name, i) => {
    if (name !== "Partition") values[name] = found[i + 1] === "*" ? "" : found[i + 1];
  });
  return values;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
