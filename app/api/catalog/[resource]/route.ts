import { NextResponse } from "next/server";
import { withUser } from "@/app/server/route-guard";
import { listBuilderGlobalKeys, listBuilderServices, previewActionPattern } from "@/lib/designer/service-catalog";

/**
 * The statement builder's catalog reads: `services` (every service and the global condition keys)
 * and `action-pattern?pattern=s3:Get*` (what a wildcard covers).
 */
export const GET = withUser<{ resource: string }>("read", async (request, { params }) => {
  const { resource } = await params;
  if (resource === "services") return NextResponse.json({ services: listBuilderServices(), globalConditionKeys: listBuilderGlobalKeys() });
  if (resource === "action-pattern") {
    const pattern = new URL(request.url).searchParams.get("pattern") ?? "";
    return NextResponse.json(previewActionPattern(pattern.slice(0, 200)));
  }
  return NextResponse.json({ code: "NoSuchEntity", message: `Unknown catalog resource ${resource}` }, { status: 404 });
});
