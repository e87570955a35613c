// `roleplay who-can` per shared/contracts/who-can.md: its JSON fields and order, the workspace and
// authorization-details doors, the cross-account rules between files, and its exit statuses.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "who-can-cli-"));
const env = { DATABASE_URL: `file:${join(dir, "w.db")}` };

function roleplay(args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "bin", "roleplay.mjs"), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const json = (args: string[]) => {
  const result = roleplay(args);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
};

const V = "2012-10-17";
const allow = (Action: string, Resource: string) => ({ Version: V, Statement: [{ Effect: "Allow", Action, Resource }] });
// Account 333333333333: dev may assume partner in 444444444444 and read any S3; ops may assume any role.
const fileA = {
  UserDetailList: [
    { UserName: "dev", UserId: "AIDADEV", Path: "/", Arn: "arn:aws:iam::333333333333:user/dev", UserPolicyList: [{ PolicyName: "work", PolicyDocument: { Version: V, Statement: [allow("sts:AssumeRole", "arn:aws:iam::444444444444:role/partner").Statement[0], allow("s3:*", "*").Statement[0]] } }] },
    { UserName: "ops", UserId: "AIDAOPS", Path: "/team/", Arn: "arn:aws:iam::333333333333:user/team/ops", UserPolicyList: [{ PolicyName: "assume", PolicyDocument: allow("sts:AssumeRole", "*") }, { PolicyName: "own-acl", PolicyDocument: { Version: V, Statement: [{ Effect: "Allow", Action: "s3:PutObjectAcl", Resource: "*", Condition: { StringEquals: { "aws:userid": "AIDAOPS" } } }] } }] },
    {
      UserName: "tagger",
      Path: "/",
      Arn: "arn:aws:iam::333333333333:user/tagger",
      UserPolicyList: [{ PolicyName: "tag", PolicyDocument: { Version: V, Statement: [{ Effect: "Allow", Action: "s3:PutObjectTagging", Resource: "*", Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": "b" } } }] } }],
    },
  ],
  RoleDetailList: [{ RoleName: "app", RoleId: "AROAAPP", Path: "/", Arn: "arn:aws:iam::333333333333:role/app", AssumeRolePolicyDocument: { Version: V, Statement: [] }, RolePolicyList: [] }],
};
// Account 444444444444: partner trusts dev only; reader reads S3; local may assume any role but is not trusted.
const fileB = {
  RoleDetailList: [
    { RoleName: "partner", RoleId: "AROAPARTNER", Path: "/", Arn: "arn:aws:iam::444444444444:role/partner", AssumeRolePolicyDocument: { Version: V, Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::333333333333:user/dev" }, Action: "sts:AssumeRole" }] }, RolePolicyList: [] },
    { RoleName: "reader", RoleId: "AROAREADER", Path: "/", Arn: "arn:aws:iam::444444444444:role/reader", AssumeRolePolicyDocument: { Version: V, Statement: [] }, RolePolicyList: [{ PolicyName: "read", PolicyDocument: allow("s3:GetObject", "*") }] },
    { RoleName: "local", RoleId: "AROALOCAL", Path: "/", Arn: "arn:aws:iam::444444444444:role/local", AssumeRolePolicyDocument: { Version: V, Statement: [] }, RolePolicyList: [{ PolicyName: "assume", PolicyDocument: allow("sts:AssumeRole", "*") }] },
  ],
};
const a = join(dir, "a.json");
const b = join(dir, "b.json");

beforeAll(() => {
  writeFileSync(a, JSON.stringify(fileA));
  writeFileSync(b, JSON.stringify(fileB));
  expect(roleplay(["setup"]).status).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("roleplay who-can over the workspace", { timeout: 60_000 }, () => {
  it("answers with the contract's fields, in order, and the hand-checked principals", () => {
    const out = json(["who-can", "--workspace", "demo", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg"]);
    expect(Object.keys(out)).toEqual(["action", "resource", "evaluated", "allowed", "explicitlyDenied"]);
    expect(out).toMatchObject({ action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", evaluated: 9 });
    expect(out.allowed).toEqual([
      { principal: "arn:aws:iam::111111111111:role/Get-pics", type: "role", decisive: [{ policy: "ReadPhotosBucket", kind: "identity", statement: 1, sid: "ReadPhotos" }] },
      { principal: "arn:aws:iam::111111111111:user/alice", type: "user", decisive: [{ policy: "LaunchInstancesAndUseS3", kind: "identity", statement: 1, sid: "UseS3" }] },
    ]);
    expect(out.explicitlyDenied).toEqual(["arn:aws:iam::222222222222:role/efgh"]);
  });

  it("takes the only workspace without --workspace; --context adds keys (PassRole to EC2)", () => {
    const out = json(["who-can", "--action", "iam:PassRole", "--resource", "arn:aws:iam::111111111111:role/ops-admin", "--context", "iam:PassedToService=ec2.amazonaws.com"]);
    expect(out.allowed.map((p: { principal: string }) => p.principal)).toEqual(["arn:aws:iam::111111111111:role/ops-admin", "arn:aws:iam::111111111111:user/alice"]);
    const noService = json(["who-can", "--action", "iam:PassRole", "--resource", "arn:aws:iam::111111111111:role/ops-admin"]);
    expect(noService.allowed.map((p: { principal: string }) => p.principal)).toEqual(["arn:aws:iam::111111111111:role/ops-admin"]);
  });

  it("sts:AssumeRole on ops-admin: the trust policy lets no user or role in", () => {
    expect(json(["who-can", "--action", "sts:AssumeRole", "--resource", "arn:aws:iam::111111111111:role/ops-admin"])).toMatchObject({ allowed: [], explicitlyDenied: [] });
  });

  it("prints text for people with --format text, statements counted from 1", () => {
    const result = roleplay(["who-can", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg", "--format", "text"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Allowed (2):");
    expect(result.stdout).toContain("statement 2 (Sid ReadPhotos) of identity-based policy ReadPhotosBucket");
    expect(result.stdout).toContain("Explicitly denied (1):");
  });
});

describe("roleplay who-can over authorization-details files", { timeout: 60_000 }, () => {
  it("several files are one question, with the cross-account rules: the trust names dev, so only dev may assume partner", () => {
    const out = json(["who-can", a, b, "--action", "sts:AssumeRole", "--resource", "arn:aws:iam::444444444444:role/partner"]);
    expect(out.evaluated).toBe(7);
    expect(out.allowed).toEqual([{ principal: "arn:aws:iam::333333333333:user/dev", type: "user", decisive: [{ policy: "work", kind: "identity", statement: 0 }, { policy: "Trust policy of role partner", kind: "resource", statement: 0 }] }]);
  });

  it("a resource of another account needs its resource policy too: with --resource-account, dev's s3:* does not reach it", () => {
    const out = json(["who-can", a, b, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::shared/x", "--resource-account", "444444444444"]);
    expect(out.allowed.map((p: { principal: string }) => p.principal)).toEqual(["arn:aws:iam::444444444444:role/reader"]);
    const ownBucket = json(["who-can", a, b, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::shared/x", "--resource-account", "333333333333"]);
    expect(ownBucket.allowed.map((p: { principal: string }) => p.principal)).toEqual(["arn:aws:iam::333333333333:user/dev"]);
  });

  it("warns when the resource's account cannot be known, and still answers", () => {
    const result = roleplay(["who-can", a, b, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::shared/x"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/resource's account is unknown.*--resource-account/);
    expect(JSON.parse(result.stdout).allowed.map((p: { principal: string }) => p.principal)).toEqual(["arn:aws:iam::333333333333:user/dev", "arn:aws:iam::444444444444:role/reader"]);
  });

  it("a --context key given twice is multi-valued", () => {
    const ask = (...tags: string[]) => json(["who-can", a, "--action", "s3:PutObjectTagging", "--resource", "arn:aws:s3:::shared/x", "--resource-account", "333333333333", ...tags.flatMap((t) => ["--context", `aws:TagKeys=${t}`])]);
    const principals = (out: { allowed: { principal: string }[] }) => out.allowed.map((p) => p.principal);
    expect(principals(ask("a"))).toEqual(["arn:aws:iam::333333333333:user/dev"]);
    expect(principals(ask("a", "b"))).toEqual(["arn:aws:iam::333333333333:user/dev", "arn:aws:iam::333333333333:user/tagger"]);
  });

  it("fills aws:userid from the files' unique ids, and names a principal by its ARN with its path", () => {
    const out = json(["who-can", a, "--action", "s3:PutObjectAcl", "--resource", "arn:aws:s3:::shared/x", "--resource-account", "333333333333"]);
    expect(out.allowed.map((p: { principal: string }) => p.principal)).toEqual(["arn:aws:iam::333333333333:user/dev", "arn:aws:iam::333333333333:user/team/ops"]);
  });
});

describe("roleplay who-can on bad input", { timeout: 60_000 }, () => {
  it.each([
    [["--action", "s3:GetObjekt", "--resource", "arn:aws:s3:::b/k"], /s3:GetObjekt is not an action/],
    [["--action", "s3:GetObject", "--resource", "b/k"], /b\/k is not an ARN/],
    [["--action", "s3:GetObject"], /missing --resource/],
    [["--resource", "arn:aws:s3:::b/k"], /missing --action/],
    [["--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k", "--context", "novalue"], /--context takes KEY=VALUE/],
    [["--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k", "--format", "xml"], /--format takes json or text/],
    [["--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k", "--workspace", "nope"], /no workspace named nope/],
    [[join(dir, "missing.json"), "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k"], /cannot read .*missing\.json: no such file/],
  ])("%j exits 2 with one line naming the problem", (args, message) => {
    const result = roleplay(["who-can", ...args]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]).toMatch(message);
  });

  it("refuses a file that is not authorization details, naming where", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ RoleDetailList: [{ RoleName: 3 }] }));
    const result = roleplay(["who-can", bad, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^roleplay who-can: cannot read .*bad\.json at \$\.RoleDetailList\[0\]/);
  });
});
