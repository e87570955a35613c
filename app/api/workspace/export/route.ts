import { getWorkspaceDb } from "@/app/server/workspace-db";
import { exportWorkspace, serializeBackup } from "@/lib/io/workspace-backup";
import { withUser } from "@/app/server/route-guard";

export const dynamic = "force-dynamic";

/** Downloads the workspace backup (administrators only). */
export const GET = withUser("admin", async () => {
  const text = serializeBackup(await exportWorkspace(await getWorkspaceDb()));
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(text, {
    headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="roleplay-workspace-${stamp}.json"`, "cache-control": "no-store" },
  });
});
