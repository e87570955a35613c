/**
 * Which `Host` a request to the metadata service may name. A page on the web can make a browser
 * on the developer's machine send requests to loopback under the page's own host name (DNS
 * rebinding) and read the role's credentials; naming the service itself is what such a page
 * cannot do. Accepted: the real service's link-local names (169.254.169.254, [fd00:ec2::254]) on
 * port 80 or the listening port, and `localhost` or the address the connection arrived on, at the
 * listening port. Anything else, or no Host at all, is refused with 403.
 */
const IMDS_NAMES = new Set(["169.254.169.254", "[fd00:ec2::254]"]);

/** Splits a Host header into a lower-cased name (IPv6 in brackets) and a port (80 when absent); undefined when malformed. */
export function parseHostHeader(value: string): { name: string; port: number } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return undefined;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  return port <= 65535 ? { name: match[1].toLowerCase(), port } : undefined;
}

/** How the connection's local address appears in a Host header ("127.0.0.1", "[::1]"). */
function hostForm(address: string): string {
  const v4 = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return v4.includes(":") ? `[${v4.toLowerCase()}]` : v4;
}

/** True when `host` (the request's Host header) names this service, reached at `localAddress`:`localPort`. */
export function isOwnHost(host: string | undefined, localAddress: string | undefined, localPort: number | undefined): boolean {
  const parsed = host === undefined ? undefined : parseHostHeader(host);
  if (!parsed) return false;
  if (IMDS_NAMES.has(parsed.name)) return parsed.port === 80 || parsed.port === localPort;
  if (parsed.port !== localPort) return false;
  return parsed.name === "localhost" || (localAddress !== undefined && parsed.name === hostForm(localAddress));
}
