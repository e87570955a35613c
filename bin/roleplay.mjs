#!/usr/bin/env node
// Runs the CLI from its bundle in .cache/cli (made at install by scripts/build-cli.mjs), rebuilding
// it first when a source changed since, so a start costs milliseconds instead of a TypeScript
// compile. Without esbuild, or when the sources do not bundle, it runs lib/ through tsx as before.
import { pathToFileURL } from "node:url";
import { buildCli, freshCliEntry } from "../scripts/build-cli.mjs";

async function loadMain() {
  if (process.env.ROLEPLAY_CLI_SOURCE !== "1") {
    try {
      const entry = freshCliEntry() ?? (await buildCli());
      return (await import(pathToFileURL(entry).href)).main;
    } catch (error) {
      if (process.env.ROLEPLAY_CLI_DEBUG === "1") console.error("roleplay: running from source:", error);
    }
  }
  const { register } = await import("tsx/esm/api");
  register();
  return (await import("../lib/cli/main.ts")).main;
}

// A reader that stops early (`roleplay simulate … | head`) is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
