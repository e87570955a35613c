import { NextResponse } from "next/server";
import { z } from "zod";
import { withUser } from "@/app/server/route-guard";
import { readClassProgress } from "./read-progress";

export const dynamic = "force-dynamic";

const querySchema = z.object({ lab: z.string().trim().min(1, "Name a lab: ?lab=ID"), class: z.string().trim().min(1).optional() });

/** GET ?lab=ID[&class=NAME] → every workspace of the lab (of the class) with its members, last change and checks. */
export const GET = withUser("classroom", async (request) => {
  const params = new URL(request.url).searchParams;
  const parsed = querySchema.safeParse({ lab: params.get("lab") ?? "", class: params.get("class") ?? undefined });
  if (!parsed.success) return NextResponse.json({ code: "InvalidInput", message: parsed.error.issues[0].message }, { status: 400 });
  return NextResponse.json(await readClassProgress(parsed.data.lab, parsed.data.class), { headers: { "cache-control": "no-store" } });
});
