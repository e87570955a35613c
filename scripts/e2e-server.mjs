#!/usr/bin/env node
// The server the browser tests run against: a fresh database of its own with one console user per
// console role (see tests/e2e/users.ts), the built console, its own port — never the developer's
// workspace.
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawn, spawnSync } from "node:child_process";
import { e2eClassTrainees, e2eUsers } from "../tests/e2e/users.mjs";
import { seedOtherWorkspace } from "../tests/e2e/seed-other-workspace.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const databasePath = path.join(root, "data", "e2e.db");
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(databasePath + suffix, { force: true });
rmSync(path.join(root, "data", "e2e-workspaces"), { recursive: true, force: true });
const env = { ...process.env, DATABASE_URL: `file:${databasePath}`, PORT: process.env.E2E_PORT ?? "3311" };
const cli = path.join(root, "bin", "roleplay.mjs");

function run(args, input) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, input, encoding: "utf8" });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    process.exit(1);
  }
}
run(["setup"]);
await seedOtherWorkspace(env.DATABASE_URL);
for (const user of Object.values(e2eUsers)) run(["users", "add", user.email, "--role", user.role, ...(user.workspaces ?? []).flatMap((w) => ["--workspace", w]), "--password-stdin"], `${user.password}\n`);
for (const user of e2eClassTrainees) run(["users", "add", user.email, "--role", user.role, "--password-stdin"], `${user.password}\n`);
run(["workspace", "assign", "demo", ...e2eClassTrainees.map((u) => u.email), "--remove"]);

const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
