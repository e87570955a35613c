import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { requireAccountAccess } from "@/app/server/account-access";
import { currentWorkspaceName, getPageWorkspaceDb } from "@/app/server/workspace-db";
import { getDb } from "@/lib/db/prisma";
import { findLab } from "@/lib/labs";
import { readLabProgress } from "@/lib/labs/lab-progress";
import { labResetRefusal } from "@/lib/labs/lab-reset";
import { describeWorkspaceSource, labPageView } from "@/lib/labs/lab-view";
import { demoWorkspaceName } from "@/lib/workspaces/workspace-files";
import { LabClient } from "./lab-client";
import { labKeys } from "./lab-query";

type Params = { account: string; lab: string };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Lab: ${findLab((await params).lab)?.title ?? "not found"}` };
}

export default async function LabPage({ params }: { params: Promise<Params> }) {
  const { account, lab: id } = await params;
  const user = await requireAccountAccess(account, "read");
  const lab = findLab(id);
  if (!lab) notFound();
  const workspace = await currentWorkspaceName();
  const entry = await (await getDb()).classroomWorkspace.findUnique({ where: { name: workspace }, select: { lab: true, source: true } });
  const db = await getPageWorkspaceDb();
  // The checks as they stand, in the first render; the page then polls them.
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({ queryKey: labKeys.progress(account, lab.id), queryFn: () => readLabProgress(db, lab, workspace) });
  const resetRefusal = labResetRefusal(user.role, workspace);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <LabClient
        account={account}
        workspace={workspace}
        view={labPageView(lab)}
        workspaceLab={entry?.lab ?? null}
        resetTo={describeWorkspaceSource(entry?.source ?? "demo")}
        resetRefusal={resetRefusal}
        isDemo={workspace === demoWorkspaceName}
      />
    </HydrationBoundary>
  );
}
