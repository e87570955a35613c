// Shortest paths and the contract's JSON (shared/contracts/escalation-paths.md): fewest hops, ties
// broken by ARN order, one path per principal sorted by `from`, `--from` and `--to ARN`, and the
// fields in the contract's order.
import { describe, expect, it } from "vitest";
import { escalationJson, escalationPaths, escalationText, pathsFrom, pathsTo, pathsToAdmin } from "../../../lib/review/escalation-paths";
import { A, account, allow, doc, policy, role, trustOf, user } from "./support";
import { graphOf, short } from "./escalation-support";

const trustArns = (...arns: string[]) => doc({ Effect: "Allow", Principal: { AWS: arns.length === 1 ? arns[0] : arns }, Action: "sts:AssumeRole" });
const arn = (kind: "user" | "role", name: string) => `arn:aws:iam::${A}:${kind}/${name}`;
const assumer = (name: string, trustedBy: string[]) => role(name, [policy(`${name}-assume`, allow("sts:AssumeRole"))], { profile: false, trust: trustArns(...trustedBy) });

/**
 * alice → a → admin-role (2 hops) and alice → b → c → admin-role (3 hops); bob → b (then 2 more);
 * carol can put a policy on herself (→ admin); dave reaches nobody.
 */
function sample() {
  const alice = user("alice", [policy("alice-assume", allow("sts:AssumeRole"))]);
  const bob = user("bob", [policy("bob-assume", allow("sts:AssumeRole"))]);
  const carol = user("carol", [policy("carol-self", allow("iam:PutUserPolicy", arn("user", "carol")))]);
  const dave = user("dave", [policy("dave-read", allow("s3:GetObject"))]);
  const a = assumer("a", [arn("user", "alice")]);
  const b = assumer("b", [arn("user", "alice"), arn("user", "bob")]);
  const c = assumer("c", [arn("role", "b")]);
  const top = role("top", [policy("AdministratorAccess", allow("*"))], { profile: false, trust: trustArns(arn("role", "a"), arn("role", "c")) });
  return graphOf(account([alice, bob, carol, dave], [a, b, c, top]));
}

const names = (path: { from: string; to: string; hops: { to: string }[] }) => [short(path.from), ...path.hops.map((h) => short(h.to))].join(" → ");

describe("paths to an administrator", () => {
  const graph = sample();
  it("lists the administrators and one path per principal that reaches one, fewest hops, sorted by from", () => {
    expect(graph.admins).toEqual([arn("role", "top")]);
    expect(pathsToAdmin(graph).map(names)).toEqual(["carol → admin", "a → top", "b → c → top", "c → top", "alice → a → top", "bob → b → c → top"].sort((x, y) => {
      const from = (s: string) => arn(["alice", "bob", "carol", "dave"].includes(s.split(" ")[0]) ? "user" : "role", s.split(" ")[0]);
      return from(x) < from(y) ? -1 : 1;
    }));
  });

  it("ties between paths of equal length go to the one whose ARNs sort first", () => {
    // Two 2-hop routes to top: through x or through w; w sorts first.
    const start = user("start", [policy("start-assume", allow("sts:AssumeRole"))]);
    const x = assumer("x", [arn("user", "start")]);
    const w = assumer("w", [arn("user", "start")]);
    const top = role("top", [policy("AdministratorAccess", allow("*"))], { profile: false, trust: trustArns(arn("role", "x"), arn("role", "w")) });
    const paths = pathsToAdmin(graphOf(account([start], [x, w, top])));
    expect(paths.filter((p) => p.from === arn("user", "start")).map(names)).toEqual(["start → w → top"]);
  });

  it("JSON: admins, paths, warnings; each path from, to, hops; each hop from, to, method, evidence", () => {
    const json = escalationJson(graph, pathsToAdmin(graph), ["f.json at $.Policies[0]: something"]);
    expect(Object.keys(json)).toEqual(["admins", "paths", "warnings"]);
    expect(Object.keys(json.paths[0])).toEqual(["from", "to", "hops"]);
    const alice = json.paths.find((p) => p.from === arn("user", "alice"))!;
    expect(alice.to).toBe(arn("role", "top"));
    expect(Object.keys(alice.hops[0]).slice(0, 4)).toEqual(["from", "to", "method", "evidence"]);
    expect(alice.hops[0]).toMatchObject({ from: arn("user", "alice"), to: arn("role", "a"), method: "sts:AssumeRole" });
    // A same-account trust naming alice herself decides alone (her own statement is not needed).
    expect(alice.hops[0].evidence).toEqual([{ policy: "trust policy of a", statement: 0, kind: "resource", actions: ["sts:AssumeRole"] }]);
    const carol = json.paths.find((p) => p.from === arn("user", "carol"))!;
    expect(carol).toMatchObject({ to: "admin", hops: [{ to: "admin", method: "iam:PutUserPolicy" }] });
    expect(json.warnings).toEqual(["f.json at $.Policies[0]: something"]);
  });

  it("text: statements counted from 1, as people count", () => {
    const text = escalationText(graph, pathsToAdmin(graph), {}, []);
    expect(text).toContain("statement 1 of resource-based policy trust policy of a");
    expect(text).toContain("statement 1 of identity-based policy carol-self");
    expect(text).toContain(`${arn("user", "bob")} → ${arn("role", "top")} (3 hops)`);
  });
});

describe("--from and --to", () => {
  const graph = sample();
  it("--from lists every principal it can reach, admins or not, fewest hops each, sorted by to", () => {
    expect(pathsFrom(graph, arn("user", "alice")).map(names)).toEqual(["alice → a", "alice → b", "alice → b → c", "alice → a → top"]);
    expect(pathsFrom(graph, arn("user", "dave"))).toEqual([]);
  });
  it("--to ARN: one path per principal that reaches it", () => {
    expect(pathsTo(graph, arn("role", "c")).map(names)).toEqual(["b → c", "alice → b → c", "bob → b → c"]);
  });
  it("--from with --to admin keeps the path to the nearest administrator", () => {
    expect(escalationPaths(graph, { from: arn("user", "alice"), to: "admin" }).map(names)).toEqual(["alice → a → top"]);
    expect(escalationPaths(graph, { from: arn("user", "dave"), to: "admin" })).toEqual([]);
  });
  it("--from with --to keeps the path to that one", () => {
    expect(escalationPaths(graph, { from: arn("user", "bob"), to: arn("role", "top") }).map(names)).toEqual(["bob → b → c → top"]);
    expect(escalationPaths(graph, { from: arn("user", "carol") }).map(names)).toEqual(["carol → admin"]);
  });
});

describe("edges that are not AssumeRole chain like any other", () => {
  it("alice passes ops-admin to EC2; ops-admin grants itself anything: alice → ops-admin → admin", () => {
    const alice = user("alice", [policy("LaunchInstancesAndUseS3", allow("ec2:RunInstances"), allow("s3:*")), policy("ConsoleLaunchWithAnyRole", allow("iam:PassRole", "*", { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } }))]);
    const opsAdmin = role("ops-admin", [policy("IamAndDynamo", allow(["iam:*", "dynamodb:*"]))], { trust: trustOf("ec2.amazonaws.com") });
    const [path] = pathsToAdmin(graphOf(account([alice], [opsAdmin]))).filter((p) => p.from === arn("user", "alice"));
    expect(names(path)).toBe("alice → ops-admin → admin");
    expect(path.hops.map((h) => h.method)).toEqual(["iam:PassRole+ec2:RunInstances", "iam:AttachRolePolicy"]);
  });
});
