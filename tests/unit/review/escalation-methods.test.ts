// The escalation graph, method by method (shared/contracts/escalation-paths.md): each on a small
// account where it applies, and on one where a condition, a boundary, an SCP or a trust blocks it.
import { describe, expect, it } from "vitest";
import type { ReviewInput, ReviewPolicy } from "../../../lib/review/review-input";
import { A, B, account, allow, deny, doc, policy, role, trustOf, user, type Statement } from "./support";
import { edgeLines, edgesBetween, graphOf } from "./escalation-support";

const trustAccount = (acct: string, Condition?: Record<string, unknown>) => doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: "sts:AssumeRole", ...(Condition ? { Condition } : {}) });
const trustArn = (arn: string) => doc({ Effect: "Allow", Principal: { AWS: arn }, Action: "sts:AssumeRole" });
const admin = (name = "boss", options: Parameters<typeof role>[2] = {}) => role(name, [policy("AdministratorAccess", allow("*"))], { profile: false, trust: trustAccount(options.account ?? A), ...options });
const quiet = (name: string) => role(name, [policy(`${name}-logs`, allow("logs:PutLogEvents"))], { profile: false, trust: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }) });
const arnOf = (kind: "user" | "role", name: string, acct = A) => `arn:aws:iam::${acct}:${kind}/${name}`;
const only = (...statements: Statement[]) => policy(`p${JSON.stringify(statements).length}`, ...statements);

describe("sts:AssumeRole", () => {
  it("same account: a trust naming the account delegates to the caller's identity policies", () => {
    const g = graphOf(account([user("alice", [only(allow("sts:AssumeRole"))]), user("bob", [])], [admin()]));
    expect(edgeLines(g)).toEqual(["alice → boss by sts:AssumeRole"]);
    const [edge] = edgesBetween(g, "alice", "boss");
    expect(edge.evidence.map((e) => [e.kind, e.statement])).toEqual([
      ["identity", 0],
      ["resource", 0],
    ]);
  });

  it("same account: a trust naming the user itself needs no identity statement", () => {
    const g = graphOf(account([user("bob", [])], [admin("boss", { trust: trustArn(arnOf("user", "bob")) })]));
    expect(edgeLines(g)).toEqual(["bob → boss by sts:AssumeRole"]);
  });

  it("a permissions boundary without sts:AssumeRole blocks the delegated grant", () => {
    const boundary = policy("OnlyS3", allow("s3:*"));
    const g = graphOf(account([user("alice", [only(allow("sts:AssumeRole"))], { boundary })], [admin()]));
    expect(edgeLines(g)).toEqual([]);
  });

  it("cross-account: both the caller's policy and the other account's trust must allow", () => {
    const caller = user("alice", [only(allow("sts:AssumeRole", arnOf("role", "boss", B)))]);
    const trusting = graphOf(account([caller], [admin("boss", { account: B, trust: trustAccount(A) })]));
    expect(edgeLines(trusting)).toEqual(["alice → boss by sts:AssumeRole"]);
    const notTrusting = graphOf(account([caller], [admin("boss", { account: B, trust: trustAccount(B) })]));
    expect(edgeLines(notTrusting)).toEqual([]);
    // Named in the trust, but without an identity statement: cross-account needs both sides.
    const noIdentity = graphOf(account([user("alice", [])], [admin("boss", { account: B, trust: trustArn(arnOf("user", "alice")) })]));
    expect(edgeLines(noIdentity)).toEqual([]);
  });

  it("a condition the graph cannot know is a missing key: MFA required blocks, MFA-if-present allows and says so", () => {
    const alice = user("alice", [only(allow("sts:AssumeRole"))]);
    const required = graphOf(account([alice], [admin("boss", { trust: trustAccount(A, { Bool: { "aws:MultiFactorAuthPresent": "true" } }) })]));
    expect(edgeLines(required)).toEqual([]);
    const ifPresent = graphOf(account([alice], [admin("boss", { trust: trustAccount(A, { BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } }) })]));
    expect(edgesBetween(ifPresent, "alice", "boss")[0].assumes).toEqual(["aws:MultiFactorAuthPresent"]);
  });

  it("a Deny the caller escapes only because a key is absent is listed in assumes; a negated one applies", () => {
    const denyWithoutMfa = (operator: string) => ({ Effect: "Deny", Action: "*", Resource: "*", Condition: { [operator]: { "aws:MultiFactorAuthPresent": "false" } } });
    const escaped = graphOf(account([user("alice", [only(allow("sts:AssumeRole"), denyWithoutMfa("Bool"))])], [admin()]));
    expect(edgesBetween(escaped, "alice", "boss")[0].assumes).toEqual(["aws:MultiFactorAuthPresent"]);
    // BoolIfExists holds when the key is absent: the Deny applies, as in AWS.
    expect(edgeLines(graphOf(account([user("alice", [only(allow("sts:AssumeRole"), denyWithoutMfa("BoolIfExists"))])], [admin()])))).toEqual([]);
    // A negated operator on an absent key holds too: "deny unless from our network" denies.
    const notIp = { Effect: "Deny", Action: "*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } } };
    expect(edgeLines(graphOf(account([user("alice", [only(allow("sts:AssumeRole"), notIp)])], [admin()])))).toEqual([]);
  });

  it("a chain of roles: each hop is its own edge", () => {
    const start = role("start", [only(allow("sts:AssumeRole"))], { profile: false, trust: trustOf("ec2.amazonaws.com") });
    const middle = role("middle", [only(allow("sts:AssumeRole"))], { profile: false, trust: trustArn(arnOf("role", "start")) });
    const end = admin("end", { trust: trustArn(arnOf("role", "middle")) });
    expect(edgeLines(graphOf(account([], [start, middle, end])))).toEqual(["middle → end by sts:AssumeRole", "start → middle by sts:AssumeRole"]);
  });
});

