/**
 * `roleplay lab` through the built CLI (bin/roleplay.mjs), per contracts/classroom.md: the JSON
 * shapes of `list` and `check`, and the exit statuses — 0 when every check passes, 1 when any
 * fails, 2 on bad input; `solve` makes the checks pass.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { applyLabStart, findLab, loadLabs } from "../../../lib/labs";
import { createTestDatabase } from "../support/test-database";

const root = join(import.meta.dirname, "..", "..", "..");
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoWorkspace(database.db);
  await applyLabStart(database.db, findLab("trust-nobody")!);
  await applyLabStart(database.db, findLab("get-pics-read-only")!);
});
afterAll(async () => {
  await database.dispose();
});

function roleplay(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "bin", "roleplay.mjs"), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: database.url } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const lab = (...args: string[]) => roleplay("lab", ...args);

describe("roleplay lab", () => {
  it("list --format json: one array of {id, title, checks}", () => {
    const result = lab("list", "--format", "json");
    expect(result.status).toBe(0);
    const list = JSON.parse(result.stdout);
    expect(list).toEqual(loadLabs().map((l) => ({ id: l.id, title: l.title, checks: l.checks.length })));
  });

  it("check on the starting state: exit 1, the contract's JSON, the failing checks with their detail", () => {
    const result = lab("check", "trust-nobody", "--workspace", "demo", "--format", "json");
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(["lab", "workspace", "passed", "failed", "checks"]);
    expect(report).toMatchObject({ lab: "trust-nobody", workspace: "demo", passed: 2, failed: 4 });
    expect(report.checks[0]).toEqual({ id: "ec2-may-assume", title: "EC2 may assume photos-indexer", pass: false, detail: "The trust policy of photos-indexer does not let ec2.amazonaws.com assume it (expected it to)." });
    for (const check of report.checks) expect(Object.keys(check)).toEqual(["id", "title", "pass", "detail"]);
  });

  it("solve, then check: exit 0, every check passing, and the text says what was learned", () => {
    const solved = lab("solve", "trust-nobody");
    expect(solved.status).toBe(0);
    expect(solved.stdout).toMatch(/^Applied the reference solution of trust-nobody to workspace demo \(1 step\):\n {2}1\. roleplay iam update-assume-role-policy --role-name photos-indexer --policy-document /);
    const checked = lab("check", "trust-nobody");
    expect(checked.status).toBe(0);
    expect(checked.stdout).toMatch(/^Lab trust-nobody on workspace demo: 6 of 6 checks pass\n {2}PASS {2}EC2 may assume photos-indexer \[ec2-may-assume\]\n/);
    expect(checked.stdout).toContain("All checks pass. What you learned:");
  });

  it("solve twice: the solution no longer applies, exit 1, nothing changed", () => {
    const again = lab("solve", "get-pics-read-only");
    expect(again.status).toBe(0);
    const twice = lab("solve", "get-pics-read-only");
    expect(twice.status).toBe(1);
    expect(twice.stderr).toMatch(/^roleplay lab solve: step 1 \(iam delete-role-policy --role-name Get-pics --policy-name UploadPhotos\): An error occurred \(NoSuchEntity\)/);
    expect(twice.stderr).toContain("Nothing was changed");
  });

  it("on a workspace freshly created with --lab, at least one check fails; the report names that workspace", () => {
    expect(roleplay("workspace", "create", "ana", "--lab", "ecs-task-role").status).toBe(0);
    const result = lab("check", "ecs-task-role", "--workspace", "ana", "--format", "json");
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ lab: "ecs-task-role", workspace: "ana", passed: 4, failed: 6 });
    expect(lab("solve", "ecs-task-role", "--workspace", "ana").status).toBe(0);
    expect(lab("check", "ecs-task-role", "--workspace", "ana").status).toBe(0);
    // The demo workspace got neither the lab's start nor its solution.
    const demo = JSON.parse(lab("check", "ecs-task-role", "--format", "json").stdout);
    expect(demo.workspace).toBe("demo");
    expect(demo.checks.filter((c: { pass: boolean }) => c.pass).map((c: { id: string }) => c.id)).toEqual(["instance-role-cannot-write", "instance-role-cannot-read", "agent-still-registers", "task-role-not-ec2", "thumbnailer-untouched"]);
  });

  const bad: [string, string[], RegExp][] = [
    ["an unknown lab", ["check", "no-such-lab"], /^roleplay lab check: there is no lab no-such-lab in .*labs \(known: alice-passrole, /],
    ["a missing lab id", ["check"], /^roleplay lab check: expected one LAB id/],
    ["an unknown verb", ["grade", "x"], /^roleplay lab: unknown verb 'grade'/],
    ["an unknown format", ["list", "--format", "yaml"], /^roleplay lab: --format is text or json, not yaml/],
    ["an unknown option", ["check", "trust-nobody", "--wrokspace", "x"], /^roleplay lab: Unknown option '--wrokspace'/],
  ];
  for (const [name, args, message] of bad) {
    it(`exits 2 on ${name}, with a message on standard error`, () => {
      const result = lab(...args);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
    });
  }

  it("exits 2 on a labs folder holding a broken file, naming its path", () => {
    const dir = mkdtempSync(join(tmpdir(), "roleplay-lab-cli-"));
    writeFileSync(join(dir, "broken.json"), '{ "id": "broken", "title": 3 }');
    const result = lab("list", "--labs", dir, "--format", "json");
    expect(result.status).toBe(2);
    expect(result.stdout.trim()).toBe("[]");
    expect(result.stderr).toContain(`${join(dir, "broken.json")}:1:19: $.title: Invalid input: expected string, received number`);
  });

  it("prints its usage with --help", () => {
    const result = lab("--help");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/roleplay lab check LAB \[--workspace NAME\] \[--format text\|json\]/);
  });
});
