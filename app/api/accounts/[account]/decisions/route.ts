import { NextResponse } from "next/server";
import { getWorkspaceDb } from "@/app/server/workspace-db";
import { accountIdSchema } from "@/lib/iam/names";
import { findAccountWorkspaceId } from "@/lib/creds/workspace-clock";
import { decisionFilterSchema, listDecisions } from "@/lib/api/decision-log";
import { withUser } from "@/app/server/route-guard";

export const dynamic = "force-dynamic";

/**
 * The newest entries of the account's workspace decision log (`roleplay api`), filtered by
 * `caller` (part of the ARN), `decision` and `service`; `after=ID` only newer ones. At most 500.
 */
export const GET = withUser<{ account: string }>("read", async (request, { params }) => {
  const { account } = await params;
  const parsed = accountIdSchema.safeParse(account);
  if (!parsed.success) return NextResponse.json({ code: "InvalidInput", message: parsed.error.issues[0].message }, { status: 400 });
  const search = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const filter = decisionFilterSchema.safeParse(search);
  if (!filter.success) return NextResponse.json({ code: "InvalidInput", message: filter.error.issues[0].message }, { status: 400 });
  const db = await getWorkspaceDb();
  return NextResponse.json(await listDecisions(db, await findAccountWorkspaceId(db, parsed.data), filter.data), { headers: { "Cache-Control": "no-store" } });
});
