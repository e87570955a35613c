import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/prisma";
import { simulatePrincipalRequest, simulatePrincipalSchema } from "@/lib/simulation/simulate-principal";
import { withUser } from "@/app/server/route-guard";

export const dynamic = "force-dynamic";

/** POST {principalArn, action, resource, context?} → the evaluator's decision and explanation. */
export const POST = withUser<{ account: string }>("simulate", async (request) => {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return NextResponse.json({ code: "InvalidInput", message: "The request body must be JSON: {principalArn, action, resource, context?}" }, { status: 400 });
  }
  const parsed = simulatePrincipalSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return NextResponse.json({ code: "InvalidInput", message: `${issue.path.join(".") || "body"}: ${issue.message}` }, { status: 400 });
  }
  return NextResponse.json(await simulatePrincipalRequest(await getDb(), parsed.data, new Date()));
});
