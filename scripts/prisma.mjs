#!/usr/bin/env node
// Runs the Prisma CLI with the project's defaults: the JS engines (no downloads), no update
// check, and DATABASE_URL pointing at the project's own file unless set.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
env.DATABASE_URL ??= `file:${path.join(root, "data", "roleplay.db")}`;
const result = spawnSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" });
process.exit(result.status ?? 1);
