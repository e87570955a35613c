/**
 * A seeded generator of large `get-account-authorization-details` exports, for benchmarks and load
 * tests: roles by application path with EC2, Lambda and ECS trust, instance profiles, groups of
 * users sharing managed policies, a few broad PassRole grants and many scoped ones. The same seed
 * gives the same file.
 */
const V = "2012-10-17";

export interface GeneratorOptions {
  seed?: number;
  account?: string;
  roles?: number;
  users?: number;
  groups?: number;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICE_ACTIONS = [
  ["s3:GetObject", "s3:ListBucket"],
  ["s3:PutObject", "s3:DeleteObject"],
  ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"],
  ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
  ["sns:Publish"],
  ["logs:CreateLogStream", "logs:PutLogEvents"],
  ["kms:Decrypt", "kms:GenerateDataKey"],
  ["secretsmanager:GetSecretValue"],
  ["ssm:GetParameter", "ssm:GetParameters"],
  ["cloudwatch:PutMetricData"],
  ["ec2:Describe*"],
  ["lambda:InvokeFunction"],
  ["states:StartExecution"],
  ["kinesis:PutRecord", "kinesis:GetRecords"],
];
const AWS_MANAGED = [
  "arn:aws:iam::aws:policy/ReadOnlyAccess",
  "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
  "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
  "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
  "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
  "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
];
const TRUSTS = ["ec2.amazonaws.com", "ec2.amazonaws.com", "ec2.amazonaws.com", "lambda.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com"];

function id(prefix: string, n: number): string {
  return `${prefix}${n.toString(36).toUpperCase().padStart(17, "Q")}`;
}

/** Builds the export as a plain object (JSON.stringify it for a file). */
export function generateAuthorizationDetails(options: GeneratorOptions = {}) {
  const random = mulberry32(options.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const account = options.account ?? "123456789012";
  const roleCount = options.roles ?? 5000;
  const userCount = options.users ?? 2000;
  const groupCount = options.groups ?? 500;
  const apps = Math.max(1, Math.round(roleCount / 50));
  const date = "2024-05-01 10:00:00+00:00";
  const statements = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const app = Math.floor(random() * apps);
      return { Sid: `S${i}`, Effect: "Allow", Action: pick(SERVICE_ACTIONS), Resource: random() < 0.5 ? "*" : `arn:aws:*:*:${account}:*app-${app}*` };
    });

