import type { ConsolePermission } from "../lib/auth/console-roles";

/**
 * The console's navigation, in order; `adminOnly` entries show to administrators only, and
 * entries with a `permission` to the console roles that have it.
 */
export const consoleAreas: readonly { slug: string; label: string; group: string; adminOnly?: boolean; permission?: ConsolePermission }[] = [
  { slug: "roles", label: "Roles", group: "IAM" },
  { slug: "policies", label: "Policies", group: "IAM" },
  { slug: "users", label: "Users", group: "IAM" },
  { slug: "groups", label: "Groups", group: "IAM" },
  { slug: "instance-profiles", label: "Instance profiles", group: "IAM" },
  { slug: "instances", label: "EC2 instances", group: "Compute" },
  { slug: "ecs-tasks", label: "ECS tasks", group: "Compute" },
  { slug: "sessions", label: "Role sessions", group: "Compute" },
  { slug: "buckets", label: "S3 buckets", group: "Storage" },
  { slug: "review", label: "PassRole review", group: "Security" },
  { slug: "escalation", label: "Escalation paths", group: "Security" },
  { slug: "simulator", label: "Policy simulator", group: "Security" },
  { slug: "who-can", label: "Who can…?", group: "Security" },
  { slug: "decisions", label: "Decision log", group: "Security" },
  { slug: "labs", label: "Labs", group: "Learn" },
  { slug: "audit", label: "Audit log", group: "Console" },
  { slug: "workspaces", label: "Workspaces", group: "Console", permission: "classroom" },
  { slug: "people", label: "People", group: "Console", adminOnly: true },
  { slug: "backup", label: "Backup and restore", group: "Console", adminOnly: true },
];

/** The areas whose page is a list read through the JSON list route. */
export const listAreas = ["roles", "policies", "users", "groups", "instance-profiles", "instances", "ecs-tasks", "buckets"] as const;
export type ConsoleArea = (typeof listAreas)[number];

export function isConsoleArea(slug: string): slug is ConsoleArea {
  return (listAreas as readonly string[]).includes(slug);
}
