// The findings the escalation graph and trust policies add to the review: escalation paths (with
// their hops), external access through trust policies, confused deputies, administrators many can
// reach — each with a severity and a fix, in the same fields on every door.
import { describe, expect, it } from "vitest";
import { buildEscalationGraph } from "../../../lib/review/escalation-graph";
import { escalationFindings } from "../../../lib/review/escalation-findings";
import { findingJson } from "../../../lib/review/finding-rows";
import { findingsCsv } from "../../../lib/review/findings-csv";
import type { ReviewInput } from "../../../lib/review/review-input";
import { ReviewContext } from "../../../lib/review/review-pass-role";
import { A, B, account, allow, doc, policy, role, trustOf, user } from "./support";
import { NOW } from "./escalation-support";

function findingsOf(input: ReviewInput, accounts?: string[]) {
  const review = new ReviewContext(input, undefined, NOW);
  return escalationFindings(buildEscalationGraph(input, { now: NOW, review }), input, review, { now: NOW, accounts });
}
const trust = (Principal: unknown, Condition?: Record<string, unknown>) => doc({ Effect: "Allow", Principal, Action: "sts:AssumeRole", ...(Condition ? { Condition } : {}) });
const plain = (name: string, trustDoc: unknown, acct = A) => role(name, [policy(`${name}-logs`, allow("logs:PutLogEvents"))], { profile: false, trust: trustDoc, account: acct });

describe("escalation paths", () => {
  const alice = user("alice", [policy("LaunchInstancesAndUseS3", allow("ec2:RunInstances"), allow("s3:*")), policy("ConsoleLaunchWithAnyRole", allow("iam:PassRole", "*", { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } }))]);
  const opsAdmin = role("ops-admin", [policy("IamAndDynamo", allow(["iam:*", "dynamodb:*"]))], { trust: trustOf("ec2.amazonaws.com") });
  const findings = findingsOf(account([alice], [opsAdmin]));

  it("one critical finding per principal that can become an administrator, with its hops", () => {
    const f = findings.find((x) => x.id === `escalation-path:arn:aws:iam::${A}:user/alice`)!;
    expect(f).toMatchObject({ kind: "escalation-path", severity: "critical", principal: `arn:aws:iam::${A}:user/alice`, services: ["ec2.amazonaws.com"] });
    expect(f.title).toBe("alice can become an administrator in 2 hops: alice → ops-admin → admin");
    expect(f.hops!.map((h) => h.method)).toEqual(["iam:PassRole+ec2:RunInstances", "iam:AttachRolePolicy"]);
    expect(f.explanation).toContain("1. alice may pass ops-admin to EC2");
    expect(f.explanation).toContain("ConsoleLaunchWithAnyRole statement 1");
    expect(f.fix).toMatch(/^Break the first hop: Narrow the Resource of iam:PassRole in ConsoleLaunchWithAnyRole statement 1 to the roles alice must pass/);
    expect(f.via).toEqual([
      { policy: "ConsoleLaunchWithAnyRole", statement: 0 },
      { policy: "LaunchInstancesAndUseS3", statement: 0 },
    ]);
  });

  it("the same fields in the JSON and the CSV", () => {
    const f = findings.find((x) => x.kind === "escalation-path" && x.principal?.endsWith("/alice"))!;
    expect(Object.keys(findingJson(f))).toEqual(["id", "kind", "severity", "principal", "services", "title", "explanation", "fix", "via", "hops"]);
    const [, row] = findingsCsv([f]).trim().split("\n");
    expect(row.startsWith(`critical,escalation-path,arn:aws:iam::${A}:user/alice,,ec2.amazonaws.com,,,,ConsoleLaunchWithAnyRole#0;LaunchInstancesAndUseS3#0,true,`)).toBe(true);
    expect(row.endsWith(`iam:PassRole+ec2:RunInstances>arn:aws:iam::${A}:role/ops-admin;iam:AttachRolePolicy>admin`)).toBe(true);
  });

  it("the console's account sees only findings about its own principals", () => {
    const input = account([alice, user("remote", [policy("all-assume", allow("sts:AssumeRole"))], { account: B })], [opsAdmin]);
    expect(findingsOf(input, [B]).filter((f) => f.kind === "escalation-path")).toEqual([]);
  });
});

