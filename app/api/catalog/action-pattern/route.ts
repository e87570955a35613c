import { NextResponse } from "next/server";
import { withUser } from "@/app/server/route-guard";
import { previewActionPattern } from "@/lib/designer/service-catalog";

/** The actions a pattern such as `s3:Get*` covers: the builder's wildcard preview. */
export const GET = withUser("read", async (request) => {
  const pattern = new URL(request.url).searchParams.get("pattern") ?? "";
  return NextResponse.json(previewActionPattern(pattern.slice(0, 200)));
});
