import { describe, expect, it } from "vitest";
import { clientAddressHeader, normalizeClientAddress } from "../../../lib/auth/client-address";
import { clientAddressHeader as serverHeader, pickClientAddress } from "../../../scripts/client-address.mjs";
import { readEnv } from "../../../lib/env";

describe("the client address sign-in throttles by", () => {
  it.each([
    ["IPv4", "203.0.113.7", "203.0.113.7"],
    ["IPv4-mapped IPv6", "::ffff:203.0.113.7", "203.0.113.7"],
    ["IPv6: its /64", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["IPv6 compressed", "2001:db8::1", "2001:db8:0:0::/64"],
    ["IPv6 loopback", "::1", "0:0:0:0::/64"],
    ["IPv6 with a zone", "fe80::1%eth0", "fe80:0:0:0::/64"],
    ["not an address", "evil.example", null],
    ["missing", undefined, null],
  ])("%s", (_name, address, expected) => {
    expect(normalizeClientAddress(address)).toBe(expected);
  });

  it("is the socket's peer; X-Forwarded-For counts only behind a trusted proxy, and then only its last entry", () => {
    expect(pickClientAddress("203.0.113.7", "198.51.100.1", false)).toBe("203.0.113.7");
    expect(pickClientAddress("127.0.0.1", "198.51.100.1, 192.0.2.9", true)).toBe("192.0.2.9");
    expect(pickClientAddress("127.0.0.1", ["198.51.100.1", "192.0.2.9"], true)).toBe("192.0.2.9");
    expect(pickClientAddress("127.0.0.1", "", true)).toBe("127.0.0.1");
    expect(pickClientAddress("127.0.0.1", undefined, true)).toBe("127.0.0.1");
    expect(serverHeader).toBe(clientAddressHeader);
  });
});

describe("the console's listening address", () => {
  it("is loopback unless HOST says otherwise; TRUST_PROXY is off unless set", () => {
    expect(readEnv({})).toMatchObject({ host: "127.0.0.1", port: 3000, trustProxy: false });
    expect(readEnv({ HOST: "0.0.0.0", PORT: "4000", TRUST_PROXY: "1" })).toMatchObject({ host: "0.0.0.0", port: 4000, trustProxy: true });
    expect(() => readEnv({ HOST: "0.0.0.0; rm -rf /" })).toThrow(/HOST/);
  });
});
