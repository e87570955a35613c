import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { projectRoot } from "../../../lib/env";

export type RunningCommand = { child: ChildProcess; url: string; port: number; stderr: () => string; stop: () => Promise<number | null> };

/**
 * Starts `roleplay <args>` (imds or sts) as a child process on a free port and resolves once it
 * prints `listening on http://HOST:PORT`.
 */
export function startRoleplay(args: string[], databaseUrl: string, timeoutMs = 20_000): Promise<RunningCommand> {
  const child = spawn(process.execPath, [path.join(projectRoot, "bin", "roleplay.mjs"), ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`roleplay ${args.join(" ")} did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      clearTimeout(timer);
      const m = /^listening on (http:\/\/[^:]+:(\d+))$/.exec(line);
      if (!m) {
        child.kill("SIGKILL");
        reject(new Error(`unexpected first line: ${JSON.stringify(line)}; stderr: ${stderr}`));
        return;
      }
      resolve({
        child,
        url: m[1],
        port: Number(m[2]),
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null) child.kill("SIGTERM");
          return exited;
        },
      });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`roleplay ${args.join(" ")} exited with ${code}: ${stderr}`));
    });
  });
}

/** Runs `roleplay <args>` to completion. */
export function runRoleplay(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot, "bin", "roleplay.mjs"), ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
