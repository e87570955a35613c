/** The ECS tasks list: one page of an account's tasks, searched, filtered and sorted in SQL. */
import { Prisma } from "@prisma/client";
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { pageWindow, type ListPage } from "./list-query";
import type { AreaListQuery } from "./list-specs";
import { countOf, direction, searchClause } from "./sql";

const filters = { running: Prisma.sql` AND t.lastStatus = 'RUNNING'`, stopped: Prisma.sql` AND t.lastStatus = 'STOPPED'` };
const from = Prisma.sql`EcsTask t JOIN EcsCluster c ON c.id = t.clusterId LEFT JOIN Role tr ON tr.id = t.taskRoleId`;

/** One page of the account's tasks with their task, execution and container-instance roles. */
export async function listTasks(db: Db | Tx, accountId: string, query: AreaListQuery<"ecs-tasks">): Promise<ListPage<TaskListRow>> {
  const where = Prisma.sql`c.accountId = ${accountId}${query.filter ? filters[query.filter] : Prisma.empty}${searchClause(query.q, [Prisma.sql`t.taskDefinition`, Prisma.sql`c.name`, Prisma.sql`t.id`, Prisma.sql`tr.nameKey`])}`;
  const dir = direction(query.dir);
  const order = { created: Prisma.sql`t.createdAt ${dir}, t.id`, definition: Prisma.sql`t.taskDefinition ${dir}, t.createdAt DESC`, status: Prisma.sql`t.lastStatus ${dir}, t.createdAt DESC` }[query.sort];
  const [total, all] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM ${from} WHERE ${where}`.then(countOf),
    query.q || query.filter ? db.ecsTask.count({ where: { cluster: { accountId } } }) : undefined,
  ]);
  const window = pageWindow(total, query);
  const ids = (await db.$queryRaw<{ id: string }[]>`SELECT t.id FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${window.take} OFFSET ${window.skip}`).map((r) => r.id);
  const tasks = await db.ecsTask.findMany({
    where: { id: { in: ids } },
    include: { cluster: { include: { containerInstanceProfile: { include: { role: true } } } }, taskRole: true, executionRole: true },
  });
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const rows = ids.flatMap((id) => {
    const t = byId.get(id);
    if (!t) return [];
    return [{
      id: t.id,
      arn: arns.ecsTask(t.cluster.region, accountId, t.cluster.name, t.id),
      cluster: t.cluster.name,
      taskDefinition: t.taskDefinition,
      lastStatus: t.lastStatus,
      taskRoleName: t.taskRole?.name ?? null,
      executionRoleName: t.executionRole?.name ?? null,
      instanceRoleName: t.cluster.containerInstanceProfile?.role?.name ?? null,
      createdAt: t.createdAt.toISOString(),
    }];
  });
  return { rows, total, all: all ?? total, page: window.page, size: query.size };
}

export type TaskListRow = { id: string; arn: string; cluster: string; taskDefinition: string; lastStatus: string; taskRoleName: string | null; executionRoleName: string | null; instanceRoleName: string | null; createdAt: string };
