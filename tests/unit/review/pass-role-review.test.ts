// The PassRole review, rule by rule (shared/contracts/review.md), on small hand-made accounts.
import { describe, expect, it } from "vitest";
import { actionIndex } from "../../../lib/catalog/action-index";
import { compilePolicySet, evaluateRequest } from "../../../lib/policy/evaluate";
import { reviewPassRole, type ReviewResult } from "../../../lib/review/review-pass-role";
import { A, B, account, allow, deny, doc, launchAndS3, opsAdmin, passAnyToEc2, policy, role, toService, trustOf, user } from "./support";

const EC2 = "ec2.amazonaws.com";
const grantsOf = (r: ReviewResult, principal: string) => r.grants.filter((g) => g.principal.endsWith(`/${principal}`));
const grant = (r: ReviewResult, principal: string, roleName: string, service = EC2) =>
  r.grants.find((g) => g.principal.endsWith(`/${principal}`) && g.role.endsWith(`/${roleName}`) && g.service === service);
const escalation = (r: ReviewResult, principal: string, roleName: string, service = EC2) =>
  r.escalations.find((e) => e.principal.endsWith(`/${principal}`) && e.role.endsWith(`/${roleName}`) && e.service === service);

describe("grants", () => {
  it("Alice: PassRole in one policy and RunInstances in another combine into a grant, a launch path and an escalation", () => {
    const r = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2])], [opsAdmin()]));
    expect(grant(r, "alice", "ops-admin")).toEqual({
      principal: `arn:aws:iam::${A}:user/alice`,
      role: `arn:aws:iam::${A}:role/ops-admin`,
      service: EC2,
      trusted: true,
      launch: ["ec2:RunInstances"],
      instanceProfiles: [`arn:aws:iam::${A}:instance-profile/ops-admin`],
      via: [{ policy: "ConsoleLaunchWithAnyRole", statement: 0 }],
    });
    const e = escalation(r, "alice", "ops-admin")!;
    expect(e.gained.services).toEqual(["iam", "dynamodb"]);
    expect(e.gained.admin).toBe(false);
    const index = actionIndex();
    const iamAndDynamo = index.lowerIds.filter((id) => id.startsWith("iam:") || id.startsWith("dynamodb:")).length;
    expect(e.gained.actions).toBe(iamAndDynamo);
  });

  it("bob may pass only Get-pics: a grant on it, none on ops-admin, no escalation", () => {
    const getPics = role("Get-pics", [policy("ReadPhotos", allow("s3:GetObject", "arn:aws:s3:::photos/*"))]);
    const bob = user("bob", [policy("LaunchWithGetPicsOnly", allow("ec2:RunInstances"), allow("iam:PassRole", `arn:aws:iam::${A}:role/Get-pics`))]);
    const r = reviewPassRole(account([bob], [getPics, opsAdmin()]));
    expect(grantsOf(r, "bob").map((g) => g.role)).toEqual([`arn:aws:iam::${A}:role/Get-pics`]);
    expect(grant(r, "bob", "Get-pics")!.via).toEqual([{ policy: "LaunchWithGetPicsOnly", statement: 1 }]);
    // Get-pics reads one object prefix; bob cannot read it on `*`, but s3:GetObject on `*` is not what Get-pics has either.
    expect(r.escalations).toEqual([]);
  });

  it("a PassRole granted through a group counts for the user, named by the group's statement", () => {
    const groupPolicy = { ...policy("DeployersPassRole", allow("iam:PassRole", "*", toService(EC2))), from: "group deployers" };
    const r = reviewPassRole(account([user("carol", [launchAndS3, groupPolicy], { groups: ["deployers"] })], [opsAdmin()]));
    expect(grant(r, "carol", "ops-admin")!.via).toEqual([{ policy: "DeployersPassRole", statement: 0 }]);
    expect(escalation(r, "carol", "ops-admin")).toBeDefined();
    const finding = r.findings.find((f) => f.kind === "escalation")!;
    expect(finding.explanation).toContain("from group deployers");
  });

  it("iam:PassedToService limits the grant to that service", () => {
    const lambdaRole = role("fn", [policy("Logs", allow("logs:*"))], { trust: trustOf(EC2, "lambda.amazonaws.com") });
    const r = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2])], [lambdaRole]));
    expect(grantsOf(r, "alice").map((g) => g.service)).toEqual([EC2]);
  });

  it("a Deny in the permissions boundary removes the grant", () => {
    const boundary = policy("Boundary", allow("*"), deny("iam:PassRole"));
    const r = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2], { boundary })], [opsAdmin()]));
    expect(grantsOf(r, "alice")).toEqual([]);
  });

  it("a boundary that does not allow PassRole removes it too; one that allows keeps it", () => {
    const narrow = policy("OnlyEc2", allow("ec2:*"));
    const wide = policy("Ec2AndIam", allow(["ec2:*", "iam:PassRole"]));
    const none = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2], { boundary: narrow })], [opsAdmin()]));
    const some = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2], { boundary: wide })], [opsAdmin()]));
    expect(grantsOf(none, "alice")).toEqual([]);
    expect(grant(some, "alice", "ops-admin")!.launch).toEqual(["ec2:RunInstances"]);
  });

  it("an SCP denying PassRole removes the grant; one not allowing RunInstances removes the launch path", () => {
    const scpDenyPass = { [A]: [{ target: "r-root", policies: [policy("FullAWSAccess", allow("*")), policy("NoPassRole", deny("iam:PassRole"))] }] };
    const scpNoEc2 = { [A]: [{ target: "r-root", policies: [policy("NoEc2", allow(["iam:*", "s3:*", "dynamodb:*"]))] }] };
    const alice = user("alice", [launchAndS3, passAnyToEc2]);
    expect(grantsOf(reviewPassRole(account([alice], [opsAdmin()], scpDenyPass)), "alice")).toEqual([]);
    const r = reviewPassRole(account([alice], [opsAdmin()], scpNoEc2));
    expect(grant(r, "alice", "ops-admin")!.launch).toEqual([]);
    expect(r.escalations).toEqual([]);
  });

  it("a role not trusted by EC2 is a grant with trusted false and never an escalation", () => {
    const notTrusted = role("lambda-admin", [policy("Admin", allow("*"))], { trust: trustOf("lambda.amazonaws.com") });
    const r = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2])], [notTrusted]), { services: [EC2] });
    expect(grant(r, "alice", "lambda-admin")).toMatchObject({ trusted: false, launch: ["ec2:RunInstances"] });
    expect(r.escalations).toEqual([]);
  });

  it("trust is decided by the evaluator: a Deny for EC2 in the trust policy means not trusted", () => {
    const trust = doc({ Effect: "Allow", Principal: { Service: EC2 }, Action: "sts:AssumeRole" }, { Effect: "Deny", Principal: { Service: EC2 }, Action: "sts:AssumeRole" });
    const r = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2])], [role("r", [policy("Admin", allow("*"))], { trust })]));
    expect(grant(r, "alice", "r")!.trusted).toBe(false);
  });

  it("no instance profile: no launch path without the right to create one, a path with CreateInstanceProfile and AddRoleToInstanceProfile", () => {
    const bare = role("bare", [policy("Admin", allow("*"))], { profile: false });
    const without = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2])], [bare]));
    expect(grant(without, "alice", "bare")!.launch).toEqual([]);
    expect(without.escalations).toEqual([]);
    const creator = user("alice", [launchAndS3, passAnyToEc2, policy("Profiles", allow(["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile"]))]);
    const withRights = reviewPassRole(account([creator], [bare]));
    expect(grant(withRights, "alice", "bare")!.launch).toEqual(["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", "ec2:RunInstances"]);
    expect(escalation(withRights, "alice", "bare")!.gained.admin).toBe(true);
  });

  it("creating a profile counts only together with an EC2 action that can use it", () => {
    const bare = role("bare", [policy("Admin", allow("*"))], { profile: false });
    const onlyIam = user("dave", [passAnyToEc2, policy("Profiles", allow(["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile"]))]);
    expect(grant(reviewPassRole(account([onlyIam], [bare])), "dave", "bare")!.launch).toEqual([]);
  });

  it("associating or replacing a profile on a running instance is a launch path", () => {
    const assoc = user("erin", [passAnyToEc2, policy("Assoc", allow(["ec2:AssociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation"]))]);
    const r = reviewPassRole(account([assoc], [opsAdmin()]));
    expect(grant(r, "erin", "ops-admin")!.launch).toEqual(["ec2:AssociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation"]);
    expect(escalation(r, "erin", "ops-admin")).toBeDefined();
  });

  it("ECS needs RegisterTaskDefinition with RunTask or StartTask; Lambda CreateFunction or UpdateFunctionConfiguration; other services none", () => {
    const multi = role("multi", [policy("Admin", allow("*"))], { trust: trustOf("ecs-tasks.amazonaws.com", "lambda.amazonaws.com", "glue.amazonaws.com") });
    const passAll = policy("PassAll", allow("iam:PassRole"));
    const ecsOnlyRegister = reviewPassRole(account([user("u", [passAll, policy("Ecs", allow("ecs:RegisterTaskDefinition"))])], [multi]));
    expect(grant(ecsOnlyRegister, "u", "multi", "ecs-tasks.amazonaws.com")!.launch).toEqual([]);
    const ecs = reviewPassRole(account([user("u", [passAll, policy("Ecs", allow(["ecs:RegisterTaskDefinition", "ecs:StartTask"]))])], [multi]));
    expect(grant(ecs, "u", "multi", "ecs-tasks.amazonaws.com")!.launch).toEqual(["ecs:RegisterTaskDefinition", "ecs:StartTask"]);
    expect(escalation(ecs, "u", "multi", "ecs-tasks.amazonaws.com")!.gained.admin).toBe(true);
    const lambda = reviewPassRole(account([user("u", [passAll, policy("Fn", allow("lambda:UpdateFunctionConfiguration"))])], [multi]));
    expect(grant(lambda, "u", "multi", "lambda.amazonaws.com")!.launch).toEqual(["lambda:UpdateFunctionConfiguration"]);
    const glue = reviewPassRole(account([user("u", [passAll, policy("Glue", allow("glue:*"))])], [multi]));
    expect(grant(glue, "u", "multi", "glue.amazonaws.com")).toMatchObject({ trusted: true, launch: [] });
    expect(glue.escalations.filter((e) => e.service === "glue.amazonaws.com")).toEqual([]);
  });

  it("a role can pass another role, and passing itself is a grant but never an escalation", () => {
    const launcher = role("launcher", [launchAndS3, passAnyToEc2]);
    const r = reviewPassRole(account([], [launcher, opsAdmin()]));
    expect(grant(r, "launcher", "launcher")).toBeDefined();
    expect(escalation(r, "launcher", "launcher")).toBeUndefined();
    expect(escalation(r, "launcher", "ops-admin")).toBeDefined();
  });

  it("a principal is paired only with roles of its own account", () => {
    const other = role("ops-admin", [policy("Admin", allow("*"))], { account: B });
    const r = reviewPassRole(account([user("alice", [launchAndS3, policy("PassAll", allow("iam:PassRole"))])], [other]));
    expect(grantsOf(r, "alice")).toEqual([]);
    expect(r.grants.map((g) => `${g.principal} ${g.role}`)).toEqual([`${other.arn} ${other.arn}`]);
    expect(r.accounts).toEqual([A, B]);
  });

  it("no escalation when the role can do nothing the principal cannot", () => {
    const small = role("small", [policy("S3Read", allow("s3:GetObject"))]);
    const r = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2])], [small]));
    expect(grant(r, "alice", "small")).toMatchObject({ trusted: true, launch: ["ec2:RunInstances"] });
    expect(r.escalations).toEqual([]);
  });

  it("gained counts only what the evaluator allows on `*` with an empty context: conditions and ARNs do not count", () => {
    const conditional = role("cond", [
      policy("Scoped", allow("dynamodb:*", `arn:aws:dynamodb:us-east-1:${A}:table/orders`), allow("sqs:*", "*", { StringEquals: { "aws:SourceVpc": "vpc-1" } }), allow("sns:Publish")),
    ]);
    const r = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2])], [conditional]));
    expect(escalation(r, "alice", "cond")!.gained).toEqual({ actions: 1, services: ["sns"], admin: false });
  });

  it("denies in the role's own policies reduce what is gained; admin needs every catalog action", () => {
    const almost = role("almost", [policy("Admin", allow("*")), policy("NoIam", deny("iam:*"))]);
    const r = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2])], [almost]));
    const gained = escalation(r, "alice", "almost")!.gained;
    expect(gained.admin).toBe(false);
    expect(gained.services).not.toContain("iam");
  });

  it("with no --service, every service named in a trust policy is reviewed; --service narrows", () => {
    const input = account([user("alice", [policy("PassAll", allow("iam:PassRole"))])], [role("a", [], { trust: trustOf(EC2, "lambda.amazonaws.com") }), role("b", [], { trust: trustOf("ecs-tasks.amazonaws.com") })]);
    expect(reviewPassRole(input).services).toEqual([EC2, "ecs-tasks.amazonaws.com", "lambda.amazonaws.com"]);
    const narrowed = reviewPassRole(input, { services: ["lambda.amazonaws.com"] });
    expect(new Set(narrowed.grants.map((g) => g.service))).toEqual(new Set(["lambda.amazonaws.com"]));
  });

  it("every grant is the evaluator's own decision for the principal's combined policies", () => {
    const alice = user("alice", [launchAndS3, passAnyToEc2, policy("NoPassAdmin", deny("iam:PassRole", `arn:aws:iam::${A}:role/admin-*`))]);
    const roles = [opsAdmin(), role("admin-1", [policy("Admin", allow("*"))]), role("web", [])];
    const r = reviewPassRole(account([alice], roles));
    const set = compilePolicySet({ identityPolicies: alice.policies.map((p) => ({ name: p.name, document: p.document })) });
    for (const target of roles) {
      const decision = evaluateRequest(set, { principal: alice.arn, action: "iam:PassRole", resource: target.arn, context: { "iam:PassedToService": EC2 } }).decision;
      expect(Boolean(grant(r, "alice", target.name)), target.name).toBe(decision === "Allow");
    }
    expect(grant(r, "alice", "admin-1")).toBeUndefined();
  });
});

