import { NextResponse } from "next/server";
import { getWorkspaceDb } from "@/app/server/workspace-db";
import { escalationAnswer, escalationNeighbourhood, escalationPrincipals } from "@/lib/io/account-escalation";
import { accountIdSchema } from "@/lib/iam/names";
import { escalationRouteSchema } from "@/components/escalation/escalation-query";
import { withUser } from "@/app/server/route-guard";

export const dynamic = "force-dynamic";

/**
 * The escalation graph of the account's workspace, a question at a time: `?view=admin`,
 * `?view=from|to&principal=ARN`, `?focus=ARN` (one node's neighbours) or `?q=TEXT` (principals by name).
 */
export const GET = withUser<{ account: string }>("read", async (request, { params }) => {
  const { account } = await params;
  const parsedAccount = accountIdSchema.safeParse(account);
  if (!parsedAccount.success) return NextResponse.json({ code: "InvalidInput", message: parsedAccount.error.issues[0].message }, { status: 400 });
  const parsed = escalationRouteSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return NextResponse.json({ code: "InvalidInput", message: parsed.error.issues[0].message }, { status: 400 });
  const query = parsed.data;
  const db = await getWorkspaceDb();
  if ("focus" in query) return NextResponse.json(await escalationNeighbourhood(db, parsedAccount.data, query.focus));
  if ("q" in query) return NextResponse.json(await escalationPrincipals(db, parsedAccount.data, query.q));
  if (query.view !== "admin" && !query.principal) return NextResponse.json({ code: "InvalidInput", message: `view=${query.view} needs principal=ARN` }, { status: 400 });
  const question = query.view === "admin" ? { view: "admin" as const } : { view: query.view, principal: query.principal! };
  return NextResponse.json(await escalationAnswer(db, parsedAccount.data, question));
});
