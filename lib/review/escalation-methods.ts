/**
 * The ways one principal can come to act with another's permissions (shared/contracts/
 * escalation-paths.md), as data: which actions each method needs and which resource each action
 * is asked on. The graph (./escalation-graph.ts) asks the evaluator every one of them.
 *
 * Sources for the methods: the IAM User Guide ("Granting a user permissions to pass a role to an
 * AWS service"), each service's API reference for the call that hands a role over, and the
 * privilege-escalation catalogues reviewers know (Rhino Security Labs' 21 methods, which the public
 * iam-vulnerable sample reproduces).
 */

/** The virtual node of "can give itself any permission". */
export const ADMIN_NODE = "admin";

/** The AWS-managed policy an attacker would attach (iam:PolicyARN of Attach*Policy requests). */
export const ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

export interface LaunchAlternative {
  /** The actions beside iam:PassRole, in the order they are called. */
  actions: string[];
  /** EC2 only: an instance profile must already hold the role, or the method creates one. */
  profile?: "needs" | "creates";
}

/** One service a role can be handed to, and the ways to make that service run as the role. */
export interface ServiceLaunch {
  service: string;
  /** Short name for sentences: "EC2", "Lambda", … */
  label: string;
  /** How the caller then gets to use the role, in plain words. */
  how: string;
  alternatives: LaunchAlternative[];
}

export const SERVICE_LAUNCHES: readonly ServiceLaunch[] = [
  {
    service: "ec2.amazonaws.com",
    label: "EC2",
    how: "launch an instance with the role's instance profile (or attach it to an instance) and read the role's credentials from the instance metadata",
    alternatives: [
      { actions: ["ec2:RunInstances"], profile: "needs" },
      { actions: ["ec2:AssociateIamInstanceProfile"], profile: "needs" },
      { actions: ["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", "ec2:RunInstances"], profile: "creates" },
      { actions: ["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", "ec2:AssociateIamInstanceProfile"], profile: "creates" },
    ],
  },
  {
    service: "lambda.amazonaws.com",
    label: "Lambda",
    how: "create a function that runs as the role and invoke it (or trigger it from an event source)",
    alternatives: [{ actions: ["lambda:CreateFunction", "lambda:InvokeFunction"] }, { actions: ["lambda:CreateFunction", "lambda:CreateEventSourceMapping"] }],
  },
  {
    service: "cloudformation.amazonaws.com",
    label: "CloudFormation",
    how: "create a stack that CloudFormation builds with the role's permissions",
    alternatives: [{ actions: ["cloudformation:CreateStack"] }],
  },
  {
    service: "ecs-tasks.amazonaws.com",
    label: "ECS",
    how: "register a task definition with the role as task role and run it",
    alternatives: [{ actions: ["ecs:RegisterTaskDefinition", "ecs:RunTask"] }, { actions: ["ecs:RegisterTaskDefinition", "ecs:StartTask"] }],
  },
  {
    service: "glue.amazonaws.com",
    label: "Glue",
    how: "create a Glue development endpoint that runs as the role and log in to it",
    alternatives: [{ actions: ["glue:CreateDevEndpoint"] }],
  },
  {
    service: "sagemaker.amazonaws.com",
    label: "SageMaker",
    how: "create a notebook instance (or a training or processing job) that runs as the role",
    alternatives: [{ actions: ["sagemaker:CreateNotebookInstance"] }, { actions: ["sagemaker:CreateTrainingJob"] }, { actions: ["sagemaker:CreateProcessingJob"] }],
  },
  {
    service: "codebuild.amazonaws.com",
    label: "CodeBuild",
    how: "create a build project that runs as the role and start a build",
    alternatives: [{ actions: ["codebuild:CreateProject", "codebuild:StartBuild"] }],
  },
  {
    service: "datapipeline.amazonaws.com",
    label: "Data Pipeline",
    how: "create and activate a pipeline whose activities run as the role",
    alternatives: [{ actions: ["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition", "datapipeline:ActivatePipeline"] }],
  },
];

/** Edges to another user: new credentials for it. */
export const IDENTITY_CHANGES = ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"] as const;

