import { NextResponse } from "next/server";
import { getWorkspaceDb } from "@/app/server/workspace-db";
import { accountIdSchema } from "@/lib/iam/names";
import { choiceKinds, searchChoices, type ChoiceKind } from "@/lib/lists/choices";
import { choiceSearchLimit, maxSearchLength, normalizeSearch } from "@/lib/lists/list-query";
import { withUser } from "@/app/server/route-guard";

export const dynamic = "force-dynamic";

/** A picker's options matching `q` (roles, instance-profiles, principals, workspace-roles): at most twenty, as a JSON array. */
export const GET = withUser<{ account: string; kind: string }>("read", async (request, { params }) => {
  const { account, kind } = await params;
  const parsed = accountIdSchema.safeParse(account);
  if (!parsed.success) return NextResponse.json({ code: "InvalidInput", message: parsed.error.issues[0].message }, { status: 400 });
  if (!(choiceKinds as readonly string[]).includes(kind)) return NextResponse.json({ code: "NoSuchEntity", message: `Unknown picker ${kind}` }, { status: 404 });
  const q = normalizeSearch((new URL(request.url).searchParams.get("q") ?? "").slice(0, maxSearchLength * 2));
  return NextResponse.json(await searchChoices(await getWorkspaceDb(), parsed.data, kind as ChoiceKind, q, choiceSearchLimit));
});
