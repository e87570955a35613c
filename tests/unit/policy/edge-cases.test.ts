// Less travelled paths: callers AWS does not describe as principals, malformed addresses, lookups
// of odd context values, and the explanation notes for policy types that do not apply.
import { describe, expect, it } from "vitest";
import { readCaller } from "../../../lib/policy/caller";
import { parseDate, parseNumber } from "../../../lib/policy/conditions";
import { cidrContains, parseCidr, parseIp } from "../../../lib/policy/ip-address";
import { parseVariables, resolveTemplate } from "../../../lib/policy/policy-variables";
import { PreparedRequest } from "../../../lib/policy/request-context";
import { ACCOUNT, holds, identity, run, V } from "./helpers";

describe("reading the caller (IAM User Guide, Principal element)", () => {
  const rows: [string, object][] = [
    ["*", { kind: "anonymous" }],
    [`arn:aws:iam::${ACCOUNT}:root`, { kind: "root", account: ACCOUNT }],
    [ACCOUNT, { kind: "root", account: ACCOUNT }],
    [`arn:aws:iam::${ACCOUNT}:user/path/alice`, { kind: "user", account: ACCOUNT }],
    [`arn:aws:iam::${ACCOUNT}:role/path/Get-pics`, { kind: "role", account: ACCOUNT, roleName: "Get-pics" }],
    [`arn:aws:sts::${ACCOUNT}:assumed-role/Get-pics/s1`, { kind: "session", account: ACCOUNT, roleName: "Get-pics" }],
    [`arn:aws:sts::${ACCOUNT}:federated-user/bob`, { kind: "federated-user", account: ACCOUNT }],
    [`arn:aws:iam::${ACCOUNT}:group/devs`, { kind: "other", account: ACCOUNT }],
    [`arn:aws:sts::${ACCOUNT}:self`, { kind: "other", account: ACCOUNT }],
    ["ec2.amazonaws.com", { kind: "service" }],
    ["elasticmapreduce.amazonaws.com.cn", { kind: "service" }],
    ["accounts.google.com", { kind: "other" }],
    ["arn:aws-cn:iam::123456789012:user/x", { kind: "user", account: "123456789012" }],
  ];
  it.each(rows)("%s", (text, expected) => {
    expect(readCaller(text)).toMatchObject({ text, ...expected });
    expect(readCaller(text)).toBe(readCaller(text));
  });
});

describe("IP parsing", () => {
  it.each(["1.2.3", "1.2.3.4.5", "1.2.3.x", "256.1.1.1", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::1.2.3", "1:2:3:4:5:6:7::8:9", "g::1"])("rejects %s", (text) => {
    expect(parseIp(text)).toBeNull();
  });
  it("reads IPv6 forms", () => {
    expect(Array.from(parseIp("::")!.groups)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(parseIp("1:2:3:4:5:6:7:8")!.groups)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(parseIp("fe80::1")!.groups)).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
  });
  it("rejects bad prefixes and keeps families apart", () => {
    expect(parseCidr("10.0.0.0/x")).toBeNull();
    expect(parseCidr("::/129")).toBeNull();
    expect(parseCidr("nope/8")).toBeNull();
    expect(cidrContains(parseCidr("10.0.0.0/8")!, parseIp("::a00:1")!)).toBe(false);
    expect(cidrContains(parseCidr("::/0")!, parseIp("::1")!)).toBe(true);
  });
});

describe("numbers and dates", () => {
  it("reads numbers strictly", () => {
    expect(parseNumber(" 1.5e3 ")).toBe(1500);
    expect(parseNumber(".5")).toBe(0.5);
    expect(parseNumber("")).toBeNaN();
    expect(parseNumber("0x10")).toBeNaN();
  });
  it("reads ISO 8601 forms and epoch seconds", () => {
    expect(parseDate("2026-01-01T00:00:00Z")).toBe(Date.UTC(2026, 0, 1));
    expect(parseDate("2026-01-01T01:00:00+0100")).toBe(Date.UTC(2026, 0, 1));
    expect(parseDate("2026-01-01 00:00")).toBe(Date.UTC(2026, 0, 1));
    expect(parseDate("2026-01-01T00:00:00.500Z")).toBe(Date.UTC(2026, 0, 1) + 500);
    expect(parseDate("1767225600.5")).toBe(Date.UTC(2026, 0, 1) + 500);
    expect(parseDate("January 1, 2026")).toBeNaN();
  });
});

describe("request context", () => {
  it("looks keys up without case and reads variables from one value only", () => {
    const r = new PreparedRequest({ principal: "*", action: "s3:GetObject", resource: "*", context: { "AWS:UserName": "alice", "aws:TagKeys": ["a", "b"], "x:one": ["z"] } });
    expect(r.value("aws:username")).toBe("alice");
    expect(r.variable("aws:username")).toBe("alice");
    expect(r.variable("aws:tagkeys")).toBeUndefined();
    expect(r.variable("x:one")).toBe("z");
    expect(r.variable("x:none")).toBeUndefined();
    expect(r.sameAccount).toBe(true);
  });
  it("templates keep literal text and report missing variables", () => {
    const t = parseVariables("a*${x}${?}")!;
    expect(t.keys).toEqual(["x"]);
    expect(resolveTemplate(t, { variable: () => "v*" }, true)).toBe("a*v\\*\\?");
    expect(resolveTemplate(t, { variable: () => "v*" }, false)).toBe("a*v*?");
    expect(resolveTemplate(t, { variable: () => undefined }, false)).toBeNull();
    expect(parseVariables("plain")).toBeNull();
    expect(parseVariables("${not closed")).toBeNull();
  });
  it("coerces non-string values given through the library API", () => {
    expect(holds({ NumericEquals: { n: "3" } }, { n: [3 as unknown as string] })).toBe(true);
    expect(holds({ BinaryEquals: { b: "YWJj" } }, { b: "YWJj\n" })).toBe(true);
  });
});

describe("explanation notes", () => {
  it("say that identity-side policies do not apply to an anonymous caller", () => {
    const result = run({ identityPolicies: [identity("P", [{ Effect: "Allow", Action: "*", Resource: "*" }])], sessionPolicies: [identity("S", [{ Effect: "Allow", Action: "*", Resource: "*" }])] }, { principal: "*" }, true);
    expect(result.explanation!.policies.map((p) => p.note)).toEqual([
      "the caller is not an IAM identity, so identity-side policies do not apply",
      "the caller is not an IAM identity, so identity-side policies do not apply",
    ]);
    expect(result.explanation!.nearestMisses).toEqual([]);
  });
  it("say that a boundary does not limit the root user, and SCPs do not apply to anonymous callers", () => {
    const b = { name: "B", document: { Version: V, Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] } };
    const root = run({ permissionsBoundary: b }, { principal: `arn:aws:iam::${ACCOUNT}:root` }, true);
    expect(root.explanation!.policies[0]).toMatchObject({ considered: false, note: "a permissions boundary does not limit this caller" });
    const anon = run({ scps: [{ target: "r-root", policies: [b] }] }, { principal: "*" }, true);
    expect(anon.explanation!.policies[0]).toMatchObject({ considered: false, note: "SCPs do not apply to this caller", target: "r-root" });
  });
});
