import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/prisma";
import type { Db } from "@/lib/db/create-client";
import { isAppError } from "@/lib/errors";
import { requireUser } from "./session";

/** Loads a detail page's entity; a missing one becomes the 404 page, anything else the error page. */
export async function loadDetail<T>(load: (db: Db) => Promise<T>): Promise<T> {
  await requireUser("read");
  try {
    return await load(await getDb());
  } catch (error) {
    if (isAppError(error) && (error.code === "NoSuchEntity" || error.code === "InvalidParameterValue")) notFound();
    throw error;
  }
}
