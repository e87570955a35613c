/**
 * `roleplay iam …` and `roleplay ec2 …` against the shared contract (contracts/aws-cli.md): every
 * operation, its AWS CLI output shape, exit 254 with the AWS CLI's error line (and the
 * explanation line for refusals), 252 for bad flags, and nothing written on failure.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { run as iamRun } from "../../../lib/cli/commands/iam";
import { run as ec2Run } from "../../../lib/cli/commands/ec2";
import { createTestDatabase } from "../support/test-database";

const a = "111111111111";
const alice = `arn:aws:iam::${a}:user/alice`;
const bob = `arn:aws:iam::${a}:user/bob`;
const root = join(__dirname, "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "roleplay-awscli-"));
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const readPolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] });

let db: Db;
let url: string;
let dispose: () => Promise<void>;
const savedUrl = process.env.DATABASE_URL;

beforeEach(async () => {
  ({ db, url, dispose } = await createTestDatabase());
  await seedDemoWorkspace(db);
  process.env.DATABASE_URL = url;
});
afterEach(async () => {
  process.env.DATABASE_URL = savedUrl;
  vi.restoreAllMocks();
  await dispose();
});

type Result = { status: number; stdout: string; stderr: string; json: () => any };

async function cli(service: "iam" | "ec2", ...args: string[]): Promise<Result> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void (stdout += `${parts.join(" ")}\n`));
  vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void (stderr += `${parts.join(" ")}\n`));
  try {
    const status = await (service === "iam" ? iamRun : ec2Run)(args);
    return { status, stdout, stderr, json: () => JSON.parse(stdout) };
  } finally {
    vi.restoreAllMocks();
  }
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const errorLine = (r: Result) => r.stderr.trim().split("\n")[0];

async function expectRefused(r: Result, code: string, operation: string, message?: RegExp) {
  expect(r.status).toBe(254);
  expect(r.stdout).toBe("");
  expect(errorLine(r)).toMatch(new RegExp(`^An error occurred \\(${code.replace(".", "\\.")}\\) when calling the ${operation} operation: `));
  if (message) expect(errorLine(r)).toMatch(message);
}

describe("ec2 run-instances: the Alice story, scripted", () => {
  it("alice launches with ops-admin (broad PassRole); bob is refused ops-admin with the explanation, allowed Get-pics", async () => {
    const ok = await cli("ec2", "run-instances", "--iam-instance-profile", "Name=ops-admin", "--as", alice);
    expect(ok.status).toBe(0);
    const instance = ok.json().Instances[0];
    expect(instance.IamInstanceProfile).toEqual({ Arn: `arn:aws:iam::${a}:instance-profile/ops-admin`, Id: expect.stringMatching(/^AIPA/) });
    expect(instance.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(ok.json().OwnerId).toBe(a);

    const before = await db.instance.count();
    const refused = await cli("ec2", "run-instances", "--iam-instance-profile", "Name=ops-admin", "--as", bob);
    await expectRefused(refused, "UnauthorizedOperation", "RunInstances", /User: arn:aws:iam::111111111111:user\/bob is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111111111111:role\/ops-admin because no identity-based policy allows the iam:PassRole action/);
    expect(refused.stderr.trim().split("\n")[1]).toMatch(/^Missing permission: iam:PassRole on arn:aws:iam::111111111111:role\/ops-admin \(iam:PassedToService=ec2\.amazonaws\.com, iam:AssociatedResourceArn=arn:aws:ec2:us-east-1:111111111111:instance\/i-[0-9a-f]{17}\)\. Nearest statement: statement 2 of identity-based policy arn:aws:iam::111111111111:policy\/LaunchWithGetPicsOnly/);
    expect(await db.instance.count()).toBe(before);

    const getPics = await cli("ec2", "run-instances", "--iam-instance-profile", `Arn=arn:aws:iam::${a}:instance-profile/Get-pics`, "--as", bob);
    expect(getPics.status).toBe(0);
  });

  it("takes tag specifications, metadata options, type and image as the AWS CLI does (shorthand and JSON)", async () => {
    const r = await cli("ec2", "run-instances", "--image-id", "ami-0abcdef1234567890", "--instance-type", "t3.small", "--tag-specifications", "ResourceType=instance,Tags=[{Key=Name,Value=web},{Key=team,Value=photos}]", "--metadata-options", "HttpTokens=optional,HttpEndpoint=enabled,HttpPutResponseHopLimit=1");
    expect(r.status).toBe(0);
    const i = r.json().Instances[0];
    expect(i).toMatchObject({ ImageId: "ami-0abcdef1234567890", InstanceType: "t3.small", State: { Code: 0, Name: "pending" }, Tags: [{ Key: "Name", Value: "web" }, { Key: "team", Value: "photos" }] });
    expect(i.MetadataOptions).toMatchObject({ HttpTokens: "optional", HttpEndpoint: "enabled", HttpPutResponseHopLimit: 1 });
    const json = await cli("ec2", "run-instances", "--iam-instance-profile", '{"Name":"Get-pics"}', "--tag-specifications", '[{"ResourceType":"instance","Tags":[{"Key":"Name","Value":"json-box"}]}]');
    expect(json.json().Instances[0].Tags).toEqual([{ Key: "Name", Value: "json-box" }]);
  });

  it("an unknown profile is InvalidParameterValue (254); bad flags and bad shorthand are 252; nothing is written", async () => {
    const before = await db.instance.count();
    await expectRefused(await cli("ec2", "run-instances", "--iam-instance-profile", "Name=nope"), "InvalidParameterValue", "RunInstances", /Value \(nope\) for parameter iamInstanceProfile\.name is invalid\. Invalid IAM Instance Profile name$/);
    for (const args of [["--bogus"], ["--iam-instance-profile", "Foo=bar"], ["--metadata-options", "HttpTokens"], ["--metadata-options", "HttpPutResponseHopLimit=two"], ["--as", "arn:aws:iam::111111111111:user/nobody"], ["--as", "not-an-arn"], ["--account", "12"]]) {
      const r = await cli("ec2", "run-instances", ...args);
      expect(r.status, args.join(" ")).toBe(252);
      expect(r.stderr).toMatch(/^usage: roleplay/);
    }
    expect((await cli("ec2", "launch-everything")).status).toBe(252);
    expect(await db.instance.count()).toBe(before);
  });

  it("a principal without ec2:RunInstances: UnauthorizedOperation on the EC2 action", async () => {
    await expectRefused(await cli("ec2", "run-instances", "--as", `arn:aws:iam::${a}:role/Get-pics`), "UnauthorizedOperation", "RunInstances", /is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-east-1:111111111111:instance\//);
  });
});

describe("ec2 describe, stop, start, terminate", () => {
  it("describe-instances by id and by filters; lifecycle answers with AWS's transitional states; IncorrectState after termination", async () => {
    const all = (await cli("ec2", "describe-instances")).json();
    const photos = all.Reservations.map((r: any) => r.Instances[0]).find((i: any) => i.Tags?.some((t: any) => t.Value === "photos-app"));
    expect(photos.IamInstanceProfile.Arn).toBe(`arn:aws:iam::${a}:instance-profile/Get-pics`);
    const byFilter = (await cli("ec2", "describe-instances", "--filters", "Name=tag:Name,Values=photos-app", "Name=instance-state-name,Values=running")).json();
    expect(byFilter.Reservations).toHaveLength(1);
    expect((await cli("ec2", "describe-instances", "--instance-ids", photos.InstanceId)).json().Reservations[0].Instances[0].InstanceId).toBe(photos.InstanceId);
    await expectRefused(await cli("ec2", "describe-instances", "--instance-ids", "i-0123456789abcdef0"), "InvalidInstanceID.NotFound", "DescribeInstances");
    await expectRefused(await cli("ec2", "describe-instances", "--filters", "Name=colour,Values=red"), "InvalidParameterValue", "DescribeInstances", /The filter 'colour' is invalid/);

    const stop = (await cli("ec2", "stop-instances", "--instance-ids", photos.InstanceId)).json();
    expect(stop.StoppingInstances[0]).toEqual({ CurrentState: { Code: 64, Name: "stopping" }, InstanceId: photos.InstanceId, PreviousState: { Code: 16, Name: "running" } });
    expect((await cli("ec2", "start-instances", "--instance-ids", photos.InstanceId)).json().StartingInstances[0].CurrentState.Name).toBe("pending");
    await expectRefused(await cli("ec2", "stop-instances", "--instance-ids", photos.InstanceId, "--as", alice), "UnauthorizedOperation", "StopInstances", /ec2:StopInstances/);
    expect((await cli("ec2", "terminate-instances", "--instance-ids", photos.InstanceId)).json().TerminatingInstances[0].CurrentState).toEqual({ Code: 32, Name: "shutting-down" });
    await expectRefused(await cli("ec2", "start-instances", "--instance-ids", photos.InstanceId), "IncorrectState", "StartInstances");
    expect((await cli("ec2", "stop-instances")).status).toBe(252);
  });
});

describe("ec2 instance profile associations", () => {
  it("associate → IncorrectState while one exists; replace; disassociate; describe with filters", async () => {
    const photos = (await cli("ec2", "describe-instances", "--filters", "Name=tag:Name,Values=photos-app")).json().Reservations[0].Instances[0].InstanceId;
    await expectRefused(await cli("ec2", "associate-iam-instance-profile", "--instance-id", photos, "--iam-instance-profile", "Name=abcd"), "IncorrectState", "AssociateIamInstanceProfile", new RegExp(`There is an existing association for instance ${photos}$`));
    const listed = (await cli("ec2", "describe-iam-instance-profile-associations", "--filters", `Name=instance-id,Values=${photos}`)).json();
    expect(listed.IamInstanceProfileAssociations).toHaveLength(1);
    const current = listed.IamInstanceProfileAssociations[0];
    expect(current.State).toBe("associated");

    const replaced = (await cli("ec2", "replace-iam-instance-profile-association", "--association-id", current.AssociationId, "--iam-instance-profile", "Name=abcd")).json();
    expect(replaced.IamInstanceProfileAssociation).toMatchObject({ InstanceId: photos, State: "associating", IamInstanceProfile: { Arn: `arn:aws:iam::${a}:instance-profile/abcd` } });
    expect(replaced.IamInstanceProfileAssociation.AssociationId).toMatch(/^iip-assoc-[0-9a-f]{17}$/);

    const gone = (await cli("ec2", "disassociate-iam-instance-profile", "--association-id", replaced.IamInstanceProfileAssociation.AssociationId)).json();
    expect(gone.IamInstanceProfileAssociation.State).toBe("disassociating");
    await expectRefused(await cli("ec2", "disassociate-iam-instance-profile", "--association-id", "iip-assoc-0123456789abcdef0"), "InvalidAssociationID.NotFound", "DisassociateIamInstanceProfile");
    await expectRefused(await cli("ec2", "associate-iam-instance-profile", "--instance-id", photos, "--iam-instance-profile", "Name=nope"), "InvalidParameterValue", "AssociateIamInstanceProfile");
    await expectRefused(await cli("ec2", "associate-iam-instance-profile", "--instance-id", photos, "--iam-instance-profile", "Name=ops-admin", "--as", bob), "UnauthorizedOperation", "AssociateIamInstanceProfile");
    const again = (await cli("ec2", "associate-iam-instance-profile", "--instance-id", photos, "--iam-instance-profile", "Name=Get-pics")).json();
    expect(again.IamInstanceProfileAssociation.State).toBe("associating");
    expect((await cli("ec2", "describe-iam-instance-profile-associations", "--filters", "Name=state,Values=disassociated")).json().IamInstanceProfileAssociations.length).toBe(2);
    expect((await cli("ec2", "associate-iam-instance-profile", "--instance-id", photos)).status).toBe(252);
  });
});

describe("iam roles, policies, users and groups", () => {
  it("create-role (inline JSON and file://), get-role, list-roles, trust and inline/attached policies, delete-role with DeleteConflict", async () => {
    const created = await cli("iam", "create-role", "--role-name", "web", "--path", "/apps/", "--assume-role-policy-document", `file://${file("trust.json", trust)}`, "--description", "web tier", "--max-session-duration", "7200");
    expect(created.status).toBe(0);
    expect(created.json().Role).toMatchObject({ Path: "/apps/", RoleName: "web", Arn: `arn:aws:iam::${a}:role/apps/web`, AssumeRolePolicyDocument: JSON.parse(trust), Description: "web tier", MaxSessionDuration: 7200 });
    expect(created.json().Role.RoleId).toMatch(/^AROA/);
    await expectRefused(await cli("iam", "create-role", "--role-name", "WEB", "--assume-role-policy-document", trust), "EntityAlreadyExists", "CreateRole");
    await expectRefused(await cli("iam", "create-role", "--role-name", "bad", "--assume-role-policy-document", "{not json"), "MalformedPolicyDocument", "CreateRole");
    expect((await cli("iam", "create-role", "--role-name", "x", "--assume-role-policy-document", "file:///nonexistent/trust.json")).status).toBe(252);
    expect((await cli("iam", "get-role", "--role-name", "web")).json().Role.RoleLastUsed).toEqual({});
    await expectRefused(await cli("iam", "get-role", "--role-name", "nope"), "NoSuchEntity", "GetRole", /The role with name nope cannot be found\.$/);
    expect((await cli("iam", "list-roles", "--path-prefix", "/apps/")).json().Roles.map((r: any) => r.RoleName)).toEqual(["web"]);

    for (const args of [
      ["update-assume-role-policy", "--role-name", "web", "--policy-document", trust],
      ["put-role-policy", "--role-name", "web", "--policy-name", "read", "--policy-document", readPolicy],
      ["attach-role-policy", "--role-name", "web", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
    ]) {
      const r = await cli("iam", ...args);
      expect(r.status, args[0]).toBe(0);
      expect(r.stdout).toBe("");
    }
    await expectRefused(await cli("iam", "attach-role-policy", "--role-name", "web", "--policy-arn", "arn:aws:iam::aws:policy/NoSuchPolicy"), "NoSuchEntity", "AttachRolePolicy");
    await expectRefused(await cli("iam", "delete-role", "--role-name", "web"), "DeleteConflict", "DeleteRole");
    expect((await cli("iam", "detach-role-policy", "--role-name", "web", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")).status).toBe(0);
    expect((await cli("iam", "delete-role-policy", "--role-name", "web", "--policy-name", "read")).status).toBe(0);
    expect((await cli("iam", "delete-role", "--role-name", "web")).status).toBe(0);
    expect((await cli("iam", "create-role", "--role-name", "web")).status).toBe(252);
    await expectRefused(await cli("iam", "create-role", "--role-name", "bad name", "--assume-role-policy-document", trust), "ValidationError", "CreateRole");
    await expectRefused(await cli("ec2", "run-instances", "--metadata-options", "HttpTokens=maybe"), "InvalidParameterValue", "RunInstances", /HttpTokens must be optional or required/);
  });

  it("create-policy, create-policy-version --set-as-default (LimitExceeded at six), users and groups", async () => {
    const policy = (await cli("iam", "create-policy", "--policy-name", "ReadB", "--policy-document", readPolicy)).json().Policy;
    expect(policy).toMatchObject({ PolicyName: "ReadB", Arn: `arn:aws:iam::${a}:policy/ReadB`, DefaultVersionId: "v1", AttachmentCount: 0, IsAttachable: true });
    const v2 = (await cli("iam", "create-policy-version", "--policy-arn", policy.Arn, "--policy-document", readPolicy, "--set-as-default")).json();
    expect(v2.PolicyVersion).toMatchObject({ VersionId: "v2", IsDefaultVersion: true });
    for (let i = 3; i <= 5; i++) expect((await cli("iam", "create-policy-version", "--policy-arn", policy.Arn, "--policy-document", readPolicy)).status).toBe(0);
    await expectRefused(await cli("iam", "create-policy-version", "--policy-arn", policy.Arn, "--policy-document", readPolicy), "LimitExceeded", "CreatePolicyVersion");

    const user = (await cli("iam", "create-user", "--user-name", "carol")).json().User;
    expect(user).toMatchObject({ UserName: "carol", Path: "/", Arn: `arn:aws:iam::${a}:user/carol` });
    expect(user.UserId).toMatch(/^AIDA/);
    expect((await cli("iam", "put-user-policy", "--user-name", "carol", "--policy-name", "p", "--policy-document", readPolicy)).status).toBe(0);
    expect((await cli("iam", "attach-user-policy", "--user-name", "carol", "--policy-arn", policy.Arn)).status).toBe(0);
    const group = (await cli("iam", "create-group", "--group-name", "ops")).json().Group;
    expect(group).toMatchObject({ GroupName: "ops", Arn: `arn:aws:iam::${a}:group/ops` });
    expect((await cli("iam", "add-user-to-group", "--group-name", "ops", "--user-name", "carol")).status).toBe(0);
    expect((await cli("iam", "put-group-policy", "--group-name", "ops", "--policy-name", "g", "--policy-document", readPolicy)).status).toBe(0);
    await expectRefused(await cli("iam", "add-user-to-group", "--group-name", "ops", "--user-name", "nobody"), "NoSuchEntity", "AddUserToGroup");
  });

  it("IAM calls as a principal are authorized: alice may not create roles (AccessDenied plus the explanation line)", async () => {
    const r = await cli("iam", "create-role", "--role-name", "mine", "--assume-role-policy-document", trust, "--as", alice);
    await expectRefused(r, "AccessDenied", "CreateRole", /^An error occurred \(AccessDenied\) when calling the CreateRole operation: User: arn:aws:iam::111111111111:user\/alice is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111111111111:role\/mine because no identity-based policy allows the iam:CreateRole action$/);
    expect(r.stderr.trim().split("\n")[1]).toMatch(/^Missing permission: iam:CreateRole on arn:aws:iam::111111111111:role\/mine\./);
    expect(await db.role.count({ where: { name: "mine" } })).toBe(0);
  });
});

describe("iam instance profiles", () => {
  it("create, get, add a role (PassRole checked; a second role LimitExceeded), list for role, remove, delete (DeleteConflict while holding a role)", async () => {
    const created = (await cli("iam", "create-instance-profile", "--instance-profile-name", "web")).json();
    expect(created.InstanceProfile).toMatchObject({ Path: "/", InstanceProfileName: "web", Arn: `arn:aws:iam::${a}:instance-profile/web`, Roles: [] });
    await expectRefused(await cli("iam", "create-instance-profile", "--instance-profile-name", "web"), "EntityAlreadyExists", "CreateInstanceProfile");
    await expectRefused(await cli("iam", "add-role-to-instance-profile", "--instance-profile-name", "web", "--role-name", "Get-pics", "--as", alice), "AccessDenied", "AddRoleToInstanceProfile", /iam:AddRoleToInstanceProfile/);
    expect((await cli("iam", "add-role-to-instance-profile", "--instance-profile-name", "web", "--role-name", "Get-pics")).status).toBe(0);
    await expectRefused(await cli("iam", "add-role-to-instance-profile", "--instance-profile-name", "web", "--role-name", "abcd"), "LimitExceeded", "AddRoleToInstanceProfile", /Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1/);
    expect((await cli("iam", "get-instance-profile", "--instance-profile-name", "web")).json().InstanceProfile.Roles.map((r: any) => r.RoleName)).toEqual(["Get-pics"]);
    expect((await cli("iam", "list-instance-profiles-for-role", "--role-name", "Get-pics")).json().InstanceProfiles.map((p: any) => p.InstanceProfileName)).toEqual(["Get-pics", "web"]);
    await expectRefused(await cli("iam", "delete-instance-profile", "--instance-profile-name", "web"), "DeleteConflict", "DeleteInstanceProfile");
    await expectRefused(await cli("iam", "remove-role-from-instance-profile", "--instance-profile-name", "web", "--role-name", "abcd"), "NoSuchEntity", "RemoveRoleFromInstanceProfile");
    expect((await cli("iam", "remove-role-from-instance-profile", "--instance-profile-name", "web", "--role-name", "Get-pics")).status).toBe(0);
    expect((await cli("iam", "delete-instance-profile", "--instance-profile-name", "web")).status).toBe(0);
    await expectRefused(await cli("iam", "get-instance-profile", "--instance-profile-name", "web"), "NoSuchEntity", "GetInstanceProfile");
  });

  it("every mutation is audited with the acting principal", async () => {
    await cli("ec2", "run-instances", "--iam-instance-profile", "Name=Get-pics", "--as", bob);
    const entry = await db.auditEntry.findFirst({ where: { action: "RunInstances" }, orderBy: { id: "desc" } });
    expect(entry?.actor).toBe(`cli as ${bob}`);
    await cli("iam", "create-user", "--user-name", "dave");
    expect((await db.auditEntry.findFirst({ where: { action: "CreateUser" }, orderBy: { id: "desc" } }))?.actor).toBe(`cli as arn:aws:iam::${a}:root (account administrator, no --as)`);
  });
});

describe("a real process", () => {
  it("npx roleplay ec2 run-instances … --as bob exits 254 with the error line on standard error", () => {
    const result = spawnSync(process.execPath, [join(root, "bin", "roleplay.mjs"), "ec2", "run-instances", "--iam-instance-profile", "Name=ops-admin", "--as", bob], { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: url } });
    expect(result.status).toBe(254);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/An error occurred \(UnauthorizedOperation\) when calling the RunInstances operation: You are not authorized to perform this operation\./);
  });
});
