import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getWorkspaceDbByName } from "@/lib/db/prisma";
import type { Db } from "@/lib/db/create-client";
import { isAppError } from "@/lib/errors";
import { demoWorkspaceName } from "@/lib/workspaces/workspace-files";
import { workspaceHeader } from "@/lib/workspaces/workspace-path";

/** The workspace of this request: named by its URL (/w/NAME/…), set by the proxy; demo otherwise. */
export const currentWorkspaceName = cache(async (): Promise<string> => (await headers()).get(workspaceHeader) ?? demoWorkspaceName);

/** This request's workspace database (AppError `NoSuchEntity` for an unknown workspace). */
export async function getWorkspaceDb(): Promise<Db> {
  return getWorkspaceDbByName(await currentWorkspaceName());
}

/** For pages: this request's workspace database, or the 404 page for an unknown workspace. */
export async function getPageWorkspaceDb(): Promise<Db> {
  try {
    return await getWorkspaceDb();
  } catch (error) {
    if (isAppError(error) && error.code === "NoSuchEntity") notFound();
    throw error;
  }
}
