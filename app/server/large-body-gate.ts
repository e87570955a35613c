import { getDb } from "@/lib/db/prisma";
import { findSessionUser } from "@/lib/auth/console-sessions";
import { largeBodyRefusal, SMALL_BODY_BYTES } from "@/lib/upload-limit";

/**
 * For the proxy, before any body is read: whether this request's body is large (declared over
 * SMALL_BODY_BYTES, or of unknown length), and if so why it is refused for the session's user.
 */
export async function refuseLargeBody(input: { method: string; contentLength: string | null; transferEncoding: string | null; sessionToken: string | undefined; workspace: string | null }): Promise<string | null> {
  if (input.method === "GET" || input.method === "HEAD") return null;
  const declared = input.contentLength === null ? NaN : Number(input.contentLength);
  const large = Number.isFinite(declared) ? declared > SMALL_BODY_BYTES : input.transferEncoding !== null;
  if (!large) return null;
  const user = await findSessionUser(await getDb(), input.sessionToken, new Date());
  return largeBodyRefusal(user, input.workspace, Number.isFinite(declared) ? declared : undefined);
}
