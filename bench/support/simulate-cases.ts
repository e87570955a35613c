/**
 * The simulate benchmarks' cases: a seeded, deterministic generator of mixed JSON Lines cases
 * (about a third each Allow, ExplicitDeny, ImplicitDeny), each with the decision it intends.
 */
import { writeFileSync } from "node:fs";
import type { PolicySet } from "../../lib/policy/evaluate";
import type { EvaluationRequest } from "../../lib/policy/request-context";

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";
export interface Case extends PolicySet {
  id: string;
  request: EvaluationRequest;
  expected: Decision;
}

/** The seed every simulate benchmark uses, so their figures describe the same cases. */
export const CASES_SEED = 20261127;

// mulberry32: small, fast, and the same sequence for the same seed on every machine.
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const V = "2012-10-17";
const ACCOUNTS = ["111111111111", "222222222222", "333333333333", "444444444444"];

export function makeGenerator(seed: number) {
  const rnd = seeded(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const session = (account: string, role: string) => `arn:aws:sts::${account}:assumed-role/${role}/i-${(int(1e8) + 1e8).toString(16)}`;
  const fullAccess = { name: "FullAWSAccess", document: { Version: V, Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };

  type Scenario = Partial<Record<Decision, (id: string) => Case>>;

  const readPhotos = {
    name: "ReadPhotos",
    document: {
      Version: V,
      Statement: [
        { Sid: "ReadPhotos", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::amzn-s3-demo-bucket-photos", "arn:aws:s3:::amzn-s3-demo-bucket-photos/*"] },
      ],
    },
  };

  const scenarios: Scenario[] = [
    // Identity policy only (the Get-pics role).
    {
      Allow: (id) => {
        const a = pick(ACCOUNTS);
        return { id, expected: "Allow", request: { principal: session(a, "Get-pics"), action: "s3:GetObject", resource: `arn:aws:s3:::amzn-s3-demo-bucket-photos/cat-${int(1000)}.jpg`, resourceAccount: a }, identityPolicies: [readPhotos] };
      },
      ImplicitDeny: (id) => {
        const a = pick(ACCOUNTS);
        return { id, expected: "ImplicitDeny", request: { principal: session(a, "Get-pics"), action: pick(["s3:PutObject", "s3:DeleteObject"]), resource: `arn:aws:s3:::amzn-s3-demo-bucket-photos/cat-${int(1000)}.jpg`, resourceAccount: a }, identityPolicies: [readPhotos] };
      },
    },
    // Deny with NotIpAddress; IPv4 and IPv6 callers.
    {
      Allow: (id) => ipCase(id, "Allow"),
      ExplicitDeny: (id) => ipCase(id, "ExplicitDeny"),
    },
    // Permissions boundary caps identity-based permissions.
    {
      Allow: (id) => boundaryCase(id, "s3:GetObject", "Allow"),
      ImplicitDeny: (id) => boundaryCase(id, pick(["s3:PutObject", "dynamodb:DeleteItem"]), "ImplicitDeny"),
    },
    // SCPs at three levels, with a region guard at the OU.
    {
      Allow: (id) => scpCase(id, "ec2:RunInstances", pick(["eu-west-1", "eu-central-1"]), "Allow"),
      ExplicitDeny: (id) => scpCase(id, "ec2:RunInstances", pick(["us-east-1", "ap-south-1"]), "ExplicitDeny"),
      ImplicitDeny: (id) => scpCase(id, "dynamodb:GetItem", "eu-west-1", "ImplicitDeny"),
    },
    // Same-account bucket policy naming the session (not limited by the boundary) or the role (limited).
    {
      Allow: (id) => sameAccountResourceCase(id, true),
      ImplicitDeny: (id) => sameAccountResourceCase(id, false),
    },
    // Cross-account AssumeRole (roles abcd and efgh).
    {
      Allow: (id) => crossAccountCase(id, "abcd", "true", "Allow"),
      ImplicitDeny: (id) => crossAccountCase(id, "wxyz", "true", "ImplicitDeny"),
      ExplicitDeny: (id) => crossAccountCase(id, "abcd", "false", "ExplicitDeny"),
    },
    // Policy variables in Resource.
    {
      Allow: (id) => homeCase(id, true),
      ImplicitDeny: (id) => homeCase(id, false),
    },
    // Tag conditions, set qualifiers, dates, numbers.
    {
      Allow: (id) => tagCase(id, "Allow"),
      ImplicitDeny: (id) => tagCase(id, "ImplicitDeny"),
      ExplicitDeny: (id) => tagCase(id, "ExplicitDeny"),
    },
    // Alice's PassRole, limited to EC2, with a deny on the admin role.
    {
      Allow: (id) => passRoleCase(id, "Get-pics", "ec2.amazonaws.com", "Allow"),
      ImplicitDeny: (id) => passRoleCase(id, "Get-pics", "lambda.amazonaws.com", "ImplicitDeny"),
      ExplicitDeny: (id) => passRoleCase(id, "Admin", "ec2.amazonaws.com", "ExplicitDeny"),
    },
    // Anonymous access to a public bucket under an RCP that requires TLS; session policies.
    {
      Allow: (id) => publicCase(id, "true"),
      ExplicitDeny: (id) => publicCase(id, "false"),
      ImplicitDeny: (id) => sessionPolicyCase(id),
    },
  ];

  function ipCase(id: string, expected: Decision): Case {
    const inside = expected === "Allow";
    const v6 = rnd() < 0.3;
    const ip = v6 ? (inside ? `2001:db8::${int(65535).toString(16)}` : `2001:db9::${int(65535).toString(16)}`) : inside ? `203.0.113.${int(255)}` : `198.51.100.${int(255)}`;
    const a = pick(ACCOUNTS);
    return {
      id,
      expected,
      request: { principal: `arn:aws:iam::${a}:user/dev-${int(50)}`, action: "s3:DeleteObject", resource: `arn:aws:s3:::logs-${a}/k${int(1e5)}`, resourceAccount: a, context: { "aws:SourceIp": ip } },
      identityPolicies: [
        {
          name: "S3WithIpGuard",
          document: {
            Version: V,
            Statement: [
              { Sid: "S3", Effect: "Allow", Action: "s3:*", Resource: "*" },
              { Sid: "OfficeOnly", Effect: "Deny", Action: "s3:Delete*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } } },
            ],
          },
        },
      ],
    };
  }

  function boundaryCase(id: string, action: string, expected: Decision): Case {
    const a = pick(ACCOUNTS);
    return {
      id,
      expected,
      request: { principal: session(a, "Developer"), action, resource: action.startsWith("s3") ? `arn:aws:s3:::data-${a}/x${int(1000)}` : `arn:aws:dynamodb:eu-west-1:${a}:table/Orders`, resourceAccount: a },
      identityPolicies: [{ name: "Broad", document: { Version: V, Statement: { Effect: "Allow", Action: ["s3:*", "dynamodb:*"], Resource: "*" } } }],
      permissionsBoundary: { name: "ReadOnlyBoundary", document: { Version: V, Statement: [{ Sid: "Read", Effect: "Allow", Action: ["s3:Get*", "s3:List*", "dynamodb:GetItem"], Resource: "*" }] } },
    };
  }

  function scpCase(id: string, action: string, region: string, expected: Decision): Case {
    const a = pick(ACCOUNTS);
    return {
      id,
      expected,
      request: { principal: session(a, "Ops"), action, resource: action.startsWith("ec2") ? `arn:aws:ec2:${region}:${a}:instance/*` : `arn:aws:dynamodb:${region}:${a}:table/T`, context: { "aws:RequestedRegion": region } },
      identityPolicies: [{ name: "Ops", document: { Version: V, Statement: [{ Effect: "Allow", Action: ["ec2:*", "dynamodb:*"], Resource: "*" }] } }],
      scps: [
        { target: "r-root", policies: [fullAccess] },
        {
          target: "ou-prod",
          policies: [
            {
              name: "EuOnlyComputeAndStorage",
              document: {
                Version: V,
                Statement: [
                  { Sid: "AllowListed", Effect: "Allow", Action: ["ec2:*", "s3:*", "sts:*"], Resource: "*" },
                  { Sid: "DenyOtherRegions", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } } },
                ],
              },
            },
          ],
        },
        { target: a, policies: [fullAccess] },
      ],
    };
  }

  function sameAccountResourceCase(id: string, namesSession: boolean): Case {
    const a = pick(ACCOUNTS);
    const principal = session(a, "Uploader");
    return {
      id,
      expected: namesSession ? "Allow" : "ImplicitDeny",
      request: { principal, action: "s3:PutObject", resource: `arn:aws:s3:::uploads-${a}/in/${int(1e6)}`, resourceAccount: a },
      permissionsBoundary: { name: "NoWrites", document: { Version: V, Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }] } },
      resourcePolicy: {
        name: "UploadsBucketPolicy",
        document: {
          Version: V,
          Statement: [{ Sid: "Uploads", Effect: "Allow", Principal: { AWS: namesSession ? principal : `arn:aws:iam::${a}:role/Uploader` }, Action: "s3:PutObject", Resource: `arn:aws:s3:::uploads-${a}/in/*` }],
        },
      },
    };
  }

  function crossAccountCase(id: string, role: string, mfa: string, expected: Decision): Case {
    return {
      id,
      expected,
      request: { principal: session("111111111111", role), action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/efgh", context: { "aws:MultiFactorAuthPresent": mfa } },
      identityPolicies: [{ name: `${role}-permissions`, document: { Version: V, Statement: [{ Sid: "AllowIPToAssumeCrossAccountRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/efgh" }] } }],
      resourcePolicy: {
        name: "efgh-trust",
        document: {
          Version: V,
          Statement: [
            { Sid: "efghTrustPolicy", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::111111111111:role/abcd" } },
            { Sid: "RequireMfa", Effect: "Deny", Action: "sts:AssumeRole", Principal: { AWS: "*" }, Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } },
          ],
        },
      },
    };
  }

  function homeCase(id: string, own: boolean): Case {
    const a = pick(ACCOUNTS);
    const user = `user${int(500)}`;
    const other = `other${int(500)}`;
    return {
      id,
      expected: own ? "Allow" : "ImplicitDeny",
      request: { principal: `arn:aws:iam::${a}:user/${user}`, action: "s3:GetObject", resource: `arn:aws:s3:::home-${a}/home/${own ? user : other}/notes.txt`, resourceAccount: a, context: { "aws:username": user } },
      identityPolicies: [{ name: "OwnHome", document: { Version: V, Statement: [{ Sid: "Home", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::home-${a}/home/\${aws:username}/*` }] } }],
    };
  }

  function tagCase(id: string, expected: Decision): Case {
    const a = pick(ACCOUNTS);
    const team = pick(["photos", "billing", "search"]);
    const context: Record<string, string | string[]> = {
      "aws:PrincipalTag/team": team,
      "aws:ResourceTag/team": expected === "ImplicitDeny" ? "other" : team,
      "aws:TagKeys": expected === "ExplicitDeny" ? ["team", "owner"] : ["team", "env"],
      "aws:CurrentTime": `2026-${String(1 + int(11)).padStart(2, "0")}-15T12:00:00Z`,
      "dynamodb:Select": "ALL_ATTRIBUTES",
    };
    return {
      id,
      expected,
      request: { principal: session(a, "TeamRole"), action: pick(["dynamodb:GetItem", "dynamodb:Query"]), resource: `arn:aws:dynamodb:eu-west-1:${a}:table/${team}`, context },
      identityPolicies: [
        {
          name: "TeamTables",
          document: {
            Version: V,
            Statement: [
              {
                Sid: "SameTeam",
                Effect: "Allow",
                Action: ["dynamodb:Get*", "dynamodb:Query"],
                Resource: `arn:aws:dynamodb:*:${a}:table/*`,
                Condition: { StringEquals: { "aws:ResourceTag/team": "${aws:PrincipalTag/team}" }, DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } },
              },
              { Sid: "OnlyKnownTags", Effect: "Deny", Action: "dynamodb:*", Resource: "*", Condition: { "ForAnyValue:StringNotLike": { "aws:TagKeys": ["team", "env*"] } } },
            ],
          },
        },
      ],
    };
  }

  function passRoleCase(id: string, role: string, service: string, expected: Decision): Case {
    const a = pick(ACCOUNTS);
    return {
      id,
      expected,
      request: { principal: `arn:aws:iam::${a}:user/alice`, action: "iam:PassRole", resource: `arn:aws:iam::${a}:role/${role}`, context: { "iam:PassedToService": service } },
      identityPolicies: [
        {
          name: "AliceLaunch",
          document: {
            Version: V,
            Statement: [
              { Sid: "IamPassRole", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } },
              { Sid: "ListEc2AndListInstanceProfiles", Effect: "Allow", Action: ["iam:ListInstanceProfiles", "ec2:Describe*", "ec2:Search*", "ec2:Get*"], Resource: "*" },
              { Sid: "NeverAdmin", Effect: "Deny", Action: "iam:PassRole", Resource: `arn:aws:iam::${a}:role/Admin*` },
            ],
          },
        },
      ],
    };
  }

  function publicCase(id: string, tls: string): Case {
    const a = pick(ACCOUNTS);
    return {
      id,
      expected: tls === "true" ? "Allow" : "ExplicitDeny",
      request: { principal: "*", action: "s3:GetObject", resource: `arn:aws:s3:::public-${a}/index-${int(100)}.html`, resourceAccount: a, context: { "aws:SecureTransport": tls } },
      resourcePolicy: { name: "PublicRead", document: { Version: V, Statement: [{ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::public-${a}/*` }] } },
      rcps: [
        {
          target: "r-root",
          policies: [
            { name: "RCPFullAWSAccess", document: { Version: V, Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] } },
            { name: "EnforceTls", document: { Version: V, Statement: [{ Sid: "DenyPlainHttp", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } }] } },
          ],
        },
      ],
    };
  }

  function sessionPolicyCase(id: string): Case {
    const a = pick(ACCOUNTS);
    return {
      id,
      expected: "ImplicitDeny",
      request: { principal: session(a, "Broker"), action: "sqs:SendMessage", resource: `arn:aws:sqs:eu-west-1:${a}:jobs`, context: {} },
      identityPolicies: [{ name: "BrokerQueues", document: { Version: V, Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: "*" }] } }],
      sessionPolicies: [{ name: "ReadOnlySession", document: { Version: V, Statement: [{ Effect: "Allow", Action: ["sqs:Receive*", "sqs:Get*"], Resource: "*" }] } }],
    };
  }

  const byDecision: Record<Decision, ((id: string) => Case)[]> = { Allow: [], ExplicitDeny: [], ImplicitDeny: [] };
  for (const s of scenarios) for (const d of Object.keys(s) as Decision[]) byDecision[d].push(s[d]!);
  const decisions: Decision[] = ["Allow", "ExplicitDeny", "ImplicitDeny"];
  return (n: number) => {
    const d = decisions[n % 3];
    return pick(byDecision[d])(`case-${n}`);
  };
}

/** Writes `count` cases to `path` as JSON Lines and returns them. */
export function writeCases(count: number, path: string): Case[] {
  const next = makeGenerator(CASES_SEED);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) cases.push(next(i));
  writeFileSync(path, `${cases.map((c) => JSON.stringify(c)).join("\n")}\n`);
  return cases;
}
