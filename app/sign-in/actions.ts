"use server";

import { cookies, headers } from "next/headers";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { createConsoleSession, endConsoleSession } from "@/lib/auth/console-sessions";
import { verifyConsoleCredentials } from "@/lib/auth/console-users";
import { defineAction, definePublicAction } from "@/app/server/action-client";
import { sessionCookieName } from "@/app/server/session";

const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email").max(254),
  password: z.string().min(1, "Enter your password").max(1024),
  next: z.string().optional(),
});

/** Only same-site paths: never let a crafted link send a signed-in user elsewhere. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export const signInAction = definePublicAction({
  name: "signIn",
  input: signInSchema,
  handler: async ({ email, password, next }, { db }) => {
    const outcome = await verifyConsoleCredentials(db, email, password, new Date());
    if (!outcome.ok) {
      if (outcome.reason === "throttled") {
        const minutes = Math.ceil((outcome.retryAfterSeconds ?? 60) / 60);
        throw new AppError("LimitExceeded", `Too many failed attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`);
      }
      throw new AppError("InvalidInput", "The email or password is not right.");
    }
    const session = await createConsoleSession(db, outcome.user.id, new Date());
    const secure = (await headers()).get("x-forwarded-proto") === "https";
    (await cookies()).set(sessionCookieName, session.token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: session.expiresAt });
    return { next: safeNext(next) };
  },
});

export const signOutAction = defineAction({
  name: "signOut",
  permission: "read",
  input: z.object({}),
  handler: async (_input, { db }) => {
    const jar = await cookies();
    await endConsoleSession(db, jar.get(sessionCookieName)?.value);
    jar.delete(sessionCookieName);
    return { signedOut: true };
  },
});
