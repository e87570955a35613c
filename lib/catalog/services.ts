/** The AWS services the catalog knows, by IAM prefix (`s3`, `iam`, `sts`). */
import { readServiceNames } from "./data-files";

/** One service: its IAM action prefix and its display name. */
export interface CatalogService {
  prefix: string;
  name: string;
}

let services: Map<string, CatalogService> | undefined;

function load(): Map<string, CatalogService> {
  if (services) return services;
  services = new Map(readServiceNames().map(([prefix, name]) => [prefix, { prefix, name }]));
  return services;
}

/** Every service, sorted by prefix. */
export function listServices(): CatalogService[] {
  return [...load().values()];
}

/** The service with this prefix (case-insensitive), or undefined. */
export function findService(prefix: string): CatalogService | undefined {
  return load().get(prefix.toLowerCase());
}

/** True when the prefix names a known service (case-insensitive). */
export function isKnownService(prefix: string): boolean {
  return load().has(prefix.toLowerCase());
}
