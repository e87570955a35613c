/** Resource types per service with their ARN formats, and matching ARNs to them. */
import { readServiceResourceTypes } from "./data-files";
import { tokenizeArnFormat, tokenizePolicyResource, tokensIntersect } from "./arn-pattern";

/** One resource type, e.g. S3 `object` with `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
export interface CatalogResourceType {
  service: string;
  name: string;
  arnFormat: string;
  conditionKeys: string[];
}

interface CompiledResourceType {
  type: CatalogResourceType;
  tokens: ReturnType<typeof tokenizeArnFormat>;
  /** Literal characters in the format: more means a more specific type. */
  specificity: number;
}

const byService = new Map<string, Map<string, CompiledResourceType>>();

function load(service: string): Map<string, CompiledResourceType> {
  const key = service.toLowerCase();
  let types = byService.get(key);
  if (types) return types;
  const raw = readServiceResourceTypes(key);
  types = new Map();
  for (const entry of raw) {
    const extended = raw.some((other) => other !== entry && other.arn.startsWith(`${entry.arn}/`));
    types.set(entry.key.toLowerCase(), {
      type: { service: key, name: entry.key, arnFormat: entry.arn, conditionKeys: entry.conditionKeys },
      tokens: tokenizeArnFormat(entry.arn, extended),
      specificity: entry.arn.replace(/\$\{[^}]*\}/g, "").length,
    });
  }
  byService.set(key, types);
  return types;
}

/** Every resource type of a service (case-insensitive prefix). */
export function listResourceTypes(service: string): CatalogResourceType[] {
  return [...load(service).values()].map((c) => c.type);
}

/** One resource type of a service by name (case-insensitive), or undefined. */
export function findResourceType(service: string, name: string): CatalogResourceType | undefined {
  return load(service).get(name.toLowerCase())?.type;
}

/**
 * True when the policy resource (a concrete ARN or a pattern with `*`, `?`, `${…}`) can name a
 * resource of this type.
 */
export function resourceFitsType(resource: string, service: string, typeName: string): boolean {
  if (resource === "*") return true;
  const compiled = load(service).get(typeName.toLowerCase());
  return compiled !== undefined && tokensIntersect(tokenizePolicyResource(resource), compiled.tokens);
}

/**
 * The resource types of `service` a policy resource can name, most specific first, so
 * `arn:aws:s3:::b/k` lists `object` and `arn:aws:s3:::b` lists `bucket`.
 */
export function matchResourceTypes(service: string, resource: string): CatalogResourceType[] {
  const tokens = tokenizePolicyResource(resource);
  return [...load(service).values()]
    .filter((c) => resource === "*" || tokensIntersect(tokens, c.tokens))
    .sort((a, b) => b.specificity - a.specificity)
    .map((c) => c.type);
}
