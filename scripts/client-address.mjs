// Which address a request comes from, for scripts/serve.mjs. Plain JavaScript: the console's
// workers load no TypeScript. lib/auth/client-address.ts normalises what this picks.

/** The request header that carries it; the same name as clientAddressHeader in lib/auth/client-address.ts. */
export const clientAddressHeader = "x-roleplay-client-address";

/**
 * The socket's peer; with a trusted proxy (TRUST_PROXY=1: the console is reachable only through
 * it), the last X-Forwarded-For entry, the one that proxy appended. Earlier entries are whatever
 * the client claimed.
 */
export function pickClientAddress(socketAddress, forwardedFor, trustProxy) {
  if (trustProxy && forwardedFor !== undefined) {
    const last = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",").pop().trim();
    if (last) return last;
  }
  return socketAddress ?? "";
}
