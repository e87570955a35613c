// `roleplay review` and `roleplay import` end to end, per shared/contracts/review.md: the JSON and
// CSV shapes, warnings on standard error, exit 2 with nothing on standard output for an unreadable
// input. Plus the findings on the largest sample that were checked by hand.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const samples = join(root, "tests", "fixtures", "authorization-details");
const largest = join(samples, "cloudsplaining-example.json");
const P = "arn:aws:iam::200611803367:";

function roleplay(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(root, "bin", "roleplay.mjs"), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

type Output = {
  accounts: string[];
  grants: { principal: string; role: string; service: string; trusted: boolean; launch: string[]; instanceProfiles: string[]; via: { policy: string; statement: number }[] }[];
  escalations: { principal: string; role: string; service: string; gained: { actions: number; services: string[]; admin: boolean } }[];
  findings: { kind: string; severity: string; title: string }[];
};

describe("roleplay review", () => {
  const ec2 = roleplay(["review", largest, "--service", "ec2.amazonaws.com"]);
  const out = JSON.parse(ec2.stdout) as Output;
  const grant = (principal: string, role: string) => out.grants.find((g) => g.principal === P + principal && g.role === P + role);
  const escalationsOf = (principal: string) => out.escalations.filter((e) => e.principal === P + principal).map((e) => e.role.slice(P.length));

  it("prints the contract's JSON with exit status 0", () => {
    expect(ec2.status).toBe(0);
    expect(Object.keys(out)).toEqual(["accounts", "grants", "escalations", "findings"]);
    expect(out.accounts).toEqual(["200611803367", "012345678901"]);
    expect(Object.keys(out.grants[0])).toEqual(["principal", "role", "service", "trusted", "launch", "instanceProfiles", "via"]);
    expect(Object.keys(out.escalations[0])).toEqual(["principal", "role", "service", "gained"]);
    expect(new Set(out.grants.map((g) => g.service))).toEqual(new Set(["ec2.amazonaws.com"]));
  });

  it("hand-checked: privesc3 user passes any role to EC2, runs instances, and becomes privesc-high-priv-service-role", () => {
    expect(grant("user/privesc3-CreateEC2WithExistingInstanceProfile-user", "role/privesc-high-priv-service-role")).toEqual({
      principal: `${P}user/privesc3-CreateEC2WithExistingInstanceProfile-user`,
      role: `${P}role/privesc-high-priv-service-role`,
      service: "ec2.amazonaws.com",
      trusted: true,
      launch: ["ec2:RunInstances", "ec2:AssociateIamInstanceProfile"],
      instanceProfiles: [`${P}instance-profile/privesc-high-priv-service-profile`],
      via: [{ policy: "privesc3-CreateEC2WithExistingInstanceProfile", statement: 0 }],
    });
    expect(escalationsOf("user/privesc3-CreateEC2WithExistingInstanceProfile-user")).toEqual(["role/privesc-high-priv-service-role"]);
  });

  it("hand-checked: fn1 (partial privesc3, no AssociateIamInstanceProfile) still escalates through RunInstances", () => {
    expect(grant("user/fn1-privesc3-partial-user", "role/privesc-high-priv-service-role")?.launch).toEqual(["ec2:RunInstances"]);
    expect(escalationsOf("user/fn1-privesc3-partial-user")).toEqual(["role/privesc-high-priv-service-role"]);
  });

  it("hand-checked: privesc-sre-user escalates to the admin role; its own rights make the gain smaller", () => {
    const e = out.escalations.find((x) => x.principal === `${P}user/privesc-sre-user`)!;
    expect(e.gained.admin).toBe(true);
    expect(e.gained.actions).toBeLessThan(22_000);
    expect(e.gained.services).not.toContain("ec2");
  });

  it("hand-checked: privesc15 (Lambda) may pass every role to EC2 but cannot launch there: grants without launch, no EC2 escalation", () => {
    expect(grant("user/privesc15-PassExistingRoleToNewLambdaThenInvoke-user", "role/privesc-high-priv-service-role")).toMatchObject({ trusted: true, launch: [] });
    expect(escalationsOf("user/privesc15-PassExistingRoleToNewLambdaThenInvoke-user")).toEqual([]);
  });

  it("hand-checked: OverprivilegedEC2 is reachable by MyRole and MyOtherRole (instance-profile management) in the other account only", () => {
    const reach = out.escalations.filter((e) => e.role === "arn:aws:iam::012345678901:role/OverprivilegedEC2").map((e) => e.principal);
    expect(reach.sort()).toEqual(["arn:aws:iam::012345678901:role/MyOtherRole", "arn:aws:iam::012345678901:role/MyRole"]);
    expect(out.grants.some((g) => g.principal.startsWith(P) && g.role.includes("012345678901"))).toBe(false);
  });

  it("reviews every trusted service by default, and several --service values", () => {
    const all = JSON.parse(roleplay(["review", largest]).stdout) as Output;
    expect(new Set(all.grants.map((g) => g.service)).size).toBe(18);
    const two = JSON.parse(roleplay(["review", largest, "--service", "ec2.amazonaws.com", "lambda.amazonaws.com"]).stdout) as Output;
    expect(new Set(two.grants.map((g) => g.service))).toEqual(new Set(["ec2.amazonaws.com", "lambda.amazonaws.com"]));
    expect(two.escalations.some((e) => e.service === "lambda.amazonaws.com" && e.principal.endsWith("privesc15-PassExistingRoleToNewLambdaThenInvoke-user"))).toBe(true);
  });

  it("prints CSV rows with the same fields and an escalation column", () => {
    const csv = roleplay(["review", largest, "--format", "csv", "--service", "ec2.amazonaws.com"]);
    expect(csv.status).toBe(0);
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0]).toBe("severity,kind,principal,role,service,trusted,launch,instanceProfiles,via,escalation,services,title,explanation,fix,hops");
    // One row per finding (as the console exports), then one per grant.
    expect(lines).toHaveLength(out.findings.length + out.grants.length + 1);
    expect(lines).toContain(
      `,grant,${P}user/privesc3-CreateEC2WithExistingInstanceProfile-user,${P}role/privesc-high-priv-service-role,ec2.amazonaws.com,true,ec2:RunInstances;ec2:AssociateIamInstanceProfile,${P}instance-profile/privesc-high-priv-service-profile,privesc3-CreateEC2WithExistingInstanceProfile#0,true,ec2.amazonaws.com,privesc3-CreateEC2WithExistingInstanceProfile-user may pass privesc-high-priv-service-role to ec2.amazonaws.com,,,`,
    );
    expect(lines.filter((l) => l.startsWith("critical,escalation-path,")).length).toBe(out.findings.filter((f) => f.kind === "escalation-path").length);
  });

  it("several files are several accounts; an AWS-managed policy found nowhere is a warning and the exit status stays 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "review-cli-"));
    const missing = join(dir, "missing-managed.json");
    writeFileSync(
      missing,
      JSON.stringify({
        RoleDetailList: [
          {
            RoleName: "r",
            Arn: "arn:aws:iam::333333333333:role/r",
            AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            AttachedManagedPolicies: [{ PolicyName: "Gone", PolicyArn: "arn:aws:iam::aws:policy/GoneForever" }],
          },
        ],
      }),
    );
    const result = roleplay(["review", join(samples, "iamspy-role-boundary-allow.json"), missing]);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as Output).accounts).toEqual(["123456789012", "333333333333"]);
    expect(result.stderr).toContain(`${missing} at $.RoleDetailList[0].AttachedManagedPolicies[0].PolicyArn`);
  });

  it("exits 2 with nothing on standard output when a file cannot be read or parsed, naming the file (and the JSON path)", () => {
    const dir = mkdtempSync(join(tmpdir(), "review-cli-"));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ RoleDetailList: [{ RoleName: "r", Arn: "arn:aws:iam::333333333333:role/r", AssumeRolePolicyDocument: 42 }] }));
    const parsed = roleplay(["review", largest, bad]);
    expect(parsed.status).toBe(2);
    expect(parsed.stdout).toBe("");
    expect(parsed.stderr).toContain(`${bad} at $.RoleDetailList[0].AssumeRolePolicyDocument`);
    const absent = roleplay(["review", join(dir, "absent.json")]);
    expect(absent.status).toBe(2);
    expect(absent.stdout).toBe("");
    expect(absent.stderr).toContain("absent.json");
    expect(roleplay(["review", largest, "--format", "xml"]).status).toBe(2);
  });
});

describe("roleplay import", () => {
  it("imports into DATABASE_URL with progress on standard error, and a second run is up to date", () => {
    const dir = mkdtempSync(join(tmpdir(), "import-cli-"));
    const env = { DATABASE_URL: `file:${join(dir, "w.db")}` };
    expect(roleplay(["setup"], env).status).toBe(0);
    const file = join(samples, "cloudmapper-demo-iam-get-account-authorization-details.json");
    const first = roleplay(["import", file], env);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain("roles 4/4");
    expect(first.stdout).toContain("imported as run 1");
    const second = roleplay(["import", file], env);
    expect(second.stdout).toContain("already up to date");
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{");
    const refused = roleplay(["import", bad], env);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("bad.json cannot be imported: $: not valid JSON");
  });
});