  // Customer-managed policies: service access, scoped PassRole per application, and a few broad ones.
  const policies: { arn: string; name: string; document: object }[] = [];
  const addPolicy = (name: string, document: object) => {
    policies.push({ arn: `arn:aws:iam::${account}:policy/${name}`, name, document });
    return policies[policies.length - 1].arn;
  };
  const servicePolicies = Array.from({ length: 40 }, (_, i) => addPolicy(`service-access-${i}`, { Version: V, Statement: statements(1 + (i % 4)) }));
  const scopedPassRole = Array.from({ length: apps }, (_, app) =>
    addPolicy(`deploy-app-${app}`, {
      Version: V,
      Statement: [
        { Sid: "PassAppRoles", Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${account}:role/app-${app}/*`, Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "lambda.amazonaws.com"] } } },
        { Sid: "Launch", Effect: "Allow", Action: ["ec2:RunInstances", "lambda:CreateFunction", "lambda:UpdateFunctionConfiguration"], Resource: "*" },
      ],
    }),
  );
  const broadEc2 = addPolicy("platform-launch-any-role", {
    Version: V,
    Statement: [
      { Sid: "PassAnyRoleToEc2", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } },
      { Sid: "Run", Effect: "Allow", Action: ["ec2:RunInstances", "ec2:AssociateIamInstanceProfile", "ec2:Describe*"], Resource: "*" },
    ],
  });
  const broadAny = addPolicy("legacy-pass-any-role", { Version: V, Statement: [{ Effect: "Allow", Action: ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"], Resource: "*" }] });
  const denyIam = addPolicy("deny-iam-writes", { Version: V, Statement: [{ Effect: "Deny", Action: ["iam:Create*", "iam:Delete*", "iam:Put*", "iam:Attach*"], Resource: "*" }] });

  const groups = Array.from({ length: groupCount }, (_, g) => {
    const attached = new Set<string>([pick(servicePolicies)]);
    if (g % 10 === 0) attached.add(scopedPassRole[g % apps]);
    if (g === 0) attached.add(broadEc2);
    if (g === 1) attached.add(broadAny);
    if (g % 7 === 0) attached.add(pick(AWS_MANAGED));
    if (g % 13 === 0) attached.add(denyIam);
    return {
      Path: "/",
      GroupName: `group-${g}`,
      GroupId: id("AGPA", g),
      Arn: `arn:aws:iam::${account}:group/group-${g}`,
      CreateDate: date,
      GroupPolicyList: g % 5 === 0 ? [{ PolicyName: `group-${g}-extra`, PolicyDocument: { Version: V, Statement: statements(2) } }] : [],
      AttachedManagedPolicies: [...attached].map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf("/") + 1), PolicyArn: arn })),
    };
  });
  // Broad groups stay small: a handful of platform engineers.
  const groupFor = (u: number) => (u < 20 ? groups[u % 2] : groups[2 + Math.floor(random() * (groupCount - 2))]);

  const users = Array.from({ length: userCount }, (_, u) => {
    const memberOf = new Set([groupFor(u).GroupName]);
    if (random() < 0.4) memberOf.add(groups[2 + Math.floor(random() * (groupCount - 2))].GroupName);
    return {
      Path: "/",
      UserName: `user-${u}`,
      UserId: id("AIDA", u),
      Arn: `arn:aws:iam::${account}:user/user-${u}`,
      CreateDate: date,
      UserPolicyList: random() < 0.3 ? [{ PolicyName: `user-${u}-inline`, PolicyDocument: { Version: V, Statement: statements(1 + Math.floor(random() * 3)) } }] : [],
      GroupList: [...memberOf],
      AttachedManagedPolicies: random() < 0.2 ? [{ PolicyName: "x", PolicyArn: pick(servicePolicies) }] : [],
      Tags: [],
    };
  });

  const roles = Array.from({ length: roleCount }, (_, r) => {
    const app = r % apps;
    const service = r % 97 === 0 ? undefined : pick(TRUSTS);
    const name = `role-${r}`;
    const path = `/app-${app}/`;
    const arn = `arn:aws:iam::${account}:role${path}${name}`;
    const attached = new Set<string>([pick(servicePolicies)]);
    if (random() < 0.4) attached.add(pick(AWS_MANAGED));
    if (r % 500 === 7) attached.add("arn:aws:iam::aws:policy/AdministratorAccess");
    if (r % 50 === 3) attached.add(scopedPassRole[(app + 1) % apps]);
    const profile = service === "ec2.amazonaws.com" && random() < 0.8;
    return {
      Path: path,
      RoleName: name,
      RoleId: id("AROA", r),
      Arn: arn,
      CreateDate: date,
      AssumeRolePolicyDocument: {
        Version: V,
        Statement: [service ? { Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" } : { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" }],
      },
      InstanceProfileList: profile
        ? [{ Path: path, InstanceProfileName: name, InstanceProfileId: id("AIPA", r), Arn: `arn:aws:iam::${account}:instance-profile${path}${name}`, CreateDate: date, Roles: [{ RoleName: name, Arn: arn }] }]
        : [],
      RolePolicyList: random() < 0.6 ? [{ PolicyName: `${name}-inline`, PolicyDocument: { Version: V, Statement: statements(1 + Math.floor(random() * 3)) } }] : [],
      AttachedManagedPolicies: [...attached].map((a) => ({ PolicyName: a.slice(a.lastIndexOf("/") + 1), PolicyArn: a })),
      Tags: [{ Key: "app", Value: `app-${app}` }],
    };
  });

  return {
    UserDetailList: users,
    GroupDetailList: groups,
    RoleDetailList: roles,
    Policies: policies.map((p, i) => ({
      PolicyName: p.name,
      PolicyId: id("ANPA", i),
      Arn: p.arn,
      Path: "/",
      DefaultVersionId: "v1",
      AttachmentCount: 1,
      IsAttachable: true,
      CreateDate: date,
      UpdateDate: date,
      PolicyVersionList: [{ Document: p.document, VersionId: "v1", IsDefaultVersion: true, CreateDate: date }],
    })),
  };
}
