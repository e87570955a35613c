import { NextResponse } from "next/server";
import { withUser } from "@/app/server/route-guard";
import { describeBuilderService } from "@/lib/designer/service-catalog";

/** One service's actions by access level, resource types with ARN formats, and condition keys. */
export const GET = withUser<{ service: string }>("read", async (_request, { params }) => {
  const { service } = await params;
  const found = describeBuilderService(service);
  if (!found) return NextResponse.json({ code: "NoSuchEntity", message: `The catalog has no service ${service}` }, { status: 404 });
  return NextResponse.json(found);
});
