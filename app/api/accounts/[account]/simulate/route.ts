import { NextResponse } from "next/server";
import { getWorkspaceDb } from "@/app/server/workspace-db";
import { simulateLimits, simulatePrincipalRequest, simulatePrincipalSchema } from "@/lib/simulation/simulate-principal";
import { withUser } from "@/app/server/route-guard";
import { requireAccountsIn } from "@/app/server/account-access";
import { readJsonBody } from "@/app/server/read-json-body";

export const dynamic = "force-dynamic";

/** POST {principalArn, action, resource, context?} → the evaluator's decision and explanation. */
export const POST = withUser<{ account: string }>("simulate", async (request, { user }) => {
  // Bounded before any work: the body's size here, the context's keys and values by the schema.
  const body = await readJsonBody(request, simulateLimits.bodyBytes);
  if (!body.ok) {
    return NextResponse.json({ code: "InvalidInput", message: `${body.message}: send JSON {principalArn, action, resource, context?}` }, { status: 400 });
  }
  const parsed = simulatePrincipalSchema.safeParse(body.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return NextResponse.json({ code: "InvalidInput", message: `${issue.path.join(".") || "body"}: ${issue.message}` }, { status: 400 });
  }
  // The principal and the resource may be in other accounts than the URL's: each must be the caller's.
  await requireAccountsIn(user, parsed.data);
  return NextResponse.json(await simulatePrincipalRequest(await getWorkspaceDb(), parsed.data, new Date()));
});
