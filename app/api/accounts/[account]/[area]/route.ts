import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/prisma";
import { accountIdSchema } from "@/lib/iam/names";
import { isConsoleArea } from "@/components/console-areas";
import { areaLists } from "@/app/server/area-lists";
import { withUser } from "@/app/server/route-guard";

export const dynamic = "force-dynamic";

export const GET = withUser<{ account: string; area: string }>("read", async (_request, { params }) => {
  const { account, area } = await params;
  const parsed = accountIdSchema.safeParse(account);
  if (!parsed.success) return NextResponse.json({ code: "InvalidInput", message: parsed.error.issues[0].message }, { status: 400 });
  if (!isConsoleArea(area)) return NextResponse.json({ code: "NoSuchEntity", message: `Unknown area ${area}` }, { status: 404 });
  return NextResponse.json(await areaLists[area](await getDb(), parsed.data));
});
