import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/prisma";
import { reviewAccount } from "@/lib/io/account-review";
import { accountIdSchema } from "@/lib/iam/names";
import { reviewSearchSchema } from "@/components/review/review-query";
import { withUser } from "@/app/server/route-guard";

export const dynamic = "force-dynamic";

/** The PassRole review of one account, as the review page shows it (`?service=SERVICE|all`). */
export const GET = withUser<{ account: string }>("read", async (request, { params }) => {
  const { account } = await params;
  const parsed = accountIdSchema.safeParse(account);
  if (!parsed.success) return NextResponse.json({ code: "InvalidInput", message: parsed.error.issues[0].message }, { status: 400 });
  const search = reviewSearchSchema.parse({ service: new URL(request.url).searchParams.get("service") ?? undefined });
  return NextResponse.json(await reviewAccount(await getDb(), parsed.data, search.service));
});
