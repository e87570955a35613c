import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/prisma";
import { isAppError } from "@/lib/errors";
import { accountIdSchema } from "@/lib/iam/names";
import { isConsoleArea } from "@/components/console-areas";
import { areaLists } from "@/app/server/area-lists";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ account: string; area: string }> }) {
  const { account, area } = await params;
  const parsed = accountIdSchema.safeParse(account);
  if (!parsed.success) return NextResponse.json({ code: "InvalidInput", message: parsed.error.issues[0].message }, { status: 400 });
  if (!isConsoleArea(area)) return NextResponse.json({ code: "NoSuchEntity", message: `Unknown area ${area}` }, { status: 404 });
  try {
    return NextResponse.json(await areaLists[area](await getDb(), parsed.data));
  } catch (error) {
    if (isAppError(error)) return NextResponse.json({ code: error.code, message: error.message }, { status: error.status });
    console.error(error);
    return NextResponse.json({ code: "InternalError", message: "The list could not be read." }, { status: 500 });
  }
}
