import { NextResponse } from "next/server";
import { withUser } from "@/app/server/route-guard";
import { listBuilderGlobalKeys, listBuilderServices, previewActionPattern } from "@/lib/designer/service-catalog";
import { resourceMismatch } from "@/lib/catalog/action-resource-fit";
import { simulatorLimits } from "@/lib/simulation/simulate-batch";

/**
 * The statement builder's catalog reads: `services` (every service and the global condition keys),
 * `action-pattern?pattern=s3:Get*` (what a wildcard covers), and `resource-fit?a=ACTION…&r=ARN…`
 * (the pairs whose action does not act on the resource, each with the reason; the simulator warns).
 */
export const GET = withUser<{ resource: string }>("read", async (request, { params }) => {
  const { resource } = await params;
  if (resource === "services") return NextResponse.json({ services: listBuilderServices(), globalConditionKeys: listBuilderGlobalKeys() });
  if (resource === "action-pattern") {
    const pattern = new URL(request.url).searchParams.get("pattern") ?? "";
    return NextResponse.json(previewActionPattern(pattern.slice(0, 200)));
  }
  if (resource === "resource-fit") {
    const search = new URL(request.url).searchParams;
    // As many as one simulation holds (simulatorLimits); the rest are not asked about.
    const actions = search.getAll("a").slice(0, simulatorLimits.actions);
    const resources = search.getAll("r").slice(0, simulatorLimits.resources);
    const pairs = actions.flatMap((action) => resources.map((arn) => ({ action, resource: arn }))).slice(0, simulatorLimits.requests);
    const mismatches = pairs.flatMap((pair) => {
      const message = resourceMismatch(pair.action, pair.resource);
      return message ? [{ ...pair, message }] : [];
    });
    return NextResponse.json({ mismatches });
  }
  return NextResponse.json({ code: "NoSuchEntity", message: `Unknown catalog resource ${resource}` }, { status: 404 });
});
