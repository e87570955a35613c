/**
 * Each console list's sorts, filters and nouns: read by the list queries on the server, by the
 * JSON list route, and by the tables that draw sort headers and filter choices.
 */
import { listSearch, readListQuery, type ListQuery, type ListSpec, type SearchParamsInput } from "./list-query";

export const roleListSpec = {
  noun: { one: "role", many: "roles" },
  sorts: { name: { label: "Role", dir: "asc" }, created: { label: "Created", dir: "desc" }, policies: { label: "Policies", dir: "desc" }, profiles: { label: "Instance profiles", dir: "desc" } },
  defaultSort: "name" as const,
  filters: { "in-profile": "In an instance profile", "no-profile": "In no instance profile", "no-policies": "With no permission policy" },
  filterLabel: "Show",
  searchHint: "name, description or trusted principal",
} satisfies ListSpec;

export const userListSpec = {
  noun: { one: "user", many: "users" },
  sorts: { name: { label: "User", dir: "asc" }, created: { label: "Created", dir: "desc" }, groups: { label: "Groups", dir: "desc" } },
  defaultSort: "name" as const,
  filters: { "no-group": "In no group", "with-keys": "With access keys", "no-policies": "With no policy of their own" },
  filterLabel: "Show",
  searchHint: "name or group",
} satisfies ListSpec;

export const groupListSpec = {
  noun: { one: "group", many: "groups" },
  sorts: { name: { label: "Group", dir: "asc" }, created: { label: "Created", dir: "desc" }, members: { label: "Members", dir: "desc" } },
  defaultSort: "name" as const,
  filters: { empty: "With no members", "no-policies": "With no policy" },
  filterLabel: "Show",
  searchHint: "name",
} satisfies ListSpec;

export const instanceProfileListSpec = {
  noun: { one: "instance profile", many: "instance profiles" },
  sorts: { name: { label: "Instance profile", dir: "asc" }, role: { label: "Role", dir: "asc" }, created: { label: "Created", dir: "desc" } },
  defaultSort: "name" as const,
  filters: { "no-role": "Holding no role", "with-role": "Holding a role", "in-use": "Used by an instance" },
  filterLabel: "Show",
  searchHint: "profile or role name",
} satisfies ListSpec;

export const instanceListSpec = {
  noun: { one: "instance", many: "instances" },
  sorts: { launched: { label: "Launched", dir: "desc" }, id: { label: "Instance", dir: "asc" }, state: { label: "State", dir: "asc" }, type: { label: "Type", dir: "asc" } },
  defaultSort: "launched" as const,
  filters: { running: "Running", stopped: "Stopped", terminated: "Terminated", "no-profile": "Without an instance profile" },
  filterLabel: "Show",
  searchHint: "name, id, type or zone",
} satisfies ListSpec;

export const ecsTaskListSpec = {
  noun: { one: "task", many: "tasks" },
  sorts: { created: { label: "Started", dir: "desc" }, definition: { label: "Task", dir: "asc" }, status: { label: "Status", dir: "asc" } },
  defaultSort: "created" as const,
  filters: { running: "Running", stopped: "Stopped" },
  filterLabel: "Show",
  searchHint: "task definition, cluster or id",
} satisfies ListSpec;

export const bucketListSpec = {
  noun: { one: "bucket", many: "buckets" },
  sorts: { name: { label: "Bucket", dir: "asc" }, region: { label: "Region", dir: "asc" }, created: { label: "Created", dir: "desc" } },
  defaultSort: "name" as const,
  filters: { "with-policy": "With a bucket policy", "no-policy": "Without a bucket policy" },
  filterLabel: "Show",
  searchHint: "name or region",
} satisfies ListSpec;

export const policyListSpec = {
  noun: { one: "policy", many: "policies" },
  sorts: { name: { label: "Policy", dir: "asc" }, attachments: { label: "Attached to", dir: "desc" } },
  defaultSort: "name" as const,
  filters: { customer: "Customer managed", aws: "AWS managed", unattached: "Attached to nothing" },
  filterLabel: "Type",
  searchHint: "name or description",
} satisfies ListSpec;

/** The spec of each area's list, by the area's slug. */
export const listSpecs = {
  roles: roleListSpec,
  users: userListSpec,
  groups: groupListSpec,
  "instance-profiles": instanceProfileListSpec,
  instances: instanceListSpec,
  "ecs-tasks": ecsTaskListSpec,
  buckets: bucketListSpec,
  policies: policyListSpec,
} as const;

export type ListArea = keyof typeof listSpecs;
type SortOf<A extends ListArea> = keyof (typeof listSpecs)[A]["sorts"] & string;
type FilterOf<A extends ListArea> = keyof (typeof listSpecs)[A]["filters"] & string;
export type AreaListQuery<A extends ListArea> = ListQuery<SortOf<A>, FilterOf<A>>;

/** An area's list state from search parameters, for doors that know the area only at run time. */
export function readAreaQuery(area: ListArea, input: SearchParamsInput): ListQuery {
  return readListQuery(listSpecs[area] as ListSpec, input);
}

/** The search string of an area's list state after `change` (see `listSearch`). */
export function areaSearch(area: ListArea, query: ListQuery, change: Partial<ListQuery> = {}): string {
  return listSearch(listSpecs[area] as ListSpec, query, change);
}
