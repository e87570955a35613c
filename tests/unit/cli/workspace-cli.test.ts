/**
 * `roleplay workspace` and `--workspace` through the built CLI, per contracts/classroom.md: list's
 * JSON, create/reset/delete/assign, exit 2 on bad input with a one-line message, 252 for iam and
 * ec2 given an unknown workspace, and model commands confined to the workspace they name.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "roleplay-workspace-cli-"));
const env = { ...process.env, DATABASE_URL: `file:${join(dir, "class.db")}` };

function roleplay(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [join(root, "bin", "roleplay.mjs"), ...args], { cwd: root, encoding: "utf8", env, input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

beforeAll(() => {
  expect(roleplay(["setup"]).status).toBe(0);
  expect(roleplay(["users", "add", "ana@class.test", "--role", "trainee", "--password-stdin"], "a-long-password\n").status).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("roleplay workspace", () => {
  it("creates, lists (JSON per the contract), assigns, resets and deletes", () => {
    expect(roleplay(["workspace", "create", "ana-1"]).status).toBe(0);
    expect(roleplay(["workspace", "create", "blank", "--from", "empty"]).status).toBe(0);
    expect(roleplay(["workspace", "assign", "ana-1", "ana@class.test"]).status).toBe(0);
    const listed = roleplay(["workspace", "list", "--format", "json"]);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      { name: "demo", accounts: ["111111111111", "222222222222"], lab: null, members: ["ana@class.test"] },
      { name: "ana-1", accounts: ["111111111111", "222222222222"], lab: null, members: ["ana@class.test"] },
      { name: "blank", accounts: [], lab: null, members: [] },
    ]);
    expect(roleplay(["iam", "create-role", "--role-name", "AnaOnly", "--assume-role-policy-document", trust, "--workspace", "ana-1"]).status).toBe(0);
    expect(roleplay(["iam", "get-role", "--role-name", "AnaOnly", "--workspace", "ana-1"]).status).toBe(0);
    // The same account id in demo knows nothing of it.
    expect(roleplay(["iam", "get-role", "--role-name", "AnaOnly"]).status).not.toBe(0);
    expect(roleplay(["workspace", "reset", "ana-1"]).status).toBe(0);
    expect(roleplay(["iam", "get-role", "--role-name", "AnaOnly", "--workspace=ana-1"]).status).not.toBe(0);
    expect(roleplay(["workspace", "delete", "blank"]).status).toBe(0);
    expect(JSON.parse(roleplay(["workspace", "list", "--format", "json"]).stdout).map((w: { name: string }) => w.name)).toEqual(["demo", "ana-1"]);
  }, 120_000);

  it("answers bad input with exit 2 and one line on standard error; iam and ec2 with 252", () => {
    for (const args of [
      ["workspace", "create", "bad name"],
      ["workspace", "create", "ana-1"],
      ["workspace", "reset", "nope"],
      ["workspace", "delete", "nope"],
      ["workspace", "delete", "demo"],
      ["workspace", "assign", "ana-1", "nobody@class.test"],
      ["workspace", "create", "x", "--from", "nope"],
      ["workspace", "create", "y", "--lab", "no-such-lab"],
      ["workspace", "export", "-", "--workspace", "nope"],
      ["who-can", "--action", "s3:GetObject", "--resource", "*", "--workspace", "nope"],
    ]) {
      const result = roleplay(args);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    expect(roleplay(["iam", "get-role", "--role-name", "Get-pics", "--workspace", "nope"]).status).toBe(252);
    expect(roleplay(["ec2", "describe-instances", "--workspace", "nope"]).status).toBe(252);
  }, 120_000);

  it("export and restore work on the workspace named", () => {
    const exported = roleplay(["workspace", "export", "-", "--workspace", "ana-1"]);
    expect(exported.status).toBe(0);
    expect(JSON.parse(exported.stdout).tables.Workspace.map((w: { id: string }) => w.id)).toEqual(["ana-1"]);
  }, 60_000);
});
