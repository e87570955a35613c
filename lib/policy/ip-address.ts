/**
 * IPv4 and IPv6 addresses and CIDR ranges for the IpAddress and NotIpAddress operators.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 */

/** An address as eight 16-bit groups (IPv4 in the last two), with its family. */
export interface IpValue {
  v6: boolean;
  groups: Uint16Array;
}

/** A range: the network address and its prefix length in bits. */
export interface CidrRange {
  v6: boolean;
  groups: Uint16Array;
  prefix: number;
}

/** Parses an IPv4 or IPv6 address; null when it is not one. */
export function parseIp(text: string): IpValue | null {
  return text.indexOf(":") === -1 ? parseV4(text) : parseV6(text);
}

function parseV4(text: string): IpValue | null {
  const octets = text.split(".");
  if (octets.length !== 4) return null;
  const groups = new Uint16Array(8);
  for (let i = 0; i < 4; i++) {
    const o = octets[i];
    if (!/^\d{1,3}$/.test(o)) return null;
    const n = Number(o);
    if (n > 255) return null;
    groups[6 + (i >> 1)] |= i % 2 === 0 ? n << 8 : n;
  }
  return { v6: false, groups };
}

function readGroups(part: string): number[] | null {
  if (part === "") return [];
  const out: number[] = [];
  const pieces = part.split(":");
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    if (i === pieces.length - 1 && p.indexOf(".") !== -1) {
      const v4 = parseV4(p);
      if (!v4) return null;
      out.push(v4.groups[6], v4.groups[7]);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null;
      out.push(parseInt(p, 16));
    }
  }
  return out;
}

function parseV6(text: string): IpValue | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = readGroups(halves[0]);
  const tail = halves.length === 2 ? readGroups(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = new Uint16Array(8);
  head.forEach((g, i) => (groups[i] = g));
  tail.forEach((g, i) => (groups[8 - tail.length + i] = g));
  return { v6: true, groups };
}

/** Parses `address[/prefix]`; a bare address is a single-host range. Null when malformed. */
export function parseCidr(text: string): CidrRange | null {
  const slash = text.indexOf("/");
  const ip = parseIp(slash === -1 ? text.trim() : text.slice(0, slash).trim());
  if (!ip) return null;
  const max = ip.v6 ? 128 : 32;
  let prefix = max;
  if (slash !== -1) {
    const p = text.slice(slash + 1).trim();
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) return null;
    prefix = Number(p);
  }
  return { v6: ip.v6, groups: ip.groups, prefix };
}

/** True when `ip` lies inside `range` (families must agree). */
export function cidrContains(range: CidrRange, ip: IpValue): boolean {
  if (range.v6 !== ip.v6) return false;
  // IPv4 sits in the last two groups, so its prefix counts from group 6.
  let bits = range.prefix;
  let group = range.v6 ? 0 : 6;
  for (; bits > 0; group++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((range.groups[group] & mask) !== (ip.groups[group] & mask)) return false;
  }
  return true;
}
