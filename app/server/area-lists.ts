import "server-only";
import type { Db } from "@/lib/db/create-client";
import type { ConsoleArea } from "@/components/console-areas";
import type { ListPage, ListQuery } from "@/lib/lists/list-query";
import type { AreaListQuery } from "@/lib/lists/list-specs";
import { listRoles } from "@/lib/lists/roles";
import { listPolicies } from "@/lib/lists/policies";
import { listUsers } from "@/lib/lists/users";
import { listGroups } from "@/lib/lists/groups";
import { listInstanceProfiles } from "@/lib/lists/instance-profiles";
import { listInstances } from "@/lib/lists/instances";
import { listTasks } from "@/lib/lists/ecs-tasks";
import { listBuckets } from "@/lib/lists/buckets";

/** Each area's list, one page at a time, read the same way by the server prefetch and by the JSON route. */
export const areaLists = {
  roles: listRoles,
  policies: listPolicies,
  users: listUsers,
  groups: listGroups,
  "instance-profiles": listInstanceProfiles,
  instances: listInstances,
  "ecs-tasks": listTasks,
  buckets: listBuckets,
} satisfies { [A in ConsoleArea]: (db: Db, accountId: string, query: AreaListQuery<A>) => Promise<ListPage<unknown>> };

export type AreaRow<A extends ConsoleArea> = Awaited<ReturnType<(typeof areaLists)[A]>>["rows"][number];

/**
 * One page of `area`'s list, for doors that know the area only at run time: `query` must come from
 * that area's schema (readAreaQuery), as the registry's functions each take their own.
 */
export function readAreaPage<A extends ConsoleArea>(db: Db, area: A, accountId: string, query: ListQuery): Promise<ListPage<AreaRow<A>>> {
  const read = areaLists[area] as unknown as (db: Db, accountId: string, query: ListQuery) => Promise<ListPage<AreaRow<A>>>;
  return read(db, accountId, query);
}
