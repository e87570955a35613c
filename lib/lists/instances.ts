/** The EC2 instances list: one page of an account's instances, searched, filtered and sorted in SQL. */
import { Prisma } from "@prisma/client";
import type { Db, Tx } from "../db/create-client";
import { loadWorkloadCredentials, type CredentialState } from "../creds/credential-state";
import { accountClockNow } from "../creds/workspace-clock";
import { nameTag } from "../iam/tags";
import { pageWindow, type ListPage } from "./list-query";
import type { AreaListQuery } from "./list-specs";
import { countOf, direction, searchClause } from "./sql";

const current = ["associating", "associated"];
const filters = {
  running: Prisma.sql` AND i.state = 'running'`,
  stopped: Prisma.sql` AND i.state = 'stopped'`,
  terminated: Prisma.sql` AND i.state = 'terminated'`,
  "no-profile": Prisma.sql` AND NOT EXISTS (SELECT 1 FROM InstanceProfileAssociation a WHERE a.instanceId = i.id AND a.state IN ('associating', 'associated'))`,
};

/**
 * One page of the account's instances, with whether EC2 may assume each one's role (its trust
 * policy, decided by the evaluator). The search matches the tags (the Name), id, type and zone.
 */
export async function listInstances(db: Db | Tx, accountId: string, query: AreaListQuery<"instances">): Promise<ListPage<InstanceListRow>> {
  const where = Prisma.sql`i.accountId = ${accountId}${query.filter ? filters[query.filter] : Prisma.empty}${searchClause(query.q, [Prisma.sql`i.tags`, Prisma.sql`i.id`, Prisma.sql`i.instanceType`, Prisma.sql`i.availabilityZone`])}`;
  const dir = direction(query.dir);
  const order = { launched: Prisma.sql`i.launchedAt ${dir}, i.id`, id: Prisma.sql`i.id ${dir}`, state: Prisma.sql`i.state ${dir}, i.launchedAt DESC`, type: Prisma.sql`i.instanceType ${dir}, i.launchedAt DESC` }[query.sort];
  const [total, all] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM Instance i WHERE ${where}`.then(countOf),
    query.q || query.filter ? db.instance.count({ where: { accountId } }) : undefined,
  ]);
  const window = pageWindow(total, query);
  const ids = (await db.$queryRaw<{ id: string }[]>`SELECT i.id FROM Instance i WHERE ${where} ORDER BY ${order} LIMIT ${window.take} OFFSET ${window.skip}`).map((r) => r.id);
  const now = await accountClockNow(db, accountId, new Date());
  const instances = await db.instance.findMany({
    where: { id: { in: ids } },
    include: { associations: { where: { state: { in: current } }, include: { instanceProfile: { include: { role: true } } } } },
  });
  const byId = new Map(instances.map((i) => [i.id, i]));
  const credentials = await loadWorkloadCredentials(db, "instance", "ec2.amazonaws.com", instances.map((i) => ({ id: i.id, role: i.associations[0]?.instanceProfile.role ?? null })), now);
  const rows = ids.flatMap((id) => {
    const i = byId.get(id);
    if (!i) return [];
    const profile = i.associations[0]?.instanceProfile;
    const role = profile?.role;
    return [{
      id: i.id,
      name: nameTag(i.tags),
      state: i.state,
      instanceType: i.instanceType,
      region: i.region,
      availabilityZone: i.availabilityZone,
      instanceProfileName: profile?.name ?? null,
      roleName: role?.name ?? null,
      httpTokens: i.httpTokens,
      launchedAt: i.launchedAt.toISOString(),
      credentials: credentials.get(i.id)!.state,
    }];
  });
  return { rows, total, all: all ?? total, page: window.page, size: query.size };
}

export type InstanceListRow = {
  id: string;
  name: string | null;
  state: string;
  instanceType: string;
  region: string;
  availabilityZone: string;
  instanceProfileName: string | null;
  roleName: string | null;
  httpTokens: string;
  launchedAt: string;
  credentials: CredentialState;
};