/** Running code on a workload that holds a role: the workload's credentials are then the caller's. */
export const INSTANCE_ACCESS = ["ssm:SendCommand", "ssm:StartSession", "ec2-instance-connect:SendSSHPublicKey"] as const;
export const TASK_ACCESS = ["ecs:ExecuteCommand"] as const;

/** Self-grants: an inline policy, or AdministratorAccess attached. */
export const USER_GRANTS = ["iam:PutUserPolicy", "iam:AttachUserPolicy"] as const;
export const GROUP_GRANTS = ["iam:PutGroupPolicy", "iam:AttachGroupPolicy"] as const;
export const ROLE_GRANTS = ["iam:PutRolePolicy", "iam:AttachRolePolicy"] as const;
export const POLICY_VERSION_GRANTS = ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"] as const;
/** A boundary caps every self-grant; removing it (or replacing it) lifts the cap. */
export const BOUNDARY_REMOVAL = { user: ["iam:DeleteUserPermissionsBoundary", "iam:PutUserPermissionsBoundary"], role: ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"] } as const;

/** Every action a method needs: an identity whose policies allow none of them has no edge at all. */
export const METHOD_ACTIONS: readonly string[] = [
  ...new Set([
    "sts:AssumeRole",
    "iam:PassRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:AddUserToGroup",
    ...SERVICE_LAUNCHES.flatMap((s) => s.alternatives.flatMap((a) => a.actions)),
    ...IDENTITY_CHANGES,
    ...INSTANCE_ACCESS,
    ...TASK_ACCESS,
    ...USER_GRANTS,
    ...GROUP_GRANTS,
    ...ROLE_GRANTS,
    ...POLICY_VERSION_GRANTS,
    ...BOUNDARY_REMOVAL.user,
    ...BOUNDARY_REMOVAL.role,
  ]),
];

/**
 * The resource an action that creates something is asked on: the caller names what it creates, so
 * any ARN of that kind in its account will do. `*` where the action has no resource type.
 */
const CREATED_RESOURCE: Record<string, (account: string) => string> = {
  "ec2:runinstances": (a) => `arn:aws:ec2:*:${a}:instance/*`,
  "ec2:associateiaminstanceprofile": (a) => `arn:aws:ec2:*:${a}:instance/*`,
  "iam:createinstanceprofile": (a) => `arn:aws:iam::${a}:instance-profile/*`,
  "iam:addroletoinstanceprofile": (a) => `arn:aws:iam::${a}:instance-profile/*`,
  "lambda:createfunction": (a) => `arn:aws:lambda:*:${a}:function:*`,
  "lambda:invokefunction": (a) => `arn:aws:lambda:*:${a}:function:*`,
  "cloudformation:createstack": (a) => `arn:aws:cloudformation:*:${a}:stack/*`,
  "ecs:runtask": (a) => `arn:aws:ecs:*:${a}:task-definition/*`,
  "ecs:starttask": (a) => `arn:aws:ecs:*:${a}:task-definition/*`,
  "glue:createdevendpoint": (a) => `arn:aws:glue:*:${a}:devEndpoint/*`,
  "sagemaker:createnotebookinstance": (a) => `arn:aws:sagemaker:*:${a}:notebook-instance/*`,
  "sagemaker:createtrainingjob": (a) => `arn:aws:sagemaker:*:${a}:training-job/*`,
  "sagemaker:createprocessingjob": (a) => `arn:aws:sagemaker:*:${a}:processing-job/*`,
  "codebuild:createproject": (a) => `arn:aws:codebuild:*:${a}:project/*`,
  "codebuild:startbuild": (a) => `arn:aws:codebuild:*:${a}:project/*`,
  "datapipeline:createpipeline": (a) => `arn:aws:datapipeline:*:${a}:pipeline/*`,
  "datapipeline:putpipelinedefinition": (a) => `arn:aws:datapipeline:*:${a}:pipeline/*`,
  "datapipeline:activatepipeline": (a) => `arn:aws:datapipeline:*:${a}:pipeline/*`,
};

export function createdResource(action: string, account: string): string {
  return CREATED_RESOURCE[action.toLowerCase()]?.(account) ?? "*";
}

/** "iam:PassRole+ec2:RunInstances": the contract's method, the actions joined with `+`. */
export function methodName(actions: readonly string[]): string {
  return actions.join("+");
}
