import { NextResponse } from "next/server";
import { getWorkspaceDb } from "@/app/server/workspace-db";
import { accountIdSchema } from "@/lib/iam/names";
import { searchAttachablePolicies } from "@/lib/iam/attachable-policies";
import { withUser } from "@/app/server/route-guard";

export const dynamic = "force-dynamic";

/** Customer-managed policies of the account and AWS-managed ones whose name matches `q`. */
export const GET = withUser<{ account: string }>("read", async (request, { params }) => {
  const parsed = accountIdSchema.safeParse((await params).account);
  if (!parsed.success) return NextResponse.json({ code: "InvalidInput", message: parsed.error.issues[0].message }, { status: 400 });
  const query = new URL(request.url).searchParams.get("q") ?? "";
  return NextResponse.json(await searchAttachablePolicies(await getWorkspaceDb(), parsed.data, query.slice(0, 128)));
});
