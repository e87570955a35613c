/** `roleplay validate` end to end: a real process, real files, exit status and output formats. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "roleplay-validate-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function roleplay(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "bin", "roleplay.mjs"), "validate", ...args], { cwd: root, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const trust = file(
  "trust.json",
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "abcdTrustPolicy", Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }] }, null, 2),
);
const broken = file("broken.json", '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*" }\n  ]\n}\n');
const warnings = file(
  "passrole.json",
  '{ "Version": "2012-10-17", "Statement": [\n  { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" } ] }\n',
);

describe("roleplay validate", () => {
  it("a clean trust policy: no findings, exit 0", () => {
    const result = roleplay(trust, "--type", "trust");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(`${trust}: no findings`);
  });
  it("errors: FILE:LINE:COLUMN SEVERITY CODE message, a count per severity, exit 1", () => {
    const result = roleplay(broken);
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4:36 ERROR UNKNOWN_ACTION "s3:GetObjct" is not an action of s3\\. Did you mean "s3:GetObject"\\?$`));
    expect(lines[lines.length - 1]).toBe(`${broken}: 1 error, 0 security warnings, 0 warnings, 0 suggestions`);
  });
  it("warnings only: exit 0", () => {
    const result = roleplay(warnings, "--format", "text");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(":2:62 SECURITY_WARNING PASS_ROLE_WILDCARD_RESOURCE");
    expect(result.stdout).toContain(":2:34 WARNING PASS_ROLE_WITHOUT_SERVICE_CONDITION");
  });
  it("--format json prints an array of findings", () => {
    const result = roleplay(broken, "--format=json");
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ severity: "ERROR", code: "UNKNOWN_ACTION", line: 4, column: 36, pointer: "/Statement/0/Action" }),
    ]);
  });
  it("broken JSON is a finding with its position, exit 1", () => {
    const result = roleplay(file("syntax.json", '{\n  "Version": "2012-10-17",\n  "Statement": [,]\n}'), "--format", "json");
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ code: "JSON_SYNTAX", line: 3, column: 17 })]);
  });
  it.each([
    ["a missing file", [join(dir, "nope.json")], /cannot read/],
    ["no file", [], /missing FILE/],
    ["an unknown type", [trust, "--type", "session"], /unknown policy type/],
    ["an unknown format", [trust, "--format", "xml"], /unknown format/],
    ["an unknown option", [trust, "--strict"], /unknown option/],
  ])("%s: exit 2", (_name, args, message) => {
    const result = roleplay(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