describe("findings", () => {
  it("flag PassRole on any role, and PassRole without a service condition, even without an escalation", () => {
    const scopedNoCondition = user("bob", [policy("PassGetPics", allow("iam:PassRole", `arn:aws:iam::${A}:role/Get-pics`))]);
    const anyRoleEc2 = user("alice", [passAnyToEc2]);
    const anyRoleAnyService = user("zed", [policy("PassEverything", allow("iam:PassRole"))]);
    const r = reviewPassRole(account([scopedNoCondition, anyRoleEc2, anyRoleAnyService], [role("Get-pics", [])]));
    const kinds = (name: string) => r.findings.filter((f) => f.principal?.endsWith(`/${name}`)).map((f) => `${f.kind}:${f.severity}`);
    expect(kinds("bob")).toEqual(["passrole-any-service:medium"]);
    expect(kinds("alice")).toEqual(["passrole-any-role:medium"]);
    expect(kinds("zed")).toEqual(["passrole-any-role:high"]);
    expect(r.escalations).toEqual([]);
  });

  it("flag a role on an instance profile that is effectively an administrator", () => {
    const r = reviewPassRole(account([], [role("god", [policy("AdministratorAccess", allow("*"))]), role("god-no-profile", [policy("AdministratorAccess", allow("*"))], { profile: false })]));
    const onProfiles = r.findings.filter((f) => f.kind === "admin-role-on-instance-profile");
    expect(onProfiles.map((f) => `${f.severity}:${f.role?.split("/").pop()}`)).toEqual(["high:god"]);
  });

  it("an escalation to an administrator is critical and says how, and how to fix it", () => {
    const r = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2])], [role("god", [policy("AdministratorAccess", allow("*"))])]));
    const f = r.findings.find((x) => x.kind === "escalation")!;
    expect(f.severity).toBe("critical");
    expect(f.explanation).toMatch(/alice may pass god to ec2\.amazonaws\.com \(ConsoleLaunchWithAnyRole statement 1\) and may call ec2:RunInstances/);
    expect(f.explanation).toContain("instance profile god");
    expect(f.fix).toContain("Narrow the Resource of ConsoleLaunchWithAnyRole statement 1");
  });
});
