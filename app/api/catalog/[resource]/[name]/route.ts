import { NextResponse } from "next/server";
import { withUser } from "@/app/server/route-guard";
import { describeBuilderService } from "@/lib/designer/service-catalog";

/** `services/s3`: one service's actions by access level, resource types with ARN formats, condition keys. */
export const GET = withUser<{ resource: string; name: string }>("read", async (_request, { params }) => {
  const { resource, name } = await params;
  const found = resource === "services" ? describeBuilderService(name) : undefined;
  if (!found) return NextResponse.json({ code: "NoSuchEntity", message: `The catalog has no ${resource} ${name}` }, { status: 404 });
  return NextResponse.json(found);
});
