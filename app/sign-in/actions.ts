"use server";

import { cookies, headers } from "next/headers";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { endConsoleSession } from "@/lib/auth/console-sessions";
import { signInConsoleUser } from "@/lib/auth/sign-in";
import { safeNextPath } from "@/lib/auth/safe-next";
import { clientAddressHeader, normalizeClientAddress } from "@/lib/auth/client-address";
import { defineAction, definePublicAction } from "@/app/server/action-client";
import { sessionCookieName } from "@/app/server/session";

const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email").max(254),
  password: z.string().min(1, "Enter your password").max(1024),
  next: z.string().optional(),
});

function inMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** The wall-clock time a lock ends, in UTC so that every reader agrees on it. */
function untilClock(now: Date, seconds: number): string {
  return `${new Date(now.getTime() + seconds * 1000).toISOString().slice(11, 16)} UTC`;
}

export const signInAction = definePublicAction({
  name: "signIn",
  input: signInSchema,
  handler: async ({ email, password, next }, { db }) => {
    const request = await headers();
    // Set by scripts/serve.mjs from the socket; absent elsewhere (then only the per-email limits apply).
    const client = normalizeClientAddress(request.get(clientAddressHeader) ?? undefined);
    const now = new Date();
    const outcome = await signInConsoleUser(db, { email, password, client, now });
    if (!outcome.ok) {
      if (outcome.reason === "throttled") {
        const wait = `Wait ${inMinutes(outcome.retryAfterSeconds)} (until ${untilClock(now, outcome.retryAfterSeconds)})`;
        throw new AppError(
          "LimitExceeded",
          outcome.scope === "client"
            ? `Too many failed sign-in attempts from your network address, for many emails. ${wait} and try again.`
            : `Too many failed attempts for this email. ${wait} and try again, or ask an administrator to unlock it.`,
        );
      }
      if (outcome.reason === "busy") throw new AppError("LimitExceeded", "Too many sign-in attempts right now; try again in a few seconds.");
      throw new AppError("InvalidInput", "The email or password is not right.");
    }
    const secure = request.get("x-forwarded-proto") === "https";
    (await cookies()).set(sessionCookieName, outcome.session.token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: outcome.session.expiresAt });
    return { next: safeNextPath(next) };
  },
});

export const signOutAction = defineAction({
  name: "signOut",
  permission: "read",
  input: z.object({}),
  handler: async (_input, { db }) => {
    const jar = await cookies();
    await endConsoleSession(db, jar.get(sessionCookieName)?.value, normalizeClientAddress((await headers()).get(clientAddressHeader) ?? undefined));
    jar.delete(sessionCookieName);
    return { signedOut: true };
  },
});
