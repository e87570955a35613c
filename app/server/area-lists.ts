import "server-only";
import type { Db } from "@/lib/db/create-client";
import type { ConsoleArea } from "@/components/console-areas";
import { listRoles } from "@/lib/iam/roles";
import { listPolicies } from "@/lib/iam/managed-policies";
import { listUsers } from "@/lib/iam/users";
import { listGroups } from "@/lib/iam/groups";
import { listInstanceProfiles } from "@/lib/iam/instance-profiles";
import { listInstances } from "@/lib/compute/instances";
import { listTasks } from "@/lib/compute/ecs";
import { listBuckets } from "@/lib/s3/buckets";

/** Each area's list, read the same way by the server prefetch and by the JSON route. */
export const areaLists = {
  roles: listRoles,
  policies: listPolicies,
  users: listUsers,
  groups: listGroups,
  "instance-profiles": listInstanceProfiles,
  instances: listInstances,
  "ecs-tasks": listTasks,
  buckets: listBuckets,
} satisfies Record<ConsoleArea, (db: Db, accountId: string) => Promise<unknown[]>>;

export type AreaRow<A extends ConsoleArea> = Awaited<ReturnType<(typeof areaLists)[A]>>[number];
