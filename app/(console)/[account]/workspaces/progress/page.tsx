import type { Metadata } from "next";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import Link from "@/components/workspace-link";
import { getDb } from "@/lib/db/prisma";
import { readLabDirectory } from "@/lib/labs";
import { requireAccountAccess } from "@/app/server/account-access";
import { readClassProgress } from "@/app/api/classroom/progress/read-progress";
import { PageHeader } from "@/components/ui";
import { classroomKeys } from "./progress-query";
import { ProgressClient } from "./progress-client";

export const metadata: Metadata = { title: "Trainer's view" };

export default async function TrainerViewPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<{ lab?: string; class?: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "classroom");
  const query = await searchParams;
  const { labs } = readLabDirectory();
  const made = await (await getDb()).classroomWorkspace.groupBy({ by: ["lab"], where: { lab: { not: null } }, _count: { _all: true }, _max: { createdAt: true } });
  const counts = new Map(made.map((m) => [m.lab, { count: m._count._all, newest: m._max.createdAt?.getTime() ?? 0 }]));
  // Without a choice, the lab whose workspaces were made last: the class being taught now.
  const newest = [...labs].sort((a, b) => (counts.get(b.id)?.newest ?? 0) - (counts.get(a.id)?.newest ?? 0))[0];
  const lab = query.lab && labs.some((l) => l.id === query.lab) ? query.lab : newest?.id;
  const className = query.class?.trim() || null;
  const queryClient = new QueryClient();
  if (lab) await queryClient.prefetchQuery({ queryKey: classroomKeys.progress(lab, className), queryFn: () => readClassProgress(lab, className ?? undefined) });
  return (
    <>
      <PageHeader
        kind="Console · Workspaces"
        title="Trainer's view"
        subtitle="Each trainee's workspace against the lab's checks, answered again every few seconds. Hover or focus a cell for the evaluator's detail."
        actions={
          <Link href={`/${account}/workspaces`} className="inline-flex items-center rounded-md bg-white px-3.5 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            ← Workspaces
          </Link>
        }
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ProgressClient
          account={account}
          lab={lab ?? null}
          unknownLab={query.lab && query.lab !== lab ? query.lab : null}
          className={className}
          labs={labs.map((l) => ({ id: l.id, title: l.title, workspaces: counts.get(l.id)?.count ?? 0 }))}
        />
      </HydrationBoundary>
    </>
  );
}
