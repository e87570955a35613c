// `roleplay paths` end to end (shared/contracts/escalation-paths.md): the JSON's fields and order,
// files and workspaces, several files as one graph, exit statuses; and the paths on the largest
// public sample that were checked by hand (principals with more than one hop).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const largest = join(root, "tests", "fixtures", "authorization-details", "cloudsplaining-example.json");
const dir = mkdtempSync(join(tmpdir(), "paths-cli-"));
const env = { DATABASE_URL: `file:${join(dir, "w.db")}` };
const P = "arn:aws:iam::200611803367:";

function roleplay(args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "bin", "roleplay.mjs"), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

type Hop = { from: string; to: string; method: string; evidence: { policy: string; statement: number }[]; assumes: string[]; via?: string };
type Output = { admins: string[]; paths: { from: string; to: string; hops: Hop[] }[]; warnings: string[] };
const json = (args: string[]): Output => {
  const result = roleplay(args);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Output;
};
const route = (path: { from: string; hops: Hop[] }) => [path.from, ...path.hops.map((h) => `${h.method} → ${h.to}`)];

const V = "2012-10-17";
// Two accounts: dev (333…) may assume partner (444…), whose trust names dev; partner may create keys for admin-user.
const fileA = {
  UserDetailList: [
    { UserName: "dev", UserId: "AIDADEV", Path: "/", Arn: "arn:aws:iam::333333333333:user/dev", UserPolicyList: [{ PolicyName: "assume", PolicyDocument: { Version: V, Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] } }] },
  ],
};
const fileB = {
  UserDetailList: [
    { UserName: "admin-user", UserId: "AIDAADMIN", Path: "/", Arn: "arn:aws:iam::444444444444:user/admin-user", UserPolicyList: [{ PolicyName: "all", PolicyDocument: { Version: V, Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }] },
  ],
  RoleDetailList: [
    {
      RoleName: "partner",
      RoleId: "AROAPARTNER",
      Path: "/",
      Arn: "arn:aws:iam::444444444444:role/partner",
      AssumeRolePolicyDocument: { Version: V, Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::333333333333:user/dev" }, Action: "sts:AssumeRole" }] },
      RolePolicyList: [{ PolicyName: "keys", PolicyDocument: { Version: V, Statement: [{ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "*" }] } }],
    },
  ],
};
const a = join(dir, "a.json");
const b = join(dir, "b.json");

beforeAll(() => {
  writeFileSync(a, JSON.stringify(fileA));
  writeFileSync(b, JSON.stringify(fileB));
  writeFileSync(join(dir, "broken.json"), JSON.stringify({ UserDetailList: [{ Arn: "arn:aws:iam::333333333333:user/x" }] }));
  expect(roleplay(["setup"]).status).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("roleplay paths over files", { timeout: 60_000 }, () => {
  it("several files are one graph: dev → partner (cross-account, both sides) → admin-user", () => {
    const out = json(["paths", a, b]);
    expect(Object.keys(out)).toEqual(["admins", "paths", "warnings"]);
    expect(out.admins).toEqual(["arn:aws:iam::444444444444:user/admin-user"]);
    expect(out.paths.map((p) => p.from)).toEqual(["arn:aws:iam::333333333333:user/dev", "arn:aws:iam::444444444444:role/partner"]);
    const [dev] = out.paths;
    expect(Object.keys(dev)).toEqual(["from", "to", "hops"]);
    expect(Object.keys(dev.hops[0]).slice(0, 4)).toEqual(["from", "to", "method", "evidence"]);
    expect(route(dev)).toEqual(["arn:aws:iam::333333333333:user/dev", "sts:AssumeRole → arn:aws:iam::444444444444:role/partner", "iam:CreateAccessKey → arn:aws:iam::444444444444:user/admin-user"]);
    expect(dev.hops[0].evidence).toEqual([
      { policy: "assume", statement: 0, kind: "identity", actions: ["sts:AssumeRole"] },
      { policy: "trust policy of partner", statement: 0, kind: "resource", actions: ["sts:AssumeRole"] },
    ]);
    // The partner account alone: dev is unknown, so nothing crosses.
    expect(json(["paths", b]).paths.map((p) => p.from)).toEqual(["arn:aws:iam::444444444444:role/partner"]);
  });

  it("--from lists everything reachable, --to ARN the paths to one principal; text counts statements from 1", () => {
    const from = json(["paths", a, b, "--from", "arn:aws:iam::333333333333:user/dev"]);
    expect(from.paths.map((p) => p.to)).toEqual(["arn:aws:iam::444444444444:role/partner", "arn:aws:iam::444444444444:user/admin-user"]);
    const to = json(["paths", a, b, "--to", "arn:aws:iam::444444444444:role/partner"]);
    expect(to.paths.map((p) => p.from)).toEqual(["arn:aws:iam::333333333333:user/dev"]);
    const text = roleplay(["paths", a, b, "--format", "text"]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("statement 1 of resource-based policy trust policy of partner");
  });

  it("exit 2 naming the file (and the JSON path) when a file cannot be read; nothing on standard output", () => {
    const missing = roleplay(["paths", join(dir, "nope.json")]);
    expect(missing).toMatchObject({ status: 2, stdout: "" });
    expect(missing.stderr).toContain("nope.json");
    const broken = roleplay(["paths", a, join(dir, "broken.json")]);
    expect(broken).toMatchObject({ status: 2, stdout: "" });
    expect(broken.stderr).toContain("broken.json at $.UserDetailList[0]");
  });

  it("exit 2 on wrong options; exit 0 with a warning for a principal the input does not hold", () => {
    expect(roleplay(["paths", a, "--format", "csv"]).status).toBe(2);
    expect(roleplay(["paths", a, "--from", "alice"]).status).toBe(2);
    expect(roleplay(["paths"]).status).toBe(2);
    const unknown = roleplay(["paths", a, "--from", "arn:aws:iam::333333333333:user/ghost"]);
    expect(unknown.status).toBe(0);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ paths: [], warnings: [expect.stringContaining("ghost")] });
  });
});

describe("roleplay paths over the demo workspace", { timeout: 60_000 }, () => {
  it("alice → ops-admin (PassRole to EC2) → admin (ops-admin attaches itself a policy); abcd → efgh across accounts", () => {
    const out = json(["paths", "--workspace", "demo"]);
    const alice = out.paths.find((p) => p.from === "arn:aws:iam::111111111111:user/alice")!;
    expect(route(alice)).toEqual(["arn:aws:iam::111111111111:user/alice", "iam:PassRole+ec2:RunInstances → arn:aws:iam::111111111111:role/ops-admin", "iam:AttachRolePolicy → admin"]);
    expect(alice.hops[0].via).toBe("arn:aws:iam::111111111111:instance-profile/ops-admin");
    const abcd = json(["paths", "--workspace", "demo", "--from", "arn:aws:iam::111111111111:role/abcd"]);
    expect(abcd.paths.map(route)).toEqual([["arn:aws:iam::111111111111:role/abcd", "sts:AssumeRole → arn:aws:iam::222222222222:role/efgh"]]);
    expect(roleplay(["paths", "--workspace", "nope"]).status).toBe(2);
  });
});

describe("the largest public sample, checked by hand", { timeout: 60_000 }, () => {
  const out = json(["paths", largest]);
  const pathOf = (principal: string) => out.paths.find((p) => p.from === P + principal);

  it("administrators: principals allowed every action (AdministratorAccess, Action *), in both accounts", () => {
    expect(out.admins).toContain(`${P}role/privesc-high-priv-service-role`);
    expect(out.admins).toContain(`${P}role/privesc-AssumeRole-ending-role`);
    expect(out.admins).toContain("arn:aws:iam::012345678901:user/obama");
  });

  it("privesc4/5/6 users: new credentials for fn1-privesc3-partial-user, who passes the high-privilege role to EC2", () => {
    for (const [user, action] of [["privesc4-CreateAccessKey-user", "iam:CreateAccessKey"], ["privesc5-CreateLoginProfile-user", "iam:CreateLoginProfile"], ["privesc6-UpdateLoginProfile-user", "iam:UpdateLoginProfile"]]) {
      expect(route(pathOf(`user/${user}`)!)).toEqual([`${P}user/${user}`, `${action} → ${P}user/fn1-privesc3-partial-user`, `iam:PassRole+ec2:RunInstances → ${P}role/privesc-high-priv-service-role`]);
    }
  });

  it("privesc-AssumeRole-starting-role → intermediate → ending role: trusts naming the role itself, no identity statement needed", () => {
    const path = pathOf("role/privesc-AssumeRole-starting-role")!;
    expect(route(path)).toEqual([`${P}role/privesc-AssumeRole-starting-role`, `sts:AssumeRole → ${P}role/privesc-AssumeRole-intermediate-role`, `sts:AssumeRole → ${P}role/privesc-AssumeRole-ending-role`]);
    expect(path.hops[0].evidence).toEqual([{ policy: "trust policy of privesc-AssumeRole-intermediate-role", statement: 0, kind: "resource", actions: ["sts:AssumeRole"] }]);
    // The start user is named by no trust (the starting role trusts an SSO session): no path.
    expect(pathOf("user/privesc-AssumeRole-start-user")).toBeUndefined();
  });

  it("MyRole (the other account) hands OverprivilegedEC2 to an instance, which may create keys for obama", () => {
    const path = out.paths.find((p) => p.from === "arn:aws:iam::012345678901:role/MyRole")!;
    expect(route(path)).toEqual([
      "arn:aws:iam::012345678901:role/MyRole",
      "iam:PassRole+ec2:AssociateIamInstanceProfile → arn:aws:iam::012345678901:role/OverprivilegedEC2",
      "iam:CreateAccessKey → arn:aws:iam::012345678901:user/obama",
    ]);
  });

  it("the false positives fp1–fp5 reach nothing; fn3's condition on aws:TokenIssueTime holds for the role's session only", () => {
    for (const n of ["fp1-allow-and-deny", "fp2-allow-and-deny-multiple-policies", "fp3-deny-iam", "fp4-nonExploitableResourceConstraint", "fp5-nonExploitableConditionConstraint"]) {
      expect(pathOf(`user/${n}-user`)).toBeUndefined();
      expect(pathOf(`role/${n}-role`)).toBeUndefined();
    }
    expect(pathOf("role/fn3-exploitableConditionConstraint-role")?.hops.map((h) => h.method)).toEqual(["iam:CreatePolicyVersion"]);
    expect(pathOf("user/fn3-exploitableConditionConstraint-user")).toBeUndefined();
  });
});