describe("external access through trust policies", () => {
  it("Principal * without a narrowing condition is critical", () => {
    const [f] = findingsOf(account([], [plain("open", trust("*"))])).filter((x) => x.kind === "external-trust");
    expect(f).toMatchObject({ severity: "critical", role: `arn:aws:iam::${A}:role/open`, title: "open can be assumed from any AWS account", via: [{ policy: "trust policy of open", statement: 0 }] });
    expect(f.fix).toContain("aws:PrincipalOrgID");
  });

  it("another account without sts:ExternalId is high; with sts:ExternalId or aws:PrincipalOrgID it is no finding", () => {
    const other = { AWS: "arn:aws:iam::999988887777:root" };
    expect(findingsOf(account([], [plain("partner", trust(other))])).filter((x) => x.kind === "external-trust").map((f) => [f.severity, f.title])).toEqual([["high", "partner can be assumed from account 999988887777"]]);
    expect(findingsOf(account([], [plain("partner", trust(other, { StringEquals: { "sts:ExternalId": "s3cr3t" } }))])).filter((x) => x.kind === "external-trust")).toEqual([]);
    expect(findingsOf(account([], [plain("partner", trust(other, { StringEquals: { "aws:PrincipalOrgID": "o-abc" } }))])).filter((x) => x.kind === "external-trust")).toEqual([]);
  });

  it("an account that is among those reviewed is low; the role's own account is none", () => {
    const input = account([user("dev", [], { account: B })], [plain("shared", trust({ AWS: `arn:aws:iam::${B}:user/dev` })), plain("mine", trust({ AWS: `arn:aws:iam::${A}:root` }))]);
    expect(findingsOf(input).filter((x) => x.kind === "external-trust").map((f) => [f.severity, f.role])).toEqual([["low", `arn:aws:iam::${A}:role/shared`]]);
  });
});

describe("confused deputies", () => {
  it("a service trust without aws:SourceAccount or aws:SourceArn is a low finding; with aws:SourceAccount none", () => {
    const [f] = findingsOf(account([], [plain("notify", trust({ Service: "sns.amazonaws.com" }))])).filter((x) => x.kind === "confused-deputy");
    expect(f).toMatchObject({ severity: "low", services: ["sns.amazonaws.com"] });
    expect(f.fix).toContain(`"aws:SourceAccount": "${A}"`);
    const pinned = plain("notify", trust({ Service: "sns.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": A } }));
    expect(findingsOf(account([], [pinned])).filter((x) => x.kind === "confused-deputy")).toEqual([]);
  });

  it("services that only run a role passed to them in its own account (EC2, Lambda…) are not deputies", () => {
    expect(findingsOf(account([], [plain("fn", trustOf("lambda.amazonaws.com", "ec2.amazonaws.com"))])).filter((x) => x.kind === "confused-deputy")).toEqual([]);
  });
});

describe("administrators reachable by many", () => {
  const boss = () => role("boss", [policy("AdministratorAccess", allow("*"))], { profile: false, trust: trust({ AWS: `arn:aws:iam::${A}:root` }) });
  const assumers = (n: number) => Array.from({ length: n }, (_, i) => user(`u${i}`, [policy("assume", allow("sts:AssumeRole"))]));
  it("five principals or more that can reach one administrator are a high finding", () => {
    const [f] = findingsOf(account(assumers(5), [boss()])).filter((x) => x.kind === "admin-reachable");
    expect(f).toMatchObject({ severity: "high", role: `arn:aws:iam::${A}:role/boss`, title: "boss, an administrator, can be reached by 5 principals" });
  });
  it("four are not", () => {
    expect(findingsOf(account(assumers(4), [boss()])).filter((x) => x.kind === "admin-reachable")).toEqual([]);
  });
});