describe("iam:PassRole to a service the role trusts", () => {
  const passTo = (service: string) => allow("iam:PassRole", "*", { StringEquals: { "iam:PassedToService": service } });
  const target = (service: string, options: Parameters<typeof role>[2] = {}) => role("target", [policy("TargetAdmin", allow("*"))], { trust: trustOf(service), profile: false, ...options });
  const cases: { name: string; service: string; actions: string[]; method: string }[] = [
    { name: "Lambda", service: "lambda.amazonaws.com", actions: ["lambda:CreateFunction", "lambda:InvokeFunction"], method: "iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction" },
    { name: "Lambda through an event source", service: "lambda.amazonaws.com", actions: ["lambda:CreateFunction", "lambda:CreateEventSourceMapping"], method: "iam:PassRole+lambda:CreateFunction+lambda:CreateEventSourceMapping" },
    { name: "CloudFormation", service: "cloudformation.amazonaws.com", actions: ["cloudformation:CreateStack"], method: "iam:PassRole+cloudformation:CreateStack" },
    { name: "ECS", service: "ecs-tasks.amazonaws.com", actions: ["ecs:RegisterTaskDefinition", "ecs:RunTask"], method: "iam:PassRole+ecs:RegisterTaskDefinition+ecs:RunTask" },
    { name: "Glue", service: "glue.amazonaws.com", actions: ["glue:CreateDevEndpoint"], method: "iam:PassRole+glue:CreateDevEndpoint" },
    { name: "SageMaker", service: "sagemaker.amazonaws.com", actions: ["sagemaker:CreateNotebookInstance"], method: "iam:PassRole+sagemaker:CreateNotebookInstance" },
    { name: "CodeBuild", service: "codebuild.amazonaws.com", actions: ["codebuild:CreateProject", "codebuild:StartBuild"], method: "iam:PassRole+codebuild:CreateProject+codebuild:StartBuild" },
    {
      name: "Data Pipeline",
      service: "datapipeline.amazonaws.com",
      actions: ["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition", "datapipeline:ActivatePipeline"],
      method: "iam:PassRole+datapipeline:CreatePipeline+datapipeline:PutPipelineDefinition+datapipeline:ActivatePipeline",
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.method}`, () => {
      const g = graphOf(account([user("alice", [only(passTo(c.service), allow(c.actions))])], [target(c.service)]));
      expect(edgeLines(g)).toEqual([`alice → target by ${c.method}`]);
      expect(edgesBetween(g, "alice", "target")[0].service).toBe(c.service);
    });
    it(`${c.name}: no edge when one of its actions is missing, or when the role does not trust ${c.service}`, () => {
      const missing = graphOf(account([user("alice", [only(passTo(c.service), allow(c.actions.slice(0, -1).length ? c.actions.slice(0, -1) : ["s3:GetObject"]))])], [target(c.service)]));
      expect(edgeLines(missing)).toEqual([]);
      const untrusted = graphOf(account([user("alice", [only(passTo(c.service), allow(c.actions))])], [target("ec2.amazonaws.com")]));
      expect(edgeLines(untrusted)).toEqual([]);
    });
  }

  it("EC2 with an existing instance profile: PassRole + RunInstances, through that profile", () => {
    const g = graphOf(account([user("alice", [only(passTo("ec2.amazonaws.com"), allow("ec2:RunInstances"))])], [target("ec2.amazonaws.com", { profile: true })]));
    const [edge] = edgesBetween(g, "alice", "target");
    expect(edge.method).toBe("iam:PassRole+ec2:RunInstances");
    expect(edge.via).toBe(`arn:aws:iam::${A}:instance-profile/target`);
  });

  it("EC2 without a profile needs CreateInstanceProfile and AddRoleToInstanceProfile as well", () => {
    const launchOnly = graphOf(account([user("alice", [only(passTo("ec2.amazonaws.com"), allow("ec2:RunInstances"))])], [target("ec2.amazonaws.com")]));
    expect(edgeLines(launchOnly)).toEqual([]);
    const creating = graphOf(account([user("alice", [only(passTo("ec2.amazonaws.com"), allow(["ec2:RunInstances", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile"]))])], [target("ec2.amazonaws.com")]));
    expect(edgeLines(creating)).toEqual(["alice → target by iam:PassRole+iam:CreateInstanceProfile+iam:AddRoleToInstanceProfile+ec2:RunInstances"]);
  });

  it("iam:PassedToService naming another service blocks; a resource limited to another role blocks", () => {
    const otherService = graphOf(account([user("alice", [only(passTo("ec2.amazonaws.com"), allow(["lambda:CreateFunction", "lambda:InvokeFunction"]))])], [target("lambda.amazonaws.com")]));
    expect(edgeLines(otherService)).toEqual([]);
    const otherRole = graphOf(account([user("alice", [only(allow("iam:PassRole", arnOf("role", "other")), allow(["lambda:CreateFunction", "lambda:InvokeFunction"]))])], [target("lambda.amazonaws.com")]));
    expect(edgeLines(otherRole)).toEqual([]);
  });

  it("an SCP denying the launch action blocks the edge", () => {
    const scps = { [A]: [{ target: "r-root", policies: [policy("FullAWSAccess", allow("*")), policy("NoStacks", deny("cloudformation:CreateStack"))] }] };
    const g = graphOf(account([user("alice", [only(passTo("cloudformation.amazonaws.com"), allow("cloudformation:CreateStack"))])], [target("cloudformation.amazonaws.com")], scps));
    expect(edgesBetween(g, "alice", "target")).toEqual([]);
  });

  it("a create action limited to named resources still counts: the caller names what it creates", () => {
    const g = graphOf(account([user("alice", [only(passTo("lambda.amazonaws.com"), allow(["lambda:CreateFunction", "lambda:InvokeFunction"], `arn:aws:lambda:us-east-1:${A}:function:team-*`))])], [target("lambda.amazonaws.com")]));
    expect(edgeLines(g)).toEqual(["alice → target by iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction"]);
  });

  it("PassRole is never cross-account", () => {
    const g = graphOf(account([user("alice", [only(allow("iam:PassRole"), allow(["lambda:CreateFunction", "lambda:InvokeFunction"]))])], [target("lambda.amazonaws.com", { account: B })]));
    expect(edgeLines(g)).toEqual([]);
  });
});

describe("new credentials for another user", () => {
  for (const action of ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"]) {
    it(`${action} on another user is an edge to that user`, () => {
      const g = graphOf(account([user("alice", [only(allow(action))]), user("bob", [])], []));
      expect(edgeLines(g)).toEqual([`alice → bob by ${action}`]);
    });
  }
  it("a Resource of ${aws:username} (one's own keys only) gives no edge", () => {
    const own = only(allow("iam:CreateAccessKey", `arn:aws:iam::${A}:user/\${aws:username}`));
    expect(edgeLines(graphOf(account([user("alice", [own]), user("bob", [])], [])))).toEqual([]);
  });
  it("a boundary without the action blocks it", () => {
    const g = graphOf(account([user("alice", [only(allow("iam:CreateLoginProfile"))], { boundary: policy("OnlyRead", allow("iam:Get*")) }), user("bob", [])], []));
    expect(edgeLines(g)).toEqual([]);
  });
});

describe("iam:UpdateAssumeRolePolicy then sts:AssumeRole", () => {
  const locked = () => admin("boss", { trust: trustOf("ec2.amazonaws.com") });
  it("rewriting the trust to name oneself is an edge, even without sts:AssumeRole in one's policies", () => {
    const g = graphOf(account([user("alice", [only(allow("iam:UpdateAssumeRolePolicy"))])], [locked()]));
    expect(edgeLines(g)).toEqual(["alice → boss by iam:UpdateAssumeRolePolicy+sts:AssumeRole"]);
  });
  it("an explicit Deny of sts:AssumeRole blocks it", () => {
    const g = graphOf(account([user("alice", [only(allow("iam:UpdateAssumeRolePolicy"), deny("sts:AssumeRole"))])], [locked()]));
    expect(edgeLines(g)).toEqual([]);
  });
});

describe("self-grants: edges to the node admin", () => {
  const withArn = (p: ReviewPolicy, arn: string, otherVersions?: ReviewPolicy["otherVersions"]): ReviewPolicy => ({ ...p, arn, ...(otherVersions ? { otherVersions } : {}) });
  it("iam:PutUserPolicy and iam:AttachUserPolicy on oneself", () => {
    expect(edgeLines(graphOf(account([user("alice", [only(allow("iam:PutUserPolicy", arnOf("user", "alice")))])], [])))).toEqual(["alice → admin by iam:PutUserPolicy"]);
    expect(edgeLines(graphOf(account([user("alice", [only(allow("iam:AttachUserPolicy"))])], [])))).toEqual(["alice → admin by iam:AttachUserPolicy"]);
  });
  it("iam:AttachUserPolicy limited by iam:PolicyARN to a read-only policy gives no edge", () => {
    const limited = only(allow("iam:AttachUserPolicy", "*", { ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" } }));
    expect(edgeLines(graphOf(account([user("alice", [limited])], [])))).toEqual([]);
  });
  it("a boundary caps self-grants; deleting the boundary too lifts the cap", () => {
    const boundary = policy("Boundary", allow(["s3:*", "iam:PutUserPolicy", "iam:DeleteUserPermissionsBoundary"]));
    expect(edgeLines(graphOf(account([user("alice", [only(allow("iam:PutUserPolicy"))], { boundary })], [])))).toEqual([]);
    const both = graphOf(account([user("alice", [only(allow(["iam:PutUserPolicy", "iam:DeleteUserPermissionsBoundary"]))], { boundary })], []));
    expect(edgeLines(both)).toEqual(["alice → admin by iam:DeleteUserPermissionsBoundary+iam:PutUserPolicy"]);
  });
  it("an SCP that denies anything leaves nobody an administrator, so no self-grant reaches admin", () => {
    const scps = { [A]: [{ target: "r-root", policies: [policy("FullAWSAccess", allow("*")), policy("NoOrgs", deny("organizations:*"))] }] };
    expect(edgeLines(graphOf(account([user("alice", [only(allow("iam:PutUserPolicy"))])], [], scps)))).toEqual([]);
  });
  it("iam:PutGroupPolicy / iam:AttachGroupPolicy on a group one is in, not on another group", () => {
    const groups = [{ arn: `arn:aws:iam::${A}:group/devs`, name: "devs", account: A, policies: [] }, { arn: `arn:aws:iam::${A}:group/ops`, name: "ops", account: A, policies: [] }];
    const onDevs: ReviewInput = { ...account([user("alice", [only(allow("iam:PutGroupPolicy", `arn:aws:iam::${A}:group/devs`))], { groups: ["devs"] })], []), groups };
    expect(edgeLines(graphOf(onDevs))).toEqual(["alice → admin by iam:PutGroupPolicy"]);
    const onOps: ReviewInput = { ...account([user("alice", [only(allow("iam:AttachGroupPolicy", `arn:aws:iam::${A}:group/ops`))], { groups: ["devs"] })], []), groups };
    expect(edgeLines(graphOf(onOps))).toEqual([]);
  });
  it("iam:AddUserToGroup into a group of administrators; not into an ordinary group", () => {
    const admins = { arn: `arn:aws:iam::${A}:group/admins`, name: "admins", account: A, policies: [policy("AdministratorAccess", allow("*"))] };
    const readers = { arn: `arn:aws:iam::${A}:group/readers`, name: "readers", account: A, policies: [policy("Read", allow("s3:Get*"))] };
    const input = (groups: (typeof admins)[]): ReviewInput => ({ ...account([user("alice", [only(allow("iam:AddUserToGroup"))])], []), groups });
    const g = graphOf(input([admins, readers]));
    expect(edgeLines(g)).toEqual(["alice → admin by iam:AddUserToGroup"]);
    expect(edgesBetween(g, "alice", "admin")[0].via).toBe(admins.arn);
    expect(edgeLines(graphOf(input([readers])))).toEqual([]);
  });
  it("iam:PutRolePolicy on itself, and iam:AttachRolePolicy on a role one can assume", () => {
    const self = role("ops", [only(allow("iam:PutRolePolicy", arnOf("role", "ops")))], { profile: false });
    expect(edgeLines(graphOf(account([], [self])))).toEqual(["ops → admin by iam:PutRolePolicy"]);
    const helper = quiet("helper");
    helper.trust = { ...helper.trust, document: trustAccount(A) };
    const g = graphOf(account([user("alice", [only(allow(["sts:AssumeRole", "iam:AttachRolePolicy"]))])], [helper]));
    expect(edgeLines(g)).toEqual(["alice → admin by iam:AttachRolePolicy", "alice → helper by sts:AssumeRole"]);
    expect(edgesBetween(g, "alice", "admin")[0].via).toBe(arnOf("role", "helper"));
  });
  it("iam:CreatePolicyVersion on a customer-managed policy attached to oneself; never on an AWS-managed one", () => {
    const mine = withArn(only(allow("iam:CreatePolicyVersion")), `arn:aws:iam::${A}:policy/mine`);
    const g = graphOf(account([user("alice", [mine])], []));
    expect(edgeLines(g)).toEqual(["alice → admin by iam:CreatePolicyVersion"]);
    const aws = withArn(only(allow("iam:CreatePolicyVersion")), "arn:aws:iam::aws:policy/SomeManaged");
    expect(edgeLines(graphOf(account([user("alice", [aws])], [])))).toEqual([]);
  });
  it("iam:SetDefaultPolicyVersion when another version of an attached policy would make one an administrator", () => {
    const arn = `arn:aws:iam::${A}:policy/mine`;
    const withAdminVersion = withArn(only(allow("iam:SetDefaultPolicyVersion")), arn, [{ versionId: "v1", document: doc(allow("*")) }]);
    expect(edgeLines(graphOf(account([user("alice", [withAdminVersion])], [])))).toEqual(["alice → admin by iam:SetDefaultPolicyVersion"]);
    const withReadVersion = withArn(only(allow("iam:SetDefaultPolicyVersion")), arn, [{ versionId: "v1", document: doc(allow("s3:*")) }]);
    expect(edgeLines(graphOf(account([user("alice", [withReadVersion])], [])))).toEqual([]);
  });
});

describe("workloads in a workspace", () => {
  const ops = () => role("ops", [policy("Ops", allow("*"))], { trust: trustOf("ec2.amazonaws.com") });
  const withInstance = (state: string, policies: ReviewPolicy[]): ReviewInput => {
    const input = account([user("alice", policies)], [ops()]);
    return { ...input, instances: [{ id: "i-0123456789abcdef0", account: A, state, region: "us-east-1", profileArn: `arn:aws:iam::${A}:instance-profile/ops` }] };
  };
  it("ssm:SendCommand on a running instance reaches the role of its profile", () => {
    const g = graphOf(withInstance("running", [only(allow("ssm:SendCommand", `arn:aws:ec2:us-east-1:${A}:instance/*`))]));
    expect(edgeLines(g)).toEqual(["alice → ops by ssm:SendCommand"]);
    expect(edgesBetween(g, "alice", "ops")[0].via).toBe(`arn:aws:ec2:us-east-1:${A}:instance/i-0123456789abcdef0`);
  });
  it("a stopped instance, or a session limited to another region, gives no edge", () => {
    expect(edgeLines(graphOf(withInstance("stopped", [only(allow("ssm:StartSession"))])))).toEqual([]);
    expect(edgeLines(graphOf(withInstance("running", [only(allow("ssm:StartSession", `arn:aws:ec2:eu-west-1:${A}:instance/*`))])))).toEqual([]);
  });
  it("ecs:ExecuteCommand on a running task reaches its task role", () => {
    const input: ReviewInput = { ...account([user("alice", [only(allow("ecs:ExecuteCommand"))])], [ops()]), tasks: [{ arn: `arn:aws:ecs:us-east-1:${A}:task/main/0123`, account: A, status: "RUNNING", taskRoleArn: arnOf("role", "ops") }] };
    expect(edgeLines(graphOf(input))).toEqual(["alice → ops by ecs:ExecuteCommand"]);
  });
});

describe("administrators", () => {
  it("are principals allowed every catalog action on *; one Deny makes a principal not one", () => {
    const g = graphOf(account([user("root-ish", [policy("All", allow("*"))]), user("almost", [policy("AllButOne", allow("*"), deny("s3:DeleteBucket"))])], []));
    expect(g.admins).toEqual([arnOf("user", "root-ish")]);
  });
  it("have no outgoing edges but sts:AssumeRole (they can already do everything in their account)", () => {
    const g = graphOf(account([user("root-ish", [policy("All", allow("*"))]), user("bob", [])], [admin("boss", { account: B, trust: trustAccount(A) })]));
    expect(edgeLines(g)).toEqual(["root-ish → boss by sts:AssumeRole"]);
  });
});
