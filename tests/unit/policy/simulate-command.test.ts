// `roleplay simulate` end to end, per ../shared/contracts/simulate.md: one output line per input
// line in order, decisions or error lines, exit 0 when the input was read and 2 when it was not.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const V = "2012-10-17";

function simulate(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [join(root, "bin", "roleplay.mjs"), "simulate", ...args], { cwd: root, input, encoding: "utf8" });
  const lines = result.stdout.split("\n").filter((l) => l !== "");
  return {
    status: result.status,
    lines,
    get parsed() {
      return lines.map((l) => JSON.parse(l));
    },
    stderr: result.stderr,
    stdout: result.stdout,
  };
}

const readPhotos = { name: "ReadPhotos", document: { Version: V, Statement: [{ Sid: "ReadPhotos", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/*" }] } };
const request = {
  principal: "arn:aws:sts::111111111111:assumed-role/Get-pics/i-0abc123",
  action: "s3:GetObject",
  resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg",
  resourceAccount: "111111111111",
  context: { "aws:SourceIp": "203.0.113.7", "aws:PrincipalTag/team": ["photos"] },
};
const cases = [
  { id: "photos-read-1", request, identityPolicies: [readPhotos] },
  { id: "deny", request, identityPolicies: [readPhotos], scps: [{ target: "r-root", policies: [{ name: "NoS3", document: { Version: V, Statement: [{ Sid: "NoS3", Effect: "Deny", Action: "s3:*", Resource: "*" }] } }] }] },
  { id: "implicit", request: { ...request, action: "s3:PutObject" }, identityPolicies: [readPhotos] },
  { id: "trust", request: { principal: "ec2.amazonaws.com", action: "sts:AssumeRole", resource: "arn:aws:iam::111111111111:role/Get-pics" }, resourcePolicy: { Version: V, Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] } },
  { id: "named-resource-policy", request, resourcePolicy: { name: "PhotosBucket", document: { Version: V, Statement: [{ Effect: "Allow", Principal: { AWS: request.principal }, Action: "s3:GetObject", Resource: "*" }] } } },
  { id: 7, request: { ...request, action: "S3:getobject" }, identityPolicies: [readPhotos] },
];

describe("roleplay simulate", () => {
  it("writes one decision line per case, in order, with the contract's fields", () => {
    const dir = mkdtempSync(join(tmpdir(), "simulate-"));
    const file = join(dir, "cases.jsonl");
    writeFileSync(file, cases.map((c) => JSON.stringify(c)).join("\n"));
    const { status, parsed } = simulate([file]);
    expect(status).toBe(0);
    expect(parsed).toEqual([
      { id: "photos-read-1", decision: "Allow", decisive: [{ policy: "ReadPhotos", kind: "identity", statement: 0, sid: "ReadPhotos" }] },
      { id: "deny", decision: "ExplicitDeny", decisive: [{ policy: "NoS3", kind: "scp", statement: 0, sid: "NoS3", target: "r-root" }] },
      { id: "implicit", decision: "ImplicitDeny", decisive: [] },
      { id: "trust", decision: "Allow", decisive: [{ policy: "resourcePolicy", kind: "resource", statement: 0 }] },
      { id: "named-resource-policy", decision: "Allow", decisive: [{ policy: "PhotosBucket", kind: "resource", statement: 0 }] },
      { id: 7, decision: "Allow", decisive: [{ policy: "ReadPhotos", kind: "identity", statement: 0, sid: "ReadPhotos" }] },
    ]);
  });

  it("reads standard input with - or no FILE, and accepts CRLF line ends", () => {
    const input = `${cases.slice(0, 3).map((c) => JSON.stringify(c)).join("\r\n")}\r\n`;
    for (const args of [["-"], []]) {
      const { status, parsed } = simulate(args, input);
      expect(status).toBe(0);
      expect(parsed.map((p) => p.decision)).toEqual(["Allow", "ExplicitDeny", "ImplicitDeny"]);
    }
  });

  it("answers a line it cannot evaluate with an error line and goes on", () => {
    const bad = [
      '{"id": "broken", "request": ',
      JSON.stringify({ id: "unknown-action", request: { ...request, action: "s3:Frobnicate" } }),
      JSON.stringify({ id: "not-an-action", request: { ...request, action: "GetObject" } }),
      JSON.stringify({ id: "grammar", request, identityPolicies: [{ name: "Typo", document: { Version: V, Statement: [{ Effect: "Alow", Action: "s3:*", Resource: "*" }] } }] }),
      JSON.stringify({ id: "no-request" }),
      JSON.stringify({ id: "bad-context", request: { ...request, context: { "aws:SourceIp": 7 } } }),
      JSON.stringify({ id: "bad-policies", request, identityPolicies: {} }),
      JSON.stringify({ id: "bad-level", request, scps: [{ target: 5, policies: [] }] }),
      "[1, 2]",
      "",
      JSON.stringify(cases[0]),
    ].join("\n");
    const { status, parsed } = simulate(["-"], `${bad}\n`);
    expect(status).toBe(0);
    expect(parsed).toHaveLength(11);
    expect(parsed.map((p) => [p.id, p.error?.code ?? p.decision])).toEqual([
      [null, "MalformedJson"],
      ["unknown-action", "UnknownAction"],
      ["not-an-action", "UnknownAction"],
      ["grammar", "MalformedPolicyDocument"],
      ["no-request", "InvalidInput"],
      ["bad-context", "InvalidInput"],
      ["bad-policies", "InvalidInput"],
      ["bad-level", "InvalidInput"],
      [null, "InvalidInput"],
      [null, "MalformedJson"],
      ["photos-read-1", "Allow"],
    ]);
    expect(parsed[0].error.message).toBe("line 1: not valid JSON: Unexpected end of input, expected a value at column 29");
    expect(parsed[1].error.message).toBe("line 2: request.action 's3:Frobnicate' is not an action in the IAM catalog");
    expect(parsed[3].error.message).toBe('line 4: Effect must be "Allow" or "Deny", not "Alow" (policy \'Typo\', at /Statement/0/Effect)');
    expect(parsed[4].error.message).toBe("line 5: request must be an object with principal, action and resource");
    expect(parsed[5].error.message).toBe('line 6: request.context["aws:SourceIp"] must be a string or an array of strings');
    expect(parsed[9].error.message).toBe("line 10: empty line, expected a JSON case");
  });

  it("names the field that breaks the case's shape", () => {
    const shapes: [unknown, string][] = [
      [{ request: { ...request, principal: "" } }, "request.principal must be a non-empty string"],
      [{ request: { ...request, resourceAccount: 1 } }, "request.resourceAccount must be a string"],
      [{ request: { ...request, context: [] } }, "request.context must be an object of condition keys"],
      [{ request, permissionsBoundary: 5 }, "permissionsBoundary must be an object with name and document"],
      [{ request, sessionPolicies: [{ name: 1, document: {} }] }, "sessionPolicies[0].name must be a string"],
      [{ request, scps: {} }, "scps must be an array of organization levels"],
      [{ request, rcps: ["x"] }, "rcps[0] must be an object with target and policies"],
      [{ request, rcps: [{ target: "r", policies: "x" }] }, "rcps[0].policies must be an array"],
    ];
    const { parsed } = simulate(["-"], shapes.map(([c]) => JSON.stringify(c)).join("\n"));
    expect(parsed.map((p) => p.error.message)).toEqual(shapes.map(([, m], i) => `line ${i + 1}: ${m}`));
    expect(parsed.every((p) => p.error.code === "InvalidInput" && p.id === null)).toBe(true);
  });

  it("names unnamed policies by their place in the case; accepts bare documents and JSON text", () => {
    const full = { Statement: { Effect: "Allow", Action: "*", Resource: "*" } };
    const c = {
      id: "u",
      request,
      identityPolicies: [{ document: readPhotos.document }],
      permissionsBoundary: full,
      sessionPolicies: [JSON.stringify(full)],
      scps: [{ policies: [{ document: full }] }],
    };
    const { parsed } = simulate(["-"], JSON.stringify(c));
    expect(parsed[0].decisive).toEqual([
      { policy: "identityPolicies[0]", kind: "identity", statement: 0, sid: "ReadPhotos" },
      { policy: "scps[0].policies[0]", kind: "scp", statement: 0, target: "scps[0]" },
      { policy: "permissionsBoundary", kind: "boundary", statement: 0 },
      { policy: "sessionPolicies[0]", kind: "session", statement: 0 },
    ]);
  });

  it("adds explanations with --explain", () => {
    const { parsed } = simulate(["-", "--explain"], JSON.stringify(cases[2]));
    expect(parsed[0].decision).toBe("ImplicitDeny");
    expect(parsed[0].explanation.nearestMisses[0].failures[0].element).toBe("Action");
  });

  it("exits 2 when the input cannot be read", () => {
    const { status, stderr, stdout } = simulate([join(tmpdir(), "no-such-file.jsonl")]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/cannot read '.*no-such-file\.jsonl': ENOENT/);
    expect(simulate([root]).status).toBe(2);
  });

  it("prints help, and rejects unknown options and extra files", () => {
    const help = simulate(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: roleplay simulate \[FILE\|-\]/);
    expect(simulate(["--fast"]).status).toBe(2);
    expect(simulate(["a", "b"]).status).toBe(2);
  });
});
