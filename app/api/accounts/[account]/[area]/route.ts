import { NextResponse } from "next/server";
import { getWorkspaceDb } from "@/app/server/workspace-db";
import { accountIdSchema } from "@/lib/iam/names";
import { isConsoleArea } from "@/components/console-areas";
import { areaSearch, readAreaQuery } from "@/lib/lists/list-specs";
import { readAreaPage } from "@/app/server/area-lists";
import { withUser } from "@/app/server/route-guard";

export const dynamic = "force-dynamic";

/**
 * One page of an account's list (`?page&size&sort&dir&q&filter`, as the list pages' URLs): the
 * rows as a JSON array, and where they sit in headers — X-Total-Count (matching the search and
 * filter), X-All-Count (without them), X-Page, X-Page-Size, and a Link to the next and previous
 * pages. Never the whole account at once.
 */
export const GET = withUser<{ account: string; area: string }>("read", async (request, { params }) => {
  const { account, area } = await params;
  const parsed = accountIdSchema.safeParse(account);
  if (!parsed.success) return NextResponse.json({ code: "InvalidInput", message: parsed.error.issues[0].message }, { status: 400 });
  if (!isConsoleArea(area)) return NextResponse.json({ code: "NoSuchEntity", message: `Unknown area ${area}` }, { status: 404 });
  const query = readAreaQuery(area, new URL(request.url).searchParams);
  const page = await readAreaPage(await getWorkspaceDb(), area, parsed.data, query);
  const headers = new Headers({ "X-Total-Count": String(page.total), "X-All-Count": String(page.all), "X-Page": String(page.page), "X-Page-Size": String(page.size) });
  const base = `/api/accounts/${parsed.data}/${area}`;
  const links: string[] = [];
  if (page.page * page.size < page.total) links.push(`<${base}${areaSearch(area, query, { page: page.page + 1 })}>; rel="next"`);
  if (page.page > 1) links.push(`<${base}${areaSearch(area, query, { page: page.page - 1 })}>; rel="prev"`);
  if (links.length) headers.set("Link", links.join(", "));
  return NextResponse.json(page.rows, { headers });
});
