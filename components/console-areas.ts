/** The console's areas, in navigation order: one list for the sidebar, the API and the tests. */
export const consoleAreas = [
  { slug: "roles", label: "Roles", group: "IAM" },
  { slug: "policies", label: "Policies", group: "IAM" },
  { slug: "users", label: "Users", group: "IAM" },
  { slug: "groups", label: "Groups", group: "IAM" },
  { slug: "instance-profiles", label: "Instance profiles", group: "IAM" },
  { slug: "instances", label: "EC2 instances", group: "Compute" },
  { slug: "ecs-tasks", label: "ECS tasks", group: "Compute" },
  { slug: "buckets", label: "S3 buckets", group: "Storage" },
] as const;

export type ConsoleArea = (typeof consoleAreas)[number]["slug"];

export function isConsoleArea(slug: string): slug is ConsoleArea {
  return consoleAreas.some((a) => a.slug === slug);
}
