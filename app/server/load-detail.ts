import "server-only";
import { notFound } from "next/navigation";
import { getWorkspaceDb } from "./workspace-db";
import type { Db } from "@/lib/db/create-client";
import { isAppError } from "@/lib/errors";
import { requireAccountAccess } from "./account-access";

/**
 * Loads a page's data from `accountId`, once the user may read that account (else the 404 page,
 * before anything is read); a missing entity becomes the 404 page, anything else the error page.
 */
export async function loadDetail<T>(accountId: string, load: (db: Db) => Promise<T>): Promise<T> {
  await requireAccountAccess(accountId, "read");
  try {
    return await load(await getWorkspaceDb());
  } catch (error) {
    if (isAppError(error) && (error.code === "NoSuchEntity" || error.code === "InvalidParameterValue")) notFound();
    throw error;
  }
}
