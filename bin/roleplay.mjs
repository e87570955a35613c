#!/usr/bin/env node
// Loads the TypeScript CLI through tsx so `npx roleplay` runs lib/ directly, with no build step.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
