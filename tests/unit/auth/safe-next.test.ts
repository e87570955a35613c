import { describe, expect, it } from "vitest";
import { safeNextPath } from "../../../lib/auth/safe-next";

describe("where sign-in leads (next)", () => {
  it.each([
    ["a console path", "/111111111111/roles", "/111111111111/roles"],
    ["a path with query and fragment", "/111111111111/roles?created=1#top", "/111111111111/roles?created=1#top"],
    ["a backslash after the slash (%5C)", "/\\evil.example/x", "/"],
    ["a backslash later on", "/a\\b", "/"],
    ["a tab after the slash (%09)", "/\t/evil.example/x", "/"],
    ["a newline (%0A)", "/\n/evil.example", "/"],
    ["CR/LF header injection", "/x\r\nSet-Cookie: a=b", "/"],
    ["a NUL (%00)", "/x\u0000", "/"],
    ["DEL", "/x\u007f", "/"],
    ["protocol-relative", "//evil.example/x", "/"],
    ["protocol-relative after dot segments", "/.//evil.example/x", "/"],
    ["protocol-relative after encoded dot segments", "/%2e%2e//evil.example", "/"],
    ["an absolute URL", "https://evil.example/", "/"],
    ["a javascript: URL", "javascript:alert(1)", "/"],
    ["a relative path", "evil.example", "/"],
    ["empty", "", "/"],
    ["missing", undefined, "/"],
    ["repeated (an array)", ["/a", "/b"], "/"],
    ["too long", `/${"a".repeat(3000)}`, "/"],
    ["non-ASCII, percent-encoded", "/111111111111/roles/café?q=é", "/111111111111/roles/caf%C3%A9?q=%C3%A9"],
    ["an encoded slash stays a path", "/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("%s", (_name, next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it("is always a same-origin path in plain ASCII, safe for a Location header", () => {
    const samples = ["/\u2028x", "/x y", "/%E2%80%A8", "/ä/ö", "/?next=//evil.example", "/#//evil.example"];
    for (const next of samples) {
      const path = safeNextPath(next);
      expect(path).toMatch(/^\/(?!\/)[\x21-\x7e]*$/);
      expect(new URL(path, "https://console.example").origin).toBe("https://console.example");
    }
  });
});
