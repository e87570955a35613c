import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/prisma";
import { findSessionUser, type SessionUser } from "@/lib/auth/console-sessions";
import { consolePermissions, roleAllows, type ConsolePermission } from "@/lib/auth/console-roles";

export const sessionCookieName = "roleplay_session";

/** The signed-in user of this request, or null; read once per request. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const token = (await cookies()).get(sessionCookieName)?.value;
  return findSessionUser(await getDb(), token, new Date());
});

/**
 * For server pages: the signed-in user allowed `permission`, or a redirect to sign-in (anonymous)
 * or the forbidden page (signed in without the permission).
 */
export async function requireUser(permission: ConsolePermission = "read"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  if (!roleAllows(user.role, permission)) redirect(`/forbidden?need=${permission}`);
  return user;
}

export function describePermission(permission: ConsolePermission): string {
  return consolePermissions[permission];
}
