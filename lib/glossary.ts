/**
 * Short definitions of the IAM terms the console uses, shown where a term first appears on a page
 * (components/glossary-term.tsx). Written from AWS's IAM, EC2, ECS and Organizations user guides;
 * each says what the thing is and why it matters here, in two sentences at most.
 */
export type GlossaryEntry = {
  /** The term as the console writes it. */
  term: string;
  /** Other spellings that mean the same thing: plurals, API names, the long form of an acronym. */
  aliases?: string[];
  definition: string;
};

export const glossary: GlossaryEntry[] = [
  {
    term: "IAM role",
    aliases: ["role"],
    definition:
      "An IAM identity with permission policies but no password or long-term access keys. Whoever its trust policy allows assumes it and gets temporary credentials for a role session.",
  },
  {
    term: "trust policy",
    aliases: ["role trust policy", "trust relationship", "assume role policy", "trusts"],
    definition:
      "The policy attached to a role that says which principals may assume it — AWS services such as ec2.amazonaws.com, accounts, users or roles — and under which conditions. It grants no permissions itself: the role's permission policies decide what its sessions may do.",
  },
  {
    term: "permission policy",
    aliases: ["permissions policy", "permission policies", "permissions policies", "identity-based policy", "identity-based policies"],
    definition:
      "A JSON policy attached to a user, group or role that allows or denies actions on resources. A role's permission policies, managed or inline, decide what its sessions may do, within any permissions boundary, SCP or session policy.",
  },
  {
    term: "managed policy",
    aliases: ["managed policies", "customer managed policy", "AWS managed policy"],
    definition:
      "A standalone policy with its own ARN that can be attached to many users, groups and roles. AWS managed policies are written and updated by AWS; customer managed ones by you, with up to five versions of which one is the default.",
  },
  {
    term: "inline policy",
    aliases: ["inline policies"],
    definition: "A policy embedded in a single user, group or role. It belongs to that identity alone and is deleted with it.",
  },
  {
    term: "resource-based policy",
    aliases: ["resource-based policies", "resource policy", "bucket policy"],
    definition:
      "A policy attached to a resource — an S3 bucket policy, a role's trust policy — that names the principals who may act on it. Within one account it can usually grant access by itself; across accounts the caller's own policies must allow the action too.",
  },
  {
    term: "instance profile",
    aliases: ["instance profiles", "profile"],
    definition:
      "The container EC2 uses to pass a role to an instance; it holds at most one role. Applications on the instance get that role's temporary credentials from the instance metadata service.",
  },
  {
    term: "PassRole",
    aliases: ["iam:PassRole", "pass role", "passing a role"],
    definition:
      "The permission (iam:PassRole) to hand a role to an AWS service — launching an instance with an instance profile, running an ECS task with a task role. Whoever may pass a role can act with its permissions through that service, so passing a more powerful role is privilege escalation.",
  },
  {
    term: "permissions boundary",
    aliases: ["permission boundary", "permissions boundaries", "boundary"],
    definition:
      "A managed policy set on a user or role as the most its identity-based policies can grant. It grants nothing itself: an action is allowed only if both the boundary and a permission policy allow it.",
  },
  {
    term: "SCP",
    aliases: ["SCPs", "service control policy", "service control policies"],
    definition:
      "Service control policy: an AWS Organizations policy that caps the permissions of every principal in the member accounts it applies to, root user included. It grants nothing; an action needs an Allow at every level from the organization root down to the account, and no Deny.",
  },
  {
    term: "RCP",
    aliases: ["RCPs", "resource control policy", "resource control policies"],
    definition:
      "Resource control policy: an AWS Organizations policy that caps the permissions on resources in member accounts, whoever calls — for example to keep principals outside the organization away from your buckets. Like an SCP it grants nothing.",
  },
  {
    term: "session policy",
    aliases: ["session policies"],
    definition:
      "A policy passed when a temporary session is created (AssumeRole, GetFederationToken). The session may do only what both the role's policies and the session policy allow: it can narrow a session, never widen it.",
  },
  {
    term: "role session",
    aliases: ["role sessions", "session", "sessions"],
    definition:
      "One use of a role: the temporary credentials STS issues when the role is assumed, named arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION. It has the role's permissions, narrowed by any session policy, until it expires.",
  },
  {
    term: "temporary credentials",
    aliases: ["temporary security credentials"],
    definition:
      "An access key ID, a secret access key and a session token that expire, issued by STS for a role session. Instances and tasks get fresh ones before the old expire, so nothing long-lived can leak.",
  },
  {
    term: "assume role",
    aliases: ["AssumeRole", "sts:AssumeRole", "assuming a role", "assuming roles"],
    definition:
      "The STS call (sts:AssumeRole) that returns temporary credentials for a role. The role's trust policy must allow the caller, and so must the caller's own policies unless the trust policy names the caller itself, in the same account.",
  },
  {
    term: "role chaining",
    definition: "Using one role's session to assume another role. AWS limits a chained session to one hour.",
  },
  {
    term: "principal",
    aliases: ["principals"],
    definition:
      "Who makes a request, or is named in a policy's Principal element: an AWS account, an IAM user or role, a role session, a federated user, or an AWS service such as ec2.amazonaws.com.",
  },
  {
    term: "service principal",
    aliases: ["service principals"],
    definition:
      "An AWS service's name in a Principal element, such as ec2.amazonaws.com or ecs-tasks.amazonaws.com. A trust policy naming it lets that service assume the role.",
  },
  {
    term: "IMDS",
    aliases: ["instance metadata service", "instance metadata", "metadata service"],
    definition:
      "The instance metadata service: an HTTP endpoint at 169.254.169.254 that only code on the instance can reach. It serves the instance's details, including the temporary credentials of the role in its instance profile.",
  },
  {
    term: "IMDSv2",
    definition:
      "The session-oriented version of IMDS: a client first gets a token with a PUT request, then sends it with every read. It blocks most server-side request forgery attacks that could steal role credentials with IMDSv1's plain GET requests.",
  },
  {
    term: "HttpTokens",
    aliases: ["http tokens"],
    definition:
      "An instance's metadata option: required means IMDSv2 only, every request needs a session token; optional also answers IMDSv1 requests without one. required is the safe setting.",
  },
  {
    term: "task role",
    aliases: ["task roles", "ECS task role"],
    definition:
      "The role an ECS task's containers use: the application gets its temporary credentials from the ECS credentials endpoint, as code on EC2 gets its instance profile's role. It trusts ecs-tasks.amazonaws.com.",
  },
  {
    term: "execution role",
    aliases: ["task execution role", "execution roles"],
    definition:
      "The role the ECS agent uses to start a task — pull its image from ECR, send its logs to CloudWatch Logs, read the secrets it is given. Its permissions are not available to the application's code.",
  },
  {
    term: "service-linked role",
    aliases: ["service-linked roles"],
    definition:
      "A role predefined by an AWS service and linked to it (AWSServiceRoleFor…): only that service may assume it, and you can view but not edit its permissions.",
  },
  {
    term: "explicit deny",
    aliases: ["explicitly denied"],
    definition: "A statement with \"Effect\": \"Deny\" that matches the request. It overrides every Allow, in any kind of policy.",
  },
  {
    term: "implicit deny",
    aliases: ["implicitly denied"],
    definition:
      "The default answer when nothing allows a request — no statement allows it, or a boundary, SCP, RCP or session policy does not. Unlike an explicit deny, an Allow in the right place would change it.",
  },
  {
    term: "condition key",
    aliases: ["condition keys", "request keys", "context keys"],
    definition:
      "A key in a statement's Condition element, such as aws:SourceIp, aws:PrincipalOrgID or iam:PassedToService, compared with the request's context. The statement applies only when its conditions hold.",
  },
  {
    term: "ARN",
    aliases: ["ARNs", "Amazon Resource Name"],
    definition:
      "Amazon Resource Name, the unique name of an AWS resource: arn:partition:service:region:account:resource, such as arn:aws:iam::111111111111:role/Get-pics (IAM ARNs have no region).",
  },
  {
    term: "privilege escalation",
    aliases: ["escalation", "escalation path", "escalation paths"],
    definition:
      "Gaining permissions one was not given: passing a more powerful role to a service, assuming it, rewriting a role's trust policy, attaching a policy to oneself, or creating access keys for someone else.",
  },
  {
    term: "effective permissions",
    definition:
      "What a principal can actually do: what its policies (and the resource's) allow, minus any explicit deny, within its permissions boundary, SCPs, RCPs and session policy.",
  },
];

const normalize = (term: string) => term.trim().replace(/\s+/g, " ").toLowerCase();

const byName = new Map<string, GlossaryEntry>();
for (const entry of glossary) for (const name of [entry.term, ...(entry.aliases ?? [])]) byName.set(normalize(name), entry);

/** The entry for `term` or one of its aliases, whatever its case and spacing. */
export function findGlossaryEntry(term: string): GlossaryEntry | undefined {
  return byName.get(normalize(term));
}
