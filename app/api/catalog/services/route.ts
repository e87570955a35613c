import { NextResponse } from "next/server";
import { withUser } from "@/app/server/route-guard";
import { listBuilderGlobalKeys, listBuilderServices } from "@/lib/designer/service-catalog";

/** Every service of the catalog, and the global condition keys, for the statement builder. */
export const GET = withUser("read", async () => NextResponse.json({ services: listBuilderServices(), globalConditionKeys: listBuilderGlobalKeys() }));
