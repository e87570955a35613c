#!/usr/bin/env node
// Bundles the TypeScript CLI (lib/cli/main.ts) into plain ES modules under .cache/cli/, so that
// `roleplay` starts without compiling TypeScript. Each command stays its own chunk (main.ts imports
// them dynamically), so `--help` loads a few kilobytes and a command loads only what it uses.
// npm packages stay external: Prisma, better-sqlite3 and the catalog data load from node_modules
// only when a command reaches them.
//
//   node scripts/build-cli.mjs              build now
//   node scripts/build-cli.mjs --if-stale   build only when a source changed since the last build
//   node scripts/build-cli.mjs --postinstall  as --if-stale, but a failure only warns (the CLI
//                                             then builds on first run, or runs through tsx)
//
// .cache/cli/manifest.json names the current build and every file it was made from, with size,
// mtime and SHA-256; bin/roleplay.mjs checks those on every start (stat only, unless one moved).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const buildScript = fileURLToPath(import.meta.url);
const projectRoot = path.resolve(path.dirname(buildScript), "..");
const FORMAT = 1;
// Read by the build though not bundled: a change to them must rebuild too.
const EXTRA_INPUTS = [buildScript, "tsconfig.json"];
// Older builds are kept a while: a process started from one may still import its command chunk.
const KEEP_OLD_BUILDS_MS = 10 * 60 * 1000;

const LOADERS = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx", ".json": "json" };

const slash = (file) => file.split(path.sep).join("/");

function sha256(buffer) {
  return createHash("sha256").update(buffer).digest("hex");
}

const cacheDir = (root) => path.join(root, ".cache", "cli");
const manifestPath = (root) => path.join(cacheDir(root), "manifest.json");

function readManifest(root) {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath(root), "utf8"));
    return manifest.format === FORMAT ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The current build's entry file when it was made from the sources as they are now, else
 * undefined. Stats every input; hashes only those whose size or mtime moved (a checkout, a touch).
 */
export function freshCliEntry(root = projectRoot) {
  const manifest = readManifest(root);
  if (!manifest) return undefined;
  let moved = false;
  for (const [file, [size, mtimeMs, hash]] of Object.entries(manifest.inputs)) {
    let stat;
    try {
      stat = statSync(path.join(root, file));
    } catch {
      return undefined;
    }
    if (stat.size === size && stat.mtimeMs === mtimeMs) continue;
    if (stat.size !== size || sha256(readFileSync(path.join(root, file))) !== hash) return undefined;
    moved = true;
  }
  const entry = path.join(cacheDir(root), manifest.build, "main.js");
  if (!existsSync(entry)) return undefined;
  if (moved) {
    // Same contents under new mtimes: remember them so the next start is stat-only again.
    try {
      writeManifest(root, { ...manifest, inputs: statInputs(root, manifest.inputs) });
    } catch {
      // A read-only checkout still runs; it just hashes again next time.
    }
  }
  return entry;
}

function statInputs(root, inputs) {
  const out = {};
  for (const [file, [, , hash]] of Object.entries(inputs)) {
    const stat = statSync(path.join(root, file));
    out[file] = [stat.size, stat.mtimeMs, hash];
  }
  return out;
}

function writeManifest(root, manifest) {
  // Written aside and renamed, so a starting CLI never reads half a manifest.
  const tmp = `${manifestPath(root)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, manifestPath(root));
}

/** Builds the CLI into a new directory, publishes it in the manifest and returns its entry file. */
export async function buildCli(root = projectRoot) {
  const esbuild = await import("esbuild");
  const inputs = {};
  // Each source is stat-ed before it is read, and the hash is of exactly what was bundled: a file
  // edited during the build is seen as changed on the next start.
  const record = (file) => {
    const full = path.resolve(root, file);
    const stat = statSync(full);
    const contents = readFileSync(full);
    inputs[file] = [stat.size, stat.mtimeMs, sha256(contents)];
    return contents;
  };
  for (const file of EXTRA_INPUTS) if (existsSync(path.resolve(root, file))) record(slash(path.relative(root, path.resolve(root, file))));

  const build = `b-${Date.now().toString(36)}-${process.pid}`;
  const outdir = path.join(cacheDir(root), build);
  mkdirSync(cacheDir(root), { recursive: true });
  const sourcePlugin = {
    name: "roleplay-sources",
    setup(b) {
      b.onLoad({ filter: /\.([cm]?[jt]sx?|json)$/ }, (args) => {
        const file = slash(path.relative(root, args.path));
        if (file.startsWith("..") || file.startsWith("node_modules/")) return undefined;
        let text = record(file).toString("utf8");
        // lib/ finds the project root and its data packages from its own location; in the bundle
        // that location is the source file's, computed from where the bundle sits.
        if (text.includes("import.meta.url")) {
          const fromBundle = slash(path.relative(outdir, args.path));
          text = text.replaceAll("import.meta.url", `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`);
        }
        return { contents: text, loader: LOADERS[path.extname(file)] ?? "ts", resolveDir: path.dirname(args.path) };
      });
    },
  };
  try {
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: { main: "lib/cli/main.ts" },
      outdir,
      bundle: true,
      splitting: true,
      // Flat: every chunk beside main.js, so one relative path leads back to the sources.
      chunkNames: "[name]-[hash]",
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      sourcemap: "linked",
      legalComments: "none",
      logLevel: "silent",
      plugins: [sourcePlugin],
    });
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
  writeManifest(root, { format: FORMAT, build, inputs });
  pruneOldBuilds(root, build);
  return path.join(outdir, "main.js");
}

function pruneOldBuilds(root, current) {
  const now = Date.now();
  for (const name of readdirSync(cacheDir(root))) {
    if (name === current || !name.startsWith("b-")) continue;
    const dir = path.join(cacheDir(root), name);
    try {
      if (now - statSync(dir).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process pruned it first.
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const flags = new Set(process.argv.slice(2));
  const started = performance.now();
  try {
    if ((flags.has("--if-stale") || flags.has("--postinstall")) && freshCliEntry()) {
      console.log("roleplay CLI: build is up to date (.cache/cli)");
    } else {
      await buildCli();
      console.log(`roleplay CLI: built into .cache/cli in ${Math.round(performance.now() - started)} ms`);
    }
  } catch (error) {
    const message = error?.errors?.length ? error.errors.map((e) => `${e.location?.file ?? ""}:${e.location?.line ?? ""} ${e.text}`).join("\n") : String(error?.message ?? error);
    if (flags.has("--postinstall")) {
      console.warn(`roleplay CLI: not built now (${message}); it builds on first run instead`);
    } else {
      console.error(`roleplay CLI: build failed:\n${message}`);
      process.exitCode = 1;
    }
  }
}
