import { NextResponse } from "next/server";
import { withUser } from "@/app/server/route-guard";
import { currentWorkspaceName, getWorkspaceDb } from "@/app/server/workspace-db";
import { AppError } from "@/lib/errors";
import { findLab } from "@/lib/labs";
import { readLabProgress } from "@/lib/labs/lab-progress";

export const dynamic = "force-dynamic";

/** The lab's checks answered on the request's workspace as it is now (the lab page polls it). */
export const GET = withUser<{ lab: string }>("read", async (_request, { params }) => {
  const id = (await params).lab;
  const lab = findLab(id);
  if (!lab) throw new AppError("NoSuchEntity", `There is no lab ${id} (see the Labs page).`);
  const progress = await readLabProgress(await getWorkspaceDb(), lab, await currentWorkspaceName());
  return NextResponse.json(progress, { headers: { "cache-control": "no-store" } });
});
