/**
 * `npx roleplay` — one entry, many commands. Each command lives in lib/cli/commands/<name>.ts and
 * exports `run(argv): Promise<number>` (the exit status); modules load lazily so a command pays
 * only for what it uses.
 */
type CommandModule = { run(argv: string[]): Promise<number> };

const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  setup: {
    summary: "Migrate the database (DATABASE_URL) and seed the demo workspace when empty; --reset starts over",
    load: () => import("./commands/setup"),
  },
  workspace: {
    summary: "Workspaces of a class: list, create NAME [--from|--lab], reset, rename, delete, assign NAME EMAIL…; export FILE, restore FILE",
    load: () => import("./commands/workspace"),
  },
  lab: { summary: "Labs: list, show LAB, check LAB --workspace NAME (exit 1 when a check fails), solve LAB", load: () => import("./commands/lab") },
  users: {
    summary: "Manage console users: add EMAIL --role R --password-stdin, list, remove EMAIL, locks, unlock EMAIL",
    load: () => import("./commands/users"),
  },
  simulate: {
    summary: "Evaluate JSON Lines request cases with the policy evaluator (FILE or standard input)",
    load: () => import("./commands/simulate"),
  },
  imds: {
    summary: "Serve an instance's metadata service (IMDSv2) so SDK code gets its role's credentials (--instance ID|Name)",
    load: () => import("./commands/imds"),
  },
  sts: {
    summary: "Serve the STS Query API (AssumeRole, GetCallerIdentity) for credentials Roleplay issued",
    load: () => import("./commands/sts"),
  },
  api: {
    summary: "Serve IAM, STS, EC2 and S3 (an AWS-compatible endpoint) for AWS CLI and SDK code, every call decided and logged (--log)",
    load: () => import("./commands/api"),
  },
  import: {
    summary: "Import get-account-authorization-details files into the workspace (idempotent, atomic)",
    load: () => import("./commands/import"),
  },
  review: {
    summary: "PassRole review of get-account-authorization-details files: grants and escalations (--format json|csv)",
    load: () => import("./commands/review"),
  },
  paths: {
    summary: "Privilege escalation paths: who can become whom, and the shortest way to an administrator (--from, --to, --format json|text)",
    load: () => import("./commands/paths"),
  },
  "who-can": {
    summary: "Who may do ACTION on a resource: every user and role of the workspace or of authorization-details files (--action --resource)",
    load: () => import("./commands/who-can"),
  },
  iam: {
    summary: "AWS CLI IAM verbs over the workspace (create-role, put-role-policy, add-role-to-instance-profile, …) --as PRINCIPAL_ARN",
    load: () => import("./commands/iam"),
  },
  ec2: {
    summary: "AWS CLI EC2 verbs over the workspace (run-instances, associate-iam-instance-profile, …) --as PRINCIPAL_ARN",
    load: () => import("./commands/ec2"),
  },
  validate: {
    summary: "Validate a policy document and print findings (--format text|json)",
    load: () => import("./commands/validate"),
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: roleplay <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Every command uses the database named by DATABASE_URL (default: the project's own SQLite file);",
    "commands that read or change the model take --workspace NAME (default: demo).",
    "Run `roleplay <command> --help` for a command's options.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`roleplay: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const { applyWorkspaceOption } = await import("./workspace-option");
  const scoped = applyWorkspaceOption(name, rest);
  if ("error" in scoped) {
    console.error(scoped.error);
    return scoped.status;
  }
  const module = await command.load();
  return module.run(scoped.argv);
}
