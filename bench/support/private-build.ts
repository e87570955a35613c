/**
 * A build of the console of the benchmark's own: the working tree as it stands (tracked and new
 * files, ignored ones left out) copied to a temporary folder and built there, so that nobody's
 * `next build` in the checkout can replace the pages under a running measurement. node_modules is
 * hard-linked (seconds, no space), not symlinked: Turbopack compiles nothing outside its root.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { projectRoot } from "../../lib/env";

export interface PrivateBuild {
  root: string;
  copyMs: number;
  buildMs: number;
  remove(): void;
}

function check(result: ReturnType<typeof spawnSync>, what: string): void {
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${String(result.stdout ?? "").slice(-4000)}\n${String(result.stderr ?? "").slice(-4000)}`);
}

export function makePrivateBuild(): PrivateBuild {
  const root = mkdtempSync(path.join(tmpdir(), "roleplay-bench-build-"));
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    const copyStarted = performance.now();
    const listed = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: projectRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    check(listed, "git ls-files");
    for (const file of listed.stdout.split("\0").filter(Boolean)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      // A file listed but deleted in the working tree is not part of it.
      try {
        cpSync(path.join(projectRoot, file), path.join(root, file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    // The compact catalog and the CLI bundle (ignored, made at install).
    cpSync(path.join(projectRoot, ".cache"), path.join(root, ".cache"), { recursive: true });
    const linked = spawnSync("cp", ["-al", path.join(projectRoot, "node_modules"), path.join(root, "node_modules")], { encoding: "utf8" });
    // Another filesystem: hard links cannot cross it, so a real copy (slower, about 1 GB).
    if (linked.status !== 0) check(spawnSync("cp", ["-a", path.join(projectRoot, "node_modules"), path.join(root, "node_modules")], { encoding: "utf8" }), "copying node_modules");
    const copyMs = performance.now() - copyStarted;

    const buildStarted = performance.now();
    const built = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    check(built, "next build (of the benchmark's copy of the working tree)");
    return { root, copyMs, buildMs: performance.now() - buildStarted, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
