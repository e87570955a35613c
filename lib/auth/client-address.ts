import { isIP } from "node:net";

/**
 * The request header carrying the client's address to the console's code. scripts/serve.mjs sets
 * it on every request from the socket (or, with TRUST_PROXY, from the proxy's X-Forwarded-For
 * entry; see scripts/client-address.mjs), replacing whatever the client sent, so a client cannot
 * choose its own address. Absent when the console runs otherwise (`next dev`).
 */
export const clientAddressHeader = "x-roleplay-client-address";

function ipv6Groups(address: string): number[] | null {
  const [head, tail] = address.split("::");
  if (address.split("::").length > 2) return null;
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * One client, as throttling sees it: an IPv4 address, or an IPv6 address's /64 (a single host
 * usually holds a whole /64, so counting its addresses one by one would let it rotate freely).
 * IPv4-mapped IPv6 addresses are their IPv4. Null when `address` is not an IP address.
 */
export function normalizeClientAddress(address: string | undefined): string | null {
  const bare = address?.trim().replace(/%.*$/, "");
  if (!bare || !isIP(bare)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (isIP(bare) === 4 || mapped) return mapped ? mapped[1] : bare;
  const groups = ipv6Groups(bare);
  return groups ? `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64` : null;
}
